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
import { MAX_BUFFER, abortError, coded, kCustomPromisify } from "../child_process/errors.js";
import { normalizeExecArgs, normalizeExecFileArgs, normalizeSpawnArguments, sanitizeKillSignal, validateAbortSignal, validateMaxBuffer, validateTimeout } from "../child_process/validation.js";
import { ChildProcess } from "../child_process/child.js";
import { execFileSync, execSync, fork, spawnSync } from "../child_process/sync.js";

const { Buffer } = require("buffer");
// os is the prelude's own (cheap); stream (heavy) loads with the first spawn().
const os = require("os");

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

const exported = { ChildProcess, exec, execFile, execFileSync, execSync, fork, spawn, spawnSync };
export default exported;
