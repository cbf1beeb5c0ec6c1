// node:child_process — host-backed. Arguments are validated and normalised
// the way Node does (shell: true becomes /bin/sh -c, env becomes plain
// strings), then the host's child ops run them through the driver's
// CommandExecutor after the childProcess permission allowed them:
//
// - spawn() opens a host handle per child: the host pushes its output and
//   its exit; stdin writes go back as async ops (they complete when the
//   host took the bytes, so a child that does not read makes stdin.write()
//   report backpressure);
// - spawnSync() and everything synchronous is one host op: the guest waits
//   while the host runs the child to its end.
//
// Where Node differs: `pid` is a sandbox-local number (1000 and up), never
// the host's; `stdio: 'inherit'` copies the child's output to the guest's
// process.stdout/stderr (for the sync forms, once the child ended); fork()
// and IPC do not exist; `uid`/`gid` are refused; `detached` and `argv0` only
// change what the guest sees (every child ends with its run).
//
// `require` and `process` are the builtin factory's parameters (see
// scripts/build.mjs): the guest's own builtins, never bundled copies.
/* global require */

import { describeReceived } from "../shared/errors.js";

const host = require("internal/host", true);
const EventEmitter = require("events");
const { Buffer } = require("buffer");
// os is the prelude's own (cheap); stream (heavy) loads with the first spawn().
const os = require("os");

const MAX_BUFFER = 1024 * 1024;
const kCustomPromisify = Symbol.for("nodejs.util.promisify.custom");

// ---- errors -----------------------------------------------------------------


