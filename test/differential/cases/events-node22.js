"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// events: Node 22's statics (on, once, getEventListeners, get/setMaxListeners,
// addAbortListener), listenerCount(type, listener) and captureRejections.
const { show, showAsync } = require("../show.cjs");
const events = require("events");
const { EventEmitter, on, once, getEventListeners, getMaxListeners, setMaxListeners, addAbortListener } = events;

show("listenerCount with listener", () => {
  const ee = new EventEmitter();
  const a = () => {};
  const b = () => {};
  ee.on("x", a);
  ee.once("x", a);
  ee.on("x", b);
  return [ee.listenerCount("x"), ee.listenerCount("x", a), ee.listenerCount("x", b), ee.listenerCount("y", a)];
});
show("getMaxListeners / setMaxListeners", () => {
  const ee = new EventEmitter();
  const et = new EventTarget();
  const before = [getMaxListeners(ee), getMaxListeners(et)];
  setMaxListeners(42, ee, et);
  return [...before, getMaxListeners(ee), getMaxListeners(et)];
});
show("getMaxListeners bad", () => getMaxListeners({}));
show("setMaxListeners bad n", () => setMaxListeners(-1, new EventEmitter()));
show("getEventListeners", () => {
  const ee = new EventEmitter();
  const f = () => {};
  ee.on("a", f);
  const et = new EventTarget();
  const g = () => {};
  et.addEventListener("b", g);
  et.addEventListener("b", g);
  const h = () => {};
  et.addEventListener("c", h, { once: true });
  et.dispatchEvent(new Event("c"));
  const out = [getEventListeners(ee, "a").length, getEventListeners(ee, "a")[0] === f, getEventListeners(et, "b").length, getEventListeners(et, "c").length];
  et.removeEventListener("b", g);
  out.push(getEventListeners(et, "b").length);
  return out;
});
(async () => {
  const ee = new EventEmitter();
  setTimeout(() => ee.emit("ready", 1, 2), 1);
  await showAsync("once EventEmitter", () => once(ee, "ready"));
  setTimeout(() => ee.emit("error", new Error("bad")), 1);
  await showAsync("once rejects on error", () => once(ee, "ready"));
  const et = new EventTarget();
  setTimeout(() => et.dispatchEvent(new Event("ping")), 1);
  await showAsync("once EventTarget", async () => { const [e] = await once(et, "ping"); return e.type; });
  await showAsync("once aborted signal", () => once(ee, "x", { signal: AbortSignal.abort() }));
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 1);
  await showAsync("once aborted later", () => once(ee, "x", { signal: ac.signal }));
  setTimeout(() => { ee.emit("n", 1); ee.emit("n", 2); ee.emit("n", 3); }, 1);
  await showAsync("on async iterator", async () => {
    const seen = [];
    for await (const [v] of on(ee, "n")) { seen.push(v); if (v === 3) break; }
    return [seen, ee.listenerCount("n"), ee.listenerCount("error")];
  });
  const ac2 = new AbortController();
  setTimeout(() => { ee.emit("m", "a"); ac2.abort(); }, 1);
  await showAsync("on with signal", async () => {
    const seen = [];
    try { for await (const [v] of on(ee, "m", { signal: ac2.signal })) seen.push(v); } catch (e) { seen.push(e.name); }
    return seen;
  });
  await showAsync("addAbortListener", async () => {
    const ac3 = new AbortController();
    let calls = 0;
    const d = addAbortListener(ac3.signal, () => calls++);
    ac3.abort();
    const d2 = addAbortListener(AbortSignal.abort(), () => calls++);
    await new Promise((r) => setTimeout(r, 1));
    return [calls, typeof d[Symbol.dispose], typeof d2[Symbol.dispose]];
  });
  await showAsync("captureRejections", async () => {
    EventEmitter.captureRejections = true;
    const e2 = new EventEmitter();
    const errors = [];
    e2.on("error", (err) => errors.push(err.message));
    e2.on("go", async () => { throw new Error("async failure"); });
    e2.emit("go");
    const e3 = new EventEmitter();
    e3[Symbol.for("nodejs.rejection")] = (err, type) => errors.push(`${type}: ${err.message}`);
    e3.on("run", async () => { throw new Error("to handler"); });
    e3.emit("run");
    EventEmitter.captureRejections = false;
    await new Promise((r) => setTimeout(r, 5));
    return errors;
  });
  show("captureRejections bad value", () => { EventEmitter.captureRejections = 1; });
})();
