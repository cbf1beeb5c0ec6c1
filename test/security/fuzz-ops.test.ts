// Fuzzing of every host operation (issue 6): each op in the op table is called
// through dispatchOp with fast-check-generated arguments, mostly of the kind it
// expects and often hostile (wrong types, extreme numbers, huge and malformed
// strings, cyclic objects, throwing getters and Proxies, sparse arrays, typed
// arrays of every size, __proto__ keys), on a real OpContext whose permission
// checks allow, deny, throw, follow a rule or answer junk.
//
// "Contained" means, for every call:
// - dispatchOp never throws; its outcome (awaited, and settled at the latest
//   once the run ends) is { ok: true, value } with plain data (see
//   fuzz/plain.ts) or { ok: false, error } with a plain SerializedError whose
//   fields name no host path; every event sent to a guest handle is plain too;
// - the executor, the network adapter and the filesystem's content were only
//   reached for what an allowing permission check saw;
// - descriptors and resources grow by at most the one the call opened, and
//   once the run ends every child has exited, every server is closed, nothing
//   waits on the network, no timer is left and every call in flight settled;
// - the host's shared prototypes are unchanged and no warning was emitted.
// Runs per op: RUNS (times FUZZ_RUNS_SCALE); FUZZ_SEED=<n> replays a seed.
import { types } from "node:util";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { OPS, dispatchOp } from "../../dist/src/ops/op-table.js";
import { fuzzParameters } from "./fuzz/config.js";
import { unallowedReaches } from "./fuzz/allowed.js";
import { type PermissionMode, type PermissionModes } from "./fuzz/fakes.js";
import { THROWING_KINDS, THROWN_KINDS, hostileObject, materialize } from "./fuzz/hostile-values.js";
import { OP_SLOTS, SLOT_DEFAULTS, opArguments } from "./fuzz/op-args.js";
import { flush, startFuzzRun, type FuzzRun } from "./fuzz/op-context.js";
import { hostPathsIn, hostPollution, hostPrototypes, plainDataProblems, serializedErrorProblems, stringsIn } from "./fuzz/plain.js";

/** Runs per op. */
const RUNS = 50;

const modeArb: fc.Arbitrary<PermissionMode> = fc.oneof(
  { arbitrary: fc.constant("allow" as const), weight: 4 },
  { arbitrary: fc.constant("rule" as const), weight: 3 },
  { arbitrary: fc.constant("deny" as const), weight: 1 },
  { arbitrary: fc.constant("throw" as const), weight: 1 },
  { arbitrary: fc.constant("junk" as const), weight: 1 },
);
const modesArb: fc.Arbitrary<PermissionModes> = fc.record({ fs: modeArb, network: modeArb, childProcess: modeArb, env: modeArb });

const runsPerOp = new Map<string, number>();
const warnings: string[] = [];
const onWarning = (warning: Error) => void warnings.push(`${warning.name}: ${warning.message}`);
process.on("warning", onWarning);
const prototypes = hostPrototypes();
afterAll(() => void process.off("warning", onWarning));

const activeTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

/** What a thrown value says, without running its code (no getters, no Proxy traps). */
function describeThrown(error: unknown): string {
  if (types.isProxy(error)) return "a Proxy";
  if (!types.isNativeError(error)) return typeof error;
  const d = (key: string) => Object.getOwnPropertyDescriptor(error, key);
  return `${String(d("name")?.value ?? "Error")}: ${String(d("message")?.value ?? "")}`;
}

type Settled = { done: false } | { done: true; value: unknown } | { done: true; rejected: unknown };

/** Follows `promise`; returns its state after `wait()`. */
async function stateAfter(promise: Promise<unknown>, wait: (state: () => Settled) => Promise<void>): Promise<Settled> {
  let state: Settled = { done: false };
  promise.then(
    (value) => (state = { done: true, value }),
    (rejected) => (state = { done: true, rejected }),
  );
  await wait(() => state);
  return state;
}

