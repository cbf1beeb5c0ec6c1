// The synchronous forms: spawnSync, execFileSync, execSync (one host op each), and fork (refused).
/* global require */
import { MAX_BUFFER, coded, decorate, invalidArgType, spawnFailure } from "./errors.js";
import { arrayBufferOf, getValidStdio, normalizeExecArgs, normalizeExecFileArgs, normalizeSpawnArguments, sanitizeKillSignal, validateMaxBuffer, validateTimeout, writeToGuest } from "./validation.js";

const host = require("internal/host", true);
const { Buffer } = require("buffer");

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

export { execFileSync, execSync, fork, spawnSync };
