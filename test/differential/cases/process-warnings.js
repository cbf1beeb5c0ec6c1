"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// process.emitWarning and the EventEmitter methods of process.
// node-stderr: expected (the warnings themselves)
const { show } = require("../show.cjs");

const seen = [];
process.on("warning", (w) => seen.push([w.name, w.message, w.code, w instanceof Error, w.detail]));
show("emitWarning returns undefined", () => process.emitWarning("plain"));
process.emitWarning("typed", "CustomWarning", "CODE1");
process.emitWarning("with options", { type: "OptWarning", code: "CODE2", detail: "some detail" });
process.emitWarning(new Error("an error object"));
process.emitWarning("deprecated thing", "DeprecationWarning", "DEP0999");
show("emitWarning is asynchronous", () => seen.length);
show("bad warning", () => process.emitWarning(5));
show("bad type", () => process.emitWarning("x", 5));
show("bad code", () => process.emitWarning("x", "T", 5));
const fn = () => {};
process.prependListener("custom", fn);
process.prependOnceListener("custom", () => {});
show("eventNames / rawListeners", () => [process.eventNames().includes("custom"), process.rawListeners("custom").length, process.listenerCount("custom")]);
process.removeListener("custom", fn);
show("removeListener", () => process.listenerCount("custom"));
show("getMaxListeners", () => [process.getMaxListeners(), process.setMaxListeners(20) === process, process.getMaxListeners()]);
show("getActiveResourcesInfo", () => {
  const before = process.getActiveResourcesInfo().filter((t) => t === "Timeout").length;
  const t = setTimeout(() => {}, 10);
  const during = process.getActiveResourcesInfo().filter((t) => t === "Timeout").length;
  clearTimeout(t);
  const im = setImmediate(() => {});
  const imm = process.getActiveResourcesInfo().filter((t) => t === "Immediate").length;
  clearImmediate(im);
  return [during - before, imm];
});
show("availableMemory / constrainedMemory types", () => [typeof process.availableMemory(), typeof process.constrainedMemory()]);
show("process.assert", () => { process.assert(1); try { process.assert(0, "msg"); } catch (e) { return [e.code, e.message]; } });
show("Symbol.dispose", () => [typeof Symbol.dispose, typeof Symbol.asyncDispose]);
show("timer dispose", () => { let fired = false; const t = setTimeout(() => { fired = true; }, 1); t[Symbol.dispose](); return typeof t[Symbol.dispose]; });
setTimeout(() => {
  show("warnings seen", () => seen);
}, 5);
