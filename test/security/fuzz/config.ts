/**
 * How the fuzz suites run: the seed (fixed with `FUZZ_SEED=<integer>`, random
 * otherwise; fast-check prints the seed and the shrunk counterexample of any
 * failure, so `FUZZ_SEED=<seed>` replays it) and how many runs each property
 * gets (`FUZZ_RUNS_SCALE=<factor>` multiplies them for a longer local session).
 * @module
 */
import type { Parameters } from "fast-check";

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${JSON.stringify(raw)}`);
  return value;
}

/** The seed every property uses, from `FUZZ_SEED`; undefined lets fast-check pick (and print) one. */
export const FUZZ_SEED: number | undefined = envNumber("FUZZ_SEED");

/** Multiplies every property's run count (`FUZZ_RUNS_SCALE`, default 1). */
export const FUZZ_RUNS_SCALE: number = envNumber("FUZZ_RUNS_SCALE") ?? 1;

/** fast-check parameters for a property of `numRuns` runs (before scaling), with the suite's seed. */
export function fuzzParameters<T>(numRuns: number): Parameters<T> {
  const runs = Math.max(1, Math.round(numRuns * FUZZ_RUNS_SCALE));
  return FUZZ_SEED === undefined ? { numRuns: runs } : { numRuns: runs, seed: FUZZ_SEED };
}
