"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

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
