/**
 * Counts fuel and guest CPU time for one run, and decides when the engine's
 * interrupt handler stops the guest.
 *
 * Time is counted only while guest code runs (between `enter` and `leave`);
 * waits for timers and host operations are free. The slice start and the time
 * used so far are published in shared memory so the host's watchdog can end a
 * guest stuck in a native builtin that never reaches the interrupt handler.
 * @module
 */
import { CONTROL, METER } from "./protocol.js";

/** Why the engine stopped the guest. */
export type StopReason = "cpu" | "memory" | "terminated" | "exit";

/** Per-run fuel and CPU accounting. */
export class CpuMeter {
  /** Interrupt-handler calls so far in this run. */
  fuel = 0;
  /** Set once the guest must stop; sticky for the rest of the run. */
  stopReason: StopReason | null = null;
  private used = 0;
  private sliceStart = 0;
  private depth = 0;

  /**
   * @param limitMs CPU budget in ms, 0 for none.
   * @param heapExhausted tells whether the memory cap was reached.
   * @param control shared control slots (the host's stop request).
   * @param meter shared slots read by the host's watchdog.
   */
  constructor(
    private readonly limitMs: number,
    private readonly heapExhausted: () => boolean,
    private readonly control: Int32Array,
    private readonly meter: Float64Array,
  ) {}

  /** Guest CPU time used so far, ms. */
  get cpuTimeMs(): number {
    return this.depth > 0 ? this.used + (performance.now() - this.sliceStart) : this.used;
  }

  /** Marks the start of guest execution; nests. */
  enter(): void {
    if (this.depth++ > 0) return;
    this.sliceStart = performance.now();
    this.meter[METER.USED] = this.used;
    this.meter[METER.SLICE_START] = performance.timeOrigin + this.sliceStart;
  }

  /** Marks the end of guest execution. */
  leave(): void {
    if (--this.depth > 0) return;
    this.used += performance.now() - this.sliceStart;
    this.meter[METER.SLICE_START] = 0;
    this.meter[METER.USED] = this.used;
  }

  /** Runs `fn` with the clock stopped (a synchronous wait for the host). */
  paused<T>(fn: () => T): T {
    if (this.depth === 0) return fn();
    this.used += performance.now() - this.sliceStart;
    this.meter[METER.SLICE_START] = 0;
    this.meter[METER.USED] = this.used;
    try {
      return fn();
    } finally {
      this.sliceStart = performance.now();
      this.meter[METER.SLICE_START] = performance.timeOrigin + this.sliceStart;
    }
  }

  /** The engine's interrupt handler: counts fuel, returns true to stop the guest. */
  readonly interrupt = (): boolean => {
    this.fuel++;
    return this.check();
  };

  /** Whether the guest must stop now; records why. */
  check(): boolean {
    if (this.stopReason !== null) return true;
    if (this.heapExhausted()) this.stopReason = "memory";
    else if (Atomics.load(this.control, CONTROL.STOP) !== 0) this.stopReason = "terminated";
    else if (this.limitMs > 0 && this.cpuTimeMs > this.limitMs) this.stopReason = "cpu";
    return this.stopReason !== null;
  }

  /** Asks the guest to stop at the next interrupt check (used by `process.exit`). */
  requestStop(reason: StopReason): void {
    if (this.stopReason === null) this.stopReason = reason;
  }
}
