// node:child_process's argument validation and normalisation (spawn, exec and execFile arguments, stdio, signals).
/* global require */
import { coded, invalidArgType, invalidArgValue, outOfRange, unsupported } from "./errors.js";

const { Buffer } = require("buffer");
// os is the prelude's own (cheap); stream (heavy) loads with the first spawn().
const os = require("os");

// ---- validation ---------------------------------------------------------------

function validateString(value, name) {
  if (typeof value !== "string") throw invalidArgType(name, "string", value);
}

function nullCheck(value, name) {
  if (typeof value === "string" && value.includes("\u0000")) throw invalidArgValue(name, value, "must be a string without null bytes");
}

function validateObject(value, name) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw invalidArgType(name, "object", value);
}

function validateFunction(value, name) {
  if (typeof value !== "function") throw invalidArgType(name, "function", value);
}

function validateBoolean(value, name) {
  if (typeof value !== "boolean") throw invalidArgType(name, "boolean", value);
}

function validateTimeout(timeout) {
  if (timeout != null && !(Number.isInteger(timeout) && timeout >= 0)) throw outOfRange("timeout", "an unsigned integer", timeout);
}

function validateMaxBuffer(maxBuffer) {
  if (maxBuffer != null && !(typeof maxBuffer === "number" && maxBuffer >= 0)) throw outOfRange("options.maxBuffer", "a positive number", maxBuffer);
}

function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) throw invalidArgType(name, "AbortSignal", signal);
}

let signalTable = null;
function signals() {
  if (signalTable === null) {
    const byName = os.constants.signals;
    const names = Object.create(null);
    for (const name of Object.keys(byName)) if (names[byName[name]] === undefined) names[byName[name]] = name;
    signalTable = { byName, names };
  }
  return signalTable;
}

/** A signal name or number as its number; ERR_UNKNOWN_SIGNAL otherwise. */
function convertToValidSignal(signal) {
  const { byName, names } = signals();
  if (typeof signal === "number" && names[signal] !== undefined) return signal;
  if (typeof signal === "string") {
    const number = byName[signal.toUpperCase()];
    if (number !== undefined) return number;
  }
  throw coded(new TypeError(`Unknown signal: ${signal}`), "ERR_UNKNOWN_SIGNAL");
}

function sanitizeKillSignal(killSignal) {
  if (typeof killSignal === "string" || typeof killSignal === "number") return convertToValidSignal(killSignal);
  if (killSignal != null) throw invalidArgType("options.killSignal", ["string", "number"], killSignal);
  return undefined;
}

function toPath(value, name) {
  let path;
  if (typeof value === "string") path = value;
  else if (value instanceof Uint8Array) path = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString();
  else if (value !== null && typeof value === "object" && typeof value.href === "string" && typeof value.protocol === "string") {
    if (value.protocol !== "file:") throw coded(new TypeError("The URL must be of scheme file"), "ERR_INVALID_URL_SCHEME");
    path = decodeURIComponent(value.pathname);
  } else {
    throw invalidArgType(name, ["string", "Buffer", "URL"], value);
  }
  if (path.includes("\u0000")) throw invalidArgValue(name, path, "must be a string, Uint8Array, or URL without null bytes");
  return path;
}

/**
 * Node's stdio option as three entries: for stdin `pipe` | `ignore` |
 * `inherit`; for stdout and stderr `pipe` | `ignore` | `stdout` | `stderr`
 * (the guest's own stream the output goes to).
 */
/**
 * Node's stdio option as a list of "pipe", "ignore", "inherit" (stdin), "stdout"/"stderr"
 * (the guest's own) or, when `streams` is set (async spawn), { stream } for a guest stream
 * the child reads from (stdin) or writes to; spawnSync refuses streams as before.
 */
