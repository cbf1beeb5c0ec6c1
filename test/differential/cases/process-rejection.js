"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node-exit-code: 1
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

// An unhandled promise rejection ends the program with exit code 1 (Node >= 15),
// after 'unhandledRejection' listeners would have run; here there are none.
process.on("exit", (code) => console.log("exit listener -> " + code));
const handled = Promise.reject(new Error("handled later"));
Promise.resolve().then(() => handled.catch((e) => console.log("caught in a microtask -> " + e.message)));
Promise.resolve().then(() => console.log("microtask -> ran"));
setTimeout(() => {
  console.log("timer -> before the unhandled rejection");
  Promise.reject(new TypeError("nobody catches this"));
  setTimeout(() => console.log("timer after unhandled rejection must not run"), 50);
}, 5);
console.log("sync end -> reached");
