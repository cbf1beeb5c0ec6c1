/**
 * How the fuzz suites run: the seed and how many runs each property gets.
 *
 * - `FUZZ_SEED=<integer>` fixes the seed: fast-check prints the seed and the
 *   shrunk counterexample of any failure, so this replays it.
 * - `FUZZ_SEED=random` lets fast-check pick one, always.
 * - Neither: random on a developer's machine; under CI (`CI` set) the fixed
 *   {@link CI_FUZZ_SEED}, so the gate is reproducible and fails because of a
 *   change, not because it drew a new input. `npm run fuzz` explores at random
 *   with ten times the runs.
 * - `FUZZ_RUNS_SCALE=<factor>` multiplies every property's run count.
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

/** The seed CI runs with unless `FUZZ_SEED` says otherwise. */
export const CI_FUZZ_SEED = 20261121;

/** The seed every property uses (see above); undefined lets fast-check pick (and print) one. */
export const FUZZ_SEED: number | undefined =
  process.env.FUZZ_SEED === "random" ? undefined : (envNumber("FUZZ_SEED") ?? (process.env.CI ? CI_FUZZ_SEED : undefined));

/** Multiplies every property's run count (`FUZZ_RUNS_SCALE`, default 1). */
export const FUZZ_RUNS_SCALE: number = envNumber("FUZZ_RUNS_SCALE") ?? 1;

/** fast-check parameters for a property of `numRuns` runs (before scaling), with the suite's seed. */
export function fuzzParameters<T>(numRuns: number): Parameters<T> {
  const runs = Math.max(1, Math.round(numRuns * FUZZ_RUNS_SCALE));
  return FUZZ_SEED === undefined ? { numRuns: runs } : { numRuns: runs, seed: FUZZ_SEED };
}
