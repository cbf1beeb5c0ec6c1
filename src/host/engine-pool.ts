/**
 * A pool of engine threads and the host's side of every run on them, for any
 * kind of thread (Node worker threads, Web Workers): which thread runs what,
 * the CPU watchdog, cooperative stops and forced ends, answers to the
 * engine's synchronous and asynchronous ops, and the events pushed to a run.
 *
 * A thread runs one program at a time and keeps the next sandbox ready, so a
 * run costs a message round trip plus the program itself. A thread that has
 * to be ended (a wedged guest, a crash) is replaced; the others are untouched.
 * @module
 */
import { EXIT, METER, STOP_CODE, type EngineResult, type HostEvent, type OpOutcome, type RunSpec } from "../engine/protocol.js";
import type { ActivationLimits, LiveReply, LiveRequest } from "../engine/live-protocol.js";
import { wallTimeMessage } from "../engine/run-result.js";
import type { EngineToHost, HostToEngine } from "../engine/thread-protocol.js";
import type { SyncCall, SyncCallServer } from "../engine/sync-calls.js";
import type { RunHost, RunningProgram, RuntimeDriver } from "../driver.js";
import { MAX_TIMER_MS } from "../timers.js";

/** Extra time the watchdog allows past the CPU limit before it ends the thread. */
const watchdogGrace = (limitMs: number) => Math.max(50, limitMs * 0.1);
/** How long a cooperative stop may take before the thread is ended. */
const STOP_GRACE_MS = 100;
/**
 * The longest (ms) the host stays on the hot path of synchronous calls (see
 * `sync-calls.ts`) before it goes back to its event loop, so other host work
 * never waits longer.
 */
const HOT_BUDGET_MS = 4;

/** One engine thread, as the pool drives it. */
export interface EngineThread {
  /** Sends a message to the thread. */
  post(message: HostToEngine): void;
  /**
   * The host's end of the thread's synchronous calls, through memory shared
   * with it; null where there is none (the engine then makes no synchronous
   * calls). The thread counts every message it receives with it.
   */
  readonly calls: SyncCallServer | null;
  /**
   * The slots the engine publishes its CPU meter in, when memory is shared
   * with the thread; without them the engine reports by "meter" messages.
   */
  readonly meter: Float64Array | null;
  /** Raises the shared stop flag with a `STOP_CODE` (without shared memory, the "stop" message carries it). */
  signalStop(code: number): void;
  /** Clears the stop flag and the meter before a run. */
  reset(): void;
  /** Lets the thread keep the host process alive (while it runs a program) or not. */
  ref(): void;
  /** See {@link ref}. */
  unref(): void;
  /** Ends the thread at once. */
  terminate(): void;
}

/** What a thread reports to the pool. */
export interface EngineThreadEvents {
  /** A message from the engine. */
  message(message: EngineToHost): void;
  /** The thread failed or exited; it is gone. */
  died(reason: string): void;
}

/** How a pool starts threads and how many it keeps. */
export interface EnginePoolOptions {
  /** Starts one engine thread whose first sandbox gets `memoryLimitMb`. */
  spawn(memoryLimitMb: number, events: EngineThreadEvents): Promise<EngineThread>;
  /** Idle threads kept for reuse. */
  maxIdle: number;
  /** Threads alive at once; further runs queue for a free one. */
  maxThreads: number;
}

let nextRunId = 1;

/** The watchdog's view of the engine's CPU meter when no memory is shared: rebuilt from "meter" messages. */
class ReportedMeter {
  private usedMs = 0;
  /** Idle until the engine reports that the run's guest code started (a new thread may still be loading). */
  private busySince = 0;

  update(busy: boolean, usedMs: number): void {
    this.usedMs = usedMs;
    this.busySince = busy ? now() : 0;
  }

  read(): number {
    return this.usedMs + (this.busySince > 0 ? now() - this.busySince : 0);
  }
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

/** One engine thread in the pool. */
class PooledEngine {
  private current: ActiveRun | null = null;

  /** Whether the thread runs a program now. */
  get running(): boolean {
    return this.current !== null;
  }
  /** The number of the synchronous op the engine is blocked on (0: none); each gets at most one reply. */
  private syncWaiting = 0;
  private reported: ReportedMeter | null = null;
  dead = false;
  /** Whether a run ever started here: a thread that dies before any did (its script or wasm did not load) would die again if replaced. */
  ran = false;

