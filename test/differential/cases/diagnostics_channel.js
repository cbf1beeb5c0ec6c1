"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:diagnostics_channel.
const { show } = require("../show.cjs");
const dc = require("diagnostics_channel");
const { AsyncLocalStorage } = require("async_hooks");

const ch = dc.channel("qe:test");
show("no subscribers yet", () => [ch.name, ch.hasSubscribers, dc.hasSubscribers("qe:test"), dc.hasSubscribers("qe:never")]);
show("same channel for the same name", () => dc.channel("qe:test") === ch);
const sym = Symbol("qe");
show("symbol names", () => dc.channel(sym).name === sym);
show("bad name", () => dc.channel(42));
const got = [];
const sub = (message, name) => got.push([message, name]);
dc.subscribe("qe:test", sub);
ch.publish({ n: 1 });
ch.publish("two");
show("published to subscriber", () => got);
show("hasSubscribers after subscribe", () => [ch.hasSubscribers, dc.hasSubscribers("qe:test")]);
show("unsubscribe", () => [dc.unsubscribe("qe:test", sub), dc.unsubscribe("qe:test", sub), ch.hasSubscribers]);
show("subscribe a non-function", () => ch.subscribe("nope"));

const order = [];
const first = () => {
  order.push("first");
  ch.unsubscribe(first);
};
ch.subscribe(first);
ch.subscribe(() => order.push("second"));
ch.publish(null);
ch.publish(null);
show("unsubscribing while publishing skips nobody", () => order);

const tc = dc.tracingChannel("qe:op");
const events = [];
const handlers = {
  start: (c) => events.push(`start ${c.id}`),
  end: (c) => events.push(`end ${c.id} ${c.result}`),
  asyncStart: (c) => events.push(`asyncStart ${c.id} ${c.result}`),
  asyncEnd: (c) => events.push(`asyncEnd ${c.id}`),
  error: (c) => events.push(`error ${c.id} ${c.error.message}`),
};
show("tracing channel names", () => ["start", "end", "asyncStart", "asyncEnd", "error"].map((e) => tc[e].name));
show("tracing hasSubscribers before", () => tc.hasSubscribers);
show("traceSync without subscribers", () => tc.traceSync((a) => a * 2, { id: 0 }, null, 21));
tc.subscribe(handlers);
show("traceSync", () => tc.traceSync((a, b) => a + b, { id: 1 }, null, 2, 3));
show("traceSync throws", () => tc.traceSync(() => { throw new Error("boom"); }, { id: 2 }));
show("events so far", () => events.splice(0));

const als = new AsyncLocalStorage();
const stores = dc.channel("qe:stores");
stores.bindStore(als, (message) => ({ from: message }));
show("runStores enters the bound store", () => stores.runStores("msg", (x) => [als.getStore(), x], null, "arg"));
show("unbindStore", () => [stores.unbindStore(als), stores.unbindStore(als)]);

(async () => {
  const value = await tc.tracePromise(async (x) => x + 1, { id: 3 }, null, 41);
  show("tracePromise", () => [value, events.splice(0)]);
  const failed = await tc.tracePromise(async () => { throw new Error("rejected"); }, { id: 4 }).catch((e) => e.message);
  show("tracePromise rejects", () => [failed, events.splice(0)]);
  tc.traceCallback((cb) => setTimeout(() => cb(null, "done"), 1), -1, { id: 5 }, null, (err, result) => {
    show("traceCallback", () => [err, result, events.splice(0)]);
    show("unsubscribe handlers", () => [tc.unsubscribe(handlers), tc.hasSubscribers]);
  });
})();
