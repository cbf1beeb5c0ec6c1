"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node-exit-code: 7
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

// process.exit(7) ends the program at once: 'exit' listeners run, nothing after does.
process.on("exit", (code) => console.log("exit listener 1 -> " + code));
process.on("exit", (code) => { console.log("exit listener 2 -> " + code + " " + process.exitCode); });
process.on("beforeExit", () => console.log("beforeExit must not run on process.exit"));
Promise.resolve().then(() => console.log("microtask before exit -> ran"));
process.nextTick(() => console.log("nextTick before exit -> ran"));
setTimeout(() => {
  console.log("timer -> ran");
  setImmediate(() => console.log("immediate must not run"));
  setTimeout(() => console.log("timer must not run"), 0);
  process.nextTick(() => console.log("nextTick after exit must not run"));
  process.stdout.write("partial line then exit\n");
  process.exitCode = 2;
  process.exit(7);
  console.log("after process.exit must not run");
}, 0);
console.log("sync end -> reached");
