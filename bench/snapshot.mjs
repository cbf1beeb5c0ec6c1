// Snapshot benchmark of quickexec: a live module that loaded a sizeable
// package is snapshotted (`module.snapshot()`) and restored
// (`runtime.restore(...)`) many times. Reports the snapshot's size, how long
// taking it and verifying it take, the restore p50/p90/p99 from verified
// `Snapshot`s and from raw bytes (verification included), a first call after
// a restore, and what compressing the bytes would give and cost (the reason
// they are stored uncompressed, zero pages left out).
//
// The plugins require lodash (the target: restore p50 at most 1 ms),
// luxon (one 300 KB file that pulls in the guest's Intl data) and date-fns
// (the whole library, about 250 files), all from the read-only node_modules
// overlay.
//
// Run with `npm run bench` (builds first). Prints figures only; it never
// asserts on timing.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import zlib from "node:zlib";
import { sha256 } from "@noble/hashes/sha2.js";
import { NodeRuntime, allowAllFs, createNodeDriver, createNodeRuntimeDriverFactory, readSnapshot } from "quickexec";
import { pct } from "./lib/sampling.mjs";

const ms = (v) => `${v.toFixed(2)} ms`;
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
function report(label, sample) {
  console.log(`  ${label.padEnd(46)} p50 ${ms(pct(sample, 50)).padStart(9)}  p90 ${ms(pct(sample, 90)).padStart(9)}  p99 ${ms(pct(sample, 99)).padStart(9)}`);
}
async function time(fn) {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

const RESTORES = Number(process.env.SNAPSHOT_RESTORES ?? 60);

const runtime = new NodeRuntime({
  systemDriver: createNodeDriver({ permissions: allowAllFs, moduleAccess: { cwd: process.cwd() } }),
  runtimeDriverFactory: createNodeRuntimeDriverFactory(),
});

const plugins = {
  lodash: `const _ = require("lodash");
    let calls = 0;
    module.exports = { format(ms) { calls++; return _.chunk(_.range(ms % 7, 12), 4).map((c) => _.sum(c)).join(","); }, calls: () => calls };`,
  luxon: `const { DateTime, Duration } = require("luxon");
    let calls = 0;
    module.exports = { format(ms) { calls++; return DateTime.fromMillis(ms, { zone: "utc" }).toISO(); }, plus(h) { return Duration.fromObject({ hours: h }).as("minutes"); }, calls: () => calls };`,
  "date-fns": `const fns = require("date-fns");
    let calls = 0;
    module.exports = { format(ms) { calls++; return fns.formatISO(fns.addDays(new Date(ms), 1), { representation: "date" }); }, calls: () => calls };`,
};

const only = process.env.SNAPSHOT_PLUGINS?.split(",");
for (const [name, code] of Object.entries(plugins)) {
  if (only && !only.includes(name)) continue;
  console.log(`\n${name}: a module that required it`);
  const [loadMs, module] = await time(() => runtime.load(code));
  const first = await module.call("format", [0]);
  if (first.code !== 0) throw new Error(`${name}: ${first.errorMessage}`);
  console.log(`  load ${ms(loadMs)}; first call gives ${JSON.stringify(first.value)}`);

  await module.snapshot(); // the thread's one-time work (its build identity)
  const [snapMs, bytes] = await time(() => module.snapshot());
  const snap = await readSnapshot(bytes);
  console.log(`  snapshot: ${kib(bytes.length)} (memory ${snap.memoryBytes / 1048576} MiB, ${(bytes.length / 65536).toFixed(0)} pages stored), taken in ${ms(snapMs)}`);

  const verify = [];
  for (let i = 0; i < 20; i++) verify.push((await time(() => readSnapshot(bytes)))[0]);
  report("readSnapshot (SHA-256 via WebCrypto + copy)", verify);
  const noble = [];
  for (let i = 0; i < 5; i++) noble.push((await time(() => sha256(bytes)))[0]);
  report("  for comparison: @noble/hashes sha256 alone", noble);

  const fromSnapshot = [];
  const fromBytes = [];
  const firstCall = [];
  for (let i = 0; i < RESTORES + 5; i++) {
    const [a, restored] = await time(() => runtime.restore(snap));
    const [c, r] = await time(() => restored.call("format", [86400000 * i]));
    if (r.code !== 0) throw new Error(`${name}: restored call failed: ${r.errorMessage}`);
    restored.dispose();
    await sleep(25); // the thread goes back to the pool and prepares its next sandbox
    const [b, again] = await time(() => runtime.restore(bytes));
    again.dispose();
    await sleep(25);
    // The first restores start the pool's threads: not counted.
    if (i < 5) continue;
    fromSnapshot.push(a);
    fromBytes.push(b);
    firstCall.push(c);
  }
  report(`restore from a verified Snapshot (${RESTORES})`, fromSnapshot);
  report(`restore from bytes, verification included (${RESTORES})`, fromBytes);
  report("first call after a restore", firstCall);
  // For scale: how busy the machine is right now (the live bench's trivial call).
  const calls = [];
  for (let i = 0; i < 500; i++) calls.push((await time(() => module.call("calls")))[0]);
  report("for scale: a trivial call of the live module", calls);

  const [deflateMs, deflated] = await time(() => zlib.deflateRawSync(bytes, { level: 1 }));
  const inflate = [];
  for (let i = 0; i < 5; i++) inflate.push((await time(() => zlib.inflateRawSync(deflated)))[0]);
  console.log(`  compression (node:zlib deflate level 1): ${kib(deflated.length)} (${((100 * deflated.length) / bytes.length).toFixed(0)}%), deflate ${ms(deflateMs)}, inflate p50 ${ms(pct(inflate, 50))}: it would add the inflate to every restore`);
  module.dispose();
}

runtime.dispose();
