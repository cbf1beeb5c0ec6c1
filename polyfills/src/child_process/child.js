// ChildProcess: one child on a host handle (its output and exit pushed by the host).
/* global require */
import { coded, decorate, spawnFailure } from "./errors.js";
import { arrayBufferOf, convertToValidSignal, getValidStdio, writeToGuest } from "./validation.js";

const host = require("internal/host", true);
const EventEmitter = require("events");
const { Buffer } = require("buffer");

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
    this._stdinSource = null;
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
    const stdio = getValidStdio(spec.options.stdio, true);
    this._targets = stdio;
    const handle = host.openHandle((name, value) => this._onHostEvent(name, value));
    this._handle = handle;
    if (stdio[0] === "pipe") this.stdin = this._makeStdin(handle.id);
    if (stdio[1] === "pipe") this.stdout = this._makeReadable();
    if (stdio[2] === "pipe") this.stderr = this._makeReadable();
    this.stdio = [this.stdin, this.stdout, this.stderr];
    // A guest stream as stdin: piped into the child's stdin (without ending what it shares), unpiped when the child exits.
    if (typeof stdio[0] === "object") {
      const source = stdio[0].stream;
      const sink = this._makeStdin(handle.id);
      source.pipe(sink);
      this._stdinSource = () => source.unpipe(sink);
    }
    const hostStdio = stdio.map((entry) => (entry === "ignore" ? "ignore" : "pipe"));
    try {
      const { pid } = host.call("child.spawn", handle.id, spec.file, spec.args, { cwd: spec.cwd, env: spec.env, stdio: hostStdio });
      this.pid = pid;
      require("internal/child_registry", true).children.set(pid, this);
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
    // Node's child pipes are sockets open one way: this end cannot be written.
    readable.writable = false;
    this._closesNeeded++;
    readable.on("close", () => this._maybeClose());
    return readable;
  }

  _makeStdin(id) {
    const child = this;
    const stdin = new (stream().Writable)({
      write(chunk, encoding, callback) {
        if (child._handle === null) return callback(coded(Object.assign(new Error("write EPIPE"), { errno: -32, syscall: "write" }), "EPIPE"));
        host.callAsyncBytes("child.write", 1, arrayBufferOf(chunk), id).then(() => callback(), callback);
      },
      final(callback) {
        if (child._handle === null) return callback();
        host.callAsync("child.end", id).then(() => callback(), callback);
      },
    });
    // The write end of the child's stdin pipe cannot be read, as Node's socket.
    stdin.readable = false;
    return stdin;
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
        } else if (typeof target === "object") {
          // A guest stream shared as the child's output: written to, never ended by the child.
          if (!target.stream.destroyed && !target.stream.writableEnded) target.stream.write(bytes);
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
      if (target === "stdout" || target === "stderr" || typeof target === "object" || (target === "pipe" && !readable.destroyed)) return true;
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
    if (this._stdinSource) this._stdinSource();
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
    if (this._stdinSource) this._stdinSource();
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

// `using child = spawn(...)` kills it at the end of the block, as in Node.
ChildProcess.prototype[Symbol.dispose] = function dispose() {
  if (!this.killed) this.kill();
};

export { ChildProcess };
