"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
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

// The harness feeds the same text to stdin on both sides (see STDIN in the test).
show("stdin is readable", () => [typeof process.stdin.on, typeof process.stdin.read, typeof process.stdin.setEncoding, process.stdin.fd]);
const chunks = [];
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", async () => {
  show("stdin text", () => chunks.join(""));
  show("stdin chunks are strings after setEncoding", () => chunks.every((c) => typeof c === "string"));
  const readline = require("readline");
  const { Readable } = require("stream");
  const rl = readline.createInterface({ input: Readable.from([chunks.join("")]), crlfDelay: Infinity });
  const lines = [];
  for await (const line of rl) lines.push(line);
  show("readline over the same text", () => lines);
});
