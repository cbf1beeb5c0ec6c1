/**
 * A live module on the host's side (`runtime.load`): a program evaluated once
 * whose sandbox stays alive, and whose exported functions the host calls as
 * often as it likes. It holds its engine thread (out of the pool) until it is
 * disposed or dead. Calls are served one at a time, in order; each has its
 * own budgets. A limit (124, 137), `process.exit` or `terminate()` kills the
 * module: the call that hit it resolves with that code, later ones reject
 * with an error saying the module is dead and why.
 *
 * All of the module's state is in its sandbox on the engine thread; this
 * object only keeps the exports it copied out at load.
 * @module
 */
import type { RunningProgram } from "../driver.js";
import { EXIT, type EngineResult } from "../engine/protocol.js";
import { NO_ARGS_JSON, type LiveReply, type LiveRequest, type LiveResult } from "../engine/live-protocol.js";
import { reviveResult } from "../engine/revive.js";
import { checkOptions, describe } from "../options.js";
import type { RunStats } from "../types.js";
import { mergeBudgets, type BudgetOptions, type Budgets } from "./budgets.js";
import { encodeForGuest } from "./encode.js";
import { SnapshotError, writeSnapshot } from "./snapshot-format.js";

/** Per-call budgets of {@link LoadedModule.call} and {@link LoadedModule.exec}; each overrides the runtime's. */
export type CallOptions = BudgetOptions;

/** Options of {@link LoadedModule.exec}: the budgets, and how the value comes back. */
export type ExecLineOptions = CallOptions & {
  /**
   * Resolve `value` with the text `util.inspect` makes of the completion
   * value in the guest, as Node's REPL prints it (functions, class names and
   * proxies shown; a promise shown as it stands, not awaited), instead of a
   * copy of the value. Ticks and microtasks the code queued run after.
   */
  inspect?: boolean;
};

/** How a call (or exec) of a loaded module ended. */
export type CallResult<T = unknown> = {
  /** 0, 1 when the function threw (or its promise rejected), or the exit code of a limit or exit that killed the module. */
  code: number;
  /** A copy of what the function returned (what its promise resolved to), when `code` is 0. */
  value?: T;
  /** Why the call failed: the guest's error with its stack, or the limit. */
  errorMessage?: string;
  /** Figures measured for this call only. */
  stats: RunStats;
};

/** `runtime.load` failed: the program threw while loading, or a limit or exit ended it. */
export class ModuleLoadError extends Error {
  override name = "ModuleLoadError";
  /**
   * @param exitCode the code the load ended with (1, 124, 137, 143...).
   * @param stats figures measured for the load.
   */
  constructor(
    message: string,
    readonly exitCode: number,
    readonly stats: RunStats,
  ) {
    super(message);
  }
}

const CALL_OPTIONS = ["cpuTimeLimitMs", "fuelLimit", "wallTimeLimitMs"];
/** The defaults of `call`'s arguments (frozen: nothing can be added to them). */
const NO_ARGS: readonly unknown[] = Object.freeze([]);
const NO_OPTIONS: CallOptions = Object.freeze({});
const EXEC_LINE_OPTIONS = [...CALL_OPTIONS, "inspect"];
const DOTTED_NAME = /^(?:[A-Za-z_$][\w$]*)(?:\.[A-Za-z_$][\w$]*)*$/;

/** Starts the live run; the callback receives the engine's replies. */
export type LaunchLive = (reply: (reply: LiveReply) => void) => { program: RunningProgram; ended: Promise<EngineResult> };

/**
 * Starts a live module and resolves once it loaded.
 * @param launch starts the live run on the runtime's driver.
 * @param budgets the runtime's budgets: the load's, and each call's default.
 */
export async function loadModule(launch: LaunchLive, budgets: Budgets): Promise<LoadedModule> {
  const started = performance.now();
  let onReply: (reply: LiveReply) => void = () => {};
  const { program, ended } = launch((reply) => onReply(reply));
  const first = await new Promise<LiveReply | EngineResult>((resolve) => {
    onReply = resolve;
    void ended.then(resolve);
  });
  const result = "result" in first ? first.result : first;
  const stats = statsOf(result, started);
  if (result.code !== EXIT.OK || result.exportsJson === undefined) {
    // A snapshot the engine refused to restore.
    const refused = (result as LiveResult).errorCode;
    // A load that failed ends the live run by itself (see `serveLive`): its thread is back once the run ended.
    await ended;
    if (refused) throw new SnapshotError(refused, result.errorMessage ?? "The snapshot could not be restored");
    throw new ModuleLoadError(`The module could not be loaded (exit code ${result.code}): ${result.errorMessage ?? "it ended while loading"}`, result.code, stats);
  }
  const described = JSON.parse(result.exportsJson) as { functions: string[]; data: unknown };
  return new LoadedModule(program, ended, budgets, reviveResult(described.data), described.functions, stats, (handler) => (onReply = handler));
}

