"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node-exit-code: 1
const { fmt, errLine, show, showAsync } = require("../show.cjs");

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
