"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node-exit-code: 1
const { fmt, errLine, show, showAsync } = require("../show.cjs");

// An uncaught exception: the 'uncaughtException' listener sees it once,
// then a second throw with no listener ends the program with exit code 1.
process.on("exit", (code) => console.log("exit listener -> " + code));
process.once("uncaughtException", (err, origin) => {
  console.log("uncaughtException -> " + err.message + " origin=" + origin);
  setTimeout(() => {
    console.log("second throw -> now");
    throw new RangeError("second, unhandled");
  }, 0);
});
setTimeout(() => {
  console.log("first throw -> now");
  throw new Error("first");
}, 0);
console.log("sync end -> reached");