/** Waits until `state()` is done, giving up (as a hang) after 5 s. */
async function untilDone(state: () => Settled): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!state().done && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Checks the outcome of one call: plain value, or plain error naming no host path. */
function outcomeProblems(outcome: unknown, guestStrings: string[]): string[] {
  if (outcome === null || typeof outcome !== "object") return [`the outcome is ${typeof outcome}, not { ok, ... }`];
  const o = outcome as { ok?: unknown; value?: unknown; error?: unknown };
  if (o.ok === true) return plainDataProblems(o.value, "value");
  if (o.ok !== false) return ["the outcome has no boolean ok"];
  const problems = serializedErrorProblems(o.error);
  if (problems.length > 0) return problems;
  const e = o.error as Record<string, string | number | undefined>;
  return hostPathsIn([e.message, e.path, e.dest, e.syscall, e.address, e.hostname].join("\n"), guestStrings).map((p) => `the error names the host path ${p}: ${String(e.message).slice(0, 300)}`);
}

/** One fuzzed call of `op`; returns what was not contained (empty: all contained). */
async function fuzzOnce(op: string, args: unknown[], modes: PermissionModes): Promise<string[]> {
  const timersBefore = activeTimers();
  const run = await startFuzzRun(modes);
  const guestStrings = stringsIn(args);
  const problems: string[] = [];
  let outcome: unknown;
  try {
    outcome = dispatchOp(run.ctx, op, args);
  } catch (error) {
    problems.push(`dispatchOp threw synchronously: ${describeThrown(error)}`);
  }
  if (outcome instanceof Promise) {
    let state = await stateAfter(outcome, () => flush());
    if (!state.done) {
      // Still waiting (a child that never exits, a request that never ends): the end of the run must settle it.
      run.endRun();
      state = await stateAfter(outcome, untilDone);
    }
    if (!state.done) problems.push("the outcome never settled, even after the run ended");
    else if ("rejected" in state) problems.push(`the outcome promise rejected: ${describeThrown(state.rejected)}`);
    else outcome = state.value;
  }
  if (problems.length === 0) problems.push(...outcomeProblems(outcome, guestStrings));

  const opened = op === "fs.open" ? 1 : 0;
  if (run.ctx.fds.size > run.seededFds + opened) problems.push(`${run.ctx.fds.size} descriptors open, ${run.seededFds} before the call`);
  for (const fd of run.ctx.fds.keys()) if (!Number.isInteger(fd) || fd < 3) problems.push(`descriptor ${String(fd)} is not an integer >= 3`);
  if (run.ctx.resources.size > run.seededResources + 1) problems.push(`${run.ctx.resources.size} resources, ${run.seededResources} before the call`);

  run.endRun();
  await flush();
  for (const proc of run.executor.spawned) if (!proc.exited) problems.push(`the child ${JSON.stringify(proc.command)} still runs after the run ended`);
  for (const server of run.network.servers) if (!server.closed) problems.push(`the server on port ${server.port} is still open after the run ended`);
  if (run.network.hanging.size > 0) problems.push(`${run.network.hanging.size} network request(s) still wait after the run ended`);
  for (const call of run.inFlight) if (!call.settled) problems.push(`${call.what} never settled after the run ended`);
  if (run.lateCleanups > 0) problems.push(`${run.lateCleanups} cleanup(s) registered after the run ended (never run)`);
  const timers = activeTimers();
  if (timers > timersBefore) problems.push(`${timers - timersBefore} timer(s) left after the run ended`);

  run.emitted.forEach((event, i) => {
    if (typeof event.target !== "number" || typeof event.name !== "string") problems.push(`event ${i} has target ${typeof event.target} and name ${typeof event.name}`);
    problems.push(...plainDataProblems(event.value, `event ${i} (${String(event.name)}).value`));
    const message = (event.value as { message?: unknown } | null)?.message;
    if (typeof message === "string") problems.push(...hostPathsIn(message, guestStrings).map((p) => `event ${i} names the host path ${p}`));
  });
  problems.push(...unallowedReaches(run));
  problems.push(...hostPollution(prototypes));
  if (warnings.length > 0) problems.push(`the host emitted warnings: ${warnings.splice(0).join("; ")}`);
  return problems;
}

