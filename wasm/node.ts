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

/**
 * Where the build writes the patched module and what it was made from
 * (`{ source, digest }`: SHA-256 of the package's wasm and of the patched
 * bytes), next to this file (the Node and CommonJS bundles resolve
 * `import.meta.url` to this file's own path too). Patching at run time takes
 * the host thread 20 to 30 ms, on the first sandbox's path.
 */
const PATCHED_FILE = new URL("../wasm/quickjs.patched.wasm", import.meta.url);
const PATCHED_INFO = new URL("../wasm/quickjs.patched.json", import.meta.url);

/** The patched bytes the build wrote for exactly `source`, and their digest; null if absent or made from other bytes. */
async function prepatched(source: Uint8Array, sha256: (bytes: Uint8Array) => string): Promise<{ bytes: Uint8Array<ArrayBuffer>; digest: string } | null> {
  try {
    const info = JSON.parse(await readFile(PATCHED_INFO, "utf8")) as { source?: unknown; digest?: unknown };
    if (typeof info.digest !== "string" || info.source !== sha256(source)) return null;
    const bytes = new Uint8Array(await readFile(PATCHED_FILE));
    return sha256(bytes) === info.digest ? { bytes, digest: info.digest } : null;
  } catch {
    return null;
  }
}

function compiledQuickJS(): Promise<CompiledQuickJS> {
  if (!compiled) {
    const require = createRequire(import.meta.url);
    const path = require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
    compiled = readFile(path).then(async (bytes) => {
      // Loaded here, not with the module: a program that never runs a sandbox does not load node:crypto.
      const { createHash } = await import("node:crypto");
      const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
      const shipped = await prepatched(bytes, sha256);
      const patched = shipped ? shipped.bytes : patchQuickJS(bytes);
      const compiling = compileEagerly(patched);
      compiling.catch(() => {});
      const digest = shipped ? shipped.digest : sha256(patched);
      return { wasmModule: await compiling, digest };
    });
    compiled.catch(() => (compiled = null));
  }
  return compiled;
}

/** Writes the patched module and its info where {@link getQuickJSModule} looks for them (the build's step). */
export async function writePatchedQuickJS(): Promise<void> {
  const { writeFile } = await import("node:fs/promises");
  const { createHash } = await import("node:crypto");
  const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
  const source = await readFile(createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm"));
  const patched = patchQuickJS(source);
  await writeFile(PATCHED_FILE, patched);
  await writeFile(PATCHED_INFO, JSON.stringify({ source: sha256(source), digest: sha256(patched) }) + "\n");
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