  constructor(
    readonly thread: EngineThread,
    readonly memoryLimitMb: number,
    private readonly pool: EnginePool,
  ) {}

  start(run: ActiveRun): void {
    this.ran = true;
    this.current = run;
    this.syncWaiting = 0;
    this.thread.reset();
    this.reported = this.thread.meter ? null : new ReportedMeter();
    this.thread.ref();
    this.thread.post({ type: "run", runId: run.id, spec: run.spec });
  }

  /** Guest CPU time of the current run so far, ms. */
  cpuUsedMs(): number {
    const meter = this.thread.meter;
    if (!meter) return this.reported?.read() ?? 0;
    const sliceStart = meter[METER.SLICE_START]!;
    return meter[METER.USED]! + (sliceStart > 0 ? now() - sliceStart : 0);
  }

  /** Asks the engine to stop the current run at its next check (waking it if it waits for events); `code` says why. */
  requestStop(code: number = STOP_CODE.TERMINATE): void {
    this.thread.signalStop(code);
    if (this.current) this.thread.post({ type: "stop", runId: this.current.id, code });
    // An engine blocked on a host op (a spawnSync, a slow filesystem) is released at once; the op's late answer is dropped.
    const message = code === STOP_CODE.WALL_TIME ? "The wall-time limit was reached" : "The run was terminated";
    if (this.current && this.syncWaiting !== 0) this.reply(this.syncWaiting, { ok: false, error: { name: "Error", message } });
  }

  /** Sends a request to the live module the current run holds. */
  sendRequest(run: ActiveRun, request: LiveRequest): void {
    if (this.current !== run || this.dead) return;
    this.thread.post({ type: "live", runId: run.id, request });
  }

  /** Sends host events to the current run. */
  sendEvents(run: ActiveRun, events: HostEvent[]): void {
    if (this.current !== run || this.dead) return;
    this.thread.post({ type: "events", runId: run.id, events });
  }

  /** Ends the thread at once; the current run ends with `result`. */
  kill(result: EngineResult): void {
    const run = this.current;
    this.current = null;
    if (run) run.finish(result);
    this.dead = true;
    this.thread.terminate();
    this.pool.onDead(this);
  }

  /** The thread is gone by itself (a crash, an exit). */
  died(message: string): void {
    if (this.dead) return;
    this.dead = true;
    const run = this.current;
    this.current = null;
    if (run) run.finish(run.stopResult ?? { code: EXIT.ENGINE_FAILURE, errorMessage: message, fuel: 0, cpuTimeMs: 0 });
    this.pool.onDead(this);
  }

  onMessage(message: EngineToHost): void {
    this.handle(message);
    // A call made while the host was on its hot path rang no doorbell: it may have waited for this message.
    const run = this.current;
    if (run && this.syncWaiting === 0 && !this.dead) {
      const call = this.thread.calls?.poll();
      if (call) void this.serveCalls(run, call);
    }
  }

  private handle(message: EngineToHost): void {
    const run = this.current;
    if (!run || message.runId !== run.id) return;
    switch (message.type) {
      case "stdio":
        return run.stdio(message.channel, message.message);
      case "op": {
        const call = this.thread.calls?.announced(message);
        return void (call && this.serveCalls(run, call));
      }
      case "more":
        return this.thread.calls?.next();
      case "taken":
        return run.taken(message.bytes);
      case "submit":
        return void this.settleOp(run, message.id, message.op, message.args);
      case "meter":
        return this.reported?.update(message.busy, message.usedMs);
      case "reply":
        return run.replied(message.reply);
      case "done":
        this.current = null;
        this.thread.unref();
        run.finish(message.result);
        return this.pool.release(this);
      case "failed":
        return this.kill({ code: EXIT.ENGINE_FAILURE, errorMessage: `The sandbox engine failed: ${message.message}`, fuel: 0, cpuTimeMs: 0 });
    }
  }

