// node:worker_threads — a Worker is a nested sandbox: a second run on another
// engine thread under the parent's permissions, filesystem and limits (the
// host's worker.* ops). Messages cross as encoded structured clones
// (internal/worker_messages). Inside a worker, parentPort, workerData and
// threadId come from the host; a worker cannot start workers of its own
// (ERR_QUICKEXEC_NO_NESTED_WORKERS). The per-thread environment data and
// transfer markers work as in Node, and MessageChannel/MessagePort carry
// messages within one thread.
/* global require, process */
const { codedError, invalidArgType } = require("internal/errors", true);
const { MessageChannel, MessagePort, receiveMessageOnPort } = require("internal/message_port", true);
const { encodeMessage, decodeMessage } = require("internal/worker_messages", true);
const host = require("internal/host", true);
const EventEmitter = require("events");

const environmentData = new Map();
const untransferable = new WeakSet();
const uncloneable = new WeakSet();

// A message as the host delivers it: bytes (an event) or text (queued before the port opened).
function textOf(value) {
  return typeof value === "string" ? value : new TextDecoder().decode(value);
}

function transferOf(options) {
  if (options === undefined || options === null) return undefined;
  if (Array.isArray(options)) return options;
  return options.transfer;
}

function workerError(exit) {
  const Ctor = globalThis[exit.name];
  const err = typeof Ctor === "function" && (Ctor === Error || Ctor.prototype instanceof Error) ? new Ctor(exit.message) : new Error(exit.message);
  Object.defineProperty(err, "stack", { value: exit.stack, writable: true, configurable: true });
  if (exit.code !== undefined) err.code = exit.code;
  return err;
}

function workerPath(filename) {
  if (filename instanceof URL || (filename && typeof filename === "object" && typeof filename.href === "string")) {
    if (filename.protocol !== "file:") throw codedError(TypeError, "ERR_WORKER_UNSUPPORTED_OPERATION", "The worker script or module filename must be an absolute path or a relative path starting with './' or '../'. Received \"" + filename.href + "\"");
    return require("url").fileURLToPath(filename);
  }
  const path = require("path");
  if (path.isAbsolute(filename)) return path.normalize(filename);
  if (/^\.\.?[\\/]/.test(filename)) return path.resolve(filename);
  throw codedError(TypeError, "ERR_WORKER_PATH", `The worker script or module filename must be an absolute path or a relative path starting with './' or '../'. Received "${filename}"`);
}

class Worker extends EventEmitter {
  constructor(filename, options = {}) {
    super();
    if (typeof filename !== "string" && !(filename instanceof URL)) throw invalidArgType("filename", "of type string or an instance of URL", filename);
    if (options === null || typeof options !== "object") throw invalidArgType("options", "of type object", options);
    let code;
    let filePath;
    if (options.eval) {
      if (typeof filename !== "string") throw codedError(TypeError, "ERR_WORKER_UNSUPPORTED_OPERATION", "The filename must be a string when eval is true");
      code = filename;
      filePath = require("path").resolve("[worker eval]");
    } else {
      filePath = workerPath(filename);
    }
    if (options.argv !== undefined && !Array.isArray(options.argv)) throw invalidArgType("options.argv", "an instance of Array", options.argv);
    // process.argv[1] of the worker: its file, or "[worker eval]".
    const argv = [options.eval ? "[worker eval]" : filePath, ...(options.argv || []).map(String)];
    if (options.env !== undefined && options.env !== null && options.env !== SHARE_ENV && typeof options.env !== "object") {
      const err = invalidArgType("options.env", "of type object or one of undefined, null, or worker_threads.SHARE_ENV", options.env);
      throw err;
    }
    let env = null;
    if (options.env !== undefined && options.env !== null && typeof options.env === "object" && options.env !== SHARE_ENV) env = { ...options.env };
    else if (options.env === undefined || options.env === SHARE_ENV) env = { ...process.env };
    const workerData = encodeMessage(options.workerData, transferOf(options.transferList));
    // Read under the parent's own fs permission, once the options are known to be valid.
    if (code === undefined) code = require("fs").readFileSync(filePath, "utf8");
    this._exitCode = null;
    this._exitWaiters = [];
    this._handle = host.openHandle((name, value) => this._onEvent(name, value));
    try {
      this.threadId = host.call("worker.start", this._handle.id, { code, filePath, argv, env, workerData }).threadId;
    } catch (err) {
      this._handle.close();
      throw err;
    }
    this.resourceLimits = {};
    this.stdin = null;
    this.stdout = null;
    this.stderr = null;
  }
  _onEvent(name, value) {
    if (name === "online") return void this.emit("online");
    if (name === "message") {
      let message;
      try {
        message = decodeMessage(textOf(value));
      } catch (err) {
        return void this.emit("messageerror", err);
      }
      return void this.emit("message", message);
    }
    if (name === "exit") {
      this._handle.close();
      this._exitCode = value.code;
      this.threadId = -1;
      if (value.error) this.emit("error", workerError(value.error));
      this.emit("exit", value.code);
      for (const resolve of this._exitWaiters.splice(0)) resolve(value.code);
    }
  }
  postMessage(value, transferList) {
    if (this._exitCode !== null) return;
    host.call("worker.post", this._handle.id, encodeMessage(value, transferOf(transferList)));
  }
  terminate(callback) {
    if (typeof callback === "function") process.emitWarning("Passing a callback to worker.terminate() is deprecated. It returns a Promise instead.", "DeprecationWarning", "DEP0132");
    if (this._exitCode !== null) return Promise.resolve(undefined);
    const done = new Promise((resolve) => this._exitWaiters.push(resolve));
    // The pending terminate keeps the program alive until the exit, even for an unref'd worker.
    this._handle.ref();
    host.call("worker.terminate", this._handle.id);
    if (typeof callback === "function") done.then((code) => callback(null, code));
    return done;
  }
  ref() {
    this._handle.ref();
  }
  unref() {
    this._handle.unref();
  }
  hasRef() {
    return this._handle.hasRef();
  }
  getHeapSnapshot() {
    return Promise.reject(codedError(Error, "ERR_WORKER_NOT_RUNNING", "Worker instance not running"));
  }
}

