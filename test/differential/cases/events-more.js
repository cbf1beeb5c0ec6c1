"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const events = require("events");
const { EventEmitter } = events;

show("getEventListeners", () => { const e = new EventEmitter(); const f = () => {}; e.on("x", f); return [events.getEventListeners(e, "x").length, events.getEventListeners(e, "x")[0] === f]; });
show("listenerCount with listener argument", () => { const e = new EventEmitter(); const f = () => {}; e.on("x", f); e.on("x", () => {}); return [e.listenerCount("x"), e.listenerCount("x", f)]; });
show("Symbol event names", () => { const e = new EventEmitter(); const s = Symbol("evt"); let got; e.on(s, (v) => { got = v; }); e.emit(s, 7); return [got, e.eventNames().length]; });
show("once listener sees the emitter as this", () => { const e = new EventEmitter(); let self; e.once("x", function () { self = this; }); e.emit("x"); return self === e; });
show("emit many arguments", () => { const e = new EventEmitter(); let args; e.on("x", (...a) => { args = a; }); e.emit("x", 1, 2, 3, 4, 5, 6); return args; });
show("removeListener inside once handler", () => { const e = new EventEmitter(); const seen = []; const g = () => seen.push("g"); e.once("x", () => { seen.push("once"); e.removeListener("x", g); }); e.on("x", g); e.emit("x"); e.emit("x"); return seen; });
show("adding listener during emit does not run it now", () => { const e = new EventEmitter(); const seen = []; e.on("x", () => { seen.push("a"); e.on("x", () => seen.push("late")); }); e.emit("x"); return seen; });
show("EventEmitter.init / usingDomains", () => [typeof EventEmitter.init, EventEmitter.usingDomains]);
show("setMaxListeners on several", () => { const a = new EventEmitter(), b = new EventEmitter(); events.setMaxListeners(1, a, b); return [a.getMaxListeners(), b.getMaxListeners()]; });
show("errorMonitor symbol", () => typeof events.errorMonitor);
show("inherits from EventEmitter with util.inherits", () => { function Old() { EventEmitter.call(this); } require("util").inherits(Old, EventEmitter); const o = new Old(); let v; o.on("x", (a) => { v = a; }); o.emit("x", "legacy"); return [v, o instanceof EventEmitter]; });

(async () => {
  const e = new EventEmitter();
  setTimeout(() => { e.emit("tick", 1); e.emit("tick", 2); e.emit("tick", 3); }, 1);
  await showAsync("events.on async iterator", async () => { const got = []; for await (const [v] of events.on(e, "tick")) { got.push(v); if (v === 3) break; } return [got, e.listenerCount("tick")]; });
  const et = new EventTarget();
  setTimeout(() => et.dispatchEvent(new Event("ping")), 1);
  await showAsync("events.once on an EventTarget", async () => { const [ev] = await events.once(et, "ping"); return ev.type; });
  // Near the end: without captureRejections the rejection is unhandled and ends the program.
  const e3 = new EventEmitter({ captureRejections: true });
  e3.on("x", async () => { throw new Error("async listener failed"); });
  const err = await new Promise((resolve) => { e3.on("error", resolve); e3.emit("x"); });
  show("captureRejections routes to error", () => err.message);
  // Last: if the signal is ignored, this never settles and the program just ends.
  const ac = new AbortController();
  const e2 = new EventEmitter();
  setTimeout(() => ac.abort(), 1);
  await showAsync("events.once with an aborted signal", () => events.once(e2, "never", { signal: ac.signal }));
})();
