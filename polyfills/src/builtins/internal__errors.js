// Node-style errors for the builtins: an ERR_* code, and a toString() of
// `${name} [${code}]: ${message}` as Node's own errors have (tests and
// programs match that text), and Node's description of a received value.
/* global require */

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

/** How Node's ERR_INVALID_ARG_TYPE describes the value it received. */
function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "function") return `function ${value.name}`;
  if (typeof value === "object") {
    if (value.constructor && value.constructor.name) return `an instance of ${value.constructor.name}`;
    try {
      return require("util").inspect(value, { depth: -1 });
    } catch {
      return "an object";
    }
  }
  if (typeof value === "string") return `type string ('${value.length > 28 ? value.slice(0, 25) + "..." : value}')`;
  if (typeof value === "symbol") return `type symbol (${value.toString()})`;
  if (typeof value === "bigint") return `type bigint (${value}n)`;
  return `type ${typeof value} (${String(value)})`;
}

/** Node's ERR_INVALID_ARG_TYPE: `expected` reads "of type string", "an instance of X"... */
function invalidArgType(name, expected, value) {
  const what = name.includes(".") ? "property" : "argument";
  return codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" ${what} must be ${expected}. Received ${describe(value)}`);
}

export default { codedError, describe, invalidArgType };
