// Fuzzing of the guest's APIs over the host operations (issue 6): fast-check
// draws batches of calls to the guest's fs (sync, promise, callback and stream
// forms), child_process, http/https, dns, process and fetch with hostile
// arguments (fuzz/guest-calls.ts), runs each batch as one program in a real
// NodeRuntime (in-memory filesystem with seed files, permission checks in
// the moods the property picked, the recording fake executor and network of
// fuzz/fakes.ts: no real process or packet), and checks what each call did.
//
// "Contained" means, for every batch:
// - the run ends with code 0 or 1 (never 70, a limit, a hang or a host crash);
// - each call returned, or threw a guest Error (with a string, Node's numeric or no `code`, a
//   string message naming no host path), or threw one of the program's own
//   hostile values back unchanged; uncaught errors and unhandled rejections
//   are such values too;
// - the executor, the adapter and file contents were reached only for what
//   an allowing check saw; every child has exited and every server is closed
//   once the run ended;
// - the host's shared prototypes are unchanged, no warning was emitted, and
//   the runtime still runs programs correctly afterwards.
// Runs: RUNS per family (times FUZZ_RUNS_SCALE), each a batch of calls; FUZZ_SEED=<n> replays.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { harness } from "../helpers.js";
import { unallowedReaches } from "./fuzz/allowed.js";
import { fuzzParameters } from "./fuzz/config.js";
import { FakeExecutor, FakeNetwork, recordingPermissions, type AskedPermission, type PermissionMode, type PermissionModes } from "./fuzz/fakes.js";
import { GUEST_APIS, GUEST_HOSTILE_KINDS, apisOf, guestCalls, guestProgram, guestStringsOf, type GuestCall } from "./fuzz/guest-calls.js";
import { hostPathsIn, hostPollution, hostPrototypes } from "./fuzz/plain.js";
import { BIG_FILE, recordingFs, resettableFs, type FsCall } from "./fuzz/seed-fs.js";

/** Batches per API family. */
const RUNS = 8;

const asked: AskedPermission[] = [];
let modes: PermissionModes = { fs: "rule", network: "rule", childProcess: "rule", env: "rule" };
const fsCalls: FsCall[] = [];
const files = resettableFs();
const executor = new FakeExecutor(20);
const network = new FakeNetwork(BIG_FILE);
const h = harness(
  { cpuTimeLimitMs: 5000 },
  { filesystem: recordingFs(files.fs, fsCalls), permissions: recordingPermissions(() => modes, asked), commandExecutor: executor, networkAdapter: network },
);
const warnings: string[] = [];
const onWarning = (warning: Error) => void warnings.push(`${warning.name}: ${warning.message}`);
process.on("warning", onWarning);
const prototypes = hostPrototypes();
const calledApis = new Set<string>();
afterAll(() => {
  process.off("warning", onWarning);
  h.runtime.dispose();
});

const modeArb: fc.Arbitrary<PermissionMode> = fc.oneof(
  { arbitrary: fc.constant("allow" as const), weight: 3 },
  { arbitrary: fc.constant("rule" as const), weight: 3 },
  { arbitrary: fc.constantFrom("deny" as const, "throw" as const, "junk" as const), weight: 1 },
);
const modesArb: fc.Arbitrary<PermissionModes> = fc.record({ fs: modeArb, network: modeArb, childProcess: modeArb, env: modeArb });

/** Runs `promise`; a run that has not ended after 30 s is stopped and reported as a hang. */
async function withinHangBound<T>(promise: Promise<T>): Promise<T | "hang"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), 30_000)));
  const outcome = await Promise.race([promise, hang]);
  clearTimeout(timer);
  if (outcome === "hang") h.runtime.terminate();
  return outcome;
}

/** What a call's record says was not contained. */
function recordProblems(where: string, record: unknown, guestStrings: string[]): string[] {
  if (record === null || typeof record !== "object") return [`${where}: no record (the program did not get there)`];
  const r = record as { ok?: boolean; isError?: boolean; sentinel?: boolean; codeType?: string; messageType?: string; message?: string };
  if (r.ok === true || r.sentinel === true) return [];
  const problems: string[] = [];
  if (r.isError !== true) problems.push(`${where}: threw something that is not an Error (${JSON.stringify(r)})`);
  // A string such as ENOENT, or none; a number only as Node gives it (exec's exit status).
  if (r.codeType !== "string" && r.codeType !== "undefined" && r.codeType !== "number") problems.push(`${where}: the error's code is ${r.codeType}`);
  if (r.messageType !== "string") problems.push(`${where}: the error's message is ${r.messageType}`);
  problems.push(...hostPathsIn(r.message ?? "", guestStrings).map((p) => `${where}: the message names the host path ${p}: ${r.message}`));
  return problems;
}