describe("every host operation, fuzzed through dispatchOp", () => {
  it.each(Object.keys(OPS))("%s: never throws, answers plain data or a plain error, reaches only what was allowed, leaks nothing", async (op) => {
    await fc.assert(
      fc.asyncProperty(opArguments(op), modesArb, async (args, modes) => {
        runsPerOp.set(op, (runsPerOp.get(op) ?? 0) + 1);
        expect(await fuzzOnce(op, materialize(args) as unknown[], modes)).toEqual([]);
      }),
      fuzzParameters(RUNS),
    );
  });

  it("fuzzed every op of the table (new ops are picked up from OPS)", () => {
    // Contained: no op escaped fuzzing; each had at least the configured number of runs.
    const ops = Object.keys(OPS);
    expect(ops.length).toBeGreaterThanOrEqual(50);
    const missing = ops.filter((op) => (runsPerOp.get(op) ?? 0) < fuzzParameters(RUNS).numRuns!);
    expect(missing).toEqual([]);
  });

  it("whatever an argument's trap, getter or conversion throws, at any position of any op, the outcome is plain", async () => {
    // Contained: with valid arguments before it (so the op gets as far as using it), an argument whose
    // Proxy traps, getters or toString throw an Error, a string, a Proxy, an object whose own toString
    // throws, a symbol or null, never makes dispatchOp throw or its promise reject, and the outcome is
    // plain (this sweep is exhaustive; the properties above draw such values only now and then).
    const allow: PermissionModes = { fs: "allow", network: "allow", childProcess: "allow", env: "allow" };
    const problems: string[] = [];
    let calls = 0;
    for (const op of Object.keys(OPS)) {
      const slots = OP_SLOTS[op] ?? ["text", "text", "text"];
      const run = await startFuzzRun(allow);
      const outcomes: Array<{ what: string; outcome: unknown; state?: Settled }> = [];
      for (let position = 0; position < slots.length; position++) {
        for (const objectKind of THROWING_KINDS) {
          for (const thrownKind of THROWN_KINDS) {
            const args = [...slots.slice(0, position).map((slot) => SLOT_DEFAULTS[slot]), hostileObject(objectKind, thrownKind)];
            const what = `${op} argument ${position} = ${objectKind} throwing ${thrownKind}`;
            calls++;
            try {
              outcomes.push({ what, outcome: dispatchOp(run.ctx, op, args) });
            } catch (error) {
              problems.push(`${what}: dispatchOp threw synchronously: ${describeThrown(error)}`);
            }
          }
        }
      }
      for (const entry of outcomes) if (entry.outcome instanceof Promise) entry.state = await stateAfter(entry.outcome, () => Promise.resolve());
      await flush();
      run.endRun();
      for (const entry of outcomes) {
        if (entry.outcome instanceof Promise) {
          const state = await stateAfter(entry.outcome, untilDone);
          if (!state.done) problems.push(`${entry.what}: never settled`);
          else if ("rejected" in state) problems.push(`${entry.what}: the outcome promise rejected: ${describeThrown(state.rejected)}`);
          else entry.outcome = state.value;
        }
        problems.push(...outcomeProblems(entry.outcome, []).map((p) => `${entry.what}: ${p}`));
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(calls).toBeGreaterThan(Object.keys(OPS).length * THROWING_KINDS.length * THROWN_KINDS.length);
  });

  it("an unknown op name is refused as plain data", async () => {
    // Contained: names outside the table, inherited names included, are refused without running anything.
    for (const op of ["__proto__", "constructor", "toString", "hasOwnProperty", "fs.readFile ", ""]) {
      const run = await startFuzzRun({ fs: "allow", network: "allow", childProcess: "allow", env: "allow" });
      const outcome = await dispatchOp(run.ctx, op, []);
      run.endRun();
      expect(outcome).toMatchObject({ ok: false, error: { code: "ERR_QUICKEXEC_UNKNOWN_OP" } });
    }
  });
});
