// node:domain — Node v22's lib/domain.js over this sandbox's async_hooks:
// callbacks scheduled inside a domain (timers, immediates, ticks, promise
// reactions, host events) run inside it, EventEmitters made inside it belong
// to it, and an error thrown from its callbacks or emitted without an
// 'error' listener reaches the domain's 'error' handler (through
// process.setUncaughtExceptionCaptureCallback, as Node does).
/* global require */
const EventEmitter = require("events");
const { createHook } = require("async_hooks");
const { codedError } = require("internal/errors", true);

if (process.hasUncaughtExceptionCaptureCallback()) {
  throw codedError(
    Error,
    "ERR_DOMAIN_CALLBACK_NOT_AVAILABLE",
    "A callback was registered through process.setUncaughtExceptionCaptureCallback(), which is mutually exclusive with using the `domain` module",
  );
}

const domainRequireStack = new Error("require(`domain`) at this point").stack;
const setCapture = process.setUncaughtExceptionCaptureCallback;
process.setUncaughtExceptionCaptureCallback = function setUncaughtExceptionCaptureCallback() {
  const err = codedError(
    Error,
    "ERR_DOMAIN_CANNOT_SET_UNCAUGHT_EXCEPTION_CAPTURE",
    "The `domain` module is in use, which is mutually exclusive with calling process.setUncaughtExceptionCaptureCallback()",
  );
  err.stack += `\n${"-".repeat(40)}\n${domainRequireStack}`;
  throw err;
};

let activeDomain = null;
Object.defineProperty(process, "domain", {
  enumerable: true,
  configurable: true,
  get: () => activeDomain,
  set: (value) => {
    activeDomain = value;
  },
});

const pairing = new Map();
const asyncHook = createHook({
  init(asyncId, type, triggerAsyncId, resource) {
    if (process.domain === null || process.domain === undefined) return;
    pairing.set(asyncId, process.domain);
    if (resource !== null && (typeof resource === "object" || typeof resource === "function") && Object.isExtensible(resource)) {
      Object.defineProperty(resource, "domain", { configurable: true, enumerable: false, value: process.domain, writable: true });
    }
  },
  before(asyncId) {
    const domain = pairing.get(asyncId);
    if (domain !== undefined) domain.enter();
  },
  after(asyncId) {
    const domain = pairing.get(asyncId);
    if (domain !== undefined) domain.exit();
  },
  destroy(asyncId) {
    pairing.delete(asyncId);
  },
});

// Entered domains, innermost last.
let stack = [];

function updateExceptionCapture() {
  setCapture(null);
  if (!stack.every((domain) => domain.listenerCount("error") === 0)) {
    setCapture((er) => process.domain._errorHandler(er));
  }
}

function domainUncaughtExceptionClear() {
  stack.length = 0;
  domainModule.active = process.domain = null;
  updateExceptionCapture();
}

process.on("newListener", (name, listener) => {
  if (name === "uncaughtException" && listener !== domainUncaughtExceptionClear) {
    // The first 'uncaughtException' listener always clears the domain stack.
    process.removeListener(name, domainUncaughtExceptionClear);
    process.prependListener(name, domainUncaughtExceptionClear);
  }
});
process.on("removeListener", (name, listener) => {
  if (name === "uncaughtException" && listener !== domainUncaughtExceptionClear) {
    const listeners = process.listeners("uncaughtException");
    if (listeners.length === 1 && listeners[0] === domainUncaughtExceptionClear) process.removeListener(name, domainUncaughtExceptionClear);
  }
});

class Domain extends EventEmitter {
  constructor() {
    super();
    this.members = [];
    asyncHook.enable();
    this.on("removeListener", updateExceptionCapture);
    this.on("newListener", updateExceptionCapture);
  }
}

// Called for an uncaught exception thrown while this domain was active.
Domain.prototype._errorHandler = function _errorHandler(er) {
  let caught = false;
  if ((typeof er === "object" && er !== null) || typeof er === "function") {
    Object.defineProperty(er, "domain", { configurable: true, enumerable: false, value: this, writable: true });
    er.domainThrown = true;
  }
  // The handler must not run inside its own domain.
  while (domainModule.active === this) this.exit();
  if (stack.length === 0) {
    if (this.listenerCount("error") > 0) {
      setCapture(null);
      try {
        caught = this.emit("error", er);
      } finally {
        updateExceptionCapture();
      }
    }
  } else {
    try {
      caught = this.emit("error", er);
    } catch (er2) {
      // The handler threw: another domain on the stack may catch that.
      updateExceptionCapture();
      if (stack.length) {
        domainModule.active = process.domain = stack[stack.length - 1];
        caught = process.domain._errorHandler(er2);
      } else {
        throw er2;
      }
    }
  }
  domainUncaughtExceptionClear();
  return caught;
};

