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

// The same API on errors made with new.
function thrower() {
  return new RangeError("made with new");
}
const made = thrower();
show("new Error stack head", () => made.stack.split("\n")[0]);
show("new Error first frame", () => firstFrame(made.stack).startsWith("thrower ("));
class Renamed extends Error {
  constructor(message) {
    super(message);
    this.name = "Renamed";
  }
}
show("head uses the name set after super()", () => new Renamed("r").stack.split("\n")[0]);
const changed = new Error("before");
changed.message = "after";
show("head uses the message at first read", () => changed.stack.split("\n")[0]);
Error.stackTraceLimit = 0;
const bare = new Error("no frames");
Error.stackTraceLimit = saved;
show("stackTraceLimit 0 for new Error", () => bare.stack);
Error.prepareStackTrace = (error, sites) => `${error.message} with ${sites.length > 0} sites`;
const prepared = new TypeError("prepared");
show("prepareStackTrace for new Error", () => prepared.stack);
Error.prepareStackTrace = undefined;
show("classes keep their identity", () => [
  new TypeError("t") instanceof TypeError,
  new TypeError("t") instanceof Error,
  Object.getPrototypeOf(TypeError) === Error,
  Error.prototype.constructor === Error,
  TypeError.name,
  Error.length,
  AggregateError.length,
  typeof TypeError.captureStackTrace,
]);
show("called without new", () => [Error("plain") instanceof Error, RangeError("r").name, Error("x").stack.split("\n")[0]]);
let engineError;
try {
  null.x;
} catch (e) {
  engineError = e;
}
show("engine errors are instances", () => [engineError instanceof TypeError, engineError.constructor === TypeError]);
show("AggregateError", () => { const a = new AggregateError([new Error("a")], "many"); return [a.message, a.errors.length, a.stack.split("\n")[0]]; });
