// fs.Dir, and the callback and promise forms: each runs the same steps as
// its sync form (./steps.js), completing on a later turn of the loop as an I/O
// completion does, through asynchronous host calls where synchronous ones
// are unavailable (see ./io.js).
import { defer, invalidType } from "./args.js";
import { later, runSync, runTo } from "./io.js";
import { openedDir } from "./steps.js";
import { abortError } from "../shared/errors.js";

// ---- Dir ------------------------------------------------------------------------

/** Node's `fs.Dir`, over one listing of the directory. */
class Dir {
  constructor(path, entries) {
    this.path = path;
    this._entries = entries;
    this._closed = false;
  }
  _check() {
    if (this._closed) {
      const err = new Error("Directory handle was closed");
      err.code = "ERR_DIR_CLOSED";
      throw err;
    }
  }
  readSync() {
    this._check();
    return this._entries.length ? this._entries.shift() : null;
  }
  read(callback) {
    if (typeof callback === "function") return void complete(() => this.readSync(), [], callback);
    return laterValue(() => this.readSync());
  }
  closeSync() {
    this._check();
    this._closed = true;
  }
  close(callback) {
    if (typeof callback === "function") return void complete(() => this.closeSync(), [], callback);
    return laterValue(() => this.closeSync());
  }
  async *entries() {
    try {
      for (let entry = this.readSync(); entry !== null; entry = this.readSync()) yield entry;
    } finally {
      if (!this._closed) this.closeSync();
    }
  }
  [Symbol.asyncIterator]() {
    return this.entries();
  }
}

function* opendir(path) {
  const { path: p, entries } = yield* openedDir(path);
  return new Dir(p, entries);
}

function opendirSync(path) {
  return runSync(opendir(path));
}

// ---- callback and promise forms ---------------------------------------------------

/** Runs `fn` (no host calls) now and delivers its outcome to `callback` on a later turn. */
function complete(fn, args, callback) {
  runTo(
    (function* () {
      return fn(...args);
    })(),
    callback,
  );
}

/** A value computed on a later turn, without host calls. */
function laterValue(fn) {
  return later(function* () {
    return fn();
  });
}

function takeCallback(args) {
  // With only the required argument given, Node reports the callback as undefined.
  const callback = args.length > 1 ? args[args.length - 1] : undefined;
  if (typeof callback !== "function") throw invalidType("cb", "of type function", callback);
  return args.slice(0, -1);
}

/** Runs `steps` and calls `callback(err, ...)` on a later turn; `spread(result, args)` gives the values after `err` (default: the result). */
function runToCallback(steps, args, callback, spread) {
  runTo(steps, (err, result) => {
    if (err) callback(err);
    else if (spread) callback(null, ...spread(result, args));
    else callback(null, result);
  });
}

/** The callback form of a step function. */
function callbackForm(stepFn, spread) {
  return function (...args) {
    const rest = takeCallback(args);
    runToCallback(stepFn.apply(undefined, rest), rest, args[args.length - 1], spread);
  };
}

/** The promise form of a step function; an `options.signal` already aborted rejects with Node's AbortError. */
function promiseForm(stepFn) {
  return function (...args) {
    return later(function* () {
      const last = args[args.length - 1];
      const signal = last !== null && typeof last === "object" && !ArrayBuffer.isView(last) ? last.signal : undefined;
      if (signal && signal.aborted) {
        throw abortError(signal.reason);
      }
      return yield* stepFn(...args);
    });
  };
}

export { Dir, callbackForm, defer, opendir, opendirSync, promiseForm, runToCallback, takeCallback };
