/**
 * NodeRuntime: runs untrusted Node-style programs in fresh QuickJS sandboxes.
 *
 * Environment-neutral: it validates input, resolves what the guest will see
 * (process, os, the env keys the `env` permission allows), and answers the
 * guest's op calls through the op table. Where the engine runs is the runtime
 * driver's business; what the guest may reach is the system driver's.
 * @module
 */
import type { RuntimeDriver, RuntimeDriverFactory, RunningProgram, SystemDriver } from "./driver.js";
import type { EngineResult, ResolvedOS, ResolvedProcess, RunSpec } from "./engine/protocol.js";
import { dispatchOp } from "./ops/op-table.js";
import { createRunState, type OpContext } from "./ops/op-context.js";
import { unavailableOps } from "./unavailable-ops.js";
import { resolvePath } from "./fs/paths.js";
import { toFileSystem } from "./fs/full-fs.js";
import { reviveResult } from "./engine/revive.js";
import { ask } from "./permissions.js";
import {
  checkCpuLimit,
  checkFunction,
  checkMemoryLimit,
  checkOptions,
  checkString,
  checkStringRecord,
  describe,
} from "./options.js";
import type { ExecOptions, ExecResult, RandomSeed, RunResult, StdioHook, TimingMitigation } from "./types.js";
import { checkClockStart, checkRandomSeed, checkTimingMitigation, runStartTime } from "./reproducible-options.js";
import { GuestServerRegistry } from "./net/guest-servers.js";
import { isTypeScriptFile, typeScriptEntry } from "./typescript/strip.js";
import { refuseUnsupported } from "./compat-options.js";
import { checkJsonText, checkPayloadLimits, limitOps, type PayloadLimits } from "./payload-limits.js";
import type { LiveReply } from "./engine/live-protocol.js";
import { checkBindings, createBindingOps, type BindingFunction, type BindingTree } from "./live/bindings.js";
import { checkBudgets, type Budgets } from "./live/budgets.js";
import { LoadedModule, loadModule } from "./live/loaded-module.js";
import { readSnapshot, Snapshot, SnapshotError } from "./live/snapshot-format.js";
import { SNAPSHOT_ERRORS, type SnapshotPayload } from "./engine/snapshot-protocol.js";
import { createRuntimeNetwork, type RuntimeNetwork } from "./net/runtime-network.js";
import { ModuleFileCache } from "./ops/module-files.js";
import { countWrites } from "./ops/fs-writes.js";
import type { WorkerSelf } from "./ops/worker-link.js";
import { createWorkerStarter } from "./workers/worker-runs.js";

/** Options of `new NodeRuntime(...)`. */
export type NodeRuntimeOptions = {
  /** What the guest may reach: `createNodeDriver(...)` or `createBrowserDriver(...)`. */
  systemDriver: SystemDriver;
  /** Where the engine runs: `createNodeRuntimeDriverFactory()` or the browser's. */
  runtimeDriverFactory: RuntimeDriverFactory;
  /** Memory cap of each run's sandbox, in MiB (default 128). */
  memoryLimit?: number;
  /** CPU budget of each run (and of each call of a loaded module), in ms (default: none). Exceeding it ends the run with code 124. */
  cpuTimeLimitMs?: number;
  /**
   * Fuel budget of each run (and of each call of a loaded module): the count
   * reported in `stats.fuel` (interrupt-handler calls, plus a fixed charge
   * per host call and per macrotask). Spending it ends the run with code 124,
   * at the same point on every run. Default: none.
   */
  fuelLimit?: number;
  /** Real-time budget of each run (and of each call of a loaded module), in ms, waits included (default: none). Exceeding it ends the run with code 124. */
  wallTimeLimitMs?: number;
  /**
   * Host functions the guest may call, as the frozen tree
   * `globalThis.SecureExec.bindings` (see the README): identifier keys, at
   * most 4 levels and 64 functions, no key starting with `_`.
   */
  bindings?: BindingTree;
  /**
   * The guest's clock. `"virtual"` (default): starts at `virtualClockStart` and
   * moves only with the guest's fuel and by jumping to its timers' deadlines
   * (no real sleeping). `"freeze"`: stays at the run's start. `"off"`: the real clock.
   */
  timingMitigation?: TimingMitigation;
  /** Where the virtual clock starts, epoch ms or a Date (default 2025-01-01T00:00:00.000Z). */
  virtualClockStart?: number | Date;
  /**
   * Seeds every random source of the guest (`Math.random`, `crypto`): runs
   * with the same seed draw the same values, which are then predictable, not secret.
   */
  randomSeed?: RandomSeed;
  /** Receives guest output; without it output is dropped. */
  onStdio?: StdioHook;
  /**
   * Size limits on the data of one crossing of the sandbox boundary (secure-exec's
   * option, same meaning): `base64TransferBytes` for binary data (counted as
   * its base64 length), `jsonPayloadBytes` for the rest (as JSON). Over a
   * limit, the host call fails with `ERR_SANDBOX_PAYLOAD_TOO_LARGE`. Each from
   * 1 KiB to 64 MiB; default: no limit beyond the memory limit.
   */
  payloadLimits?: PayloadLimits;
};

