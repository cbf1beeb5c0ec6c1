"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// Error.captureStackTrace, Error.stackTraceLimit and Error.prepareStackTrace.
// Columns are not compared: QuickJS and V8 point at different tokens of a line.
const { show } = require("../show.cjs");

const firstFrame = (stack) => stack.split("\n")[1].replace(/:\d+\)?$/, "").replace(/^\s+at /, "");

show("captureStackTrace exists", () => [typeof Error.captureStackTrace, Error.captureStackTrace.length, Error.stackTraceLimit]);
class MyError extends Error {
  constructor(message) {
    super(message);
    Error.captureStackTrace(this, this.constructor);
    this.name = "MyError";
    this.code = "E_MINE";
  }
}
function makeMine() {
  return new MyError("mine");
}
const mine = makeMine();
show("subclass keeps code and name", () => [mine.code, mine.name, mine.message, mine instanceof MyError, mine instanceof Error]);
show("stack starts with name: message", () => mine.stack.split("\n")[0]);
show("constructor frame dropped, caller first", () => firstFrame(mine.stack).startsWith("makeMine ("));
show("stack is not enumerable", () => Object.keys(mine).includes("stack"));

const plain = { name: "Custom", message: "on a plain object" };
(function capture() {
  Error.captureStackTrace(plain);
})();
show("plain object head", () => plain.stack.split("\n")[0]);
show("plain object first frame", () => firstFrame(plain.stack).startsWith("capture ("));
const noName = {};
Error.captureStackTrace(noName);
show("object without name/message", () => noName.stack.split("\n")[0]);

function outer() {
  return middle();
}
function middle() {
  return inner();
}
function inner() {
  const o = { message: "x" };
  Error.captureStackTrace(o, middle);
  return o.stack;
}
show("frames above constructorOpt dropped", () => firstFrame(outer()).startsWith("outer ("));

const saved = Error.stackTraceLimit;
Error.stackTraceLimit = 0;
const zero = new TypeError("none");
Error.captureStackTrace(zero);
show("stackTraceLimit 0 leaves the head only", () => zero.stack);
Error.stackTraceLimit = 1;
const one = {};
Error.captureStackTrace(one);
show("stackTraceLimit 1", () => one.stack.split("\n").length);
Error.stackTraceLimit = saved;

show("non-object throws", () => Error.captureStackTrace(1));

Error.prepareStackTrace = (error, callSites) => ({
  head: String(error.message),
  isArray: Array.isArray(callSites),
  fn: callSites[0].getFunctionName(),
  file: callSites[0].getFileName().endsWith("case.js"),
  line: callSites[0].getLineNumber(),
  column: typeof callSites[0].getColumnNumber(),
  native: callSites[0].isNative(),
  text: /^hooked \(.*case\.js:\d+:\d+\)$/.test(String(callSites[0])),
});
function hooked() {
  const o = { message: "via hook" };
  Error.captureStackTrace(o);
  return o.stack;
}
show("prepareStackTrace gets call sites", () => hooked());
Error.prepareStackTrace = undefined;
show("stack is writable", () => {
  const o = {};
  Error.captureStackTrace(o);
  o.stack = "replaced";
  return o.stack;
});