  /**
   * Answers synchronous calls, starting with `call`: while they come one
   * right after another, on the hot path (the host stays in this task,
   * waiting in `Atomics.wait` between them, within {@link HOT_BUDGET_MS}).
   */
  private async serveCalls(run: ActiveRun, call: SyncCall): Promise<void> {
    const calls = this.thread.calls!;
    const started = performance.now();
    for (let next: SyncCall | null = call; next; next = calls.waitForCall()) {
      // A call of no run this host knows is left unanswered, as any message of another run is.
      if (next.runId !== run.id) return;
      this.syncWaiting = next.seq;
      const outcome = await outcomeOf(run, next.op, next.args);
      // A late answer (the run ended, or the call was already answered by a stop) is dropped.
      if (this.current !== run || this.dead || this.syncWaiting !== next.seq) return;
      // A long reply goes on with "more" messages: the next call waits for them anyway.
      if (!this.reply(next.seq, outcome)) return;
      // With other programs running, the host waits for none of them in particular: each call comes by its event loop.
      if (performance.now() - started > HOT_BUDGET_MS || this.pool.othersRunning(this)) return;
    }
  }

  /** Answers call `seq`; false when the reply goes on in chunks. */
  private reply(seq: number, outcome: OpOutcome): boolean {
    this.syncWaiting = 0;
    return this.thread.calls?.reply(seq, outcome) ?? true;
  }

  /** An async op: its outcome goes back as an event, in order with the run's other events. */
  private async settleOp(run: ActiveRun, id: number, op: string, args: unknown[]): Promise<void> {
    const outcome = await outcomeOf(run, op, args);
    run.post(outcome.ok ? { target: id, name: "ok", value: outcome.value } : { target: id, name: "error", value: outcome.error });
  }
}

/** Runs a host op for a run; never rejects. */
async function outcomeOf(run: ActiveRun, op: string, args: unknown[]): Promise<OpOutcome> {
  try {
    return await run.host.op(op, args);
  } catch (error) {
    return { ok: false, error: { name: "Error", message: error instanceof Error ? error.message : String(error) } };
  }
}

/** One program in flight on a pooled thread. */
class ActiveRun implements RunningProgram {
  readonly id = nextRunId++;
  readonly result: Promise<EngineResult>;
  /** The result to report if the thread has to be ended. */
  stopResult: EngineResult | null = null;
  /** Bytes of event data posted to the engine and not yet taken by it. */
  queuedBytes = 0;
  private resolve!: (r: EngineResult) => void;
  private settled = false;
  private engine: PooledEngine | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private wallTimer: ReturnType<typeof setTimeout> | null = null;
  private stopTimer: ReturnType<typeof setTimeout> | null = null;
  /** The CPU budget the watchdog enforces now (the run's, or a live module's current call's). */
  private cpuLimitMs = 0;
  /** Events waiting to go to the engine: sent together at the end of the host's current task. */
  private outbox: HostEvent[] = [];

  constructor(
    readonly spec: RunSpec,
    readonly host: RunHost,
    private readonly pool: EnginePool,
  ) {
    this.result = new Promise((resolve) => (this.resolve = resolve));
  }

  get isSettled(): boolean {
    return this.settled;
  }

  attach(engine: PooledEngine): void {
    if (this.settled) return this.pool.release(engine);
    this.engine = engine;
    engine.start(this);
    this.flush();
    this.limit({ cpuTimeLimitMs: this.spec.cpuTimeLimitMs, fuelLimit: 0, wallTimeLimitMs: this.spec.wallTimeLimitMs ?? 0 });
  }

  /** Sends a request to the live module this run holds; its limits are watched until the reply. */
  request(request: LiveRequest): void {
    if (this.settled || !this.engine) return;
    if (request.kind !== "end") this.limit(request.limits);
    this.engine.sendRequest(this, request);
  }

  /** A live module's reply: the call is over, so are its limits. */
  replied(reply: LiveReply): void {
    if (this.settled) return;
    this.limit({ cpuTimeLimitMs: 0, fuelLimit: 0, wallTimeLimitMs: 0 });
    this.host.reply?.(reply);
  }