Domain.prototype.enter = function enter() {
  domainModule.active = process.domain = this;
  stack.push(this);
  updateExceptionCapture();
};

Domain.prototype.exit = function exit() {
  const index = stack.lastIndexOf(this);
  if (index === -1) return;
  stack.splice(index);
  domainModule.active = stack.length === 0 ? undefined : stack[stack.length - 1];
  process.domain = domainModule.active;
  updateExceptionCapture();
};

Domain.prototype.add = function add(ee) {
  if (ee.domain === this) return;
  if (ee.domain) ee.domain.remove(ee);
  // Domain->Domain cycles would recurse forever on 'error'.
  if (this.domain && ee instanceof Domain) {
    for (let d = this.domain; d; d = d.domain) if (ee === d) return;
  }
  Object.defineProperty(ee, "domain", { configurable: true, enumerable: false, value: this, writable: true });
  this.members.push(ee);
};

Domain.prototype.remove = function remove(ee) {
  ee.domain = null;
  const index = this.members.indexOf(ee);
  if (index !== -1) this.members.splice(index, 1);
};

Domain.prototype.run = function run(fn, ...args) {
  this.enter();
  const ret = Reflect.apply(fn, this, args);
  this.exit();
  return ret;
};

function intercepted(_this, self, cb, fnargs) {
  if (fnargs[0] && fnargs[0] instanceof Error) {
    const er = fnargs[0];
    er.domainBound = cb;
    er.domainThrown = false;
    Object.defineProperty(er, "domain", { configurable: true, enumerable: false, value: self, writable: true });
    self.emit("error", er);
    return undefined;
  }
  self.enter();
  const ret = Reflect.apply(cb, _this, Array.prototype.slice.call(fnargs, 1));
  self.exit();
  return ret;
}

Domain.prototype.intercept = function intercept(cb) {
  const self = this;
  return function runIntercepted(...args) {
    return intercepted(this, self, cb, args);
  };
};

Domain.prototype.bind = function bind(cb) {
  const self = this;
  function runBound(...args) {
    self.enter();
    const ret = Reflect.apply(cb, this, args);
    self.exit();
    return ret;
  }
  Object.defineProperty(runBound, "domain", { configurable: true, enumerable: false, value: this, writable: true });
  return runBound;
};

// EventEmitters made inside a domain belong to it; their unhandled 'error' goes to it.
EventEmitter.usingDomains = true;
const eventInit = EventEmitter.init;
EventEmitter.init = function init(opts) {
  Object.defineProperty(this, "domain", { configurable: true, enumerable: false, value: null, writable: true });
  if (domainModule.active && !(this instanceof Domain)) this.domain = domainModule.active;
  return Reflect.apply(eventInit, this, [opts]);
};

const eventEmit = EventEmitter.prototype.emit;
EventEmitter.prototype.emit = function emit(...args) {
  const domain = this.domain;
  const type = args[0];
  const shouldEmitError = type === "error" && this.listenerCount(type) > 0;
  if (shouldEmitError || domain === null || domain === undefined || this === process) return Reflect.apply(eventEmit, this, args);
  if (type === "error") {
    const er = args.length > 1 && args[1] ? args[1] : codedError(Error, "ERR_UNHANDLED_ERROR", "Unhandled error.");
    if (typeof er === "object") {
      er.domainEmitter = this;
      Object.defineProperty(er, "domain", { configurable: true, enumerable: false, value: domain, writable: true });
      er.domainThrown = false;
    }
    // Run the domain's handler outside the domain (and its duplicates on the stack).
    const origStack = stack.slice();
    const origActive = process.domain;
    let idx = stack.length - 1;
    while (idx > -1 && process.domain === stack[idx]) --idx;
    if (idx < 0) stack.length = 0;
    else stack.splice(idx + 1);
    domainModule.active = process.domain = stack.length > 0 ? stack[stack.length - 1] : null;
    updateExceptionCapture();
    domain.emit("error", er);
    domainModule._stack = stack = origStack;
    domainModule.active = process.domain = origActive;
    updateExceptionCapture();
    return false;
  }
  domain.enter();
  const ret = Reflect.apply(eventEmit, this, args);
  domain.exit();
  return ret;
};

function createDomain() {
  return new Domain();
}

const domainModule = { _stack: stack, Domain, createDomain, create: createDomain, active: null };
Domain.prototype.members = undefined;

export default domainModule;
