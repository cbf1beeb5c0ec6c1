// node:assert — the `assert` port of Node's module, with Node 22's
// AssertionError (polyfills/src/assert/assertion-error.js, which the port
// builds its errors with), and Node 22's ok()/assert() (the source text of
// the failing call), fail(), ifError() and the ERR_INVALID_RETURN_VALUE of
// rejects() and doesNotReject() in place of the port's older ones.
import port from "assert/";
import { makeCallTracker } from "../shared/call-tracker.js";
import { sourceMessage } from "../assert/source-message.js";
import { describeReceived, describeValue, withNodeToString } from "../shared/errors.js";

const { AssertionError } = port;

function innerOk(fn, argLen, value, message) {
  if (value) return;
  let generatedMessage = false;
  if (argLen === 0) {
    generatedMessage = true;
    message = "No value argument passed to `assert.ok()`";
  } else if (message == null) {
    generatedMessage = true;
    message = sourceMessage(fn);
  } else if (message instanceof Error) {
    throw message;
  }
  const err = new AssertionError({ actual: value, expected: true, message, operator: "==", stackStartFn: fn });
  err.generatedMessage = generatedMessage;
  throw err;
}

let failWarned = false;
function fail(actual, expected, message, operator, stackStartFn) {
  const argsLen = arguments.length;
  let internalMessage = false;
  if (actual == null && argsLen <= 1) {
    internalMessage = true;
    message = "Failed";
  } else if (argsLen === 1) {
    message = actual;
    actual = undefined;
  } else {
    if (!failWarned) {
      failWarned = true;
      process.emitWarning(
        "assert.fail() with more than one argument is deprecated. Please use assert.strictEqual() instead or only pass a message.",
        "DeprecationWarning",
        "DEP0094",
      );
    }
    if (argsLen === 2) operator = "!=";
  }
  if (message instanceof Error) throw message;
  const err = new AssertionError({ actual, expected, operator: operator === undefined ? "fail" : operator, stackStartFn: stackStartFn || fail, message });
  if (internalMessage) err.generatedMessage = true;
  throw err;
}

/** Node 22's ifError: the new error's own frames, then the frames of the original error's stack (when it has "    at" lines). */
function ifError(err) {
  if (err === null || err === undefined) return;
  let message = "ifError got unwanted exception: ";
  if (typeof err === "object" && typeof err.message === "string") {
    message += err.message.length === 0 && err.constructor ? err.constructor.name : err.message;
  } else {
    message += require("util").inspect(err);
  }
  const newErr = new AssertionError({ actual: err, expected: null, operator: "ifError", message, stackStartFn: ifError });
  const origStack = err.stack;
  if (typeof origStack === "string") {
    const start = origStack.indexOf("\n    at");
    if (start !== -1) {
      const originalFrames = origStack.slice(start + 1).split("\n");
      let newFrames = newErr.stack.split("\n");
      for (const frame of originalFrames) {
        const pos = newFrames.indexOf(frame);
        if (pos !== -1) {
          newFrames = newFrames.slice(0, pos);
          break;
        }
      }
      newErr.stack = `${newFrames.join("\n")}\n${originalFrames.join("\n")}`;
    }
  }
  throw newErr;
}

/** Node's ERR_INVALID_RETURN_VALUE: the promiseFn did not return a thenable. */
const isPromiseLike = (value) => value instanceof Promise || (value !== null && typeof value === "object" && typeof value.then === "function" && typeof value.catch === "function");
function checkPromiseFn(promiseFn) {
  if (typeof promiseFn !== "function") {
    if (isPromiseLike(promiseFn)) return promiseFn;
    const err = new TypeError(`The "promiseFn" argument must be of type function or an instance of Promise.${describeReceived(promiseFn)}`);
    err.code = "ERR_INVALID_ARG_TYPE";
    throw withNodeToString(err);
  }
  const result = promiseFn();
  if (isPromiseLike(result)) return result;
  const err = new TypeError(`Expected instance of Promise to be returned from the "promiseFn" function but got ${describeValue(result)}.`);
  err.code = "ERR_INVALID_RETURN_VALUE";
  throw withNodeToString(err);
}
async function rejects(promiseFn, ...args) {
  return port.rejects(checkPromiseFn(promiseFn), ...args);
}
async function doesNotReject(promiseFn, ...args) {
  return port.doesNotReject(checkPromiseFn(promiseFn), ...args);
}

function ok(...args) {
  innerOk(ok, args.length, ...args);
}
function strict(...args) {
  innerOk(strict, args.length, ...args);
}
// The port predates CallTracker.
const CallTracker = port.CallTracker || makeCallTracker(AssertionError);
Object.assign(ok, port, { ok, fail, ifError, rejects, doesNotReject, CallTracker });
Object.assign(strict, ok, {
  ok: strict,
  equal: port.strictEqual,
  deepEqual: port.deepStrictEqual,
  notEqual: port.notStrictEqual,
  notDeepEqual: port.notDeepStrictEqual,
});
ok.strict = strict;
strict.strict = strict;
export default ok;
