// What node:events has beyond the `events` port (3.3.0, Node 14 era), as
// Node 22 behaves: listenerCount(type, listener), the static on() async
// iterator and once() (both for EventEmitter and EventTarget, with
// `signal`), getEventListeners, getMaxListeners/setMaxListeners (emitters
// and EventTargets), addAbortListener, and captureRejections (an async
// listener's rejection becomes an 'error' event, or goes to the emitter's
// Symbol.for("nodejs.rejection") method).
import { invalidArgType, validateFunction } from "./errors.js";

const kRejection = Symbol.for("nodejs.rejection");
const kCapture = Symbol("kCapture");
const kMaxEventTargetListeners = Symbol("events.maxEventTargetListeners");
const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

function abortError(signal) {
  const err = new Error("The operation was aborted", signal && signal.reason !== undefined ? { cause: signal.reason } : undefined);
  err.name = "AbortError";
  err.code = "ABORT_ERR";
  return err;
}
function emitterOrTargetError(name, value) {
  let shown;
  if (value === null || value === undefined) shown = String(value);
  else if (typeof value === "object") shown = `an instance of ${(value.constructor && value.constructor.name) || "Object"}`;
  else shown = `type ${typeof value} (${String(value)})`;
  const err = new TypeError(`The "${name}" argument must be an instance of EventEmitter or EventTarget. Received ${shown}`);
  err.code = "ERR_INVALID_ARG_TYPE";
  return err;
}
function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
    const err = new TypeError(`The "${name}" property must be an instance of AbortSignal.`);
    err.code = "ERR_INVALID_ARG_TYPE";
    throw err;
  }
}
const isEventTarget = (value) => value !== null && typeof value === "object" && typeof value.addEventListener === "function" && typeof value.dispatchEvent === "function";
const isEmitter = (value) => value !== null && typeof value === "object" && typeof value.on === "function" && typeof value.emit === "function";

/**
 * Adds Node 22's events API to the port's EventEmitter.
 * @param {Function} EventEmitter the port's constructor (also the module)
 * @param {(target: object) => Map<string, Function[]>} eventTargetListeners what an EventTarget listens with
 */
