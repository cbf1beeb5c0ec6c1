/**
 * Loads and compiles the QuickJS wasm once per Node process. Every sandbox is
 * instantiated from this one `WebAssembly.Module` with its own memory.
 * @module
 */
import { statSync, type BigIntStats } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
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
 * (`{ source, digest, files }`: SHA-256 of the package's wasm and of the
 * patched bytes, and the two files' identities), next to this file (the Node
 * and CommonJS bundles resolve `import.meta.url` to this file's own path
 * too). Patching at run time takes the host thread 20 to 30 ms, on the first
 * sandbox's path.
 */
const PATCHED_FILE = new URL("../wasm/quickjs.patched.wasm", import.meta.url);
const PATCHED_INFO = new URL("../wasm/quickjs.patched.json", import.meta.url);

/** What the build recorded about the patched module ({@link writePatchedQuickJS}). */
interface PatchedInfo {
  /** SHA-256 (hex) of the package's wasm the patched bytes were made from. */
  source?: unknown;
  /** SHA-256 (hex) of the patched bytes. */
  digest?: unknown;
  /** The identities of both files right after the build hashed and wrote them ({@link fileIdentity}). */
  files?: { source?: unknown; patched?: unknown };
}

/**
 * A file's identity on this machine: its device, inode, size and change
 * time in nanoseconds (not its path, which the shipped info would then
 * carry from the build machine; a package found at another path is another
 * inode anyway). The change time (ctime) is the kernel's: any
 * write to the file, and any new file put in its place (as a package
 * manager does), sets it to the current time, and no program can set it
 * back (unlike the modification time, which package managers set to a fixed
 * date for every version). So a file whose identity is the one recorded when
 * its bytes were hashed still holds those bytes. A copied or reinstalled
 * file, or another machine's build, has another identity: it is hashed.
 */
function fileIdentity(path: string): string | null {
  let stat: BigIntStats;
  try {
    stat = statSync(path, { bigint: true });
  } catch {
    return null;
  }
  return [stat.dev, stat.ino, stat.size, stat.ctimeNs].join(":");
}

/** A source file changed this recently (ms) when the build hashed it gets no recorded identity. */
const RACY_MS = 3000;

/** Where {@link readPrepatched} looks: the package's wasm, and the build's patched module and its info. */
export interface PrepatchedFiles {
  source: string;
  patched: string;
  info: string;
}

/**
 * The patched bytes the build wrote for exactly the package's wasm at
 * `files.source`, and their digest; null if absent or made from other
 * bytes. When both files are the very ones the build hashed (same
 * identities), the recorded digests hold without hashing anything (which
 * would load node:crypto and hash a megabyte on the first sandbox's host
 * thread); otherwise both are hashed with `sha256()` and compared with the
 * recorded digests, so a changed package never gets a stale patched module.
 * Exported for the tests.
 */
export async function readPrepatched(
  files: PrepatchedFiles,
  sha256: () => Promise<(bytes: Uint8Array) => string> = loadSha256,
  source: () => Promise<Uint8Array> = () => readFile(files.source),
): Promise<{ bytes: Uint8Array<ArrayBuffer>; digest: string } | null> {
  try {
    const info = JSON.parse(await readFile(files.info, "utf8")) as PatchedInfo;
    if (typeof info.digest !== "string" || typeof info.source !== "string") return null;
    const bytes = new Uint8Array(await readFile(files.patched));
    // Identities taken after the read: the bytes read are the file's as it is now.
    const recorded = info.files ?? {};
    const sourceId = fileIdentity(files.source);
    const patchedId = fileIdentity(files.patched);
    if (sourceId !== null && patchedId !== null && recorded.source === sourceId && recorded.patched === patchedId) return { bytes, digest: info.digest };
    const hash = await sha256();
    if (info.source !== hash(await source())) return null;
    return hash(bytes) === info.digest ? { bytes, digest: info.digest } : null;
  } catch {
    return null;
  }
}

