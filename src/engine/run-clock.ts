/**
 * The clock of one run: what the scheduler's deadlines, `performance.now()`,
 * `process.hrtime()` and (from the run's start instant) `Date` count in.
 *
 * Under `timingMitigation: "virtual"` the clock is virtual: it starts at 0
 * (the start instant the host chose), moves forward with the fuel the guest
 * spends ({@link VIRTUAL_MS_PER_FUEL}), and jumps to a timer's deadline when
 * the event loop would otherwise wait for it. Its value is a function of the
 * program alone (fuel is counted by the engine, deterministically), so a
 * program sees the same times on every run and on every machine, and nothing
 * of the host's real timing. Under "freeze" and "off" the scheduler counts
 * real milliseconds since the run started (the prelude then freezes or
 * passes through what the guest reads).
 * @module
 */

/**
 * How far the virtual clock moves per unit of fuel, in ms. One unit of fuel
 * is one call of the engine's interrupt handler, which QuickJS makes about
 * every 10,000 function calls and loop iterations: 0.25 ms puts the virtual
 * clock near what such work takes on a current machine, so busy-wait loops
 * (`while (Date.now() < end)`) end after about as much work as in Node.
 * A power of two, so every reading is exact in binary floating point.
 */
export const VIRTUAL_MS_PER_FUEL = 0.25;

/**
 * The least virtual time the main program's evaluation counts for, in ms. In
 * Node, timers set by the main program count from the event loop's time,
 * taken before Node's own start-up: by the time the loop starts a 0 ms
 * (1 ms) timeout is due, and it runs before `setImmediate` callbacks. The
 * virtual clock does the same by moving at least this far before the loop.
 */
export const VIRTUAL_STARTUP_MS = 1;

/** The clock of one run, in ms since the run started. */
export interface RunClock {
  /** Whether it is the virtual clock (jumps instead of waiting). */
  readonly virtual: boolean;
  /** Milliseconds since the run started. */
  now(): number;
  /** Moves the clock forward to `ms` (never back); only the virtual clock moves this way. */
  advanceTo(ms: number): void;
  /** The main program was evaluated and the event loop starts (see {@link VIRTUAL_STARTUP_MS}). */
  loopStarts(): void;
}

/** The host's real monotonic clock, counted from the run's start. */
class RealClock implements RunClock {
  readonly virtual = false;
  private readonly t0 = performance.now();

  now(): number {
    return performance.now() - this.t0;
  }

  advanceTo(): void {
    // Real time moves by itself.
  }

  loopStarts(): void {
    // Real start-up takes the time it takes.
  }
}

/** A clock that moves only with fuel spent and when the loop jumps to a timer's deadline. */
class VirtualClock implements RunClock {
  readonly virtual = true;
  private jumped = 0;

  /** @param fuel the run's fuel so far. */
  constructor(private readonly fuel: () => number) {}

  now(): number {
    return this.jumped + this.fuel() * VIRTUAL_MS_PER_FUEL;
  }

  advanceTo(ms: number): void {
    const now = this.now();
    if (Number.isFinite(ms) && ms > now) this.jumped += ms - now;
  }

  loopStarts(): void {
    this.advanceTo(VIRTUAL_STARTUP_MS);
  }
}

/**
 * The clock for a run under `timing`.
 * @param fuel reads the run's fuel so far (the virtual clock's second source of motion).
 */
export function createRunClock(timing: "virtual" | "freeze" | "off", fuel: () => number): RunClock {
  return timing === "virtual" ? new VirtualClock(fuel) : new RealClock();
}

/** A clock that reads `offset` ms more than `inner`: a live module's calls each count on from where the last one ended. */
class OffsetClock implements RunClock {
  readonly virtual: boolean;

  constructor(
    private readonly inner: RunClock,
    private readonly offset: number,
  ) {
    this.virtual = inner.virtual;
  }

  now(): number {
    return this.offset + this.inner.now();
  }

  advanceTo(ms: number): void {
    this.inner.advanceTo(ms - this.offset);
  }

  loopStarts(): void {
    this.inner.loopStarts();
  }
}

/**
 * The clock of one call of a live module under `timing`, reading `offset` ms
 * at its start: under the virtual clock the time the module's earlier calls
 * took on it (so nothing of the host's time between calls reaches the guest),
 * else the real time since the module was loaded.
 */
export function createOffsetClock(timing: "virtual" | "freeze" | "off", fuel: () => number, offset: number): RunClock {
  return new OffsetClock(createRunClock(timing, fuel), offset);
}