/** A loaded program whose exported functions can be called many times; see `NodeRuntime.load`. */
export class LoadedModule {
  /** A copy of the module's data exports, taken at load (functions are left out: see {@link functions}). */
  readonly exports: unknown;
  /** The dotted names of the exported functions (`"add"`, `"math.mul"`; `""` when the export itself is a function). */
  readonly functions: readonly string[];
  /** Figures measured for the load. */
  readonly loadStats: RunStats;
  private nextId = 1;
  private readonly waiting = new Map<number, (result: LiveResult) => void>();
  /** The last call queued: the next one starts when it is over. */
  private tail: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  /** Why the module cannot be called any more, once it cannot. */
  private deadReason: string | null = null;
  private endResult: EngineResult | null = null;

  /** @internal Made by `NodeRuntime.load`. */
  constructor(
    private readonly program: RunningProgram,
    ended: Promise<EngineResult>,
    private readonly budgets: Budgets,
    exports: unknown,
    functions: string[],
    loadStats: RunStats,
    listen: (handler: (reply: LiveReply) => void) => void,
  ) {
    this.exports = exports;
    this.functions = Object.freeze([...functions]);
    this.loadStats = loadStats;
    listen((reply) => {
      const resolve = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      resolve?.(reply.result);
    });
    void ended.then((result) => {
      this.endResult = result;
      if (this.deadReason === null) this.deadReason = deathOf(result);
      // A call in flight ends with the run's result (the limit that killed the module).
      for (const resolve of this.waiting.values()) resolve(result);
      this.waiting.clear();
    });
  }

  /** Whether the module can still be called. */
  get alive(): boolean {
    return this.deadReason === null;
  }

