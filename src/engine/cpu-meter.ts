/**
 * Counts fuel and guest CPU time for one run, and decides when the engine's
 * interrupt handler stops the guest.
 *
 * Time is counted for the whole run (between `enter` and `leave`): guest code
 * and the engine's own work for it (delivering events, copying values in and
 * out). Only waits are free: for timers, for host operations, for the host to
 * take output. The slice start and the time used so far are published in
 * shared memory so the host's watchdog can end a run stuck where the interrupt
 * handler is never reached: in a native builtin, or in the engine itself.
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

  /** Starts the clock (the run begins); nests. */
  enter(): void {
    if (this.depth++ > 0) return;
    this.startSlice();
  }

  /** Stops the clock (the run ended). */
  leave(): void {
    if (--this.depth > 0) return;
    this.endSlice();
  }

  /** Runs `fn` with the clock stopped (a synchronous wait for the host). */
  paused<T>(fn: () => T): T {
    if (this.depth === 0) return fn();
    this.endSlice();
    try {
      return fn();
    } finally {
      this.startSlice();
    }
  }

  /** Awaits `fn` with the clock stopped (a wait for timers or host events). */
  async pausedWhile<T>(fn: () => Promise<T>): Promise<T> {
    if (this.depth === 0) return fn();
    this.endSlice();
    try {
      return await fn();
    } finally {
      this.startSlice();
    }
  }

  private startSlice(): void {
    this.sliceStart = performance.now();
    this.meter[METER.USED] = this.used;
    this.meter[METER.SLICE_START] = performance.timeOrigin + this.sliceStart;
  }

  private endSlice(): void {
    this.used += performance.now() - this.sliceStart;
    this.meter[METER.SLICE_START] = 0;
    this.meter[METER.USED] = this.used;
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
