"use strict";
// What every differential case prints with: one line per behaviour,
// "<label> -> <value or error>". The harness lays this file out next to the
// case's directory (as ../show.cjs) on both sides, so the real Node and
// quickexec run the same helpers.
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

module.exports = { fmt, errLine, show, showAsync };