// The parent's port as a worker sees it: messages from the parent's Worker, posts to it.
// It keeps the worker alive while it has a 'message' listener and is not unref'd.
class ParentPort extends EventEmitter {
  constructor() {
    super();
    this._handle = host.openHandle((name, value) => {
      if (name === "message") this._receive(value);
    });
    this._handle.unref();
    this._wantRef = true;
    this._queue = [];
    this._closed = false;
    this.on("newListener", (event) => {
      if (event !== "message") return;
      if (this._wantRef) this._handle.ref();
      if (this._queue.length > 0) process.nextTick(() => this._drain());
    });
    this.on("removeListener", (event) => {
      if (event === "message" && this.listenerCount("message") === 0) this._handle.unref();
    });
  }
  _receive(value) {
    this._queue.push(textOf(value));
    if (this.listenerCount("message") > 0) this._drain();
  }
  _drain() {
    while (this._queue.length > 0 && this.listenerCount("message") > 0) {
      const text = this._queue.shift();
      let message;
      try {
        message = decodeMessage(text);
      } catch (err) {
        this.emit("messageerror", err);
        continue;
      }
      this.emit("message", message);
    }
  }
  postMessage(value, transferList) {
    if (this._closed) return;
    host.call("worker.toParent", encodeMessage(value, transferOf(transferList)));
  }
  start() {}
  // onmessage receives a MessageEvent-like object, as a port's handler does.
  get onmessage() {
    return this._onmessage || null;
  }
  set onmessage(fn) {
    if (this._onmessageListener) this.removeListener("message", this._onmessageListener);
    this._onmessage = typeof fn === "function" ? fn : null;
    this._onmessageListener = null;
    if (this._onmessage) {
      this._onmessageListener = (data) => this._onmessage.call(this, { type: "message", data, target: this });
      this.on("message", this._onmessageListener);
    }
  }
  ref() {
    this._wantRef = true;
    if (this.listenerCount("message") > 0) this._handle.ref();
    return this;
  }
  unref() {
    this._wantRef = false;
    this._handle.unref();
    return this;
  }
  hasRef() {
    return this._handle.hasRef();
  }
  close() {
    if (this._closed) return;
    this._closed = true;
    this._handle.close();
    process.nextTick(() => this.emit("close"));
  }
}

const SHARE_ENV = Symbol.for("nodejs.worker_threads.SHARE_ENV");

// Who this thread is: the host answers with null in a main run.
let self = null;
let parentPort = null;
{
  const port = new ParentPort();
  try {
    self = host.call("worker.self", port._handle.id);
  } catch (err) {
    // A page that is not cross-origin isolated has no synchronous host calls, so no worker either: this is the main thread.
    if (!err || err.code !== "ERR_QUICKEXEC_SYNC_UNAVAILABLE") throw err;
  }
  if (self === null) port._handle.close();
  else {
    parentPort = port;
    for (const text of self.queued) port._queue.push(text);
  }
}

export default {
  isMainThread: self === null,
  parentPort,
  threadId: self === null ? 0 : self.threadId,
  workerData: self === null ? null : decodeMessage(self.workerData),
  resourceLimits: {},
  SHARE_ENV,
  Worker,
  MessageChannel,
  MessagePort,
  receiveMessageOnPort,
  getEnvironmentData: (key) => environmentData.get(key),
  setEnvironmentData(key, value) {
    if (value === undefined) environmentData.delete(key);
    else environmentData.set(key, value);
  },
  markAsUntransferable(value) {
    if ((typeof value === "object" && value !== null) || typeof value === "function") untransferable.add(value);
  },
  markAsUncloneable(value) {
    if ((typeof value === "object" && value !== null) || typeof value === "function") uncloneable.add(value);
  },
  isMarkedAsUntransferable: (value) => (typeof value === "object" && value !== null) || typeof value === "function" ? untransferable.has(value) : false,
};