  /** Watches `limits` from now on (replacing those watched before): the CPU watchdog and the wall-time timer. */
  private limit(limits: ActivationLimits): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    if (this.wallTimer) clearTimeout(this.wallTimer);
    this.watchdog = this.wallTimer = null;
    this.cpuLimitMs = limits.cpuTimeLimitMs;
    if (limits.cpuTimeLimitMs > 0) this.arm(limits.cpuTimeLimitMs + watchdogGrace(limits.cpuTimeLimitMs));
    const wall = limits.wallTimeLimitMs;
    if (wall > 0) {
      this.wallTimer = setTimeout(() => this.stopFor(EXIT.CPU_LIMIT, wallTimeMessage(wall), STOP_CODE.WALL_TIME), Math.min(wall, MAX_TIMER_MS));
      unrefTimer(this.wallTimer);
    }
  }

  taken(bytes: number): void {
    this.queuedBytes = Math.max(0, this.queuedBytes - bytes);
  }

  post(event: HostEvent): void {
    if (this.settled) return;
    if (event.value instanceof Uint8Array) this.queuedBytes += event.value.byteLength;
    // Before the engine has the run, events wait in the outbox.
    this.outbox.push(event);
    if (this.outbox.length === 1 && this.engine) queueMicrotask(() => this.flush());
  }

  private flush(): void {
    if (this.outbox.length === 0 || !this.engine || this.settled) return;
    const events = this.outbox;
    this.outbox = [];
    this.engine.sendEvents(this, events);
  }

  stdio(channel: "stdout" | "stderr", message: string): void {
    if (!this.settled) this.host.stdio({ channel, message });
  }

  /** The watchdog: ends the thread when the guest overran its CPU budget without reaching an interrupt check. */
  private arm(delayMs: number): void {
    // A budget past setTimeout's range is checked at its longest delay, and re-armed.
    this.watchdog = setTimeout(() => {
      const engine = this.engine;
      if (!engine || this.settled) return;
      const limit = this.cpuLimitMs;
      if (limit <= 0) return;
      const used = engine.cpuUsedMs();
      const deadline = limit + watchdogGrace(limit);
      if (used >= deadline) {
        engine.kill({ code: EXIT.CPU_LIMIT, errorMessage: "CPU time limit exceeded", fuel: 0, cpuTimeMs: used });
      } else {
        this.arm(Math.max(5, deadline - used));
      }
    }, Math.min(delayMs, MAX_TIMER_MS));
    unrefTimer(this.watchdog);
  }

  terminate(): void {
    this.stopFor(EXIT.TERMINATED, "The run was terminated", STOP_CODE.TERMINATE);
  }

  /** Stops the program cooperatively, then by ending its thread; it ends with `code` and `message` if it must be ended. */
  private stopFor(code: number, message: string, stopCode: number): void {
    if (this.settled || this.stopResult) return;
    this.stopResult = { code, errorMessage: message, fuel: 0, cpuTimeMs: 0 };
    const engine = this.engine;
    if (!engine) {
      this.pool.forget(this);
      return this.finish(this.stopResult);
    }
    engine.requestStop(stopCode);
    this.stopTimer = setTimeout(() => {
      if (!this.settled) engine.kill(this.stopResult!);
    }, STOP_GRACE_MS);
  }

  finish(result: EngineResult): void {
    if (this.settled) return;
    this.settled = true;
    this.outbox = [];
    if (this.watchdog) clearTimeout(this.watchdog);
    if (this.wallTimer) clearTimeout(this.wallTimer);
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.resolve(result);
  }
}

/** The result of a run whose thread could not be started. */
function startFailure(error: unknown): EngineResult {
  const reason = error instanceof Error ? error.message : String(error);
  return { code: EXIT.ENGINE_FAILURE, errorMessage: `Could not start the sandbox engine: ${reason}`, fuel: 0, cpuTimeMs: 0 };
}

/** Node's timers can be told not to keep the process alive; browsers' timers are numbers. */
function unrefTimer(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}

/** Engine threads shared by the runtimes that use this pool. */
export class EnginePool {
  private readonly idle: PooledEngine[] = [];
  private readonly all = new Set<PooledEngine>();
  private readonly waiting: ActiveRun[] = [];
  private starting = 0;

  constructor(private readonly options: EnginePoolOptions) {}

