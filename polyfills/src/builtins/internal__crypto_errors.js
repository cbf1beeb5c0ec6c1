// internal/crypto_errors — Node's errors and argument checks for the crypto
// builtins: ERR_INVALID_ARG_TYPE and friends with Node's messages, the
// ERR_CRYPTO_* codes, OpenSSL-style ERR_OSSL_* errors where Node surfaces
// them, and the DOMExceptions Web Crypto throws.
/* global require */
import { describeValue as describe } from "../shared/errors.js";

const { Buffer } = require("buffer");

function inspectShort(value) {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "bigint") return `${value}n`;
  if (value === null || typeof value !== "object") return String(value);
  try {
    return require("internal/inspect", true).inspect(value);
  } catch {
    return String(value);
  }
}

/** Node's rendering of an out-of-range value: digit groups past 2**32, `n` on bigints. */
function received(value) {
  const groups = (text) => {
    let res = "";
    let i = text.length;
    const start = text[0] === "-" ? 1 : 0;
    for (; i >= start + 4; i -= 3) res = `_${text.slice(i - 3, i)}${res}`;
    return `${text.slice(0, i)}${res}`;
  };
  if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) > 2 ** 32) return groups(String(value));
  if (typeof value === "bigint") return (value > 2n ** 32n || value < -(2n ** 32n) ? groups(String(value)) : String(value)) + "n";
  return typeof value === "string" ? `'${value}'` : String(value);
}

function make(Ctor, code, message, extra) {
  const err = new Ctor(message);
  if (code !== undefined) err.code = code;
  if (extra) Object.assign(err, extra);
  return err;
}

const E = {
  invalidArgType(name, expected, value) {
    const what = name.includes(".") ? `The "${name}" property` : `The "${name}" argument`;
    return make(TypeError, "ERR_INVALID_ARG_TYPE", `${what} must be ${expected}. Received ${describe(value)}`);
  },
  invalidArgValue(name, value, reason = "is invalid") {
    const what = name.includes(".") ? "property" : "argument";
    return make(TypeError, "ERR_INVALID_ARG_VALUE", `The ${what} '${name}' ${reason}. Received ${inspectShort(value)}`);
  },
  outOfRange(name, range, value) {
    return make(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be ${range}. Received ${received(value)}`);
  },
  missingArgs(...names) {
    return make(TypeError, "ERR_MISSING_ARGS", `The ${names.map((n) => `"${n}"`).join(" and ")} argument${names.length > 1 ? "s" : ""} must be specified`);
  },
  invalidCallback(value) {
    return make(TypeError, "ERR_INVALID_ARG_TYPE", `The "callback" argument must be of type function. Received ${describe(value)}`);
  },
  code(Ctor, code, message, extra) {
    return make(Ctor, code, message, extra);
  },
  /** An OpenSSL error as Node surfaces it (ERR_OSSL_*, with library and reason). */
  ossl(reason, library = "Provider routines", hex = "1C800064") {
    const code = "ERR_OSSL_" + reason.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
    return make(Error, code, `error:${hex}:${library}::${reason}`, { library, reason });
  },
  /** An algorithm Node supports through OpenSSL that this sandbox does not implement. */
  unsupported(what) {
    return make(Error, "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM", `${what} is not supported by quickexec's crypto`);
  },
  dom(message, name) {
    const DOMException = require("internal/event_target", true).DOMException;
    return new DOMException(message, name);
  },
};

// ---- argument checks -----------------------------------------------------------

const BUFFER_TYPES = "an instance of Buffer, TypedArray, or DataView";

function isArrayBufferView(v) {
  return ArrayBuffer.isView(v);
}
function isAnyArrayBuffer(v) {
  return v instanceof ArrayBuffer || Object.prototype.toString.call(v) === "[object ArrayBuffer]";
}

/** A view's bytes as a Uint8Array over the same memory. */
function bytesOf(view) {
  if (view instanceof Uint8Array) return view;
  if (isAnyArrayBuffer(view)) return new Uint8Array(view);
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** string | ArrayBufferView (| ArrayBuffer when `allowArrayBuffer`) to a Uint8Array (strings in `encoding`). */
function toBytes(value, name, encoding, allowArrayBuffer) {
  if (typeof value === "string") return Buffer.from(value, encoding === "buffer" || !encoding ? "utf8" : encoding);
  if (isArrayBufferView(value)) return bytesOf(value);
  if (allowArrayBuffer && isAnyArrayBuffer(value)) return new Uint8Array(value);
  throw E.invalidArgType(name, `of type string or ${allowArrayBuffer ? "an instance of ArrayBuffer, Buffer, TypedArray, or DataView" : BUFFER_TYPES}`, value);
}

function validateString(value, name) {
  if (typeof value !== "string") throw E.invalidArgType(name, "of type string", value);
}
function validateFunction(value, name) {
  if (typeof value !== "function") throw E.invalidArgType(name, "of type function", value);
}
function validateObject(value, name) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw E.invalidArgType(name, "of type object", value);
}
function validateNumber(value, name) {
  if (typeof value !== "number") throw E.invalidArgType(name, "of type number", value);
}
function validateInt32(value, name, min = -2147483648, max = 2147483647) {
  if (typeof value !== "number") throw E.invalidArgType(name, "of type number", value);
  if (!Number.isInteger(value)) throw E.outOfRange(name, "an integer", value);
  if (value < min || value > max) throw E.outOfRange(name, `>= ${min} && <= ${max}`, value);
}
function validateUint32(value, name, positive) {
  validateInt32(value, name, positive ? 1 : 0, 4294967295);
}
function validateBoolean(value, name) {
  if (typeof value !== "boolean") throw E.invalidArgType(name, "of type boolean", value);
}

function toBuf(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Buffer, or a string in `encoding` (when one other than "buffer" is given). */
function encodeOut(bytes, encoding) {
  const buf = Buffer.isBuffer(bytes) ? bytes : toBuf(bytes);
  if (encoding === undefined || encoding === null || encoding === "buffer") return buf;
  return buf.toString(encoding);
}

export default {
  E,
  describe,
  BUFFER_TYPES,
  isArrayBufferView,
  isAnyArrayBuffer,
  bytesOf,
  toBytes,
  toBuf,
  encodeOut,
  validateString,
  validateFunction,
  validateObject,
  validateNumber,
  validateInt32,
  validateUint32,
  validateBoolean,
};
