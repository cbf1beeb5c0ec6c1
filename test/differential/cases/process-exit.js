"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node-exit-code: 7
const { fmt, errLine, show, showAsync } = require("../show.cjs");

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
