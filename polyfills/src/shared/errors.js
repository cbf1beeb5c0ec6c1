// Node's ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE messages, bundled into the
// builtins that validate their arguments the way Node does.
/** How Node's ERR_INVALID_ARG_TYPE describes the value it received: "null", "an instance of X", "type string ('...')"... */
export function describeValue(value) {
  if (value == null) return `${value}`;
  if (typeof value === "function") return `function ${value.name}`;
  if (typeof value === "object") {
    if (value.constructor && value.constructor.name) return `an instance of ${value.constructor.name}`;
    return "an instance of Object";
  }
  let shown;
  if (typeof value === "string") {
    const s = value.length > 28 ? value.slice(0, 25) + "..." : value;
    shown = `'${s}'`;
  } else if (typeof value === "bigint") shown = `${value}n`;
  else if (typeof value === "symbol") shown = value.toString();
  else shown = Object.is(value, -0) ? "-0" : String(value);
  return `type ${typeof value} (${shown})`;
}

/** describeValue with the " Received " that Node's messages put before it. */
export function describeReceived(value) {
  return ` Received ${describeValue(value)}`;
}

/**
 * Gives an error with one of Node's own ERR_* codes Node's own String(): "TypeError [ERR_X]: message"
 * (a non-enumerable toString on the error, as Node defines it); other errors are left as they are.
 */
export function withNodeToString(err) {
  if (typeof err.code === "string" && err.code.startsWith("ERR_")) {
    Object.defineProperty(err, "toString", {
      __proto__: null,
      value: function toString() {
        return `${this.name} [${this.code}]: ${this.message}`;
      },
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
  return err;
}

export function invalidArgType(name, expected, value) {
  const kind = name.includes(".") || name.endsWith(" argument") ? "property" : "argument";
  const label = name.endsWith(" argument") ? `The ${name}` : `The "${name}" ${kind}`;
  const err = new TypeError(`${label} must be of type ${expected}.${describeReceived(value)}`);
  err.code = "ERR_INVALID_ARG_TYPE";
  return withNodeToString(err);
}

export function outOfRange(name, range, value) {
  const err = new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${String(value)}`);
  err.code = "ERR_OUT_OF_RANGE";
  return withNodeToString(err);
}

export function validateString(value, name) {
  if (typeof value !== "string") throw invalidArgType(name, "string", value);
}

export function validateFunction(value, name) {
  if (typeof value !== "function") throw invalidArgType(name, "function", value);
}

export function validateObject(value, name) {
  if (value === null || typeof value !== "object") throw invalidArgType(name, "object", value);
}

/** An error of class `Ctor` with Node's `code`. */
export function codedError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return withNodeToString(err);
}

/**
 * A Node-style Error from error data (plain data, or an error whose fields
 * are to be put in Node's order for its kind): its message, and `fields`
 * copied in that order when present.
 */
export function errorFromData(data, fields) {
  const err = new Error(String(data.message));
  for (const key of fields) if (data[key] !== undefined) err[key] = data[key];
  return err;
}

/** Node's `AbortError` (an aborted signal), with the signal's reason as `cause` when there is one. */
export function abortError(cause) {
  const err = new Error("The operation was aborted", cause === undefined ? undefined : { cause });
  err.name = "AbortError";
  err.code = "ABORT_ERR";
  return err;
}

/** Node's `socket hang up` / `aborted` errors (ECONNRESET). */
export function connResetError(message) {
  const err = new Error(message);
  err.code = "ECONNRESET";
  return err;
}