export function applyEventsExtras(EventEmitter, eventTargetListeners) {
  const proto = EventEmitter.prototype;

  const baseCount = proto.listenerCount;
  proto.listenerCount = function listenerCount(type, listener) {
    if (listener == null) return baseCount.call(this, type);
    const found = this._events && this._events[type];
    if (found === undefined) return 0;
    const list = typeof found === "function" ? [found] : found;
    return list.filter((l) => l === listener || l.listener === listener).length;
  };

  function getMaxListeners(emitterOrTarget) {
    if (emitterOrTarget && typeof emitterOrTarget.getMaxListeners === "function") return emitterOrTarget.getMaxListeners();
    if (isEventTarget(emitterOrTarget)) return emitterOrTarget[kMaxEventTargetListeners] ?? EventEmitter.defaultMaxListeners;
    throw emitterOrTargetError("emitter", emitterOrTarget);
  }

  function setMaxListeners(n = EventEmitter.defaultMaxListeners, ...eventTargets) {
    if (typeof n !== "number") throw invalidArgType("setMaxListeners", "number", n);
    if (n < 0 || Number.isNaN(n)) {
      const err = new RangeError(`The value of "setMaxListeners" is out of range. It must be >= 0. Received ${n}`);
      err.code = "ERR_OUT_OF_RANGE";
      throw err;
    }
    if (eventTargets.length === 0) {
      EventEmitter.defaultMaxListeners = n;
      return;
    }
    for (const target of eventTargets) {
      if (isEventTarget(target)) target[kMaxEventTargetListeners] = n;
      else if (target && typeof target.setMaxListeners === "function") target.setMaxListeners(n);
      else throw emitterOrTargetError("eventTargets", target);
    }
  }

  function getEventListeners(emitterOrTarget, type) {
    if (emitterOrTarget && typeof emitterOrTarget.listeners === "function") return emitterOrTarget.listeners(type);
    if (isEventTarget(emitterOrTarget)) return [...(eventTargetListeners(emitterOrTarget).get(type) || [])];
    throw emitterOrTargetError("emitter", emitterOrTarget);
  }

  function listen(emitter, name, listener, { once = false } = {}) {
    if (isEmitter(emitter)) {
      if (once) emitter.once(name, listener);
      else emitter.on(name, listener);
      return () => emitter.removeListener(name, listener);
    }
    if (isEventTarget(emitter)) {
      const handler = (event) => listener(event);
      emitter.addEventListener(name, handler, { once });
      return () => emitter.removeEventListener(name, handler);
    }
    throw emitterOrTargetError("emitter", emitter);
  }

  function once(emitter, name, options = {}) {
    const signal = options ? options.signal : undefined;
    validateAbortSignal(signal, "options.signal");
    if (signal && signal.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const removers = [];
      const cleanup = () => removers.forEach((r) => r());
      removers.push(listen(emitter, name, (...args) => {
        cleanup();
        resolve(args);
      }, { once: true }));
      if (name !== "error" && isEmitter(emitter)) {
        removers.push(listen(emitter, "error", (err) => {
          cleanup();
          reject(err);
        }, { once: true }));
      }
      if (signal) {
        const onAbort = () => {
          cleanup();
          reject(abortError(signal));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        removers.push(() => signal.removeEventListener("abort", onAbort));
      }
    });
  }

  function on(emitter, event, options = {}) {
    const signal = options ? options.signal : undefined;
    validateAbortSignal(signal, "options.signal");
    if (signal && signal.aborted) throw abortError(signal);
    const events = [];
    const waiting = [];
    let error = null;
    let finished = false;
    const removers = [];
    const closeEvents = (options && options.close) || [];
    function stop() {
      removers.forEach((r) => r());
      removers.length = 0;
      finished = true;
      for (const p of waiting.splice(0)) p.resolve({ value: undefined, done: true });
    }
    function fail(err) {
      const p = waiting.shift();
      if (p) p.reject(err);
      else error = err;
      stop();
    }
    const iterator = Object.setPrototypeOf({
      next() {
        if (events.length) return Promise.resolve({ value: events.shift(), done: false });
        if (error) {
          const p = Promise.reject(error);
          error = null;
          return p;
        }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() {
        stop();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(err) {
        if (!err || !(err instanceof Error)) throw invalidArgType("EventEmitter.AsyncIterator", "Error", err);
        fail(err);
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    }, AsyncIteratorPrototype);
    removers.push(listen(emitter, event, (...args) => {
      const p = waiting.shift();
      if (p) p.resolve({ value: args, done: false });
      else events.push(args);
    }));
    if (event !== "error" && isEmitter(emitter)) removers.push(listen(emitter, "error", fail));
    for (const name of closeEvents) removers.push(listen(emitter, name, () => { finished = true; removers.forEach((r) => r()); if (!events.length) for (const p of waiting.splice(0)) p.resolve({ value: undefined, done: true }); }));
    if (signal) {
      const onAbort = () => fail(abortError(signal));
      signal.addEventListener("abort", onAbort, { once: true });
      removers.push(() => signal.removeEventListener("abort", onAbort));
    }
    return iterator;
  }

  function addAbortListener(signal, listener) {
    if (signal === undefined || signal === null || typeof signal !== "object" || !("aborted" in signal)) {
      const err = new TypeError(`The "signal" argument must be an instance of AbortSignal. Received ${signal === null || signal === undefined ? String(signal) : `type ${typeof signal}`}`);
      err.code = "ERR_INVALID_ARG_TYPE";
      throw err;
    }
    validateFunction(listener, "listener");
    let removed = false;
    if (signal.aborted) queueMicrotask(() => listener());
    else signal.addEventListener("abort", listener, { once: true });
    return {
      [Symbol.dispose]() {
        if (removed) return;
        removed = true;
        signal.removeEventListener("abort", listener);
      },
    };
  }

  // captureRejections: a listener's rejected promise reaches 'error' (or the emitter's kRejection method).
  let captureRejections = false;
  Object.defineProperty(EventEmitter, "captureRejections", {
    enumerable: true,
    get: () => captureRejections,
    set(value) {
      if (typeof value !== "boolean") throw invalidArgType("EventEmitter.captureRejections", "boolean", value);
      captureRejections = value;
    },
  });
  function capturing(emitter) {
    return emitter[kCapture] !== undefined ? emitter[kCapture] : captureRejections;
  }
  function onRejection(emitter, err, type, args) {
    if (typeof emitter[kRejection] === "function") emitter[kRejection](err, type, ...args);
    else {
      const previous = emitter[kCapture];
      try {
        emitter[kCapture] = false;
        emitter.emit("error", err);
      } finally {
        emitter[kCapture] = previous;
      }
    }
  }
  const originalEmit = proto.emit;
  proto.emit = function emit(type, ...args) {
    if (type === "error" || !capturing(this) || !this._events) return originalEmit.call(this, type, ...args);
    const handler = this._events[type];
    if (handler === undefined) return false;
    const list = typeof handler === "function" ? [handler] : handler.slice();
    for (const listener of list) {
      const result = Reflect.apply(listener, this, args);
      if (result !== undefined && result !== null && typeof result.then === "function") {
        result.then(undefined, (err) => process.nextTick(onRejection, this, err, type, args));
      }
    }
    return true;
  };

  Object.assign(EventEmitter, { on, once, getEventListeners, getMaxListeners, setMaxListeners, addAbortListener, kMaxEventTargetListeners });
  return { kCapture };
}