const RUNTIME_OPTIONS = ["systemDriver", "runtimeDriverFactory", "memoryLimit", "cpuTimeLimitMs", "fuelLimit", "wallTimeLimitMs", "bindings", "timingMitigation", "onStdio", "payloadLimits", "virtualClockStart", "randomSeed"];
const EXEC_OPTIONS = ["filePath", "env", "cwd", "stdin", "cpuTimeLimitMs", "fuelLimit", "wallTimeLimitMs", "timingMitigation", "onStdio", "randomSeed", "virtualClockStart"];
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_CWD = "/root";

/** Runs sandboxed programs. Each `run` or `exec` gets a fresh sandbox; the runtime itself holds no engine. */
export class NodeRuntime {
  private readonly system: SystemDriver;
  private readonly driver: RuntimeDriver;
  private readonly memoryLimitMb: number;
  private readonly cpuTimeLimitMs: number | undefined;
  private readonly budgets: Budgets;
  private readonly bindings: ReadonlyMap<string, BindingFunction>;
  /** The runtime's own `timingMitigation`, if given (else `processConfig`'s, else "virtual"). */
  private readonly timing: TimingMitigation | undefined;
  private readonly virtualClockStart: number | undefined;
  private readonly randomSeed: string | undefined;
  private readonly onStdio: StdioHook | undefined;
  private readonly payloadLimits: Required<PayloadLimits> | undefined;
  private readonly running = new Set<RunningProgram>();
  private disposed = false;
  private readonly guestServers = new GuestServerRegistry();
  private networkApi: RuntimeNetwork | undefined;
  /** What the module resolver remembers of the filesystem's unchanging files, for every run of this runtime. */
  private readonly moduleFiles: ModuleFileCache;

  /** @throws TypeError or RangeError naming the first bad option. */
  constructor(options: NodeRuntimeOptions) {
    if (options === null || typeof options !== "object") throw new TypeError("NodeRuntime options must be an object");
    refuseUnsupported(options, "NodeRuntime options");
    checkOptions(options, RUNTIME_OPTIONS, "NodeRuntime options");
    const { systemDriver, runtimeDriverFactory } = options;
    if (!systemDriver || typeof systemDriver !== "object" || typeof systemDriver.permissions !== "object") {
      throw new TypeError("systemDriver must be a system driver, e.g. createNodeDriver()");
    }
    if (!runtimeDriverFactory || typeof runtimeDriverFactory.createRuntimeDriver !== "function") {
      throw new TypeError("runtimeDriverFactory must be a runtime driver factory, e.g. createNodeRuntimeDriverFactory()");
    }
    this.memoryLimitMb = options.memoryLimit === undefined ? DEFAULT_MEMORY_MB : checkMemoryLimit(options.memoryLimit);
    this.cpuTimeLimitMs = checkCpuLimit(options.cpuTimeLimitMs);
    this.budgets = checkBudgets(options);
    this.bindings = checkBindings(options.bindings);
    this.timing = options.timingMitigation === undefined ? undefined : checkTimingMitigation(options.timingMitigation);
    this.virtualClockStart = checkClockStart(options.virtualClockStart, this.timing ?? systemDriver.processConfig.timingMitigation ?? "virtual");
    this.randomSeed = checkRandomSeed(options.randomSeed);
    this.onStdio = checkFunction(options.onStdio, "onStdio");
    this.payloadLimits = checkPayloadLimits(options.payloadLimits);
    this.system = systemDriver;
    this.moduleFiles = new ModuleFileCache(systemDriver.filesystem);
    this.driver = runtimeDriverFactory.createRuntimeDriver();
    this.driver.warm(this.memoryLimitMb);
  }

