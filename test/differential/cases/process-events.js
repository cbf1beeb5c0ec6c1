"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node-stderr: expected (process.emitWarning writes there)
const { fmt, errLine, show, showAsync } = require("../show.cjs");

show("stdout/stdin are not TTYs when piped", () => [String(process.stdout.isTTY), String(process.stdin.isTTY), String(process.stdout.columns)]);
show("exitCode must be an integer", () => { process.exitCode = "abc"; });
show("exitCode accepts an integer string", () => { process.exitCode = "4"; const c = process.exitCode; process.exitCode = undefined; return c; });
show("exitCode undefined again", () => process.exitCode);
show("hrtime is monotonic", () => { const a = process.hrtime.bigint(); const b = process.hrtime.bigint(); return b >= a; });
show("listenerCount on process", () => { const f = () => {}; process.on("custom-event", f); const n = process.listenerCount("custom-event"); process.off("custom-event", f); return [n, process.listenerCount("custom-event")]; });
show("process.emit custom event", () => { let got; process.once("custom", (v) => { got = v; }); return [process.emit("custom", 5), got]; });
show("emitWarning validates", () => process.emitWarning(5));

const order = [];
process.on("warning", (w) => {
  order.push("warning event: " + w.name + " / " + w.message + " / " + (w.code || "-"));
});
process.emitWarning("something odd", "CustomWarning", "QE001");
process.emitWarning(new Error("warning from an Error"));
process.emitWarning("plain");
order.push("after emitWarning (warning events are async)");
setTimeout(() => {
  show("warning events", () => order);
  // Last: if process.exit does not validate its argument, the program ends here.
  show("process.exit with a bad code", () => process.exit("nope"));
  process.exitCode = 0;
}, 5);