function coded(err, code) {
  err.code = code;
  return err;
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
function getValidStdio(stdio) {
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
      throw unsupported(`stdio[${i}] set to a stream`);
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

// ---- ChildProcess ---------------------------------------------------------------

let streamModule = null;
function stream() {
  if (streamModule === null) streamModule = require("stream");
  return streamModule;
}

class ChildProcess extends EventEmitter {
  constructor() {
    super();
    this._closesNeeded = 1;
    this._closesGot = 0;
    this.connected = false;
    this.signalCode = null;
    this.exitCode = null;
    this.killed = false;
    this.spawnfile = null;
    this._handle = null;
    this.spawnargs = [];
    this.pid = undefined;
    this.stdin = null;
    this.stdout = null;
    this.stderr = null;
    this.stdio = [null, null, null];
  }

  /** Starts the child (`spawn()` calls it with normalised arguments). */
  _start(spec) {
    this.spawnfile = spec.file;
    this.spawnargs = spec.spawnargs;
    const stdio = getValidStdio(spec.options.stdio);
    this._targets = stdio;
    const handle = host.openHandle((name, value) => this._onHostEvent(name, value));
    this._handle = handle;
    if (stdio[0] === "pipe") this.stdin = this._makeStdin(handle.id);
    if (stdio[1] === "pipe") this.stdout = this._makeReadable();
    if (stdio[2] === "pipe") this.stderr = this._makeReadable();
    this.stdio = [this.stdin, this.stdout, this.stderr];
    const hostStdio = stdio.map((entry) => (entry === "ignore" ? "ignore" : "pipe"));
    try {
      const { pid } = host.call("child.spawn", handle.id, spec.file, spec.args, { cwd: spec.cwd, env: spec.env, stdio: hostStdio });
      this.pid = pid;
    } catch (err) {
      decorate(err, spec.file, spec.spawnargs);
      process.nextTick(() => this._failed(err));
      return;
    }
    if (stdio[0] === "inherit") {
      const text = host.takeStdin();
      const written = text ? host.callAsyncBytes("child.write", 1, arrayBufferOf(Buffer.from(text)), handle.id) : Promise.resolve();
      written.then(() => host.callAsync("child.end", handle.id)).then(undefined, () => {});
    }
    process.nextTick(() => {
      if (this.exitCode === null && this.signalCode === null) this.emit("spawn");
    });
  }

  _makeReadable() {
    const readable = new (stream().Readable)({ read() {} });
    this._closesNeeded++;
    readable.on("close", () => this._maybeClose());
    return readable;
  }

  _makeStdin(id) {
    const child = this;
    return new (stream().Writable)({
      write(chunk, encoding, callback) {
        if (child._handle === null) return callback(coded(Object.assign(new Error("write EPIPE"), { errno: -32, syscall: "write" }), "EPIPE"));
        host.callAsyncBytes("child.write", 1, arrayBufferOf(chunk), id).then(() => callback(), callback);
      },
      final(callback) {
        if (child._handle === null) return callback();
        host.callAsync("child.end", id).then(() => callback(), callback);
      },
    });
  }

  _onHostEvent(name, value) {
    switch (name) {
      case "stdout":
      case "stderr": {
        const bytes = Buffer.from(value);
        const target = this._targets[name === "stdout" ? 1 : 2];
        if (target === "pipe") {
          const readable = name === "stdout" ? this.stdout : this.stderr;
          if (!readable.destroyed) readable.push(bytes);
        } else if (target !== "ignore") writeToGuest(target, bytes);
        return;
      }
      case "error":
        // Output lost to a guest that already threw its streams away (exec's kill() does) is no error to it.
        if (value && value.code === "ERR_QUICKEXEC_CHILD_OUTPUT_OVERFLOW" && !this._wantsOutput()) return;
        this.emit("error", value);
        return;
      case "exit":
        this._exited(value.code, value.signal);
        return;
      case "failed":
        this._failed(spawnFailure(value, "spawn", this.spawnfile, this.spawnargs));
        return;
    }
  }

  /** Whether some of the child's output still has somewhere to go. */
  _wantsOutput() {
    for (const i of [1, 2]) {
      const target = this._targets[i];
      const readable = i === 1 ? this.stdout : this.stderr;
      if (target === "stdout" || target === "stderr" || (target === "pipe" && !readable.destroyed)) return true;
    }
    return false;
  }

  _releaseHandle() {
    if (this._handle !== null) {
      this._handle.close();
      this._handle = null;
    }
  }

  _exited(code, signal) {
    if (signal) this.signalCode = signal;
    else this.exitCode = code;
    this._releaseHandle();
    if (this.stdin) this.stdin.destroy();
    this.emit("exit", this.exitCode, this.signalCode);
    for (const readable of [this.stdout, this.stderr]) if (readable && !readable.destroyed) readable.push(null);
    // As Node's flushStdio: output nobody consumes must not keep 'close' from coming.
    process.nextTick(() => {
      for (const readable of [this.stdout, this.stderr]) {
        if (readable && !readable.destroyed && readable.readableFlowing === null && readable.listenerCount("readable") === 0) readable.resume();
      }
    });
    this._maybeClose();
  }

  _failed(err) {
    this.exitCode = typeof err.errno === "number" ? err.errno : -1;
    this._releaseHandle();
    this.emit("error", err);
    for (const s of [this.stdin, this.stdout, this.stderr]) if (s) s.destroy();
    this._maybeClose();
  }

  _maybeClose() {
    this._closesGot++;
    if (this._closesGot === this._closesNeeded) this.emit("close", this.exitCode, this.signalCode);
  }

  kill(sig) {
    const signal = sig === 0 ? 0 : convertToValidSignal(sig === undefined ? "SIGTERM" : sig);
    if (this._handle === null) return false;
    let sent;
    try {
      sent = host.call("child.kill", this._handle.id, signal);
    } catch (err) {
      this.emit("error", err);
      return false;
    }
    if (sent) this.killed = true;
    return sent === true;
  }

  ref() {
    if (this._handle !== null) this._handle.ref();
  }

  unref() {
    if (this._handle !== null) this._handle.unref();
  }
}

// ---- spawn, exec, execFile ---------------------------------------------------------

function spawn(file, args, options) {
  const spec = normalizeSpawnArguments(file, args, options);
  const opts = spec.options;
  validateTimeout(opts.timeout);
  validateAbortSignal(opts.signal, "options.signal");
  const killSignal = sanitizeKillSignal(opts.killSignal);
  const child = new ChildProcess();
  child._start(spec);

  if (opts.timeout > 0) {
    let timeoutId = setTimeout(() => {
      if (timeoutId) {
        try {
          child.kill(killSignal);
        } catch (err) {
          child.emit("error", err);
        }
        timeoutId = null;
      }
    }, opts.timeout);
    child.once("exit", () => {
      if (timeoutId) {
        clearTimeout(timeoutId);
        timeoutId = null;
      }
    });
  }

  if (opts.signal) {
    const signal = opts.signal;
    const onAbort = () => {
      try {
        if (child.kill(killSignal)) child.emit("error", abortError(signal.reason));
      } catch (err) {
        child.emit("error", err);
      }
    };
    if (signal.aborted) process.nextTick(onAbort);
    else {
      signal.addEventListener("abort", onAbort, { once: true });
      child.once("exit", () => signal.removeEventListener("abort", onAbort));
    }
  }
  return child;
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

function exec(command, options, callback) {
  const opts = normalizeExecArgs(command, options, callback);
  // Through the exports, so a program that replaces execFile sees exec use it, as in Node.
  return exported.execFile(opts.file, opts.options, opts.callback);
}

const customPromiseExecFunction = (orig) => (...args) => {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.child = orig(...args, (err, stdout, stderr) => {
    if (err !== null) {
      err.stdout = stdout;
      err.stderr = stderr;
      reject(err);
    } else {
      resolve({ stdout, stderr });
    }
  });
  return promise;
};

Object.defineProperty(exec, kCustomPromisify, { enumerable: false, value: customPromiseExecFunction(exec) });

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

function execFile(file, args, options, callback) {
  ({ file, args, options, callback } = normalizeExecFileArgs(file, args, options, callback));
  options = { encoding: "utf8", timeout: 0, maxBuffer: MAX_BUFFER, killSignal: "SIGTERM", cwd: null, env: null, shell: false, ...options };
  validateTimeout(options.timeout);
  validateMaxBuffer(options.maxBuffer);
  options.killSignal = sanitizeKillSignal(options.killSignal);

  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    gid: options.gid,
    shell: options.shell,
    signal: options.signal,
    uid: options.uid,
    windowsHide: !!options.windowsHide,
    windowsVerbatimArguments: !!options.windowsVerbatimArguments,
  });

  const encoding = options.encoding !== "buffer" && Buffer.isEncoding(options.encoding) ? options.encoding : null;
  const stdoutChunks = [];
  const stderrChunks = [];
  let stdoutLen = 0;
  let stderrLen = 0;
  let killed = false;
  let exited = false;
  let timeoutId;
  let ex = null;
  let cmd = file;

  function exithandler(code, signal) {
    if (exited) return;
    exited = true;
    if (timeoutId) {
      clearTimeout(timeoutId);
      timeoutId = null;
    }
    if (!callback) return;
    const stdout = encoding || (child.stdout && child.stdout.readableEncoding) ? stdoutChunks.join("") : Buffer.concat(stdoutChunks);
    const stderr = encoding || (child.stderr && child.stderr.readableEncoding) ? stderrChunks.join("") : Buffer.concat(stderrChunks);
    if (!ex && code === 0 && signal === null) {
      callback(null, stdout, stderr);
      return;
    }
    if (args && args.length) cmd += ` ${args.join(" ")}`;
    if (!ex) {
      ex = new Error(`Command failed: ${cmd}\n${stderr}`);
      ex.code = code < 0 ? systemErrorName(code) : code;
      ex.killed = child.killed || killed;
      ex.signal = signal;
    }
    ex.cmd = cmd;
    callback(ex, stdout, stderr);
  }

  function errorhandler(e) {
    ex = e;
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    exithandler();
  }

  function kill() {
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    killed = true;
    try {
      child.kill(options.killSignal);
    } catch (e) {
      ex = e;
      exithandler();
    }
  }

  if (options.timeout > 0) {
    timeoutId = setTimeout(() => {
      kill();
      timeoutId = null;
    }, options.timeout);
  }

  const collect = (readable, chunks, which) => {
    if (encoding) readable.setEncoding(encoding);
    readable.on("data", (chunk) => {
      if (options.maxBuffer === Infinity) {
        chunks.push(chunk);
        return;
      }
      const enc = readable.readableEncoding;
      const length = enc ? Buffer.byteLength(chunk, enc) : chunk.length;
      const total = (which === "stdout" ? (stdoutLen += length) : (stderrLen += length));
      if (total > options.maxBuffer) {
        const truncatedLen = options.maxBuffer - (total - length);
        chunks.push(chunk.slice(0, truncatedLen));
        ex = coded(new RangeError(`${which} maxBuffer length exceeded`), "ERR_CHILD_PROCESS_STDIO_MAXBUFFER");
        kill();
      } else {
        chunks.push(chunk);
      }
    });
  };
  if (child.stdout) collect(child.stdout, stdoutChunks, "stdout");
  if (child.stderr) collect(child.stderr, stderrChunks, "stderr");

  child.addListener("close", exithandler);
  child.addListener("error", errorhandler);
  return child;
}

Object.defineProperty(execFile, kCustomPromisify, { enumerable: false, value: customPromiseExecFunction(execFile) });

function systemErrorName(code) {
  const errno = os.constants.errno;
  for (const name of Object.keys(errno)) if (-errno[name] === code) return name;
  return `Unknown system error ${code}`;
}

// ---- the synchronous forms ---------------------------------------------------------

function spawnSync(file, args, options) {
  const spec = normalizeSpawnArguments(file, args, options);
  const opts = spec.options;
  const maxBuffer = opts.maxBuffer === undefined ? MAX_BUFFER : opts.maxBuffer;
  validateTimeout(opts.timeout);
  validateMaxBuffer(maxBuffer);
  const killSignal = sanitizeKillSignal(opts.killSignal);
  const stdio = getValidStdio(opts.stdio || "pipe");
  let input = null;
  if (opts.input) {
    if (ArrayBuffer.isView(opts.input)) input = new Uint8Array(opts.input.buffer, opts.input.byteOffset, opts.input.byteLength);
    else if (typeof opts.input === "string") input = Buffer.from(opts.input, opts.encoding);
    else throw invalidArgType("options.stdio[0]", ["string", "Buffer", "TypedArray", "DataView"], opts.input);
  }
  if (stdio[0] === "inherit") {
    const text = host.takeStdin();
    input = text ? Buffer.from(text) : null;
  }
  const hostOptions = {
    cwd: spec.cwd,
    env: spec.env,
    stdio: stdio.map((entry) => (entry === "stdout" || entry === "stderr" ? "inherit" : entry)),
    timeout: opts.timeout == null ? 0 : opts.timeout,
    killSignal: killSignal === undefined ? 15 : killSignal,
    maxBuffer: maxBuffer == null || !Number.isFinite(maxBuffer) ? null : maxBuffer,
  };
  let raw;
  try {
    raw = input !== null && input.byteLength > 0
      ? host.callBytes("child.spawnSync", 3, arrayBufferOf(input), spec.file, spec.args, hostOptions)
      : host.call("child.spawnSync", spec.file, spec.args, hostOptions);
  } catch (err) {
    return { error: decorate(err, spec.file, spec.spawnargs), status: null, signal: null, output: null, pid: 0, stdout: null, stderr: null };
  }
  const encoding = opts.encoding && opts.encoding !== "buffer" ? opts.encoding : null;
  const result = {};
  if (raw.error) result.error = spawnFailure(raw.error, "spawnSync", spec.file, spec.spawnargs);
  result.status = raw.status;
  result.signal = raw.signal;
  let output = null;
  if (raw.stdout !== null || raw.stderr !== null) {
    output = [null, null, null];
    for (const i of [1, 2]) {
      const bytes = i === 1 ? raw.stdout : raw.stderr;
      if (bytes === null || bytes === undefined) continue;
      const buffer = Buffer.from(bytes);
      if (stdio[i] === "pipe") output[i] = encoding ? buffer.toString(encoding) : buffer;
      else if (stdio[i] === "stdout" || stdio[i] === "stderr") writeToGuest(stdio[i], buffer);
    }
  } else if (!raw.error) {
    output = [null, null, null];
  }
  result.output = output;
  result.pid = raw.pid;
  result.stdout = output && output[1];
  result.stderr = output && output[2];
  return result;
}

function checkExecSyncError(ret, args, cmd) {
  let err;
  if (ret.error) {
    err = ret.error;
    Object.assign(err, ret);
  } else if (ret.status !== 0) {
    let msg = "Command failed: ";
    msg += cmd || args.join(" ");
    if (ret.stderr && ret.stderr.length > 0) msg += `\n${ret.stderr.toString()}`;
    err = Object.assign(new Error(msg), ret);
  }
  return err;
}

function execFileSync(file, args, options) {
  ({ file, args, options } = normalizeExecFileArgs(file, args, options));
  const inheritStderr = !options.stdio;
  const ret = spawnSync(file, args, options);
  if (inheritStderr && ret.stderr) process.stderr.write(ret.stderr);
  const err = checkExecSyncError(ret, [options.argv0 || file, ...args]);
  if (err) throw err;
  return ret.stdout;
}

function execSync(command, options) {
  const opts = normalizeExecArgs(command, options, null);
  const inheritStderr = !opts.options.stdio;
  const ret = spawnSync(opts.file, opts.options);
  if (inheritStderr && ret.stderr) process.stderr.write(ret.stderr);
  const err = checkExecSyncError(ret, undefined, command);
  if (err) throw err;
  return ret.stdout;
}

function fork() {
  throw coded(
    new Error("child_process.fork() is not supported in the sandbox: there is no IPC channel (spawn node with stdio pipes instead)"),
    "ERR_QUICKEXEC_UNSUPPORTED",
  );
}

// `using child = spawn(...)` kills it at the end of the block, as in Node.
ChildProcess.prototype[Symbol.dispose] = function dispose() {
  if (!this.killed) this.kill();
};

const exported = { ChildProcess, exec, execFile, execFileSync, execSync, fork, spawn, spawnSync };
export default exported;