/** Runs one batch; returns what was not contained. */
async function runBatch(calls: GuestCall[], batchModes: PermissionModes): Promise<string[]> {
  await files.reset();
  asked.length = 0;
  fsCalls.length = 0;
  executor.spawned.length = 0;
  network.calls.length = 0;
  network.servers.length = 0;
  modes = batchModes;
  for (const c of calls) calledApis.add(c.api);
  const result = await withinHangBound(h.runtime.run(guestProgram(calls)));
  if (result === "hang") return ["the run did not end within 30 s (stopped)"];
  const problems: string[] = [];
  // The program catches every error itself (and takes uncaught ones with process.on), so anything but 0 is a failure to contain.
  if (result.code !== 0) problems.push(`the run ended with code ${result.code}: ${result.errorMessage}`);
  else {
    const records = result.exports as unknown[];
    if (!Array.isArray(records)) problems.push(`the exports are not the records array: ${typeof records}`);
    else {
      const guestStrings = guestStringsOf(calls);
      calls.forEach((c, i) => problems.push(...recordProblems(`call ${i} (${c.api})`, records[i], guestStrings)));
      for (const extra of records.slice(calls.length)) {
        const e = extra as { uncaught?: unknown; unhandled?: unknown };
        problems.push(...recordProblems(e.uncaught !== undefined ? "an uncaught exception" : "an unhandled rejection", e.uncaught ?? e.unhandled, guestStrings));
      }
    }
  }
  for (const proc of executor.spawned) if (!proc.exited) problems.push(`the child ${JSON.stringify(proc.command)} still runs after the run ended`);
  for (const server of network.servers) if (!server.closed) problems.push(`the server on port ${server.port} is still open after the run ended`);
  problems.push(...unallowedReaches({ asked, executor, network, fsCalls }));
  problems.push(...hostPollution(prototypes));
  if (warnings.length > 0) problems.push(`the host emitted warnings: ${warnings.splice(0).join("; ")}`);
  return problems;
}

const FAMILIES = [
  { family: "fs" as const, calls: 20 },
  { family: "child_process" as const, calls: 12 },
  { family: "http" as const, calls: 10 },
  { family: "dns" as const, calls: 10 },
  { family: "process" as const, calls: 12 },
  { family: "fetch" as const, calls: 8 },
];

describe("guest APIs fuzzed with hostile arguments, in batches through a real runtime", () => {
  it.each(FAMILIES)("$family: every call returns or throws a guest Error, the run ends 0 or 1, the host is unchanged", async ({ family, calls }) => {
    await fc.assert(
      fc.asyncProperty(guestCalls(apisOf(family), calls), modesArb, async (batch, batchModes) => {
        expect(await runBatch(batch, batchModes)).toEqual([]);
      }),
      fuzzParameters(RUNS),
    );
  });

  it("all families mixed in one batch", async () => {
    // Contained: as above, with calls of every family interleaved (a child, a request and a file descriptor at once).
    await fc.assert(
      fc.asyncProperty(guestCalls(Object.keys(GUEST_APIS), 24), modesArb, async (batch, batchModes) => {
        expect(await runBatch(batch, batchModes)).toEqual([]);
      }),
      fuzzParameters(RUNS),
    );
  });

  it("every API with every hostile value as its first argument", async () => {
    // Contained: the exhaustive sweep behind the random batches (each API gets each hostile kind once), same checks.
    const apis = Object.keys(GUEST_APIS);
    for (let i = 0; i < apis.length; i += 6) {
      const batch: GuestCall[] = apis.slice(i, i + 6).flatMap((api) => GUEST_HOSTILE_KINDS.map((hostile) => ({ api, args: [{ hostile }, { str: "/root/a.txt" }] })));
      expect(await runBatch(batch, { fs: "allow", network: "rule", childProcess: "rule", env: "rule" })).toEqual([]);
    }
    expect(apis.filter((api) => !calledApis.has(api))).toEqual([]);
  });

  it("the runtime still runs programs correctly after all of it", async () => {
    // Contained: no fuzzed batch left the runtime or its engine pool broken.
    await files.reset();
    modes = { fs: "allow", network: "allow", childProcess: "allow", env: "allow" };
    const r = await h.runtime.run(`const fs = require("fs"); fs.writeFileSync("/root/after.txt", "still fine"); module.exports = [fs.readFileSync("/root/after.txt", "utf8"), [1, 2, 3].map((x) => x * 2)];`);
    expect(r.code).toBe(0);
    expect(r.exports).toEqual(["still fine", [2, 4, 6]]);
    expect(hostPollution(prototypes)).toEqual([]);
  });
});