  /**
   * Calls the exported function at `name` (a dotted path reaches nested
   * ones) with copies of `args`, waits for its promise if it returns one, and
   * resolves with a copy of its value. State persists between calls.
   * @param options this call's budgets (default: the runtime's).
   * @throws (rejects) once the module is dead or disposed, saying why; a TypeError for bad arguments.
   */
  call<T = unknown>(name: string, args: readonly unknown[] = NO_ARGS, options: CallOptions = NO_OPTIONS): Promise<CallResult<T>> {
    try {
      if (typeof name !== "string" || (name !== "" && !DOTTED_NAME.test(name))) {
        throw new TypeError(`name must be a dotted name of an exported function, got ${describe(name)}`);
      }
      if (!Array.isArray(args)) throw new TypeError(`args must be an array, got ${describe(args)}`);
      const limits = this.limitsOf(options);
      const argsJson = args.length === 0 ? NO_ARGS_JSON : encodeForGuest(args, `the arguments of ${name || "module.exports"}`);
      return this.enqueue((id) => ({ kind: "call", id, path: name, argsJson, limits }), (r, t) => this.resultOf(r, t)) as Promise<CallResult<T>>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Runs `code` as a script in the module's realm (its globals are the
   * module's), like a REPL line, and resolves with a copy of its completion
   * value (functions in it are left out), awaited if it is a promise; with
   * `options.inspect`, with the text Node's REPL would print for it.
   * @throws (rejects) once the module is dead or disposed.
   */
  exec<T = unknown>(code: string, options: ExecLineOptions = {}): Promise<CallResult<T>> {
    try {
      if (typeof code !== "string") throw new TypeError(`code must be a string, got ${describe(code)}`);
      checkOptions(options, EXEC_LINE_OPTIONS, "exec options");
      const { inspect, ...budgets } = options;
      if (inspect !== undefined && typeof inspect !== "boolean") throw new TypeError(`options.inspect must be a boolean, got ${describe(inspect)}`);
      const limits = this.limitsOf(budgets);
      const request = (id: number): LiveRequest => (inspect ? { kind: "exec", id, code, limits, inspect } : { kind: "exec", id, code, limits });
      return this.enqueue(request, (r, t) => this.resultOf(r, t)) as Promise<CallResult<T>>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Captures the module's whole state as portable bytes (its memory and what
   * the engine keeps for it; the format is in `snapshot-format.ts` and the
   * README), for `runtime.restore(bytes)` under either driver. Queued after
   * the calls before it, like a call; runs under the runtime's budgets.
   * @throws (rejects) a `SnapshotError` with code `ERR_QUICKEXEC_SNAPSHOT_PENDING`
   *   naming what is pending (timers, immediates, host operations...); an
   *   Error once the module is dead or disposed.
   */
  snapshot(): Promise<Uint8Array> {
    return this.enqueue(
      (id) => ({ kind: "snapshot", id, limits: this.budgets }),
      (result) => {
        if (result.snapshot) return writeSnapshot(result.snapshot);
        if (result.errorCode) throw new SnapshotError(result.errorCode, result.errorMessage ?? "The module could not be snapshotted");
        throw new Error(`The module could not be snapshotted (exit code ${result.code}): ${result.errorMessage ?? "it ended"}`);
      },
    );
  }

  /** Kills the module now, even in the middle of a call (which resolves with code 143); later calls reject. */
  terminate(): void {
    if (this.deadReason === null) this.deadReason = "it was terminated";
    this.program.terminate();
  }

  /**
   * Frees the module and its engine thread. A call in flight is stopped and
   * rejects; so do queued and later ones.
   */
  dispose(): void {
    if (this.deadReason !== null) {
      // Terminated and still stopping: that stop frees it. Ended: already free.
      if (this.endResult === null) this.program.terminate();
      return;
    }
    this.deadReason = "it was disposed";
    if (this.inFlight === 0) this.program.request({ kind: "end", id: this.nextId++ });
    else this.program.terminate();
  }

  private limitsOf(options: CallOptions): Budgets {
    // No options of its own (the usual call): the runtime's budgets, nothing to check.
    if (options === NO_OPTIONS) return this.budgets;
    checkOptions(options, CALL_OPTIONS, "call options");
    return mergeBudgets(this.budgets, options);
  }

  /** Queues a request after the calls before it; resolves with `finish` of its result once the engine replied. */
  private enqueue<R>(make: (id: number) => LiveRequest, finish: (result: LiveResult, started: number) => R | Promise<R>): Promise<R> {
    const id = this.nextId++;
    const previous = this.tail;
    const run = (async (): Promise<R> => {
      await previous.catch(() => {});
      this.assertAlive();
      const started = performance.now();
      this.inFlight++;
      try {
        const result = await new Promise<LiveResult>((resolve) => {
          this.waiting.set(id, resolve);
          this.program.request(make(id));
        });
        // Disposed while the call ran: it was stopped, and says so.
        if (this.deadReason === "it was disposed") throw new Error("The module was disposed during the call");
        return await finish(result, started);
      } finally {
        this.inFlight--;
      }
    })();
    this.tail = run;
    return run;
  }

  private assertAlive(): void {
    if (this.deadReason !== null) throw new Error(`This module can no longer be called: ${this.deadReason}`);
  }

  private resultOf(result: LiveResult, started: number): CallResult {
    const out: CallResult = { code: result.code, stats: statsOf(result, started) };
    if (result.errorMessage !== undefined) out.errorMessage = result.errorMessage;
    if (result.valueJson !== undefined) out.value = reviveResult(JSON.parse(result.valueJson));
    return out;
  }
}

/** Why a module whose run ended is dead, from how it ended. */
function deathOf(result: EngineResult): string {
  const why = result.errorMessage ? `: ${result.errorMessage}` : "";
  switch (result.code) {
    case EXIT.CPU_LIMIT:
      return `a limit ended it (exit code 124${why})`;
    case EXIT.MEMORY_LIMIT:
      return `it reached its memory limit (exit code 137${why})`;
    case EXIT.TERMINATED:
      return "it was terminated (exit code 143)";
    case EXIT.ENGINE_FAILURE:
      return `its engine failed (exit code 70${why})`;
    default:
      return `it exited (exit code ${result.code}${why})`;
  }
}

function statsOf(result: EngineResult, started: number): RunStats {
  return { fuel: result.fuel, cpuTimeMs: result.cpuTimeMs, wallTimeMs: performance.now() - started };
}
