/**
 * Engine workers for Node, shared by every NodeRuntime in the process.
 *
 * A worker runs one program at a time and keeps the next sandbox ready, so a
 * run costs a message round trip plus the program itself. Idle workers do
 * not keep the process alive. A worker that has to be killed (a wedged guest,
 * a crash) is replaced; the others are untouched.
 * @module
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { getQuickJSModule } from "../../wasm/node.js";
import { CONTROL, EXIT, METER, type EngineResult, type HostEvent, type OpOutcome, type RunSpec } from "../engine/protocol.js";
import type { RunHost, RunningProgram } from "../driver.js";
import type { HostToWorker, WorkerData, WorkerToHost } from "./worker-protocol.js";

/** Native stack of an engine thread: far above QuickJS's own limit, so deep guest recursion stays a guest error. */
const WORKER_STACK_MB = 16;
/** Extra time the watchdog allows past the CPU limit before it ends the thread. */
const watchdogGrace = (limitMs: number) => Math.max(50, limitMs * 0.1);
/** How long a cooperative stop may take before the thread is ended. */
const STOP_GRACE_MS = 100;
/** Idle workers kept for reuse. */
const MAX_IDLE = 4;
/** Engine threads alive at once; further runs queue for a free one. */
const MAX_WORKERS = 8;

let nextRunId = 1;

/** One engine thread. */
class EngineWorker {
  readonly worker: Worker;
  readonly control: Int32Array;
  readonly meter: Float64Array;
  private readonly syncPort: MessagePort;
  private current: ActiveRun | null = null;
  /** Synchronous ops asked so far, and the one the engine is blocked on (0: none). */
  private syncCalls = 0;
  private syncWaiting = 0;
  dead = false;

  constructor(wasmModule: WebAssembly.Module, readonly memoryLimitMb: number, private readonly onDead: (w: EngineWorker) => void) {
    const control = new SharedArrayBuffer(CONTROL.LENGTH * 4);
    const meter = new SharedArrayBuffer(METER.LENGTH * 8);
    this.control = new Int32Array(control);
    this.meter = new Float64Array(meter);
    const { port1, port2 } = new MessageChannel();
    this.syncPort = port1;
    this.syncPort.unref();
    const workerData: WorkerData = { wasmModule, control, meter, syncPort: port2, memoryLimitMb };
    this.worker = new Worker(new URL("./engine-worker.js", import.meta.url), {
      workerData,
      transferList: [port2],
      resourceLimits: { stackSizeMb: WORKER_STACK_MB },
      stdout: false,
      stderr: false,
    });
    this.worker.on("message", (message: WorkerToHost) => this.onMessage(message));
    this.worker.on("error", (error) => this.die(`The sandbox engine crashed: ${error.message}`));
    this.worker.on("exit", () => this.die("The sandbox engine exited unexpectedly"));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    this.worker.unref();
  }

  get busy(): boolean {
    return this.current !== null;
  }

  start(run: ActiveRun): void {
    this.current = run;
    this.syncWaiting = 0;
    Atomics.store(this.control, CONTROL.STOP, 0);
    this.meter[METER.SLICE_START] = 0;
    this.meter[METER.USED] = 0;
    this.worker.ref();
    this.post({ type: "run", runId: run.id, spec: run.spec });
  }

  /** Asks the engine to stop the current run at its next check (waking it if it waits for events). */
  requestStop(): void {
    Atomics.store(this.control, CONTROL.STOP, 1);
    Atomics.notify(this.control, CONTROL.STOP);
    if (this.current) this.post({ type: "stop", runId: this.current.id });
    // An engine blocked on a host op (a spawnSync, a slow filesystem) is released at once; the op's late answer is dropped.
    if (this.current && this.syncWaiting !== 0) this.reply({ ok: false, error: { name: "Error", message: "The run was terminated" } });
  }

  /** Sends host events to the current run. */
  sendEvents(run: ActiveRun, events: HostEvent[]): void {
    if (this.current !== run || this.dead) return;
    this.post({ type: "events", runId: run.id, events });
  }

  private post(message: HostToWorker): void {
    this.worker.postMessage(message);
  }

