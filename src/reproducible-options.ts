/**
 * The options of reproducible runs, checked and resolved: which clock the
 * guest sees (`timingMitigation`), where the virtual clock starts
 * (`virtualClockStart`), and the seed of the guest's randomness
 * (`randomSeed`). A wrong value is a TypeError or RangeError naming it.
 * @module
 */
import { describe } from "./options.js";
import type { RandomSeed, TimingMitigation } from "./types.js";

/**
 * Where the virtual clock starts when the host names no instant:
 * 2025-01-01T00:00:00.000Z, the same on every run and every machine.
 */
export const DEFAULT_VIRTUAL_CLOCK_START = Date.UTC(2025, 0, 1);

/** The largest distance from the epoch a `Date` can hold, in ms. */
const MAX_DATE_MS = 8.64e15;

/** The longest string seed, in UTF-16 code units. */
const MAX_SEED_LENGTH = 4096;

/** `timingMitigation`, `"virtual"` when absent. */
export function checkTimingMitigation(value: unknown): TimingMitigation {
  if (value === undefined) return "virtual";
  if (value !== "virtual" && value !== "freeze" && value !== "off") {
    throw new TypeError(`timingMitigation must be "virtual", "freeze" or "off", got ${describe(value)}`);
  }
  return value;
}

/** A start instant of the virtual clock (epoch ms or a `Date`), as whole epoch milliseconds; undefined when absent. */
export function checkClockStart(value: unknown, timing: TimingMitigation, name = "virtualClockStart"): number | undefined {
  if (value === undefined) return undefined;
  if (timing !== "virtual") throw new TypeError(`${name} applies to timingMitigation "virtual" only (this runtime's is "${timing}")`);
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== "number") throw new TypeError(`${name} must be a number of milliseconds since the epoch or a Date, got ${describe(value)}`);
  if (!Number.isInteger(ms) || Math.abs(ms) > MAX_DATE_MS) {
    throw new RangeError(`${name} must be a valid date: whole milliseconds within ±${MAX_DATE_MS} of the epoch, got ${String(ms)}`);
  }
  return ms;
}

/**
 * A `randomSeed`, in the form the guest takes it: `"n:<integer>"` for a
 * number, `"s:<text>"` for a string (so `1` and `"1"` are different seeds).
 * Undefined when absent.
 */
export function checkRandomSeed(value: unknown, name = "randomSeed"): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer or a string, got ${value}`);
    return `n:${value}`;
  }
  if (typeof value === "string") {
    if (value.length > MAX_SEED_LENGTH) throw new RangeError(`${name} must be at most ${MAX_SEED_LENGTH} characters long, got ${value.length}`);
    return `s:${value}`;
  }
  throw new TypeError(`${name} must be a safe integer or a string, got ${describe(value)}`);
}

/** The guest's clock at the start of a run: the virtual clock's start instant, else the host's clock now. */
export function runStartTime(timing: TimingMitigation, virtualStart: number | undefined): number {
  return timing === "virtual" ? (virtualStart ?? DEFAULT_VIRTUAL_CLOCK_START) : Date.now();
}

export type { RandomSeed };