  /**
   * Runs `code` as the main module and copies its exports out
   * (`module.exports`, or the ES module namespace).
   * @param filePath the program's path in the sandbox; `.mjs` makes it an ES module.
   */
  async run<T = unknown>(code: string, filePath?: string): Promise<RunResult<T>> {
    if (typeof code !== "string") throw new TypeError(`code must be a string, got ${describe(code)}`);
    checkString(filePath, "filePath");
    const result = await this.start("run", code, { filePath });
    return result as RunResult<T>;
  }

  /** Runs `code` as a program, like `node file.js`; resolves with its exit code. */
  async exec(code: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (typeof code !== "string") throw new TypeError(`code must be a string, got ${describe(code)}`);
    refuseUnsupported(options, "exec options");
    checkOptions(options, EXEC_OPTIONS, "exec options");
    if (options.timingMitigation !== undefined) checkTimingMitigation(options.timingMitigation);
    checkString(options.filePath, "filePath");
    checkString(options.cwd, "cwd");
    checkStringRecord(options.env, "env");
    checkCpuLimit(options.cpuTimeLimitMs);
    checkBudgets(options);
    checkFunction(options.onStdio, "onStdio");
    checkClockStart(options.virtualClockStart, options.timingMitigation ?? this.timing ?? this.system.processConfig.timingMitigation ?? "virtual");
    checkRandomSeed(options.randomSeed);
    if (options.stdin !== undefined && typeof options.stdin !== "string" && !(options.stdin instanceof Uint8Array)) {
      throw new TypeError(`stdin must be a string or a Uint8Array, got ${describe(options.stdin)}`);
    }
    const { exports: _unused, ...result } = (await this.start("exec", code, options)) as RunResult;
    return result;
  }

  /**
   * Evaluates `code` once (CommonJS, or an ES module) in a sandbox that stays
   * alive, and resolves with a {@link LoadedModule}: its data exports, and its
   * exported functions to `call` as often as needed, with state kept between
   * calls. The module holds an engine thread until it is disposed or dead.
   * @param filePath the program's path in the sandbox; `.mjs` makes it an ES module.
   * @throws (rejects) a `ModuleLoadError` when the program threw or a limit ended it while loading.
   */
  async load(code: string, filePath?: string): Promise<LoadedModule> {
    if (typeof code !== "string") throw new TypeError(`code must be a string, got ${describe(code)}`);
    checkString(filePath, "filePath");
    const source = await this.stripped(code, { filePath });
    return loadModule((reply) => this.launch("live", source, { filePath }, reply), this.budgets);
  }

  /**
   * Resumes a module from `module.snapshot()`'s bytes (taken under either
   * driver, in any process): resolves with a new {@link LoadedModule} in the
   * snapshot's state, running under this runtime's limits, permissions and
   * bindings. Restoring the same bytes twice gives two independent modules.
   * Pass a {@link Snapshot} from `readSnapshot(bytes)` to restore many times
   * without verifying the bytes each time.
   * @throws (rejects) a `SnapshotError` (`ERR_QUICKEXEC_SNAPSHOT_*`) for bytes
   *   that are not a snapshot, truncated, changed, made by another version or
   *   build, or larger than this runtime's `memoryLimit`.
   */
  async restore(snapshot: Uint8Array | Snapshot): Promise<LoadedModule> {
    const read = snapshot instanceof Snapshot ? snapshot : await readSnapshot(snapshot);
    if (read.memoryBytes > this.memoryLimitMb * 1048576) {
      throw new SnapshotError(
        SNAPSHOT_ERRORS.MEMORY_LIMIT,
        `The snapshot needs ${read.memoryBytes / 1048576} MiB of memory, more than this runtime's memoryLimit of ${this.memoryLimitMb} MiB`,
      );
    }
    const { payload } = read;
    return loadModule((reply) => this.launch("live", "", { filePath: payload.session.filePath }, reply, payload), this.budgets);
  }

  /**
   * The host's way to the HTTP servers this runtime's guests run
   * (`http.createServer().listen()`): `network.fetch(url, init?)` sends a
   * request to one of them by its port on `127.0.0.1` / `localhost` and
   * resolves with a standard `Response`; `network.servers()` lists those
   * listening now. Nothing but this runtime's guest servers is ever reached.
   */
  get network(): RuntimeNetwork {
    return (this.networkApi ??= createRuntimeNetwork(this.guestServers));
  }

  /** Stops every run of this runtime that is in flight; they resolve with code 143. The runtime stays usable. */
  terminate(): void {
    for (const program of this.running) program.terminate();
  }

