"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const EventEmitter = require("events");
const { once, EventEmitter: Named } = require("events");

show("module is the class", () => [typeof EventEmitter, Named === EventEmitter, EventEmitter.EventEmitter === EventEmitter]);
show("emit order and args", () => {
  const e = new EventEmitter();
  const seen = [];
  e.on("x", (a, b) => seen.push("first:" + a + b));
  e.on("x", (a) => seen.push("second:" + a));
  e.prependListener("x", () => seen.push("prepended"));
  const r = e.emit("x", 1, 2);
  return [r, seen];
});
show("emit with no listeners", () => new EventEmitter().emit("nothing"));
show("once fires once", () => {
  const e = new EventEmitter();
  let n = 0;
  e.once("y", () => n++);
  e.emit("y"); e.emit("y");
  return [n, e.listenerCount("y")];
});
show("prependOnceListener", () => {
  const e = new EventEmitter();
  const seen = [];
  e.on("z", () => seen.push("on"));
  e.prependOnceListener("z", () => seen.push("pre-once"));
  e.emit("z"); e.emit("z");
  return seen;
});
show("this in listener", () => { const e = new EventEmitter(); let self; e.on("t", function () { self = this; }); e.emit("t"); return self === e; });
show("arrow this in listener is not emitter", () => { const e = new EventEmitter(); let ok; e.on("t", () => { ok = this !== e; }); e.emit("t"); return ok; });
show("listenerCount/eventNames", () => {
  const e = new EventEmitter();
  const s = Symbol("s");
  e.on("a", () => {}); e.on("a", () => {}); e.on(s, () => {});
  return [e.listenerCount("a"), e.eventNames().map(String), EventEmitter.listenerCount(e, "a")];
});
show("removeListener/off", () => {
  const e = new EventEmitter();
  const f = () => {};
  e.on("a", f); e.on("a", f);
  e.removeListener("a", f);
  const one = e.listenerCount("a");
  e.off("a", f);
  return [one, e.listenerCount("a"), e.eventNames()];
});
show("removeListener of once wrapper", () => { const e = new EventEmitter(); const f = () => {}; e.once("a", f); e.removeListener("a", f); return e.listenerCount("a"); });
show("removeAllListeners", () => { const e = new EventEmitter(); e.on("a", () => {}); e.on("b", () => {}); e.removeAllListeners("a"); const k = e.eventNames(); e.removeAllListeners(); return [k, e.eventNames()]; });
show("listeners vs rawListeners", () => { const e = new EventEmitter(); function f() {} e.once("a", f); return [e.listeners("a")[0] === f, e.rawListeners("a")[0] === f, typeof e.rawListeners("a")[0].listener]; });
show("newListener event", () => { const e = new EventEmitter(); const seen = []; e.on("newListener", (name) => seen.push(name)); e.on("q", () => {}); e.once("r", () => {}); return seen; });
show("removeListener event", () => { const e = new EventEmitter(); const seen = []; const f = () => {}; e.on("removeListener", (name, l) => seen.push([name, l === f])); e.on("q", f); e.off("q", f); return seen; });
show("listener removed during emit still runs", () => {
  const e = new EventEmitter();
  const seen = [];
  const b = () => seen.push("b");
  e.on("a", () => { seen.push("a"); e.off("a", b); });
  e.on("a", b);
  e.emit("a"); e.emit("a");
  return seen;
});
show("error event with Error and no listener", () => { const e = new EventEmitter(); const err = new Error("boom"); try { e.emit("error", err); } catch (x) { return [x === err, x.message]; } });
show("error event with string and no listener", () => new EventEmitter().emit("error", "bad thing"));
show("error event with no argument", () => new EventEmitter().emit("error"));
show("error event with listener", () => { const e = new EventEmitter(); let got; e.on("error", (x) => { got = x; }); return [e.emit("error", "handled"), got]; });
show("max listeners", () => { const e = new EventEmitter(); const d = e.getMaxListeners(); e.setMaxListeners(3); return [d, e.getMaxListeners(), EventEmitter.defaultMaxListeners]; });
show("setMaxListeners invalid", () => new EventEmitter().setMaxListeners(-1));
show("on non-function", () => new EventEmitter().on("a", "nope"));
show("chaining returns emitter", () => { const e = new EventEmitter(); return [e.on("a", () => {}) === e, e.off("a", () => {}) === e, e.setMaxListeners(5) === e]; });
show("subclass", () => {
  class My extends EventEmitter { fire() { return this.emit("fire", 42); } }
  const m = new My();
  let v;
  m.on("fire", (x) => { v = x; });
  return [m.fire(), v, m instanceof EventEmitter];
});
show("listener exception propagates from emit", () => { const e = new EventEmitter(); e.on("a", () => { throw new TypeError("inside"); }); return e.emit("a"); });
show("errorMonitor", () => { const e = new EventEmitter(); const seen = []; e.on(EventEmitter.errorMonitor, (x) => seen.push("monitor:" + x.message)); e.on("error", (x) => seen.push("handler:" + x.message)); e.emit("error", new Error("m")); return seen; });
show("captureRejectionSymbol", () => typeof EventEmitter.captureRejectionSymbol);

(async () => {
  const e = new EventEmitter();
  setTimeout(() => e.emit("ready", "a", "b"), 1);
  await showAsync("events.once resolves with args array", () => once(e, "ready"));
  const e2 = new EventEmitter();
  setTimeout(() => e2.emit("error", new Error("rejected")), 1);
  await showAsync("events.once rejects on error", () => once(e2, "never"));
  const e3 = new EventEmitter();
  const order = [];
  e3.on("x", () => order.push("listener"));
  process.nextTick(() => order.push("tick"));
  e3.emit("x");
  order.push("after emit");
  await new Promise((r) => setTimeout(r, 1));
  show("emit is synchronous", () => order);
})();
