/**
 * The child processes of a conformance run. Node's tests start children in
 * two ways: the node binary (`process.execPath`, with the test file or
 * `-e` code), and ordinary commands (`echo`, `cat`, `sh -c ...`).
 *
 * - node: a nested quickexec run on the same filesystem as the parent (so
 *   it sees the test tree and the parent's `/tmp`), with the child's argv,
 *   cwd and environment and the same limits. Its stdin is what the parent
 *   wrote before closing stdin (or before 50 ms without writing): a nested
 *   run takes its stdin whole. Flags other than `-e`/`-p`/`--` and the ones
 *   that only silence warnings end the child with code 9, as node does for
 *   a bad option.
 * - anything else: the host command through quickexec's own host executor,
 *   started in a scratch directory (never the host's cwd).
 * @module
 */
import { posix } from "node:path";
import { createConformanceNetwork } from "./network.mjs";
import { NodeRuntime, allowAll, createNodeCommandExecutor, createNodeDriver, createNodeRuntimeDriverFactory } from "../../dist/src/index.js";

const NODE_NAMES = new Set(["node", "/usr/local/bin/node", "/usr/bin/node"]);
const IGNORED_FLAGS = new Set(["--no-warnings", "--no-deprecation", "--pending-deprecation", "--trace-warnings", "--throw-deprecation"]);
const STDIN_GRACE_MS = 50;
const MAX_DEPTH = 3;
const factory = createNodeRuntimeDriverFactory();
const encoder = new TextEncoder();

/** Parses node's command line: the code to run, how, and the script's arguments. */
function parseNodeArgs(args) {
  let i = 0;
  let evalCode = null;
  let print = false;
  while (i < args.length && args[i].startsWith("-") && args[i] !== "-") {
    const a = args[i];
    if (a === "--") {
      i++;
      break;
    }
    if (["-e", "--eval", "-p", "--print", "-pe"].includes(a)) {
      evalCode = args[i + 1] ?? "";
      print = a.includes("p") && a !== "--eval";
      i += 2;
      if (evalCode !== null) break;
      continue;
    }
    if (IGNORED_FLAGS.has(a.replace(/=.*$/, ""))) {
      i++;
      continue;
    }
    return { badOption: a };
  }
  if (evalCode !== null) return { evalCode, print, rest: args.slice(i) };
  return { script: args[i], rest: args.slice(i + 1) };
}

/**
 * Makes the executor of one conformance run.
 * @param {{ filesystem: object, limits: { cpuTimeLimitMs: number, memoryLimit: number }, scratchDir: string, depth?: number, version: string }} options
 */
export function createConformanceExecutor(options) {
  const host = createNodeCommandExecutor({ cwd: () => options.scratchDir });
  const depth = options.depth ?? 0;
  return {
    spawn(command, args, spawnOptions) {
      if (!NODE_NAMES.has(command)) return host.spawn(command, args, spawnOptions);
      return spawnNested(args, spawnOptions);
    },
  };

  function spawnNested(args, spawnOptions) {
    const { onStdout = () => {}, onStderr = () => {} } = spawnOptions;
    const cwd = spawnOptions.cwd ?? "/";
    const stdin = [];
    let stdinClosed = false;
    let started = null;
    let graceTimer = null;
    let killedWith = null;
    let runtime = null;
    let settle;
    const done = new Promise((resolve) => (settle = resolve));

    const toBytes = (message) => (typeof message === "string" ? encoder.encode(message) : new Uint8Array(message));
    const start = () => {
      if (started) return;
      clearTimeout(graceTimer);
      started = run().then(settle, (error) => {
        onStderr(encoder.encode(`${error?.message ?? error}\n`));
        settle({ code: 1, signal: null });
      });
    };
    const startSoon = () => {
      clearTimeout(graceTimer);
      graceTimer = setTimeout(start, STDIN_GRACE_MS);
    };

    async function run() {
      if (killedWith) return { code: null, signal: killedWith };
      const parsed = parseNodeArgs(args);
      if (parsed.badOption) {
        onStderr(encoder.encode(`node: the sandboxed node of the conformance run cannot take the option ${parsed.badOption}\n`));
        return { code: 9, signal: null };
      }
      if (depth >= MAX_DEPTH) {
        onStderr(encoder.encode("node: too many nested node processes in the conformance run\n"));
        return { code: 1, signal: null };
      }
      let code;
      let filePath;
      if (parsed.evalCode !== null && parsed.evalCode !== undefined) {
        filePath = posix.join(cwd, "[eval]");
        code = parsed.print ? `console.log(eval(${JSON.stringify(parsed.evalCode)}))` : parsed.evalCode;
      } else {
        if (!parsed.script) return { code: 0, signal: null };
        filePath = posix.resolve(cwd, parsed.script);
        try {
          code = await options.filesystem.readTextFile(filePath);
        } catch {
          onStderr(encoder.encode(`Error: Cannot find module '${filePath}'\n`));
          return { code: 1, signal: null };
        }
      }
      const argv = ["/usr/local/bin/node", ...(parsed.evalCode != null ? [] : [filePath]), ...parsed.rest];
      runtime = new NodeRuntime({
        systemDriver: createNodeDriver({
          filesystem: options.filesystem,
          permissions: allowAll,
          processConfig: { cwd, env: spawnOptions.env ?? {}, argv, version: options.version },
          networkAdapter: createConformanceNetwork(),
          commandExecutor: createConformanceExecutor({ ...options, depth: depth + 1 }),
        }),
        runtimeDriverFactory: factory,
        memoryLimit: options.limits.memoryLimit,
        cpuTimeLimitMs: options.limits.cpuTimeLimitMs,
        onStdio: ({ channel, message }) => (channel === "stdout" ? onStdout : onStderr)(toBytes(message)),
      });
      try {
        const input = stdin.length ? Buffer.concat(stdin) : undefined;
        const result = await runtime.exec(code, { filePath, cwd, ...(input ? { stdin: new Uint8Array(input) } : {}) });
        if (killedWith) return { code: null, signal: killedWith };
        return { code: result.code, signal: null };
      } finally {
        runtime.dispose();
      }
    }

    startSoon();
    return {
      writeStdin(data) {
        if (stdinClosed || started) return;
        stdin.push(Buffer.from(typeof data === "string" ? encoder.encode(data) : data));
        startSoon();
      },
      closeStdin() {
        stdinClosed = true;
        start();
      },
      kill(signal) {
        const names = { 1: "SIGHUP", 2: "SIGINT", 9: "SIGKILL", 15: "SIGTERM" };
        killedWith = typeof signal === "string" ? signal : names[signal ?? 15] ?? "SIGTERM";
        if (runtime) runtime.terminate();
        else start();
      },
      wait: () => done,
    };
  }
}