  /** Stops runs in flight and releases the runtime; later calls to `run` or `exec` reject. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.terminate();
    this.driver.dispose();
  }

  private async start(mode: "run" | "exec", code: string, options: ExecOptions): Promise<RunResult> {
    const started = performance.now();
    const { ended } = this.launch(mode, await this.stripped(code, options), options);
    const result = await ended;
    return this.finishResult(mode, result, started);
  }

  /** Where a run's main file is: absolute and normalised, a relative `cwd` taken from the configured one (as a child's cwd is in Node). */
  private mainFile(options: ExecOptions): { cwd: string; filePath: string } {
    const cwd = resolvePath(resolvePath("/", this.system.processConfig.cwd ?? DEFAULT_CWD), options.cwd ?? ".");
    return { cwd, filePath: resolvePath(cwd, options.filePath ?? "index.js") };
  }

  /** The program as the engine gets it: a TypeScript main file (.ts, .mts, .cts) with its types stripped, positions unchanged. */
  private async stripped(code: string, options: ExecOptions): Promise<string> {
    const { filePath } = this.mainFile(options);
    return isTypeScriptFile(filePath) ? await typeScriptEntry(filePath, code) : code;
  }

  /**
   * Builds a run's spec and host side and starts it on the runtime driver:
   * its program, and its result once its resources were released.
   */
  private launch(
    mode: RunSpec["mode"],
    code: string,
    options: ExecOptions,
    reply?: (reply: LiveReply) => void,
    restore?: SnapshotPayload,
    self?: WorkerSelf,
  ): { program: RunningProgram; ended: Promise<EngineResult> } {
    if (this.disposed) throw new Error("This NodeRuntime has been disposed");
    const { cwd, filePath } = this.mainFile(options);
    const env = this.visibleEnv({ ...this.system.processConfig.env, ...options.env });
    const onStdio = options.onStdio ?? this.onStdio;
    const given = options.stdin ?? this.system.processConfig.stdin;
    const stdin = given === undefined ? null : typeof given === "string" ? new TextEncoder().encode(given) : new Uint8Array(given);
    const timing = options.timingMitigation ?? this.timing ?? this.system.processConfig.timingMitigation ?? "virtual";
    const frozenTime = this.system.processConfig.frozenTimeMs;
    const spec: RunSpec = {
      code,
      filePath,
      mode,
      memoryLimitMb: this.memoryLimitMb,
      cpuTimeLimitMs: options.cpuTimeLimitMs ?? this.cpuTimeLimitMs ?? 0,
      fuelLimit: options.fuelLimit ?? this.budgets.fuelLimit,
      wallTimeLimitMs: options.wallTimeLimitMs ?? this.budgets.wallTimeLimitMs,
      timing,
      startTime: timing === "freeze" && frozenTime !== undefined ? frozenTime : runStartTime(timing, checkClockStart(options.virtualClockStart, timing) ?? this.virtualClockStart),
      process: this.resolveProcess(cwd, filePath, env),
      os: resolveOS(this.system.osConfig, this.system.processConfig),
      stdin,
      stdio: onStdio !== undefined,
      // What this host cannot do at all (child processes under the browser driver): the engine says so itself.
      refusedOps: unavailableOps(this.system.kind),
    };
    if (self) {
      spec.process.argv = [spec.process.execPath, ...self.argv];
      spec.quietUncaught = true;
    }
    const randomSeed = checkRandomSeed(options.randomSeed) ?? this.randomSeed;
    if (randomSeed !== undefined) spec.randomSeed = randomSeed;
    if (restore) spec.restore = restore;
    let program: RunningProgram | null = null;
    const cleanups = new Set<() => void>();
    const run = createRunState(this.guestServers);
    // The main program's source came with the run: the module loader never sends it again.
    run.sentModules.add(filePath);
    const ctx: OpContext = {
      permissions: this.system.permissions,
      env,
      fs: countWrites(toFileSystem(this.system.filesystem), run),
      cwd,
      fds: new Map(),
      maxReadBytes: this.memoryLimitMb * 1048576,
      commandExecutor: this.system.commandExecutor,
      network: this.system.network,
      hostKind: this.system.kind,
      emit: (target, name, value) => program?.post({ target, name, value }),
      queuedBytes: () => program?.queuedBytes ?? 0,
      onRunEnd(cleanup) {
        cleanups.add(cleanup);
        return () => void cleanups.delete(cleanup);
      },
      resources: new Map(),
      run,
      moduleFiles: this.moduleFiles,
      // A worker runs under the parent's driver and limits; it starts no workers of its own.
      ...(self
        ? { workerSelf: self }
        : {
            workers: createWorkerStarter((request, worker) =>
              this.launch("exec", request.code, { filePath: request.filePath, cwd, env: request.env ?? env, onStdio, cpuTimeLimitMs: spec.cpuTimeLimitMs } as ExecOptions, undefined, undefined, worker),
              this.memoryLimitMb * 1048576,
            ),
          }),
    };
    const bindingOps = createBindingOps(this.bindings);
    program = this.driver.start(spec, {
      stdio: (event) => {
        if (!onStdio) return;
        try {
          onStdio(event);
        } catch {
          // A throwing hook must not break the run; its output is simply lost.
        }
      },
      op: limitOps(this.payloadLimits, (op, args) => bindingOps(op, args) ?? dispatchOp(ctx, op, args)),
      reply,
    });
    const started = program;
    this.running.add(started);
    const ended = started.result.finally(() => {
      this.running.delete(started);
      endResources(cleanups);
    });
    return { program: started, ended };
  }

