/**
 * The wasm patch that words the engine's own errors as V8 does
 * (wasm/node-messages.ts): where it puts the texts, that it leaves a module
 * it does not understand alone, and that a sandbox throws with Node's words.
 * (test/differential/cases/engine-messages.js compares each message with Node's.)
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { withNodeMessages } from "../dist/wasm/node-messages.js";
import { readLeb } from "../dist/wasm/leb128.js";
import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory } from "../dist/src/index.js";

const wasmPath = createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
const original = new Uint8Array(readFileSync(wasmPath));

/** The active data segments of a module: [memory offset, bytes]. */
function segments(bytes: Uint8Array): Array<[number, Uint8Array]> {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at]!;
    const [size, body] = readLeb(bytes, at + 1);
    if (id === 11) {
      const out: Array<[number, Uint8Array]> = [];
      let [count, p] = readLeb(bytes, body);
      while (count-- > 0) {
        const [offset, afterOffset] = readLeb(bytes, p + 2, true); // flag 0, i32.const
        const [length, start] = readLeb(bytes, afterOffset + 1);
        out.push([offset, bytes.subarray(start, start + length)]);
        p = start + length;
      }
      return out;
    }
    at = body + size;
  }
  return [];
}

describe("the engine's messages in Node's words", () => {
  it("adds one data segment below emscripten's static data, holding Node's texts, and the module still compiles", async () => {
    const patched = withNodeMessages(original);
    expect(patched).not.toBe(original);
    const before = segments(original);
    const after = segments(patched);
    expect(after.length).toBe(before.length + 1);
    const [offset, texts] = after[0]!;
    expect(offset).toBeGreaterThan(0);
    expect(offset + texts.length).toBeLessThanOrEqual(Math.min(...before.map(([o]) => o)));
    const words = new TextDecoder().decode(texts).split("\0");
    expect(words).toContain("Cannot read properties of null (reading '%s')");
    expect(words).toContain("%s is not defined");
    // The old segments are all still there, byte for byte.
    expect(after.slice(1).map(([o, b]) => [o, Buffer.from(b).toString("hex")])).toEqual(before.map(([o, b]) => [o, Buffer.from(b).toString("hex")]));
    await expect(WebAssembly.compile(patched as Uint8Array<ArrayBuffer>)).resolves.toBeInstanceOf(WebAssembly.Module);
  });

  it("leaves a module it does not recognise as it is", () => {
    // A minimal module: no code, no data.
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(withNodeMessages(empty)).toBe(empty);
  });

  it("is what a sandbox's errors say", async () => {
    const rt = new NodeRuntime({ systemDriver: createNodeDriver(), runtimeDriverFactory: createNodeRuntimeDriverFactory() });
    try {
      const result = await rt.run(`
        const messages = [];
        for (const f of [() => null.x, () => undefined.y, () => missingName, () => 1n / 0n]) {
          try { f(); } catch (e) { messages.push(e.message); }
        }
        module.exports = messages;`);
      expect(result.exports).toEqual([
        "Cannot read properties of null (reading 'x')",
        "Cannot read properties of undefined (reading 'y')",
        "missingName is not defined",
        "Division by zero",
      ]);
    } finally {
      rt.dispose();
    }
  });
});
