/**
 * Loads and compiles the QuickJS wasm once per Node process. Every sandbox is
 * instantiated from this one `WebAssembly.Module` with its own memory.
 * @module
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { patchQuickJS } from "./patch.js";

let compiled: Promise<WebAssembly.Module> | null = null;

/** The compiled QuickJS module (compiled on first call, then shared). */
export function getQuickJSModule(): Promise<WebAssembly.Module> {
  if (!compiled) {
    const require = createRequire(import.meta.url);
    const path = require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
    compiled = readFile(path).then((bytes) => WebAssembly.compile(patchQuickJS(bytes)));
    compiled.catch(() => (compiled = null));
  }
  return compiled;
}
