/**
 * Loads and compiles the QuickJS wasm once per Node process. Every sandbox is
 * instantiated from this one `WebAssembly.Module` with its own memory.
 * @module
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import v8 from "node:v8";
import { patchQuickJS } from "./patch.js";

/** The compiled module and the SHA-256 (hex) of the patched bytes it was compiled from. */
interface CompiledQuickJS {
  wasmModule: WebAssembly.Module;
  digest: string;
}

let compiled: Promise<CompiledQuickJS> | null = null;

/** The compiled QuickJS module (compiled on first call, then shared). */
export function getQuickJSModule(): Promise<WebAssembly.Module> {
  return compiledQuickJS().then(({ wasmModule }) => wasmModule);
}

/**
 * The SHA-256 (hex) of the patched wasm bytes {@link getQuickJSModule}
 * compiles: what identifies the build a sandbox image was made from.
 */
export function getQuickJSDigest(): Promise<string> {
  return compiledQuickJS().then(({ digest }) => digest);
}

function compiledQuickJS(): Promise<CompiledQuickJS> {
  if (!compiled) {
    const require = createRequire(import.meta.url);
    const path = require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
    compiled = readFile(path).then(async (bytes) => {
      const patched = patchQuickJS(bytes);
      // The compile first (its work is on V8's threads), then the digest meanwhile.
      const compiling = compileEagerly(patched);
      compiling.catch(() => {});
      // Loaded here, not with the module: a program that never runs a sandbox does not load node:crypto.
      const { createHash } = await import("node:crypto");
      const digest = createHash("sha256").update(patched).digest("hex");
      return { wasmModule: await compiling, digest };
    });
    compiled.catch(() => (compiled = null));
  }
  return compiled;
}

/** Whether the process was started with its own choice of V8's lazy wasm compilation (then it is left as given). */
const lazinessChosen = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].some((flag) => flag.includes("wasm-lazy-compilation"));

/**
 * Compiles every function of the module now, on V8's background threads.
 * Node 20's V8 otherwise compiles each function on its first call, on the
 * thread that calls it: the first run in an engine thread then compiled the
 * functions it reached (about 15 ms of that thread's CPU, twice the run's own). The
 * module is compiled once per process, while the first engine thread starts,
 * so the whole compile stays off the first run's path. V8's flag for it is
 * process-wide: it is set for this compile only and restored once it ended
 * (a module the host compiles meanwhile is compiled eagerly too, which
 * changes nothing but when its functions are compiled).
 */
function compileEagerly(bytes: ReturnType<typeof patchQuickJS>): Promise<WebAssembly.Module> {
  if (lazinessChosen || !setFlag("--no-wasm-lazy-compilation")) return WebAssembly.compile(bytes);
  const compiling = WebAssembly.compile(bytes);
  void compiling.then(restore, restore);
  return compiling;
}

function restore(): void {
  setFlag("--wasm-lazy-compilation");
}

/** Sets a V8 flag; false where that is refused. */
function setFlag(flag: string): boolean {
  try {
    v8.setFlagsFromString(flag);
    return true;
  } catch {
    return false;
  }
}
