"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node-stderr: expected (process.emitWarning writes there)
function fmt(v) {
  if (typeof Buffer === "function" && Buffer.isBuffer(v)) return "Buffer<" + v.toString("hex") + ">";
  if (v instanceof Uint8Array) return "Uint8Array<" + Array.from(v).join(",") + ">";
  if (v === undefined) return "undefined";
  if (typeof v === "bigint") return v + "n";
  if (typeof v === "function") return "function " + v.name;
  if (typeof v === "number" && Object.is(v, -0)) return "-0";
  try { return JSON.stringify(v, (k, x) => (typeof x === "bigint" ? x + "n" : x)); } catch (e) { return "<unserializable: " + e.message + ">"; }
}
function errLine(e) {
  if (!(e instanceof Error)) return "throws non-Error " + fmt(e);
  let s = "throws " + e.name + " code=" + e.code;
  for (const k of ["errno", "syscall", "path", "dest"]) if (e[k] !== undefined) s += " " + k + "=" + e[k];
  return s + " " + JSON.stringify(e.message);
}
function show(label, fn) {
  let out;
  try { out = fmt(fn()); } catch (e) { out = errLine(e); }
  console.log(label + " -> " + out);
}
async function showAsync(label, fn) {
  let out;
  try { out = fmt(await fn()); } catch (e) { out = errLine(e); }
  console.log(label + " -> " + out);
}

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
