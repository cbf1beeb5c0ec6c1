// assert.CallTracker as Node 22 has it (deprecated there, still shipped):
// calls(fn, expected) returns a Proxy that counts its calls; report() and
// verify() compare them with what was expected.
import { outOfRange } from "./buffer-checks.js";
import { invalidArgType } from "./errors.js";

let exiting = false;
process.prependListener("exit", () => {
  exiting = true;
});

function validateExpected(value) {
  if (typeof value !== "number") throw invalidArgType("expected", "number", value);
  if (!Number.isInteger(value)) throw outOfRange("expected", "an integer", value);
  if (value < 1 || value > 4294967295) throw outOfRange("expected", ">= 1 && <= 4294967295", value);
}

class CallTrackerContext {
  #expected;
  #calls = [];
  #name;
  #stackTrace;
  constructor({ expected, stackTrace, name }) {
    this.#expected = expected;
    this.#stackTrace = stackTrace;
    this.#name = name;
  }
  track(thisArg, args) {
    this.#calls.push(Object.freeze({ thisArg, arguments: Object.freeze(args.slice()) }));
  }
  get delta() {
    return this.#calls.length - this.#expected;
  }
  reset() {
    this.#calls = [];
  }
  getCalls() {
    return Object.freeze(this.#calls.slice());
  }
  report() {
    if (this.delta === 0) return undefined;
    const message = `Expected the ${this.#name} function to be executed ${this.#expected} time(s) but was executed ${this.#calls.length} time(s).`;
    return { message, actual: this.#calls.length, expected: this.#expected, operator: this.#name, stack: this.#stackTrace };
  }
}

/** @param {Function} AssertionError the assert module's error class */
export function makeCallTracker(AssertionError) {
  const noop = function () {};
  let warned = false;
  return class CallTracker {
    constructor() {
      if (!warned) {
        warned = true;
        process.emitWarning("assert.CallTracker is deprecated.", "DeprecationWarning", "DEP0173");
      }
    }
    #callChecks = new Set();
    #tracked = new WeakMap();
    #context(tracked) {
      if (!this.#tracked.has(tracked)) {
        const err = new TypeError(`The argument 'tracked' is not a tracked function. Received ${typeof tracked === "function" ? (tracked.name ? `[Function: ${tracked.name}]` : "[Function (anonymous)]") : String(tracked)}`);
        err.code = "ERR_INVALID_ARG_VALUE";
        throw err;
      }
      return this.#tracked.get(tracked);
    }
    reset(tracked) {
      if (tracked === undefined) this.#callChecks.forEach((check) => check.reset());
      else this.#context(tracked).reset();
    }
    getCalls(tracked) {
      return this.#context(tracked).getCalls();
    }
    calls(fn, expected = 1) {
      if (exiting) {
        const err = new Error("Cannot call function in process exit handler");
        err.code = "ERR_UNAVAILABLE_DURING_EXIT";
        throw err;
      }
      if (typeof fn === "number") {
        expected = fn;
        fn = noop;
      } else if (fn === undefined) {
        fn = noop;
      }
      validateExpected(expected);
      const context = new CallTrackerContext({ expected, stackTrace: new Error(), name: fn.name || "calls" });
      const tracked = new Proxy(fn, {
        __proto__: null,
        apply(target, thisArg, args) {
          context.track(thisArg, args);
          return Reflect.apply(target, thisArg, args);
        },
      });
      this.#callChecks.add(context);
      this.#tracked.set(tracked, context);
      return tracked;
    }
    report() {
      const errors = [];
      for (const context of this.#callChecks) {
        const message = context.report();
        if (message !== undefined) errors.push(message);
      }
      return errors;
    }
    verify() {
      const errors = this.report();
      if (errors.length === 0) return;
      const message = errors.length === 1 ? errors[0].message : "Functions were not called the expected number of times";
      const err = new AssertionError({ message, details: errors });
      err.details = errors;
      throw err;
    }
  };
}
