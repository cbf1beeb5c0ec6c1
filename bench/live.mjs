// Live-module benchmark of quickexec: a host calling a loaded module's
// exported function many times (`runtime.load` + `module.call`). Reports the
// p50/p90/p99 of a trivial call as the host sees it, a call with a small
// object argument and result, a call through a host binding, and the host's
// RSS across 10,000 calls to a module that keeps state (it should stay flat).
//
// Run with `npm run bench` (builds first). Prints figures only; it never
// asserts on timing.
import { performance } from "node:perf_hooks";
import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory } from "quickexec";
import { settleHeap, pct } from "./lib/sampling.mjs";

const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Times `count` sequential calls; returns the per-call sample in ms. */
async function timeCalls(module, name, args, count) {
  const sample = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const r = await module.call(name, args);
    sample.push(performance.now() - t);
    if (r.code !== 0) throw new Error(`call ${name} failed: ${r.errorMessage}`);
  }
  return sample;
}

function report(label, sample) {
  console.log(`${label.padEnd(44)} p50 ${us(pct(sample, 50)).padStart(10)}  p90 ${us(pct(sample, 90)).padStart(10)}  p99 ${us(pct(sample, 99)).padStart(10)}`);
}

const runtime = new NodeRuntime({
  systemDriver: createNodeDriver(),
  runtimeDriverFactory: createNodeRuntimeDriverFactory(),
  bindings: { host: { double: (n) => n * 2 } },
});

const loadStart = performance.now();
const module = await runtime.load(`
  let count = 0;
  const seen = new Map();
  module.exports = {
    noop() {},
    inc() { return ++count; },
    remember(entry) { seen.set(entry.id % 1000, entry); return { size: seen.size, id: entry.id }; },
    viaBinding(n) { return SecureExec.bindings.host.double(n); },
  };`);
console.log(`load of a small module: ${(performance.now() - loadStart).toFixed(2)} ms`);

await timeCalls(module, "noop", [], 2000); // warm-up
report("trivial call (noop), 5,000 calls", await timeCalls(module, "noop", [], 5000));
report("call with object in and out, 5,000 calls", await timeCalls(module, "remember", [{ id: 1, tags: ["a", "b"], when: new Date(0) }], 5000));
report("call through a host binding, 5,000 calls", await timeCalls(module, "viaBinding", [21], 5000));

await settleHeap();
const rssBefore = process.memoryUsage().rss;
const stateful = await timeCalls(module, "inc", [], 10000);
await settleHeap();
const rssAfter = process.memoryUsage().rss;
const last = await module.call("inc");
report("stateful call (inc), 10,000 calls", stateful);
console.log(`host RSS across 10,000 stateful calls: ${mb(rssBefore)} -> ${mb(rssAfter)} (${rssAfter >= rssBefore ? "+" : ""}${mb(rssAfter - rssBefore)}); state kept: count = ${last.value}`);

module.dispose();
runtime.dispose();
