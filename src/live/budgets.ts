/**
 * The budgets a run or a live module's call may be given: `cpuTimeLimitMs`,
 * `fuelLimit` and `wallTimeLimitMs`, checked as options are (a wrong one is a
 * TypeError or RangeError naming it).
 * @module
 */
import type { ActivationLimits } from "../engine/live-protocol.js";
import { checkCpuLimit, describe } from "../options.js";

/** The three budgets, each 0 when there is none. */
export type Budgets = ActivationLimits;

/** Options that may carry budgets. */
export interface BudgetOptions {
  cpuTimeLimitMs?: number;
  fuelLimit?: number;
  wallTimeLimitMs?: number;
}

/**
 * Checks the budgets among `options`; absent ones are 0 (none).
 * @throws TypeError or RangeError naming the first bad one.
 */
export function checkBudgets(options: BudgetOptions): Budgets {
  return {
    cpuTimeLimitMs: checkCpuLimit(options.cpuTimeLimitMs) ?? 0,
    fuelLimit: checkFuelLimit(options.fuelLimit) ?? 0,
    wallTimeLimitMs: checkCpuLimit(options.wallTimeLimitMs, "wallTimeLimitMs") ?? 0,
  };
}

/** A fuel limit: a positive integer (undefined: none). */
export function checkFuelLimit(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number") throw new TypeError(`fuelLimit must be a number, got ${describe(value)}`);
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`fuelLimit must be a positive integer, got ${value}`);
  return value;
}

/** `given`'s budgets where it sets them, `defaults`' elsewhere. */
export function mergeBudgets(defaults: Budgets, given: BudgetOptions): Budgets {
  const checked = checkBudgets(given);
  return {
    cpuTimeLimitMs: given.cpuTimeLimitMs === undefined ? defaults.cpuTimeLimitMs : checked.cpuTimeLimitMs,
    fuelLimit: given.fuelLimit === undefined ? defaults.fuelLimit : checked.fuelLimit,
    wallTimeLimitMs: given.wallTimeLimitMs === undefined ? defaults.wallTimeLimitMs : checked.wallTimeLimitMs,
  };
}
