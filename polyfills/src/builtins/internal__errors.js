// Node-style errors for the builtins: an ERR_* code, and a toString() of
// `${name} [${code}]: ${message}` as Node's own errors have (tests and
// programs match that text), and Node's description of a received value.
import { describeValue as describe } from "../shared/errors.js";

/** An instance of `Ctor` with `code`, printed by toString() as Node prints its coded errors. */
function codedError(Ctor, code, message) {
  const err = new Ctor(message);
  Object.defineProperty(err, "toString", {
    value: function toString() {
      return `${this.name} [${code}]: ${this.message}`;
    },
    writable: true,
    enumerable: false,
    configurable: true,
  });
  err.code = code;
  return err;
}

/** Node's ERR_INVALID_ARG_TYPE: `expected` reads "of type string", "an instance of X"... */
function invalidArgType(name, expected, value) {
  const what = name.includes(".") ? "property" : "argument";
  return codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" ${what} must be ${expected}. Received ${describe(value)}`);
}

export default { codedError, describe, invalidArgType };
