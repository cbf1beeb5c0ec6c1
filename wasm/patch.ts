/**
 * A binary patch of the QuickJS wasm module: export its function table as
 * `quickexec_table`, so the engine can install QuickJS's promise-rejection
 * tracker (quickjs-emscripten does not expose it). Appending an export moves
 * no index; nothing else in the module changes.
 * @module
 */

import { leb, readLeb } from "./leb128.js";
import { withNodeMessages } from "./node-messages.js";

/** The name the patched module exports its function table under. */
export const TABLE_EXPORT = "quickexec_table";

/** Returns a copy of `bytes` whose export section also exports table 0. */
export function exportFunctionTable(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error("not a wasm module");
  let at = 8;
  let hasTable = false;
  while (at < bytes.length) {
    const id = bytes[at]!;
    const [size, body] = readLeb(bytes, at + 1);
    const end = body + size;
    if (id === 4) hasTable = true;
    if (id === 7) {
      if (!hasTable) throw new Error("the QuickJS module defines no function table of its own");
      const [count, entries] = readLeb(bytes, body);
      const name = new TextEncoder().encode(TABLE_EXPORT);
      const entry = [...leb(name.length), ...name, 0x01, 0x00];
      const content = [...leb(count + 1), ...bytes.subarray(entries, end), ...entry];
      const section = [7, ...leb(content.length), ...content];
      const out = new Uint8Array(at + section.length + (bytes.length - end));
      out.set(bytes.subarray(0, at), 0);
      out.set(section, at);
      out.set(bytes.subarray(end), at + section.length);
      return out;
    }
    at = end;
  }
  throw new Error("the QuickJS module has no export section");
}

/**
 * The module every driver compiles: QuickJS's own, its engine errors worded
 * as Node's (`node-messages.ts`) and its function table exported.
 */
export function patchQuickJS(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return exportFunctionTable(withNodeMessages(bytes));
}
