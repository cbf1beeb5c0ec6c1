/**
 * One run in a sandbox: the run's spec, the host it reports to, its CPU
 * meter, and the host ops it calls. A sandbox runs one program, so a
 * `RunState` lives from `Sandbox.execute` until that run ends.
 * @module
 */
import { HOST_CALL_FUEL, type CpuMeter } from "./cpu-meter.js";
import type { HostEvent, OpOutcome, RunSpec } from "./protocol.js";
import { refusalOf } from "./op-refusal.js";
import { createRunClock, type RunClock } from "./run-clock.js";

/** What the engine needs from the thread it runs on. */
export interface EngineHost {
  /** Delivers guest output. */
  stdio(channel: "stdout" | "stderr", message: string): void;
  /** Runs a host op and waits for it (the guest is blocked meanwhile). */
  callSync(op: string, args: unknown[]): OpOutcome;
  /** Starts a host op without waiting; its outcome comes back as an event for `id`. */
  submit(id: number, op: string, args: unknown[]): void;
  /** The host events that arrived since the last call, in order. */
  takeEvents(): HostEvent[];
  /** Resolves after `ms`, or as soon as an event arrives or the run is asked to stop. */
  wait(ms: number): Promise<void>;
  /** Shared control slots (see `CONTROL`). */
  readonly control: Int32Array;
  /** Shared meter slots read by the watchdog (see `METER`). */
  readonly meter: Float64Array;
}

/** What an op call answers once the run is ending (or outside a run). */
export function shuttingDown(): OpOutcome {
  return { ok: false, error: { name: "Error", message: "The sandbox is shutting down" } };
}

/** The state of the run in progress, shared by the host functions, the event loop and the results. */
export class RunState {
  /** The code `process.exit` asked for, once it did. */
  exitCode: number | null = null;
  /** Host events taken from the host (or made by the engine) but not delivered yet, in order. */
  readonly events: HostEvent[] = [];
  /** The run's clock (real, or virtual under `timing: "virtual"`): the guest's monotonic clock and the timers' deadlines. */
  readonly clock: RunClock;

  /**
   * @param spec what to run and how.
   * @param host the thread the engine runs on.
   * @param meter the run's CPU meter (already installed as the interrupt handler).
   * @param clock the run's clock, when not a fresh one for `spec.timing` (a live module's calls go on from the last).
   */
  constructor(
    readonly spec: RunSpec,
    readonly host: EngineHost,
    readonly meter: CpuMeter,
    clock?: RunClock,
  ) {
    this.clock = clock ?? createRunClock(spec.timing, () => meter.fuel);
  }

  /** Milliseconds since the run started, on the run's clock. */
  now(): number {
    return this.clock.now();
  }

  /** Runs a host op while the guest waits; the CPU meter does not count the wait. Refused ops are answered here. */
  callOp(op: string, args: unknown[]): OpOutcome {
    if (this.meter.charge(HOST_CALL_FUEL)) return shuttingDown();
    const refused = refusalOf(this.spec.refusedOps, op);
    if (refused) return { ok: false, error: refused };
    // A host binding's time is the guest's: it is charged to the CPU budget.
    if (op.startsWith("binding.")) return this.host.callSync(op, args);
    return this.meter.paused(() => this.host.callSync(op, args));
  }

  /** Starts a host op whose outcome arrives as an event for `id`; a refused op's error is queued as that event at once. */
  submit(id: number, op: string, args: unknown[]): void {
    this.meter.charge(HOST_CALL_FUEL);
    const refused = refusalOf(this.spec.refusedOps, op);
    if (refused) this.events.push({ target: id, name: "error", value: refused });
    else this.host.submit(id, op, args);
  }
}
