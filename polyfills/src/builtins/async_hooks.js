// node:async_hooks — AsyncLocalStorage, AsyncResource and the async ids.
//
// QuickJS has no promise hooks, so the async context travels with callbacks
// instead: loading this module (1) binds every callback the prelude schedules
// from then on (timers, immediates, process.nextTick, host events of fs,
// child processes, servers) to the context current when it was scheduled, and
// (2) wraps Promise.prototype.then, so then/catch/finally callbacks (and
// queueMicrotask, fs callbacks and everything else built on them) run in the
// context current when they were registered.
//
// What cannot follow: the continuation after a native `await`. QuickJS resumes
// an async function from its own job queue without calling any guest code
// first, so after the first `await` of an async function the code runs in the
// context that is current at the top of the loop (the one set by a top-level
// enterWith, else none), not the one its caller had. Code that needs the store
// after an await should read it before the first await, or use .then().
//
// createHook: init/before/after/destroy are called for the callbacks bound
// here (types Timeout, Immediate, TickObject, PROMISE, HostHandle), not for
// native awaits nor for promises that nobody calls then() on.
/* global require */
const { codedError, describe, invalidArgType } = require("internal/errors", true);
const contextHook = require("internal/async_context", true);

// The current frame: a Map from AsyncLocalStorage to its store, never mutated once made current.
let current = null;
let executionId = 1;
let triggerId = 0;
let executionResource = {};
let nextAsyncId = 2;

const hooks = [];
function emitHook(name, ...args) {
  for (const hook of hooks) {
    const fn = hook._callbacks[name];
    if (typeof fn === "function") fn(...args);
  }
}

/** Runs `fn` with frame, ids and resource in place, restoring the previous ones after. */
function runIn(frame, asyncId, trigger, resource, fn, thisArg, args) {
  const saved = [current, executionId, triggerId, executionResource];
  current = frame;
  executionId = asyncId;
  triggerId = trigger;
  executionResource = resource;
  if (hooks.length) emitHook("before", asyncId);
  let threw = true;
  try {
    const result = Reflect.apply(fn, thisArg, args);
    threw = false;
    return result;
  } finally {
    // As in Node, a callback that throws gets no `after` before the uncaught
    // exception is handled (node:domain relies on it: the domain is still
    // entered when its error handler is looked for).
    if (hooks.length && !threw) emitHook("after", asyncId);
    [current, executionId, triggerId, executionResource] = saved;
  }
}

/** The callback, to run later in the context current now (an async resource of `type`). */
function bindCurrent(callback, type, resource, once) {
  const frame = current;
  const asyncId = nextAsyncId++;
  const trigger = executionId;
  const res = resource || {};
  if (hooks.length) emitHook("init", asyncId, type, trigger, res);
  return function bound(...args) {
    try {
      return runIn(frame, asyncId, trigger, res, callback, this, args);
    } finally {
      if (once && hooks.length) emitHook("destroy", asyncId);
    }
  };
}

contextHook.setBinder((callback, type, resource) => bindCurrent(callback, type, resource, type !== "Timeout" && type !== "HostHandle"));

const nativeThen = Promise.prototype.then;
function then(onFulfilled, onRejected) {
  const f = typeof onFulfilled === "function" ? bindCurrent(onFulfilled, "PROMISE", this, true) : onFulfilled;
  const r = typeof onRejected === "function" ? bindCurrent(onRejected, "PROMISE", this, true) : onRejected;
  return Reflect.apply(nativeThen, this, [f, r]);
}
Object.defineProperty(Promise.prototype, "then", { value: then, writable: true, enumerable: false, configurable: true });

function checkFunction(fn, name) {
  if (typeof fn !== "function") throw invalidArgType(name, "of type function", fn);
}

function frameWith(storage, store) {
  const frame = new Map(current === null ? undefined : current);
  frame.set(storage, store);
  return frame;
}
function frameWithout(storage) {
  if (current === null || !current.has(storage)) return current;
  const frame = new Map(current);
  frame.delete(storage);
  return frame.size === 0 ? null : frame;
}
function withFrame(frame, fn, thisArg, args) {
  const saved = current;
  current = frame;
  try {
    return Reflect.apply(fn, thisArg, args);
  } finally {
    current = saved;
  }
}

class AsyncLocalStorage {
  constructor(options) {
    if (options !== undefined && (typeof options !== "object" || options === null)) throw invalidArgType("options", "of type object", options);
    this._enabled = false;
    this._name = options && options.name !== undefined ? String(options.name) : "";
  }
  get name() {
    return this._name;
  }
  static bind(fn) {
    checkFunction(fn, "fn");
    const frame = current;
    return function bound(...args) {
      return withFrame(frame, fn, this, args);
    };
  }
  static snapshot() {
    const frame = current;
    return function runInAsyncScope(fn, ...args) {
      return withFrame(frame, fn, this, args);
    };
  }
  disable() {
    if (this._enabled) {
      this._enabled = false;
      current = frameWithout(this);
    }
  }
  getStore() {
    if (!this._enabled || current === null) return undefined;
    return current.get(this);
  }
  enterWith(store) {
    this._enabled = true;
    current = frameWith(this, store);
  }
  run(store, callback, ...args) {
    this._enabled = true;
    return withFrame(frameWith(this, store), callback, undefined, args);
  }
  exit(callback, ...args) {
    if (!this._enabled) return Reflect.apply(callback, undefined, args);
    return withFrame(frameWithout(this), callback, undefined, args);
  }
}