  /** Ends the thread at once; the current run ends with `result`. */
  kill(result: EngineResult): void {
    const run = this.current;
    this.current = null;
    if (run) run.finish(result);
    this.dead = true;
    void this.worker.terminate();
    this.onDead(this);
  }

  private finishCurrent(result: EngineResult): void {
    const run = this.current;
    this.current = null;
    this.worker.unref();
    run?.finish(result);
  }

  private onMessage(message: WorkerToHost): void {
    const run = this.current;
    if (!run || message.runId !== run.id) return;
    switch (message.type) {
      case "stdio":
        run.stdio(message.channel, message.message);
        return;
      case "op":
        void this.answerOp(run, message.op, message.args);
        return;
      case "taken":
        run.taken(message.bytes);
        return;
      case "submit":
        void this.settleOp(run, message.id, message.op, message.args);
        return;
      case "done":
        this.finishCurrent(message.result);
        release(this);
        return;
      case "failed":
        this.kill({ code: EXIT.ENGINE_FAILURE, errorMessage: `The sandbox engine failed: ${message.message}`, fuel: 0, cpuTimeMs: 0 });
        return;
    }
  }

  private async answerOp(run: ActiveRun, op: string, args: unknown[]): Promise<void> {
    const call = ++this.syncCalls;
    this.syncWaiting = call;
    const outcome = await outcomeOf(run, op, args);
    if (this.current !== run || this.dead || this.syncWaiting !== call) return;
    this.reply(outcome);
  }

  /** Answers the synchronous op the engine is blocked on. */
  private reply(outcome: OpOutcome): void {
    this.syncWaiting = 0;
    this.syncPort.postMessage(outcome);
    Atomics.store(this.control, CONTROL.SYNC_READY, 1);
    Atomics.notify(this.control, CONTROL.SYNC_READY);
  }

  /** An async op: its outcome goes back as an event, in order with the run's other events. */
  private async settleOp(run: ActiveRun, id: number, op: string, args: unknown[]): Promise<void> {
    const outcome = await outcomeOf(run, op, args);
    run.post(outcome.ok ? { target: id, name: "ok", value: outcome.value } : { target: id, name: "error", value: outcome.error });
  }

