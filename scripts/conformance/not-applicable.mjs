/**
 * Which of Node's `test/parallel` files cannot pass in a sandbox by design,
 * and why. A file is judged from its name, its `// Flags:` header (the node
 * command-line flags Node's own runner passes) and what it requires; the first
 * rule that matches gives the reason. These files are not run and are counted
 * apart as "not applicable" (n/a). Files with flags that only silence output
 * (`--no-warnings`, `--no-deprecation`) or that the sandbox could honour are
 * run like any other.
 * @module
 */

/** Node command-line flags whose tests need something a sandbox does not have, with the reason. */
export const FLAG_RULES = [
  [/^--expose[-_]internals$/, "needs Node's internal modules (--expose-internals)"],
  [/^--allow[-_]natives[-_]syntax$/, "uses V8 intrinsics (%Function syntax, --allow-natives-syntax)"],
  [/^--expose[-_]gc$/, "needs V8's gc() (--expose-gc)"],
  [/^--expose[-_]externalize[-_]string$/, "needs V8's externalizeString (--expose-externalize-string)"],
  [/^--(permission|allow-fs-read|allow-fs-write|allow-child-process|allow-worker|allow-wasi|allow-addons)$/, "tests Node's own permission model (--permission); the sandbox has its own"],
  [/^--inspect(-brk|-port)?$/, "needs the V8 inspector (--inspect)"],
  [/^--abort[-_]on[-_]uncaught[-_]exception$/, "expects the process to abort with a core dump"],
  [/^--(stress-compaction|predictable-gc-schedule|noconcurrent_recompilation|gc-interval|jitless|no-concurrent-array-buffer-sweeping|debug-arraybuffer-allocations|js-float16array|harmony-import-attributes|enable-sharedarraybuffer-per-context|v8-pool-size|max-old-space-size|no-node-snapshot)$/, "tunes V8 or Node's start-up with a command-line flag"],
  [/^--experimental-(shadow-realm|vm-modules)$/, "needs an experimental V8 feature behind a flag"],
];

/** Test-file name prefixes that are out of a sandbox's reach. */
export const NAME_RULES = [
  [/^test-(cluster)-/, "cluster: forks real node processes sharing server handles"],
  [/^test-(inspector|debugger)(-|\.)/, "needs the V8 inspector / node inspect"],
  [/^test-(snapshot)-/, "builds V8 start-up snapshots with the node binary"],
  [/^test-(trace-events)-/, "needs V8 trace events"],
  [/^test-(heapdump|heap)-/, "needs V8 heap snapshots"],
  [/^test-(wasi|wasm)-/, "needs WebAssembly / WASI (QuickJS has no WebAssembly)"],
  [/^test-(permission)-/, "tests Node's own permission model (--permission)"],
  [/^test-domain-(no-error-handler-abort-on-uncaught|with-abort-on-uncaught-exception|abort-on-uncaught)/, "expects a child node started with --abort-on-uncaught-exception to abort"],
  [/^test-(eslint)-/, "needs Node's source tree (tools/eslint-rules)"],
  [/^test-(tick-processor|cpu-prof|heap-prof|diagnostic-dir)/, "needs V8 profiling output of the node binary"],
];

/** What a file's source requires or uses that the sandbox cannot offer. */
export const SOURCE_RULES = [
  [/require\(\s*['"](?:node:)?internal\/|internalBinding\(|process\.binding\(|require\(\s*['"]\.\.\/\.\.\/lib\//, "needs Node's internal modules or bindings (internal/*, internalBinding)"],
  [/require\(\s*['"](?:node:)?(?:inspector|inspector\/promises)['"]\)/, "needs the V8 inspector (node:inspector)"],
  [/require\(\s*['"](?:node:)?cluster['"]\)/, "cluster: forks real node processes sharing server handles"],
  [/require\(\s*['"](?:node:)?wasi['"]\)|\bWebAssembly\./, "needs WebAssembly / WASI (QuickJS has no WebAssembly)"],
  [/require\(\s*['"](?:node:)?trace_events['"]\)/, "needs V8 trace events"],
  [/\bfork\(|['"]ipc['"]|\bprocess\.send\(|\.send\(\s*['"{]|\bdisconnect\(\)/, "needs fork() or an IPC channel to a child node process, which quickexec refuses by design (README: Child processes)"],
  [/require\(\s*['"]\.\.\/common\/(?:inspector-helper|heap|snapshot|sea|wasi|report|v8)['"]\)/, "uses a test/common helper for a V8 or binary feature"],
];

/** Test files of a module, judged by what they do: [name pattern, source pattern, reason]. */
export const NAME_AND_SOURCE_RULES = [
  [/^test-dgram-/, /\.(bind|send|connect)\(/, "needs UDP sockets (dgram bind/send/connect), which the sandbox does not have"],
  [/^test-tls-/, /\b(?:tls|https)\.(?:connect|createServer|createSecurePair)\(|\.listen\(|['"]tls-connect['"]/, "needs TLS connections (tls.connect, a listening TLS server), which the sandbox does not have"],
];

/** The `// Flags:` of a test file, as node would receive them. */
export function flagsOf(source) {
  const flags = [];
  for (const match of source.matchAll(/^\/\/ Flags:(.*)$/gm)) flags.push(...match[1].trim().split(/\s+/).filter(Boolean));
  return flags;
}

/** Whether a file spawns the node binary with command-line flags (a child node the sandbox cannot run with them). */
function spawnsNodeWithFlags(source) {
  if (!/process\.execPath/.test(source)) return false;
  return /\[\s*(?:'|")--(?!-)[a-z][\w-]*/.test(source) || /execArgv/.test(source);
}

/**
 * Why a test file cannot pass in a sandbox, or null when it should be run.
 * @param {string} name file name, e.g. `test-fs-read.js`
 * @param {string} source its text
 * @returns {string | null}
 */
export function notApplicableReason(name, source) {
  for (const [pattern, reason] of NAME_RULES) if (pattern.test(name)) return reason;
  for (const flag of flagsOf(source)) {
    const bare = flag.replace(/=.*$/, "");
    for (const [pattern, reason] of FLAG_RULES) if (pattern.test(bare)) return reason;
  }
  for (const [pattern, reason] of SOURCE_RULES) if (pattern.test(source)) return reason;
  for (const [namePattern, sourcePattern, reason] of NAME_AND_SOURCE_RULES) if (namePattern.test(name) && sourcePattern.test(source)) return reason;
  if (spawnsNodeWithFlags(source)) return "spawns the node binary (process.execPath) with command-line flags";
  return null;
}