function getValidStdio(stdio, streams = false) {
  let list;
  if (stdio === undefined || stdio === null) list = ["pipe", "pipe", "pipe"];
  else if (typeof stdio === "string") {
    if (!["pipe", "overlapped", "ignore", "inherit"].includes(stdio)) throw invalidArgValue("stdio", stdio);
    list = [stdio, stdio, stdio];
  } else if (Array.isArray(stdio)) list = stdio.slice();
  else throw invalidArgValue("stdio", stdio);
  while (list.length < 3) list.push(undefined);
  const out = [];
  for (let i = 0; i < list.length; i++) {
    let entry = list[i];
    if (entry === null || entry === undefined) entry = i < 3 ? "pipe" : "ignore";
    if (entry === "overlapped") entry = "pipe";
    if (entry === "ipc") throw unsupported("an IPC channel (stdio 'ipc')");
    if (i >= 3) {
      if (entry !== "ignore") throw unsupported(`stdio[${i}] (only stdin, stdout and stderr exist)`);
      continue;
    }
    let fd = null;
    if (typeof entry === "number") fd = entry;
    else if (entry !== null && typeof entry === "object" && typeof entry.fd === "number") fd = entry.fd;
    if (fd !== null) {
      if (i === 0 && fd === 0) entry = "inherit";
      else if (i > 0 && (fd === 1 || fd === 2)) entry = fd === 1 ? "stdout" : "stderr";
      else throw unsupported(`stdio[${i}] set to file descriptor ${fd}`);
    } else if (entry === "inherit") entry = i === 0 ? "inherit" : i === 1 ? "stdout" : "stderr";
    else if (entry !== "pipe" && entry !== "ignore") {
      if (typeof entry === "string") throw invalidArgValue("stdio", stdio);
      const usable = entry !== null && typeof entry === "object" && typeof (i === 0 ? entry.pipe : entry.write) === "function";
      if (!streams || !usable) throw unsupported(`stdio[${i}] set to a stream`);
      entry = { stream: entry };
    }
    out.push(entry);
  }
  return out;
}

/** Node's normalizeSpawnArguments: the program, its argv, cwd and env as the host gets them. */
function normalizeSpawnArguments(file, args, options) {
  validateString(file, "file");
  nullCheck(file, "file");
  if (file.length === 0) throw invalidArgValue("file", file, "cannot be empty");
  if (Array.isArray(args)) args = args.slice();
  else if (args == null) args = [];
  else if (typeof args !== "object") throw invalidArgType("args", "object", args);
  else {
    options = args;
    args = [];
  }
  for (let i = 0; i < args.length; i++) nullCheck(args[i], `args[${i}]`);
  if (options === undefined) options = {};
  else validateObject(options, "options");
  options = { ...options };
  const cwd = options.cwd == null ? null : toPath(options.cwd, "options.cwd");
  if (options.detached != null) validateBoolean(options.detached, "options.detached");
  if (options.uid != null) throw unsupported("options.uid");
  if (options.gid != null) throw unsupported("options.gid");
  if (options.shell != null && typeof options.shell !== "boolean" && typeof options.shell !== "string") {
    throw invalidArgType("options.shell", ["boolean", "string"], options.shell);
  }
  if (options.argv0 != null) {
    validateString(options.argv0, "options.argv0");
    nullCheck(options.argv0, "options.argv0");
  }
  if (options.windowsHide != null) validateBoolean(options.windowsHide, "options.windowsHide");
  if (options.windowsVerbatimArguments != null) validateBoolean(options.windowsVerbatimArguments, "options.windowsVerbatimArguments");
  args = args.map((arg) => `${arg}`);
  if (options.shell) {
    nullCheck(options.shell, "options.shell");
    const command = [file, ...args].join(" ");
    file = typeof options.shell === "string" ? options.shell : "/bin/sh";
    args = ["-c", command];
  }
  const source = options.env || process.env;
  const env = {};
  // Prototype values are included, as in Node.
  for (const key in source) {
    const value = source[key];
    if (value === undefined) continue;
    nullCheck(key, `options.env['${key}']`);
    nullCheck(value, `options.env['${key}']`);
    env[key] = `${value}`;
  }
  const spawnargs = [typeof options.argv0 === "string" ? options.argv0 : file, ...args];
  return { file, args, spawnargs, cwd, env, options };
}

function arrayBufferOf(bytes) {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

function writeToGuest(target, bytes) {
  const stream = target === "stderr" ? process.stderr : process.stdout;
  stream.write(bytes);
}

function normalizeExecArgs(command, options, callback) {
  validateString(command, "command");
  nullCheck(command, "command");
  if (typeof options === "function") {
    callback = options;
    options = undefined;
  }
  options = { ...options };
  options.shell = typeof options.shell === "string" ? options.shell : true;
  return { file: command, options, callback };
}

function normalizeExecFileArgs(file, args, options, callback) {
  if (Array.isArray(args)) args = args.slice();
  else if (args != null && typeof args === "object") {
    callback = options;
    options = args;
    args = null;
  } else if (typeof args === "function") {
    callback = args;
    options = null;
    args = null;
  }
  if (args == null) args = [];
  if (typeof options === "function") callback = options;
  else if (options != null) validateObject(options, "options");
  if (options == null) options = {};
  if (callback != null) validateFunction(callback, "callback");
  if (options.argv0 != null) {
    validateString(options.argv0, "options.argv0");
    nullCheck(options.argv0, "options.argv0");
  }
  return { file, args, options, callback };
}

export { arrayBufferOf, convertToValidSignal, getValidStdio, normalizeExecArgs, normalizeExecFileArgs, normalizeSpawnArguments, sanitizeKillSignal, validateAbortSignal, validateMaxBuffer, validateTimeout, writeToGuest };
