// internal/test_mock — node:test's MockTracker: mock.fn, mock.method,
// mock.getter, mock.setter, reset and restoreAll. A mock is a Proxy of the
// original function (so its name, length and properties show through) whose
// `mock` property is the MockFunctionContext recording every call.

function invalidArgType(name, expected, value) {
  const shown = value === null ? "null" : typeof value === "object" ? "an instance of Object" : `type ${typeof value} (${String(value)})`;
  const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${shown}`);
  err.code = "ERR_INVALID_ARG_TYPE";
  return err;
}

class MockFunctionContext {
  #calls = [];
  #implementation;
  #onceImplementations = new Map();
  #restore;
  #times;

  constructor(implementation, restore, times) {
    this.#implementation = implementation;
    this.#restore = restore;
    this.#times = times;
  }
  /** A copy of the recorded calls. */
  get calls() {
    return this.#calls.slice();
  }
  callCount() {
    return this.#calls.length;
  }
  mockImplementation(implementation) {
    if (typeof implementation !== "function") throw invalidArgType("implementation", "of type function", implementation);
    this.#implementation = implementation;
  }
  mockImplementationOnce(implementation, onCall) {
    if (typeof implementation !== "function") throw invalidArgType("implementation", "of type function", implementation);
    const call = onCall === undefined ? this.#calls.length : onCall;
    this.#onceImplementations.set(call, implementation);
  }
  resetCalls() {
    this.#calls = [];
  }
  restore() {
    if (this.#restore) this.#restore();
  }
  /** The implementation the next call runs (then forgets a once-implementation). */
  _nextImplementation() {
    const call = this.#calls.length;
    const once = this.#onceImplementations.get(call);
    if (once) {
      this.#onceImplementations.delete(call);
      return once;
    }
    if (this.#times !== undefined && call >= this.#times && this._original) return this._original;
    return this.#implementation;
  }
  _record(entry) {
    this.#calls.push(entry);
  }
}

function makeMock(original, implementation, restore, times) {
  const ctx = new MockFunctionContext(implementation, restore, times);
  ctx._original = original;
  const record = (thisArg, args, target, run) => {
    const impl = ctx._nextImplementation();
    let result;
    let error;
    try {
      result = run(impl);
    } catch (e) {
      error = e;
      ctx._record({ arguments: args, error, result: undefined, stack: new Error(), target, this: thisArg });
      throw e;
    }
    ctx._record({ arguments: args, error: undefined, result, stack: new Error(), target, this: thisArg });
    return result;
  };
  return new Proxy(original, {
    __proto__: null,
    get(target, property, receiver) {
      if (property === "mock") return ctx;
      return Reflect.get(target, property, receiver);
    },
    apply(target, thisArg, args) {
      return record(thisArg, args, undefined, (impl) => Reflect.apply(impl, thisArg, args));
    },
    construct(target, args, newTarget) {
      return record(undefined, args, newTarget, (impl) => Reflect.construct(impl, args, newTarget));
    },
  });
}

class MockTracker {
  #mocks = [];

  fn(original = function () {}, implementation = original, options = {}) {
    if (original !== null && typeof original === "object") {
      options = original;
      original = function () {};
      implementation = original;
    } else if (implementation !== null && typeof implementation === "object") {
      options = implementation;
      implementation = original;
    }
    if (typeof original !== "function") throw invalidArgType("original", "of type function", original);
    if (typeof implementation !== "function") throw invalidArgType("implementation", "of type function", implementation);
    const mock = makeMock(original, implementation, undefined, options.times);
    this.#mocks.push({ mock, restore: undefined });
    return mock;
  }

  method(object, methodName, implementation, options) {
    if (implementation !== null && typeof implementation === "object" && typeof implementation !== "function") {
      options = implementation;
      implementation = undefined;
    }
    options = options || {};
    if (object === null || (typeof object !== "object" && typeof object !== "function")) throw invalidArgType("object", "of type object", object);
    const { getter = false, setter = false } = options;
    let descriptor;
    let owner = object;
    while (owner !== null && !(descriptor = Object.getOwnPropertyDescriptor(owner, methodName))) owner = Object.getPrototypeOf(owner);
    if (!descriptor) {
      const err = new TypeError(`The argument 'methodName' must be a method. Received ${String(methodName)}`);
      err.code = "ERR_INVALID_ARG_VALUE";
      throw err;
    }
    const kind = getter ? "get" : setter ? "set" : "value";
    const original = descriptor[kind];
    if (typeof original !== "function") {
      const err = new TypeError(`The argument 'methodName' must be a method. Received ${String(methodName)}`);
      err.code = "ERR_INVALID_ARG_VALUE";
      throw err;
    }
    const restore = () => {
      if (owner === object) Object.defineProperty(object, methodName, descriptor);
      else delete object[methodName];
    };
    const mock = makeMock(original, implementation === undefined ? original : implementation, restore, options.times);
    Object.defineProperty(object, methodName, { ...descriptor, [kind]: mock, configurable: true });
    this.#mocks.push({ mock, restore });
    return mock;
  }

  getter(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === "object") [options, implementation] = [implementation, undefined];
    return this.method(object, methodName, implementation, { ...options, getter: true });
  }

  setter(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === "object") [options, implementation] = [implementation, undefined];
    return this.method(object, methodName, implementation, { ...options, setter: true });
  }

  reset() {
    this.restoreAll();
    this.#mocks = [];
  }

  restoreAll() {
    for (const { restore } of this.#mocks) if (restore) restore();
  }
}

export default { MockTracker };
