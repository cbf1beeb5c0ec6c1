// node:fs's argument checks and conversions, with Node's errors (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE).
/* global require */
import { describeValue as describe } from "../shared/errors.js";
const { Buffer } = require("buffer");

const defer = globalThis.setImmediate;
const kType = Symbol("type");

// ---- errors -----------------------------------------------------------------

/** Argument errors are thrown synchronously even by the callback forms. */
const argumentErrors = new WeakSet();

function argError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  argumentErrors.add(err);
  return err;
}

function invalidType(name, expected, value) {
  return argError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" argument must be ${expected}. Received ${describe(value)}`);
}

function outOfRange(name, range, value) {
  return argError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be ${range}. Received ${value}`);
}

// ---- argument conversion ------------------------------------------------------

function isUint8Array(v) {
  return v instanceof Uint8Array;
}

function toPath(value, name = "path") {
  let path;
  if (typeof value === "string") path = value;
  else if (isUint8Array(value)) path = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString();
  else if (value !== null && typeof value === "object" && typeof value.href === "string" && typeof value.protocol === "string") {
    if (value.protocol !== "file:") throw argError(TypeError, "ERR_INVALID_URL_SCHEME", "The URL must be of scheme file");
    if (value.hostname !== "" && value.hostname !== undefined) {
      throw argError(TypeError, "ERR_INVALID_FILE_URL_HOST", `File URL host must be "localhost" or empty on ${process.platform}`);
    }
    // Read once: what is checked here is what is used.
    const pathname = String(value.pathname);
    if (/%2f/i.test(pathname)) throw argError(TypeError, "ERR_INVALID_FILE_URL_PATH", "File URL path must not include encoded / characters");
    path = decodeURIComponent(pathname);
  } else {
    throw invalidType(name, "of type string or an instance of Buffer or URL", value);
  }
  if (path.includes("\u0000")) {
    const shown = `'${path.replace(/\u0000/g, "\\x00")}'`;
    throw argError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${shown}`);
  }
  return path;
}

/** Node treats a path argument that is an int32 as a file descriptor. */
function isFd(value) {
  return typeof value === "number" && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

function toFd(value, name = "fd") {
  if (typeof value !== "number") throw invalidType(name, "of type number", value);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
  if (value < 0 || value > 2147483647) throw outOfRange(name, ">= 0 && <= 2147483647", value);
  return value;
}

function toMode(value, name, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "string") {
    if (!/^[0-7]+$/.test(value)) throw argError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument '${name}' must be a 32-bit unsigned integer or an octal string. Received '${value}'`);
    return parseInt(value, 8);
  }
  if (typeof value !== "number") throw invalidType(name, "of type number", value);
  return value;
}

const ENCODINGS = ["utf8", "utf-8", "ascii", "latin1", "binary", "base64", "base64url", "hex", "ucs2", "ucs-2", "utf16le", "utf-16le", "buffer"];

function checkEncoding(encoding) {
  if (encoding === undefined || encoding === null) return null;
  if (typeof encoding !== "string" || !ENCODINGS.includes(encoding.toLowerCase())) {
    throw argError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'encoding' is invalid encoding. Received '${encoding}'`);
  }
  return encoding.toLowerCase() === "buffer" ? null : encoding;
}

/** Node's `getOptions`: a string is the encoding. */
function options(value, defaults) {
  if (value === undefined || value === null || typeof value === "function") return { ...defaults };
  if (typeof value === "string") return { ...defaults, encoding: checkEncoding(value) };
  if (typeof value !== "object") throw invalidType("options", "one of type string or an instance of Object", value);
  const out = { ...defaults, ...value };
  if (value.encoding !== undefined) out.encoding = checkEncoding(value.encoding);
  return out;
}

/** Bytes of `data` (a string in `encoding`, or any ArrayBufferView). */
function toBytes(data, encoding, name = "data") {
  if (typeof data === "string") return Buffer.from(data, encoding || "utf8");
  if (isUint8Array(data)) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidType(name, "of type string or an instance of Buffer, TypedArray, or DataView", data);
}

/** An ArrayBuffer holding exactly `bytes`, for the host. */
function arrayBufferOf(bytes) {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

function fromHost(arrayBuffer) {
  return Buffer.from(arrayBuffer);
}

function encoded(buffer, encoding) {
  return encoding ? buffer.toString(encoding) : buffer;
}

function encodePath(path, encoding) {
  return encoding && encoding !== "utf8" && encoding !== "utf-8" ? Buffer.from(path).toString(encoding) : encoding === null ? Buffer.from(path) : path;
}

export { argError, argumentErrors, arrayBufferOf, defer, encodePath, encoded, fromHost, invalidType, isFd, kType, options, outOfRange, toBytes, toFd, toMode, toPath };