  /** Makes sure a thread is starting or idle, so the first run does not pay for a thread start. */
  warm(memoryLimitMb: number): void {
    if (this.idle.length > 0 || this.starting > 0 || this.all.size >= this.options.maxThreads) return;
    this.spawn(memoryLimitMb).then(
      (engine) => (this.release(engine), this.grow()),
      (error: unknown) => {
        // Runs that counted on this thread, which no other starting or busy thread will take, end with why.
        const busy = this.all.size - this.idle.length;
        while (this.waiting.length > this.starting + busy) this.waiting.shift()!.finish(startFailure(error));
        this.grow();
      },
    );
  }

  /** Runs a program on a free thread, starting one if none is free. */
  start(spec: RunSpec, host: RunHost): RunningProgram {
    const run = new ActiveRun(spec, host, this);
    const engine = this.idle.pop();
    if (engine) {
      run.attach(engine);
      return run;
    }
    this.waiting.push(run);
    this.grow();
    return run;
  }

  /**
   * Starts a thread for the waiting runs, one at a time: the next starts once
   * this one is up (and has taken the first waiting run). A thread lowers its
   * own priority only once its script runs, so threads started all at once
   * would take every core from the host's event loop while they boot (with
   * guests already spinning on the others).
   */
  private grow(): void {
    if (this.starting > 0 || this.waiting.length === 0 || this.all.size >= this.options.maxThreads) return;
    const first = this.waiting[0]!;
    this.spawn(first.spec.memoryLimitMb).then(
      (started) => (this.release(started), this.grow()),
      (error: unknown) => {
        // The run that asked for this thread ends with why; the next waiting one tries again.
        this.forget(first);
        first.finish(startFailure(error));
        this.grow();
      },
    );
  }

  /** A runtime driver on this pool: its `dispose()` terminates the programs it started, and only those. */
  createRuntimeDriver(): RuntimeDriver {
    const running = new Set<RunningProgram>();
    return {
      warm: (memoryLimitMb) => this.warm(memoryLimitMb),
      start: (spec, host) => {
        const program = this.start(spec, host);
        running.add(program);
        void program.result.then(() => running.delete(program));
        return program;
      },
      dispose() {
        for (const program of running) program.terminate();
        running.clear();
      },
    };
  }

  /** Whether a thread other than `engine` runs a program now. */
  othersRunning(engine: PooledEngine): boolean {
    for (const other of this.all) if (other !== engine && other.running) return true;
    return false;
  }

  /** A run that no longer waits for a thread. */
  forget(run: ActiveRun): void {
    const i = this.waiting.indexOf(run);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** A thread is free again: the next waiting run takes it, or it idles (or ends, past `maxIdle`). */
  release(engine: PooledEngine): void {
    if (engine.dead) return;
    let next = this.waiting.shift();
    while (next && next.isSettled) next = this.waiting.shift();
    if (next) return next.attach(engine);
    if (this.idle.length >= this.options.maxIdle) {
      engine.dead = true;
      this.all.delete(engine);
      engine.thread.terminate();
      return;
    }
    this.idle.push(engine);
  }

  /**
   * A thread ended: it leaves the pool and a replacement starts ahead of the next run, unless
   * it died before running anything and no run waits (the replacement would die the same way,
   * again and again; the next run starts a thread and reports why it failed).
   */
  onDead(engine: PooledEngine): void {
    this.all.delete(engine);
    const i = this.idle.indexOf(engine);
    if (i >= 0) this.idle.splice(i, 1);
    if (engine.ran || this.waiting.length > 0) this.warm(this.waiting[0]?.spec.memoryLimitMb ?? engine.memoryLimitMb);
  }

  private async spawn(memoryLimitMb: number): Promise<PooledEngine> {
    this.starting++;
    try {
      let engine: PooledEngine | null = null;
      let earlyDeath: string | null = null;
      // No run can be in flight before the thread joins the pool, so earlier messages have no one to go to.
      const thread = await this.options.spawn(memoryLimitMb, {
        message: (message) => engine?.onMessage(message),
        died: (reason) => (engine ? engine.died(reason) : (earlyDeath = reason)),
      });
      engine = new PooledEngine(thread, memoryLimitMb, this);
      this.all.add(engine);
      if (earlyDeath !== null) engine.died(earlyDeath);
      return engine;
    } finally {
      this.starting--;
    }
  }
}
