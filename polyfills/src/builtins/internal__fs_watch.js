// internal/fs_watch — fs.watchFile/unwatchFile, fs.watch and
// fs.promises.watch by polling, as libuv's fs_poll does for watchFile: a
// sandbox has no inotify, so a watcher stats what it watches on a timer
// (watchFile: every `interval` ms, default 5007; watch: every 50 ms) inside
// the guest, under its CPU limit. watch() reports 'rename' when an entry
// appears or disappears and 'change' when its size, mtime or ctime moves,
// with the entry's name (relative to the watched directory; with
// `recursive`, relative paths of the whole tree). Loaded on first use.
const EventEmitter = require("events");
const pathModule = require("path");
const { Buffer } = require("buffer");
import { codedError as argError, describeValue as described } from "../shared/errors.js";

const WATCH_INTERVAL_MS = 50;
let fsApi = null;

function validateFunction(value, name) {
  if (typeof value !== "function") throw argError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" argument must be of type function. Received ${described(value)}`);
}
function validateEncoding(encoding) {
  if (encoding != null && encoding !== "buffer" && !Buffer.isEncoding(encoding)) {
    throw argError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'encoding' is invalid encoding. Received ${typeof encoding === "string" ? `'${encoding}'` : described(encoding)}`);
  }
}

/** One stat, or all-zero stats when the path does not exist (as libuv reports a missing file). */
function statOrZero(path, bigint) {
  try {
    return fsApi.statSync(path, { bigint });
  } catch {
    const zero = { dev: 0, mode: 0, nlink: 0, uid: 0, gid: 0, rdev: 0, blksize: 0, ino: 0, size: 0, blocks: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0 };
    return fsApi.makeStats(zero, bigint);
  }
}
const sameStat = (a, b) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.mode === b.mode && a.nlink === b.nlink;

// ---- the polling both watchers share ----------------------------------------------

/** A watcher driven by an interval timer: `_halt` ends it once, then emits `event`. */
class PollingWatcher extends EventEmitter {
  _halt(event) {
    if (!this._timer) return;
    clearInterval(this._timer);
    this._timer = null;
    process.nextTick(() => this.emit(event));
  }
  ref() {
    if (this._timer) this._timer.ref();
    return this;
  }
  unref() {
    if (this._timer) this._timer.unref();
    return this;
  }
}

// ---- watchFile ------------------------------------------------------------------

class StatWatcher extends PollingWatcher {
  constructor(bigint) {
    super();
    this._bigint = bigint;
    this._timer = null;
    this._refs = 0;
  }
  _start(filename, persistent, interval) {
    this._prev = statOrZero(filename, this._bigint);
    this._timer = setInterval(() => {
      const curr = statOrZero(filename, this._bigint);
      if (!sameStat(curr, this._prev)) {
        const prev = this._prev;
        this._prev = curr;
        this.emit("change", curr, prev);
      }
    }, interval);
    if (!persistent) this._timer.unref();
  }
  stop() {
    this._halt("stop");
  }
}

const statWatchers = new Map();

function watchFile(filename, options, listener) {
  filename = pathModule.resolve(fsApi.toPath(filename, "filename"));
  if (options === null || typeof options !== "object") {
    listener = options;
    options = null;
  }
  options = { interval: 5007, persistent: true, ...options };
  validateFunction(listener, "listener");
  let watcher = statWatchers.get(filename);
  if (watcher === undefined) {
    watcher = new StatWatcher(!!options.bigint);
    watcher._start(filename, options.persistent, options.interval);
    statWatchers.set(filename, watcher);
  }
  watcher.addListener("change", listener);
  return watcher;
}

function unwatchFile(filename, listener) {
  filename = pathModule.resolve(fsApi.toPath(filename, "filename"));
  const watcher = statWatchers.get(filename);
  if (watcher === undefined) return;
  if (typeof listener === "function") watcher.removeListener("change", listener);
  else watcher.removeAllListeners("change");
  if (watcher.listenerCount("change") === 0) {
    watcher.stop();
    statWatchers.delete(filename);
  }
}

// ---- watch ----------------------------------------------------------------------

/** What a watched path holds now: relative name -> stat (the path itself under ""). */
function snapshot(root, recursive) {
  const out = new Map();
  let top;
  try {
    top = fsApi.statSync(root);
  } catch {
    return out;
  }
  out.set("", top);
  if (!top.isDirectory()) return out;
  const walk = (dir, prefix) => {
    let names;
    try {
      names = fsApi.readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const rel = prefix ? `${prefix}/${name}` : name;
      let st;
      try {
        st = fsApi.lstatSync(`${dir}/${name}`);
      } catch {
        continue;
      }
      out.set(rel, st);
      if (recursive && st.isDirectory()) walk(`${dir}/${name}`, rel);
    }
  };
  walk(root, "");
  return out;
}

class FSWatcher extends PollingWatcher {
  constructor(path, { recursive, encoding, persistent }) {
    super();
    this._path = path;
    this._encoding = encoding;
    this._recursive = recursive;
    this._state = snapshot(path, recursive);
    if (!this._state.has("")) {
      const err = new Error(`ENOENT: no such file or directory, watch '${path}'`);
      Object.assign(err, { errno: -2, code: "ENOENT", syscall: "watch", path, filename: path });
      throw err;
    }
    this._isDir = this._state.get("").isDirectory();
    this._timer = setInterval(() => this._poll(), WATCH_INTERVAL_MS);
    if (!persistent) this._timer.unref();
  }
  _name(rel) {
    const name = rel === "" ? pathModule.basename(this._path) : rel;
    return this._encoding === "buffer" ? Buffer.from(name) : this._encoding && this._encoding !== "utf8" ? Buffer.from(name).toString(this._encoding) : name;
  }
  _poll() {
    const next = snapshot(this._path, this._recursive);
    const events = [];
    for (const [rel, st] of next) {
      const before = this._state.get(rel);
      if (!before) events.push(["rename", rel]);
      else if (!sameStat(st, before) && !(rel === "" && this._isDir) && !(st.isDirectory() && before.isDirectory())) events.push(["change", rel]);
    }
    for (const rel of this._state.keys()) if (!next.has(rel)) events.push(["rename", rel]);
    this._state = next;
    for (const [type, rel] of events) {
      if (!this._timer) return;
      this.emit("change", type, this._name(rel));
    }
  }
  close() {
    this._halt("close");
  }
  [Symbol.dispose]() {
    this.close();
  }
}

function watchOptions(options) {
  if (typeof options === "string") options = { encoding: options };
  options = { persistent: true, recursive: false, encoding: "utf8", ...(options || {}) };
  validateEncoding(options.encoding);
  if (options.signal !== undefined && (options.signal === null || typeof options.signal !== "object" || !("aborted" in options.signal))) {
    throw argError(TypeError, "ERR_INVALID_ARG_TYPE", `The "options.signal" property must be an instance of AbortSignal. Received ${described(options.signal)}`);
  }
  return options;
}

function watch(filename, options, listener) {
  if (typeof options === "function") {
    listener = options;
    options = undefined;
  }
  const path = fsApi.toPath(filename, "filename");
  options = watchOptions(options);
  const watcher = new FSWatcher(pathModule.resolve(path), options);
  if (listener) watcher.addListener("change", listener);
  if (options.signal) {
    if (options.signal.aborted) process.nextTick(() => watcher.close());
    else options.signal.addEventListener("abort", () => watcher.close(), { once: true });
  }
  return watcher;
}

/** fs.promises.watch: an async iterator of { eventType, filename }. */
function promisesWatch(filename, options = {}) {
  const path = fsApi.toPath(filename, "filename");
  options = watchOptions(options);
  const signal = options.signal;
  if (signal && signal.aborted) {
    const err = new Error("The operation was aborted", { cause: signal.reason });
    err.name = "AbortError";
    err.code = "ABORT_ERR";
    return { [Symbol.asyncIterator]() { return this; }, next: () => Promise.reject(err) };
  }
  const watcher = new FSWatcher(pathModule.resolve(path), options);
  const queue = [];
  const waiting = [];
  let done = false;
  let failure = null;
  watcher.on("change", (eventType, name) => {
    const item = { value: { eventType, filename: name }, done: false };
    const w = waiting.shift();
    if (w) w.resolve(item);
    else queue.push(item);
  });
  const finish = (err) => {
    if (done) return;
    done = true;
    watcher.close();
    failure = err || null;
    for (const w of waiting.splice(0)) err ? w.reject(err) : w.resolve({ value: undefined, done: true });
  };
  if (signal) {
    signal.addEventListener("abort", () => {
      const err = new Error("The operation was aborted", { cause: signal.reason });
      err.name = "AbortError";
      err.code = "ABORT_ERR";
      finish(err);
    }, { once: true });
  }
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      if (queue.length) return Promise.resolve(queue.shift());
      if (failure) {
        const err = failure;
        failure = null;
        return Promise.reject(err);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
  };
}

/** The module, bound to the fs functions it polls with. */
function bind(api) {
  fsApi = api;
  return { watchFile, unwatchFile, watch, promisesWatch, StatWatcher, FSWatcher };
}

export default { bind };
