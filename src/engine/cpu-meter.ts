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
import { CONTROL, METER, STOP_CODE } from "./protocol.js";

/** Why the engine stopped the guest. */
export type StopReason = "cpu" | "fuel" | "wall" | "memory" | "terminated" | "exit";

/**
 * Fuel charged for each host call the guest makes (an op, a binding), on top
 * of the interrupt-handler calls: a loop through the host pays even when it
 * runs few guest instructions per turn. One unit is about what 10,000
 * interpreter steps cost.
 */
export const HOST_CALL_FUEL = 1;
/** Fuel charged for each macrotask the event loop runs (a timer, an immediate, a host event). */
export const MACROTASK_FUEL = 1;

/** Per-run fuel and CPU accounting. */
export class CpuMeter {
  /** Interrupt-handler calls so far in this run. */
  fuel = 0;
  /** Set once the guest must stop; sticky for the rest of the run. */
  stopReason: StopReason | null = null;
  /** Fuel budget: past it the guest stops with "fuel" (0: none). */
  fuelLimit = 0;
  /** `performance.now()` past which the guest stops with "wall" (0: none). */
  wallDeadline = 0;
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

  /** Adds a fixed charge (a host call, a macrotask) to the fuel; true if the guest must stop now. */
  charge(units: number): boolean {
    this.fuel += units;
    return this.check();
  }

  /** Whether the guest must stop now; records why. */
  check(): boolean {
    if (this.stopReason !== null) return true;
    const stop = Atomics.load(this.control, CONTROL.STOP);
    if (this.heapExhausted()) this.stopReason = "memory";
    else if (stop !== 0) this.stopReason = stop === STOP_CODE.WALL_TIME ? "wall" : "terminated";
    else if (this.fuelLimit > 0 && this.fuel > this.fuelLimit) this.stopReason = "fuel";
    else if (this.limitMs > 0 && this.cpuTimeMs > this.limitMs) this.stopReason = "cpu";
    else if (this.wallDeadline > 0 && performance.now() > this.wallDeadline) this.stopReason = "wall";
    return this.stopReason !== null;
  }

  /** Asks the guest to stop at the next interrupt check (used by `process.exit`). */
  requestStop(reason: StopReason): void {
    if (this.stopReason === null) this.stopReason = reason;
  }
}
