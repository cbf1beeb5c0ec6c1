// node:child_process's errors (Node's codes and messages) and shared constants.
/* global require */
import { describeReceived, withNodeToString } from "../shared/errors.js";

const MAX_BUFFER = 1024 * 1024;
const kCustomPromisify = Symbol.for("nodejs.util.promisify.custom");

// ---- errors -----------------------------------------------------------------


function coded(err, code) {
  err.code = code;
  return withNodeToString(err);
}

/** ERR_INVALID_ARG_TYPE; `expected` is Node's list, e.g. ["string", "number"] or "object". */
function invalidArgType(name, expected, value) {
  const kind = name.includes(".") ? "property" : "argument";
  const list = Array.isArray(expected) ? expected : [expected];
  const types = list.filter((t) => /^[a-z]/.test(t));
  const classes = list.filter((t) => !/^[a-z]/.test(t));
  let text = "";
  if (types.length > 0) text += `${types.length > 1 ? "one of type" : "of type"} ${types.length > 1 ? `${types.slice(0, -1).join(", ")} or ${types[types.length - 1]}` : types[0]}`;
  if (classes.length > 0) {
    if (text) text += " or ";
    text += `an instance of ${classes.length > 1 ? `${classes.slice(0, -1).join(", ")}, or ${classes[classes.length - 1]}` : classes[0]}`;
  }
  return coded(new TypeError(`The "${name}" ${kind} must be ${text}.${describeReceived(value)}`), "ERR_INVALID_ARG_TYPE");
}

function shown(value) {
  if (typeof value === "string") return `'${value.replace(/\u0000/g, "\\x00")}'`;
  return String(value);
}

function invalidArgValue(name, value, reason = "is invalid") {
  const kind = name.includes(".") ? "property" : "argument";
  return coded(new TypeError(`The ${kind} '${name}' ${reason}. Received ${shown(value)}`), "ERR_INVALID_ARG_VALUE");
}

function outOfRange(name, range, value) {
  return coded(new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${String(value)}`), "ERR_OUT_OF_RANGE");
}

function unsupported(what) {
  return coded(new Error(`child_process: ${what} is not supported in the sandbox`), "ERR_QUICKEXEC_UNSUPPORTED");
}

function abortError(cause) {
  const err = new Error("The operation was aborted", cause === undefined ? undefined : { cause });
  err.code = "ABORT_ERR";
  err.name = "AbortError";
  return err;
}

/** Node's ErrnoException for a failed spawn, from the host's plain description. */
function spawnFailure(info, syscall, file, spawnargs) {
  const err = new Error(info.message);
  if (typeof info.errno === "number") err.errno = info.errno;
  err.code = info.code;
  err.syscall = `${syscall} ${file}`;
  err.path = file;
  err.spawnargs = spawnargs.slice(1);
  return err;
}

/** A host error thrown by a spawn (denied, no executor): gets Node's spawnargs. */
function decorate(err, file, spawnargs) {
  if (err && typeof err === "object") {
    if (err.path === undefined) err.path = file;
    err.spawnargs = spawnargs.slice(1);
  }
  return err;
}

export { MAX_BUFFER, abortError, coded, decorate, invalidArgType, invalidArgValue, kCustomPromisify, outOfRange, spawnFailure, unsupported };
