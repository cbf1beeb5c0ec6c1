"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:perf_hooks and the global performance (times are compared by type and order only).
const { show } = require("../show.cjs");
const ph = require("perf_hooks");

show("exports", () => Object.keys(ph).sort());
show("the global is the module's", () => ph.performance === performance);
show("now and timeOrigin", () => [typeof performance.now(), performance.now() >= 0, typeof performance.timeOrigin, performance.timeOrigin > 1.6e12]);
const t0 = performance.now();
show("now does not go back", () => performance.now() >= t0);
const a = performance.mark("a", { detail: { step: 1 } });
show("mark", () => [a.constructor.name, a.name, a.entryType, a.duration, a.detail, typeof a.startTime]);
show("mark toJSON keys", () => Object.keys(a.toJSON()));
const b = performance.mark("b");
show("mark default detail", () => b.detail);
const m = performance.measure("a to b", "a", "b");
show("measure", () => [m.constructor.name, m.name, m.entryType, m.duration >= 0, m.startTime === a.startTime]);
const m2 = performance.measure("from a", { start: "a", detail: "d" });
show("measure with options", () => [m2.startTime === a.startTime, m2.detail]);
const m3 = performance.measure("since origin");
show("measure since origin", () => [m3.startTime, m3.duration > 0]);
performance.mark("c", { startTime: 5 });
show("mark with startTime", () => performance.getEntriesByName("c")[0].startTime);
show("getEntriesByType", () => [performance.getEntriesByType("mark").map((e) => e.name), performance.getEntriesByType("measure").map((e) => e.name)]);
show("getEntries sorted by startTime", () => performance.getEntries().map((e) => `${e.entryType}:${e.name}`));
show("getEntriesByName with type", () => performance.getEntriesByName("a", "measure").length);
performance.clearMarks("a");
show("clearMarks one", () => performance.getEntriesByType("mark").map((e) => e.name));
performance.clearMarks();
performance.clearMeasures();
show("cleared", () => performance.getEntries().length);
show("measure from an unknown mark", () => performance.measure("x", "nope"));
show("mark without a name", () => performance.mark());
show("mark with a negative startTime", () => performance.mark("n", { startTime: -1 }));
show("eventLoopUtilization keys", () => Object.keys(performance.eventLoopUtilization()));
show("toJSON keys", () => Object.keys(performance.toJSON()));
show("nodeTiming name", () => [performance.nodeTiming.name, performance.nodeTiming.entryType]);
show("supportedEntryTypes", () => ph.PerformanceObserver.supportedEntryTypes);
show("PerformanceEntry is not constructible", () => new ph.PerformanceEntry());

const h = ph.createHistogram();
show("empty histogram", () => [h.count, h.min, h.max, h.mean, h.stddev, h.exceeds, [...h.percentiles], h.percentile(50)]);
for (const v of [5, 10, 1000]) h.record(v);
show("histogram", () => [h.count, h.min, h.max, h.mean, [...h.percentiles], h.percentile(50), h.percentile(100), h.minBigInt, h.countBigInt]);
show("histogram stddev", () => h.stddev.toFixed(6));
show("record 0", () => h.record(0));
show("record a string", () => h.record("1"));
show("percentile 0", () => h.percentile(0));
const h2 = ph.createHistogram();
h2.record(7);
h.add(h2);
show("add", () => [h.count, h.min]);
h.reset();
show("reset", () => [h.count, h.max]);
const eld = ph.monitorEventLoopDelay({ resolution: 10 });
show("monitorEventLoopDelay", () => [typeof eld.enable, typeof eld.disable, eld.enable(), eld.enable(), eld.disable(), eld.disable()]);
show("monitorEventLoopDelay bad resolution", () => ph.monitorEventLoopDelay({ resolution: 0 }));

const fn = performance.timerify(function work(x) { return x * 2; });
show("timerify", () => [fn.name, fn.length, fn(21)]);
const obs = new ph.PerformanceObserver((list, observer) => {
  show("observer entries", () => list.getEntries().map((e) => `${e.entryType}:${e.name}`));
  show("observer getEntriesByType", () => list.getEntriesByType("mark").map((e) => e.name));
  show("observer is passed", () => observer === obs);
  observer.disconnect();
});
obs.observe({ entryTypes: ["mark", "measure", "function"] });
performance.mark("observed");
performance.measure("observed measure", "observed");
fn(1);
show("observe without types", () => obs.observe({}));
