// Fuzzing of the raw marshalling of results (issue 6): fast-check draws a value
// the guest puts in module.exports (fuzz/export-values.ts: nested objects and
// arrays with cycles and shared parts, sparse arrays, __proto__ keys, typed
// arrays and views into larger buffers, Buffers, valid and invalid Dates, Maps,
// Sets, RegExps, Errors, getters, Proxies, class instances, null-prototype
// objects, and sometimes a function, a symbol, a Promise, a WeakMap, a getter
// or Proxy trap that throws, nesting past 500 levels, or a getter that never
// returns), runs the program that builds it, and checks the copy.
//
// "Contained" means:
// - a value with nothing uncopyable comes back with code 0 as a faithful copy:
//   same primitives (NaN, -0, bigints, lone surrogates and NULs included), same
//   kinds, same bytes (only the view's own), same cycles and shared parts,
//   plain objects and arrays with the host's own prototypes and no accessors;
// - a value with something uncopyable ends with code 1 and an error naming
//   where (module.exports...) and what (the kind, or what the getter or trap threw);
//   a getter that never returns ends with 124 at the CPU limit: never a hang;
// - the host's shared prototypes are unchanged.
// Runs: RUNS per property (times FUZZ_RUNS_SCALE); FUZZ_SEED=<n> replays.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { harness } from "../helpers.js";
import { fuzzParameters } from "./fuzz/config.js";
import { BAD_MESSAGES, badKindsOf, copyDifferences, expectedCopy, exportDesc, exportSource, type ExportDesc } from "./fuzz/export-values.js";
import { hostPollution, hostPrototypes } from "./fuzz/plain.js";

/** Runs per property. */
const RUNS = 120;

const h = harness({ cpuTimeLimitMs: 500 });
const prototypes = hostPrototypes();
afterAll(() => h.runtime.dispose());

/** Runs the program for `desc`; returns what was not contained. */
async function checkExport(desc: ExportDesc): Promise<string[]> {
  const r = await h.runtime.run(exportSource(desc));
  const bad = badKindsOf(desc);
  const problems: string[] = [];
  if (bad.size === 0) {
    if (r.code !== 0) problems.push(`code ${r.code} for a copyable value: ${r.errorMessage}`);
    else problems.push(...copyDifferences(r.exports, expectedCopy(desc)));
  } else if (r.code === 124) {
    if (!bad.has("spin")) problems.push(`code 124 without a getter that never returns: ${r.errorMessage}`);
  } else if (r.code !== 1) {
    problems.push(`code ${r.code} for a value holding ${[...bad].join(", ")}`);
  } else {
    const message = r.errorMessage ?? "";
    if (![...bad].some((kind) => BAD_MESSAGES[kind].test(message))) problems.push(`the error does not say what is wrong (${[...bad].join(", ")}): ${message}`);
    if (r.exports !== undefined) problems.push("a failed copy still handed over exports");
  }
  problems.push(...hostPollution(prototypes));
  return problems;
}

describe("module.exports marshalling, fuzzed", () => {
  it("copyable values come back faithfully (code 0)", async () => {
    await fc.assert(
      fc.asyncProperty(exportDesc(0), async (desc) => {
        expect(await checkExport(desc)).toEqual([]);
      }),
      fuzzParameters(RUNS),
    );
  });

  it("values holding something uncopyable fail with an error naming it (code 1), or hit the CPU limit (124), never hang", async () => {
    await fc.assert(
      fc.asyncProperty(exportDesc(3).filter((desc) => badKindsOf(desc).size > 0), async (desc) => {
        expect(await checkExport(desc)).toEqual([]);
      }),
      fuzzParameters(RUNS / 2),
    );
  });

  it("an invalid Date stays invalid (it used to come back as the epoch)", async () => {
    // Contained: the copy of new Date(NaN) is an invalid Date, not 1970-01-01.
    const r = await h.runtime.run(`module.exports = { bad: new Date(NaN), good: new Date(5) };`);
    expect(r.code).toBe(0);
    const { bad, good } = r.exports as { bad: Date; good: Date };
    expect(Number.isNaN(bad.getTime())).toBe(true);
    expect(good.getTime()).toBe(5);
  });

  it("what a getter throws is named with its place, whatever it throws", async () => {
    // Contained: a thrown string, a thrown Proxy and a thrown object whose toString throws each give a clear code-1 error.
    const cases: Array<[string, RegExp]> = [
      [`{ list: [0, { get x() { throw "plain text" } }] }`, /module\.exports\.list\[1\]\.x could not be read: "plain text"/],
      [`{ get p() { throw new Proxy({}, { get() { throw 1 }, getPrototypeOf() { throw 2 } }) } }`, /module\.exports\.p could not be read: a thrown object/],
      [`{ get o() { throw { toString() { throw new Error("no") } } } }`, /module\.exports\.o could not be read: a thrown object/],
    ];
    for (const [value, message] of cases) {
      const r = await h.runtime.run(`module.exports = ${value};`);
      expect(r.code).toBe(1);
      expect(r.errorMessage).toMatch(message);
    }
  });
});