/** SHA-256 (hex), with node:crypto loaded on first use: a host that finds the build's files unchanged never loads it. */
async function loadSha256(): Promise<(bytes: Uint8Array) => string> {
  const { createHash } = await import("node:crypto");
  return (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
}

function compiledQuickJS(): Promise<CompiledQuickJS> {
  if (!compiled) {
    const require = createRequire(import.meta.url);
    const path = require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
    compiled = (async () => {
      let source: Promise<Uint8Array> | null = null;
      const readSource = () => (source ??= readFile(path));
      let hashing: Promise<(bytes: Uint8Array) => string> | null = null;
      const sha256 = () => (hashing ??= loadSha256());
      const shipped = await readPrepatched({ source: path, patched: fileURLToPath(PATCHED_FILE), info: fileURLToPath(PATCHED_INFO) }, sha256, readSource);
      const patched = shipped ? shipped.bytes : patchQuickJS(await readSource());
      const compiling = compile(patched);
      compiling.catch(() => {});
      const digest = shipped ? shipped.digest : (await sha256())(patched);
      return { wasmModule: await compiling, digest };
    })();
    compiled.catch(() => (compiled = null));
  }
  return compiled;
}

/** Writes the patched module and its info where {@link getQuickJSModule} looks for them (the build's step). */
export async function writePatchedQuickJS(): Promise<void> {
  const { writeFile } = await import("node:fs/promises");
  const sha256 = await loadSha256();
  const sourcePath = createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
  const sourceBefore = fileIdentity(sourcePath);
  const source = await readFile(sourcePath);
  const patched = patchQuickJS(source);
  await writeFile(PATCHED_FILE, patched);
  // Taken around the read: a source changed meanwhile records no identity (it is hashed at run time). So does one
  // changed in the last seconds: on a filesystem whose times are coarse, a rewrite within the same tick would keep its ctime.
  const settled = Date.now() - Number(statSync(sourcePath, { bigint: true }).ctimeMs) > RACY_MS;
  const files = { source: settled && fileIdentity(sourcePath) === sourceBefore ? sourceBefore : null, patched: fileIdentity(fileURLToPath(PATCHED_FILE)) };
  await writeFile(PATCHED_INFO, JSON.stringify({ source: sha256(source), digest: sha256(patched), files }) + "\n");
}

/** The V8 flags the process was started with (those are left as given). */
const startFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
/** Whether the process was started with its own choice of V8's lazy wasm compilation. */
const lazinessChosen = startFlags.some((flag) => flag.includes("wasm-lazy-compilation"));
/** Whether it was started with its own number of wasm compilation tasks. */
const tasksChosen = startFlags.some((flag) => flag.includes("wasm-num-compilation-tasks"));
/** Whether it was started with its own wasm tiering budget. */
const budgetChosen = startFlags.some((flag) => flag.includes("wasm-tiering-budget"));
/** V8's defaults of `--wasm-num-compilation-tasks` and `--wasm-tiering-budget` (V8 10 to 12: Node 18 to 22); both flags are left alone under other V8s. */
const V8_COMPILATION_TASKS = 128;
const V8_TIERING_BUDGET = 1_800_000;
const knownV8Defaults = /^1[0-2]\./.test(process.versions.v8);
/** The tiering budget the module's functions start with (see {@link compile}): 20 times V8's. */
const FIRST_TIERING_BUDGET = 20 * V8_TIERING_BUDGET;

/**
 * Compiles every function of the module now, in one task on one of V8's
 * background threads.
 *
 * Now, not on first call (V8's default, lazy compilation): lazily, the
 * first run in a process compiles the functions it reaches on its engine
 * thread, inside the run's metered time (a trivial first run was charged
 * 120 to 180 ms of CPU at a load of 5, against 15 to 45 ms eagerly), and
 * its tight CPU limits would then count the engine's compile. The module
 * is compiled once per process, while the first engine thread starts.
 *
 * In one task: V8 otherwise spreads the compile over all its threads (four),
 * which on two cores took the CPU the booting engine thread needed, and
 * each kept its allocator's memory. A first sandbox, 8 alternating runs at
 * a load of 5: one task 280 ms, process CPU 236 ms, 31.3 MB; V8's tasks 459
 * ms, 291 ms, 33.2 MB; lazy 430 ms, 244 ms, 34.1 MB. One task takes about
 * as long as the engine thread's boot.
 *
 * And its functions start with 20 times V8's tiering budget. V8 optimizes
 * a function once it has used its budget, charged by the code it ran;
 * QuickJS's interpreter loop (one function of 29 KB, charged most of its
 * size at every guest call it returns from) used V8's within the first
 * trivial run, which set off that function's optimizing compile: about 300
 * ms of a V8 thread and 20 MB of compiler memory, of which the allocator
 * keeps about 7 MB resident. A compile in progress cannot be abandoned: a
 * process that ran one sandbox and exited waited for it at exit (a
 * `quickexec eval` took 0.44 to 0.54 s, 0.32 to 0.35 s without that wait).
 * With 20 budgets a first run that is small (a trivial program or an
 * expression: up to some hundreds of guest calls besides the prelude's own)
 * does not start it: a process whose only run that is (a command, a
 * script) exits without waiting, holds 7 MB less and spends 40 ms less CPU.
 * A larger run, or the second one, sets it off as before (a process that
 * ends within its 300 ms still waits: only `--liftoff-only`, fixed when a
 * module is compiled, avoids that, at 1.8 times fib(27)'s time). A used-up
 * budget is refilled from the flag of that moment (restored here once the
 * module is compiled), so from then on functions tier up as V8 decides. 100
 * budgets kept the compile out of the first ten runs, but left functions hot
 * in every run unoptimized for thousands of runs (trivial runs cost 25% more
 * CPU).
 *
 * V8's flags for all three are process-wide: they are set for this compile
 * only and restored once it ended (a module the host compiles meanwhile is
 * compiled the same way, which changes nothing but when and on how many
 * threads its functions are compiled and optimized).
 */
function compile(bytes: ReturnType<typeof patchQuickJS>): Promise<WebAssembly.Module> {
  const eager = !lazinessChosen && setFlag("--no-wasm-lazy-compilation");
  const oneTask = eager && !tasksChosen && knownV8Defaults && setFlag("--wasm-num-compilation-tasks=1");
  const budget = !budgetChosen && knownV8Defaults && setFlag(`--wasm-tiering-budget=${FIRST_TIERING_BUDGET}`);
  const compiling = WebAssembly.compile(bytes);
  const restore = () => {
    if (eager) setFlag("--wasm-lazy-compilation");
    if (oneTask) setFlag(`--wasm-num-compilation-tasks=${V8_COMPILATION_TASKS}`);
    if (budget) setFlag(`--wasm-tiering-budget=${V8_TIERING_BUDGET}`);
  };
  void compiling.then(restore, restore);
  return compiling;
}

/** node:v8, loaded at the first compile (about 3 ms) rather than while quickexec is imported. */
let v8: typeof import("node:v8") | null = null;

/** Sets a V8 flag; false where that is refused. */
function setFlag(flag: string): boolean {
  try {
    (v8 ??= createRequire(import.meta.url)("node:v8") as typeof import("node:v8")).setFlagsFromString(flag);
    return true;
  } catch {
    return false;
  }
}
