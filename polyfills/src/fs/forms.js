// fs.Dir, and the callback and promise forms built on the sync forms.
/* global require */
import { argumentErrors, defer, invalidType, toPath } from "./args.js";
import { Dirent } from "./stats.js";
import { abortError } from "../shared/errors.js";

const host = require("internal/host", true);

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
    return later(() => this.readSync());
  }
  closeSync() {
    this._check();
    this._closed = true;
  }
  close(callback) {
    if (typeof callback === "function") return void complete(() => this.closeSync(), [], callback);
    return later(() => this.closeSync());
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

function opendirSync(path) {
  const p = toPath(path);
  const entries = host.call("fs.readdir", p, true, "opendir").map(([name, type]) => new Dirent(name, type, p));
  return new Dir(p, entries);
}

// ---- callback and promise forms ---------------------------------------------------

/** Runs `fn` now and delivers its outcome to `callback` on a later turn (argument errors throw now). */
function complete(fn, args, callback, spread) {
  let result;
  let error = null;
  try {
    result = fn(...args);
  } catch (err) {
    if (argumentErrors.has(err)) throw err;
    error = err;
  }
  defer(() => {
    if (error) callback(error);
    else if (spread) callback(null, ...spread(result, args));
    else callback(null, result);
  });
}

function takeCallback(args) {
  // With only the required argument given, Node reports the callback as undefined.
  const callback = args.length > 1 ? args[args.length - 1] : undefined;
  if (typeof callback !== "function") throw invalidType("cb", "of type function", callback);
  return args.slice(0, -1);
}

function callbackForm(syncFn, spread) {
  return function (...args) {
    const rest = takeCallback(args);
    complete(syncFn, rest, args[args.length - 1], spread);
  };
}

function later(fn) {
  return new Promise((resolve, reject) => {
    defer(() => {
      try {
        resolve(fn());
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** The promise form; an `options.signal` already aborted rejects with Node's AbortError. */
function promiseForm(syncFn) {
  return function (...args) {
    return later(() => {
      const last = args[args.length - 1];
      const signal = last !== null && typeof last === "object" && !ArrayBuffer.isView(last) ? last.signal : undefined;
      if (signal && signal.aborted) {
        throw abortError(signal.reason);
      }
      return syncFn(...args);
    });
  };
}

export { Dir, callbackForm, complete, later, opendirSync, promiseForm, takeCallback };