  private die(message: string): void {
    if (this.dead) return;
    this.dead = true;
    const run = this.current;
    this.current = null;
    if (run) run.finish(run.stopResult ?? { code: EXIT.ENGINE_FAILURE, errorMessage: message, fuel: 0, cpuTimeMs: 0 });
    this.onDead(this);
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

/** One program in flight on a worker. */
class ActiveRun implements RunningProgram {
  readonly id = nextRunId++;
  readonly result: Promise<EngineResult>;
  /** The result to report if the thread has to be ended. */
  stopResult: EngineResult | null = null;
  private resolve!: (r: EngineResult) => void;
  private settled = false;
  private worker: EngineWorker | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private stopTimer: ReturnType<typeof setTimeout> | null = null;
  /** Events waiting to go to the engine: sent together at the end of the host's current task. */
  private outbox: HostEvent[] = [];

  constructor(readonly spec: RunSpec, readonly host: RunHost) {
    this.result = new Promise((resolve) => (this.resolve = resolve));
  }

  attach(worker: EngineWorker): void {
    if (this.settled) return release(worker);
    this.worker = worker;
    worker.start(this);
    this.flush();
    if (this.spec.cpuTimeLimitMs > 0) this.arm(this.spec.cpuTimeLimitMs + watchdogGrace(this.spec.cpuTimeLimitMs));
  }

  /** Bytes of event data posted to the engine and not yet taken by it. */
  queuedBytes = 0;

  taken(bytes: number): void {
    this.queuedBytes = Math.max(0, this.queuedBytes - bytes);
  }

  post(event: HostEvent): void {
    if (this.settled) return;
    if (event.value instanceof Uint8Array) this.queuedBytes += event.value.byteLength;
    // Before the engine has the run, events wait in the outbox.
    this.outbox.push(event);
    if (this.outbox.length === 1 && this.worker) queueMicrotask(() => this.flush());
  }

  private flush(): void {
    if (this.outbox.length === 0 || !this.worker || this.settled) return;
    const events = this.outbox;
    this.outbox = [];
    this.worker.sendEvents(this, events);
  }

  stdio(channel: "stdout" | "stderr", message: string): void {
    if (!this.settled) this.host.stdio({ channel, message });
  }

  /** The watchdog: ends the thread when the guest overran its CPU budget without reaching an interrupt check. */
  private arm(delayMs: number): void {
    this.watchdog = setTimeout(() => {
      const worker = this.worker;
      if (!worker || this.settled) return;
      const limit = this.spec.cpuTimeLimitMs;
      const sliceStart = worker.meter[METER.SLICE_START]!;
      const used = worker.meter[METER.USED]! + (sliceStart > 0 ? performance.timeOrigin + performance.now() - sliceStart : 0);
      const deadline = limit + watchdogGrace(limit);
      if (used >= deadline) {
        worker.kill(this.limitResult(used));
      } else {
        this.arm(Math.max(5, deadline - used));
      }
    }, delayMs);
    this.watchdog.unref?.();
  }

  private limitResult(used: number): EngineResult {
    return { code: EXIT.CPU_LIMIT, errorMessage: "CPU time limit exceeded", fuel: 0, cpuTimeMs: used };
  }

  terminate(): void {
    if (this.settled) return;
    this.stopResult = { code: EXIT.TERMINATED, errorMessage: "The run was terminated", fuel: 0, cpuTimeMs: 0 };
    const worker = this.worker;
    if (!worker) return this.finish(this.stopResult);
    worker.requestStop();
    this.stopTimer = setTimeout(() => {
      if (!this.settled) worker.kill(this.stopResult!);
    }, STOP_GRACE_MS);
  }

  finish(result: EngineResult): void {
    if (this.settled) return;
    this.settled = true;
    this.outbox = [];
    if (this.watchdog) clearTimeout(this.watchdog);
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.resolve(result);
  }
}

// ---- the pool ----------------------------------------------------------------

const idle: EngineWorker[] = [];
const all = new Set<EngineWorker>();
const waiting: ActiveRun[] = [];
let starting = 0;

function onDead(worker: EngineWorker): void {
  all.delete(worker);
  const i = idle.indexOf(worker);
  if (i >= 0) idle.splice(i, 1);
  // A killed thread (a limit, a terminate) is replaced ahead of the next run.
  warmPool(worker.memoryLimitMb);
}

function release(worker: EngineWorker): void {
  if (worker.dead) return;
  const next = waiting.shift();
  if (next) return next.attach(worker);
  if (idle.length >= MAX_IDLE) {
    worker.dead = true;
    all.delete(worker);
    void worker.worker.terminate();
    return;
  }
  idle.push(worker);
}

async function spawn(memoryLimitMb: number): Promise<EngineWorker> {
  starting++;
  try {
    const wasmModule = await getQuickJSModule();
    const worker = new EngineWorker(wasmModule, memoryLimitMb, onDead);
    all.add(worker);
    return worker;
  } finally {
    starting--;
  }
}

/** Makes sure a worker is starting or idle, so the first run does not pay for a thread start. */
export function warmPool(memoryLimitMb: number): void {
  if (idle.length > 0 || starting > 0 || all.size >= MAX_WORKERS) return;
  spawn(memoryLimitMb).then(release, () => {});
}

/** Runs a program on a free worker, starting one if none is free. */
export function startRun(spec: RunSpec, host: RunHost): RunningProgram {
  const run = new ActiveRun(spec, host);
  const worker = idle.pop();
  if (worker) {
    run.attach(worker);
  } else {
    waiting.push(run);
    // A worker already starting (the warm-up one, say) will take the first waiting run.
    if (starting >= waiting.length || all.size + starting >= MAX_WORKERS) return run;
    spawn(spec.memoryLimitMb).then(
      (w) => release(w),
      (error: unknown) => {
        const i = waiting.indexOf(run);
        if (i >= 0) waiting.splice(i, 1);
        run.finish({ code: EXIT.ENGINE_FAILURE, errorMessage: `Could not start the sandbox engine: ${error instanceof Error ? error.message : String(error)}`, fuel: 0, cpuTimeMs: 0 });
      },
    );
  }
  return run;
}