  private finishResult(mode: "run" | "exec", result: EngineResult, started: number): RunResult {
    const out: RunResult = {
      code: result.code,
      stats: { fuel: result.fuel, cpuTimeMs: result.cpuTimeMs, wallTimeMs: performance.now() - started },
    };
    if (result.errorMessage !== undefined) out.errorMessage = result.errorMessage;
    if (mode === "run" && result.exportsJson !== undefined) {
      try {
        if (this.payloadLimits !== undefined) checkJsonText(this.payloadLimits, "the exports of run()", result.exportsJson);
        out.exports = reviveResult(JSON.parse(result.exportsJson));
      } catch (error) {
        out.code = 1;
        out.errorMessage = `The program's exports could not be copied out of the sandbox: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return out;
  }

  /** The environment the guest sees: only the keys the `env` permission allows reading. */
  private visibleEnv(candidates: Record<string, string | undefined>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(candidates)) {
      if (typeof value !== "string") continue;
      if (ask(this.system.permissions, "env", { op: "read", key, value }).allowed) env[key] = value;
    }
    return env;
  }

  private resolveProcess(cwd: string, filePath: string, env: Record<string, string>): ResolvedProcess {
    const p = this.system.processConfig;
    const version = p.version ?? "v20.0.0";
    return {
      cwd,
      env,
      argv: p.argv ? [...p.argv] : ["/usr/local/bin/node", filePath],
      platform: p.platform ?? "linux",
      arch: p.arch ?? "x64",
      version,
      // openssl: the version Node v22 bundles, whose messages and ERR_OSSL_* codes the guest's crypto reproduces.
      versions: { node: version.replace(/^v/, ""), quickjs: "2025-04-26", quickexec: "0.1.0", openssl: "3.0.15+quic" },
      pid: p.pid ?? 1,
      ppid: p.ppid ?? 0,
      uid: p.uid ?? 0,
      gid: p.gid ?? 0,
      title: p.title ?? "node",
      execPath: p.execPath ?? "/usr/local/bin/node",
    };
  }
}

/** A clock policy option: "freeze", "off" or undefined. */

/** Releases what a finished run still holds on the host (children, servers, requests); a failing cleanup does not stop the others. */
function endResources(cleanups: Set<() => void>): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // Best effort: the resource is being dropped anyway.
    }
  }
  cleanups.clear();
}

function resolveOS(o: NodeRuntimeOSInput, p: NodeRuntimeProcessInput): ResolvedOS {
  const platform = o.platform ?? p.platform ?? "linux";
  return {
    platform,
    arch: o.arch ?? p.arch ?? "x64",
    type: o.type ?? (platform === "win32" ? "Windows_NT" : platform === "darwin" ? "Darwin" : "Linux"),
    release: o.release ?? "6.0.0-quickexec",
    version: o.version ?? "#1 SMP",
    hostname: o.hostname ?? "sandbox",
    homedir: o.homedir ?? "/root",
    tmpdir: o.tmpdir ?? "/tmp",
    endianness: o.endianness ?? "LE",
    machine: o.machine ?? "x86_64",
    cpus: o.cpus ?? 1,
    totalmem: o.totalmem ?? 1073741824,
    freemem: o.freemem ?? 536870912,
    uptime: o.uptime ?? 0,
    username: o.username ?? "root",
  };
}

type NodeRuntimeOSInput = SystemDriver["osConfig"];
type NodeRuntimeProcessInput = SystemDriver["processConfig"];