class AsyncResource {
  constructor(type, opts = {}) {
    if (typeof type !== "string") throw invalidArgType("type", "of type string", type);
    let trigger = opts;
    let requireManualDestroy = false;
    if (typeof opts !== "number") {
      trigger = opts.triggerAsyncId === undefined ? executionId : opts.triggerAsyncId;
      requireManualDestroy = Boolean(opts.requireManualDestroy);
    }
    if (!Number.isSafeInteger(trigger) || trigger < -1) {
      const err = codedError(RangeError, "ERR_INVALID_ASYNC_ID", `Invalid triggerAsyncId value: ${trigger}`);
      throw err;
    }
    if (hooks.length && type.length === 0) throw codedError(TypeError, "ERR_ASYNC_TYPE", `Invalid name for async "type": ${type}`);
    this._frame = current;
    this._asyncId = nextAsyncId++;
    this._triggerAsyncId = trigger;
    this._destroyed = false;
    this._requireManualDestroy = requireManualDestroy;
    if (hooks.length) emitHook("init", this._asyncId, type, trigger, this);
  }
  runInAsyncScope(fn, thisArg, ...args) {
    return runIn(this._frame, this._asyncId, this._triggerAsyncId, this, fn, thisArg, args);
  }
  emitDestroy() {
    if (!this._destroyed) {
      this._destroyed = true;
      if (hooks.length) emitHook("destroy", this._asyncId);
    }
    return this;
  }
  asyncId() {
    return this._asyncId;
  }
  triggerAsyncId() {
    return this._triggerAsyncId;
  }
  bind(fn, thisArg) {
    checkFunction(fn, "fn");
    const resource = this;
    const bound =
      thisArg === undefined
        ? function (...args) {
            return resource.runInAsyncScope(fn, this, ...args);
          }
        : (...args) => resource.runInAsyncScope(fn, thisArg, ...args);
    Object.defineProperties(bound, {
      length: { configurable: true, enumerable: false, value: fn.length, writable: false },
      asyncResource: { configurable: true, enumerable: true, value: this, writable: true },
    });
    return bound;
  }
  static bind(fn, type, thisArg) {
    return new AsyncResource(type || fn.name || "bound-anonymous-fn").bind(fn, thisArg);
  }
}

class AsyncHook {
  constructor({ init, before, after, destroy, promiseResolve }) {
    const callbacks = { init, before, after, destroy, promiseResolve };
    for (const name of Object.keys(callbacks)) {
      if (callbacks[name] !== undefined && typeof callbacks[name] !== "function") {
        const err = codedError(TypeError, "ERR_ASYNC_CALLBACK", `hook.${name} must be a function`);
        throw err;
      }
    }
    this._callbacks = callbacks;
  }
  enable() {
    if (!hooks.includes(this)) hooks.push(this);
    return this;
  }
  disable() {
    const at = hooks.indexOf(this);
    if (at >= 0) hooks.splice(at, 1);
    return this;
  }
}

function createHook(callbacks) {
  if (typeof callbacks !== "object" || callbacks === null) throw invalidArgType("callbacks", "of type object", callbacks);
  return new AsyncHook(callbacks);
}

const asyncWrapProviders = Object.freeze({
  __proto__: null, NONE: 0, DIRHANDLE: 1, DNSCHANNEL: 2, ELDHISTOGRAM: 3, FILEHANDLE: 4, FILEHANDLECLOSEREQ: 5, BLOBREADER: 6,
  FSEVENTWRAP: 7, FSREQCALLBACK: 8, FSREQPROMISE: 9, GETADDRINFOREQWRAP: 10, GETNAMEINFOREQWRAP: 11, HEAPSNAPSHOT: 12,
  HTTP2SESSION: 13, HTTP2STREAM: 14, HTTP2PING: 15, HTTP2SETTINGS: 16, HTTPINCOMINGMESSAGE: 17, HTTPCLIENTREQUEST: 18,
  JSSTREAM: 19, JSUDPWRAP: 20, MESSAGEPORT: 21, PIPECONNECTWRAP: 22, PIPESERVERWRAP: 23, PIPEWRAP: 24, PROCESSWRAP: 25,
  PROMISE: 26, QUERYWRAP: 27, SHUTDOWNWRAP: 28, SIGNALWRAP: 29, STATWATCHER: 30, STREAMPIPE: 31, TCPCONNECTWRAP: 32,
  TCPSERVERWRAP: 33, TCPWRAP: 34, TTYWRAP: 35, UDPSENDWRAP: 36, UDPWRAP: 37, SIGINTWATCHDOG: 38, WORKER: 39,
  WORKERHEAPSNAPSHOT: 40, WRITEWRAP: 41, ZLIB: 42,
});

export default {
  AsyncLocalStorage,
  AsyncResource,
  createHook,
  executionAsyncId: () => executionId,
  triggerAsyncId: () => triggerId,
  executionAsyncResource: () => executionResource,
  asyncWrapProviders,
};
