"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// packages: lru-cache lru-cache10
const { show } = require("../show.cjs");
const { LRUCache } = require("lru-cache");
const { LRUCache: LRUCache10 } = require("lru-cache10");
const dc = require("diagnostics_channel");

for (const [label, Cache] of [["v11", LRUCache], ["v10", LRUCache10]]) {
  const cache = new Cache({ max: 3 });
  cache.set("a", 1).set("b", 2).set("c", 3);
  cache.get("a");
  cache.set("d", 4);
  show(`${label} evicts the least recently used`, () => [[...cache.keys()], cache.has("b"), cache.size]);
  const sized = new Cache({ maxSize: 10, sizeCalculation: (v) => v.length });
  sized.set("x", "12345").set("y", "123456");
  show(`${label} maxSize`, () => [...sized.keys()]);
  const disposed = [];
  const withDispose = new Cache({ max: 1, dispose: (v, k, reason) => disposed.push([k, v, reason]) });
  withDispose.set("p", 1).set("q", 2);
  withDispose.delete("q");
  show(`${label} dispose`, () => disposed);
  show(`${label} peek and dump`, () => [cache.peek("c"), cache.dump().map(([k]) => k)]);
  const ttl = new Cache({ max: 5, ttl: 60000 });
  ttl.set("t", 1);
  show(`${label} ttl`, () => [ttl.get("t"), ttl.getRemainingTTL("t") > 59000, ttl.getRemainingTTL("none")]);
}

const fetching = new LRUCache({ max: 5, fetchMethod: async (key) => `fetched ${key}` });
fetching.fetch("k").then((v) => show("fetchMethod", () => [v, fetching.get("k")]));

const metrics = [];
dc.subscribe("lru-cache:metrics", (m) => metrics.push(Object.keys(m).sort().join(",")));
const observed = new LRUCache({ max: 2 });
observed.set("m", 1);
observed.get("m");
observed.get("missing");
show("diagnostics_channel metrics reach subscribers", () => metrics.length > 0);
