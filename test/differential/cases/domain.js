"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:domain: errors from callbacks, timers, promises and EventEmitters
// created inside a domain reach its 'error' handler; bind, intercept, add, remove.
const { show } = require("../show.cjs");
const domain = require("domain");
const EventEmitter = require("events");

show("exports", () => Object.keys(domain));
show("active before", () => domain.active);
const d = domain.create();
show("create", () => [d instanceof domain.Domain, d instanceof EventEmitter, Array.isArray(d.members)]);
const seen = [];
d.on("error", (err) => {
  seen.push(`${err.message} domainThrown=${err.domainThrown} same=${err.domain === d}${err.domainEmitter ? " emitter" : ""}`);
});

d.run(() => {
  show("active inside run", () => [domain.active === d, process.domain === d]);
  setTimeout(() => {
    seen.push(`active in timer ${process.domain === d}`);
    throw new Error("from timer");
  }, 1);
  process.nextTick(() => {
    throw new Error("from nextTick");
  });
  setImmediate(() => {
    throw new Error("from immediate");
  });
  const ee = new EventEmitter();
  show("emitter domain", () => ee.domain === d);
  ee.emit("error", new Error("from emitter"));
});
show("active after run", () => [domain.active, process.domain === undefined || process.domain === null]);

const bound = d.bind((a, b) => {
  show("bound this domain", () => process.domain === d);
  return a + b;
});
show("bind", () => [bound(1, 2), bound.domain === d]);
const intercepted = d.intercept((value) => `value ${value}`);
show("intercept ok", () => intercepted(null, 5));
show("intercept error", () => intercepted(new Error("from intercept"), 5));

const d2 = domain.create();
const ee2 = new EventEmitter();
d2.add(ee2);
show("add", () => [ee2.domain === d2, d2.members.length]);
d2.remove(ee2);
show("remove", () => [ee2.domain, d2.members.length]);

show("setUncaughtExceptionCaptureCallback after require", () => process.setUncaughtExceptionCaptureCallback(() => {}));

const d3 = domain.create();
d3.on("error", (err) => console.log("d3 caught", err.message));
d3.run(() => {
  Promise.resolve().then(() => {
    throw new Error("promise reactions are not routed");
  }).catch((e) => seen.push(`catch still works ${e.message}`));
  setTimeout(() => d3.run(() => {
    const inner = domain.create();
    inner.on("error", (err) => {
      seen.push(`inner caught ${err.message} ${process.domain === d3}`);
      setImmediate(finish);
    });
    inner.run(() => setTimeout(() => {
      throw new Error("nested");
    }, 1));
  }), 5);
});

// Runs last: after the nested domain's timer (which follows all the others) has failed.
function finish() {
  console.log(seen.sort().join("\n"));
  console.log("process.domain at end", process.domain === d || process.domain === d3 ? "a domain" : String(process.domain));
}
