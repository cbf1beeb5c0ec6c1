// The guest's process object: events, stdout/stderr/stdin, exit, env (kept in
// step with the host), hrtime and the rest of Node's process surface.
import { ObjectDefine } from "./primordials.js";
import { describe } from "./describe.js";

export function installProcess(g, rt, host, write, checkCallback, nextTick, setImmediate, perfNow) {
  const hostExit = host.exit;
  const hostCall = host.call;

  const listeners = new Map();
  function on(event, fn) {
    checkCallback(fn);
    const list = listeners.get(event) || [];
    list.push({ fn, once: false });
    listeners.set(event, list);
    return process;
  }
  function emitProcess(event, ...args) {
    const list = listeners.get(event);
    if (!list || list.length === 0) return false;
    for (const entry of list.slice()) {
      if (entry.once) list.splice(list.indexOf(entry), 1);
      entry.fn.apply(process, args);
    }
    return true;
  }
  function makeStream(channel, fd) {
    return {
      fd,
      isTTY: false,
      writable: true,
      write(chunk, encoding, callback) {
        if (typeof encoding === "function") callback = encoding;
        if (typeof chunk === "string") write(channel, chunk);
        else if (chunk instanceof Uint8Array || chunk instanceof ArrayBuffer) write(channel, chunk instanceof ArrayBuffer ? chunk : chunk.slice().buffer);
        else {
          const err = new TypeError(`The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received ${describe(chunk)}`);
          err.code = "ERR_INVALID_ARG_TYPE";
          throw err;
        }
        if (typeof callback === "function") nextTick(callback);
        return true;
      },
      end(chunk, encoding, callback) {
        if (chunk != null && typeof chunk !== "function") this.write(chunk, encoding);
        const cb = [chunk, encoding, callback].find((x) => typeof x === "function");
        if (cb) nextTick(cb);
      },
      on() {
        return this;
      },
      once() {
        return this;
      },
      emit() {
        return false;
      },
      removeListener() {
        return this;
      },
    };
  }

  const stdin = {
    fd: 0,
    isTTY: false,
    readable: true,
    _encoding: null,
    setEncoding(enc) {
      this._encoding = enc;
      return this;
    },
    on(event, fn) {
      checkCallback(fn);
      stdinListeners.push([event, fn]);
      if (!stdinScheduled) {
        stdinScheduled = true;
        setImmediate(flushStdin);
      }
      return this;
    },
    resume() {
      return this;
    },
    pause() {
      return this;
    },
    read() {
      const text = rt.stdinText;
      rt.stdinText = null;
      return text;
    },
  };
  stdin.once = stdin.on;
  stdin.addListener = stdin.on;
  const stdinListeners = [];
  let stdinScheduled = false;
  function flushStdin() {
    const text = rt.stdinText;
    rt.stdinText = null;
    if (text) for (const [event, fn] of stdinListeners) if (event === "data") fn.call(stdin, text);
    for (const [event, fn] of stdinListeners) if (event === "end" || event === "close") fn.call(stdin);
  }
  stdin[Symbol.asyncIterator] = async function* () {
    const text = rt.stdinText;
    rt.stdinText = null;
    if (text) yield text;
  };

  class ExitSignal {
    constructor(code) {
      this.code = code;
    }
  }
  const process = {
    title: "node",
    version: "",
    versions: {},
    arch: "",
    platform: "",
    release: { name: "node" },
    argv: [],
    argv0: "node",
    execArgv: [],
    execPath: "",
    pid: 1,
    ppid: 0,
    env: {},
    exitCode: undefined,
    stdout: makeStream("stdout", 1),
    stderr: makeStream("stderr", 2),
    stdin,
    config: { variables: { v8_enable_i18n_support: 1 } },
    features: {},
    cwd() {
      return rt.config.process.cwd;
    },
    chdir(directory) {
      if (typeof directory !== "string") {
        const err = new TypeError(`The "directory" argument must be of type string. Received ${describe(directory)}`);
        err.code = "ERR_INVALID_ARG_TYPE";
        throw err;
      }
      rt.config.process.cwd = hostCall("process.chdir", directory);
    },
    exit(code) {
      if (code !== undefined) process.exitCode = code;
      const final = exitCodeOf(process.exitCode);
      if (!rt.exiting) {
        try {
          emitProcess("exit", final);
        } finally {
          rt.exiting = true;
          hostExit(exitCodeOf(process.exitCode));
        }
      }
      throw new ExitSignal(final);
    },
    abort() {
      process.exit(134);
    },
    nextTick,
    on,
    addListener: on,
    once(event, fn) {
      on(event, fn);
      listeners.get(event)[listeners.get(event).length - 1].once = true;
      return process;
    },
    off(event, fn) {
      const list = listeners.get(event);
      if (list) {
        const i = list.findIndex((e) => e.fn === fn);
        if (i >= 0) list.splice(i, 1);
      }
      return process;
    },
    removeAllListeners(event) {
      if (event === undefined) listeners.clear();
      else listeners.delete(event);
      return process;
    },
    listeners(event) {
      return (listeners.get(event) || []).map((e) => e.fn);
    },
    listenerCount(event) {
      return (listeners.get(event) || []).length;
    },
    emit: emitProcess,
    hrtime: Object.assign(
      function hrtime(previous) {
        const ms = perfNow();
        let sec = Math.floor(ms / 1000);
        let nsec = Math.floor((ms % 1000) * 1e6);
        if (previous !== undefined) {
          if (!Array.isArray(previous)) {
            const err = new TypeError(`The "time" argument must be an instance of Array. Received ${describe(previous)}`);
            err.code = "ERR_INVALID_ARG_TYPE";
            throw err;
          }
          if (previous.length !== 2) {
            const err = new RangeError(`The value of "time" is out of range. It must be 2. Received ${previous.length}`);
            err.code = "ERR_OUT_OF_RANGE";
            throw err;
          }
          sec -= previous[0];
          nsec -= previous[1];
          if (nsec < 0) {
            sec--;
            nsec += 1e9;
          }
        }
        return [sec, nsec];
      },
      { bigint: () => BigInt(Math.floor(perfNow() * 1e6)) },
    ),
    uptime() {
      return perfNow() / 1000;
    },
    memoryUsage: Object.assign(
      function memoryUsage() {
        const used = host.memory();
        return { rss: used, heapTotal: used, heapUsed: used, external: 0, arrayBuffers: 0 };
      },
      { rss: () => host.memory() },
    ),
    cpuUsage() {
      const us = Math.floor(perfNow() * 1000);
      return { user: us, system: 0 };
    },
    umask() {
      return 0o22;
    },
    getuid: () => rt.config.process.uid ?? 0,
    getgid: () => rt.config.process.gid ?? 0,
    geteuid: () => rt.config.process.uid ?? 0,
    getegid: () => rt.config.process.gid ?? 0,
    kill() {
      const err = new Error("kill EPERM");
      err.code = "EPERM";
      err.syscall = "kill";
      throw err;
    },
  };
  ObjectDefine(process, Symbol.toStringTag, { value: "process" });
  ObjectDefine(g, "process", { value: process, writable: true, configurable: true, enumerable: false });
  ObjectDefine(g, "global", { value: g, writable: true, configurable: true, enumerable: false });

  function exitCodeOf(value) {
    if (value === undefined || value === null) return 0;
    const n = Number(value);
    return Number.isInteger(n) ? n & 0xff : 1;
  }

  function makeEnv(initial) {
    const store = Object.assign(Object.create(null), initial);
    return new Proxy(store, {
      set(target, key, value) {
        if (typeof key === "symbol") return false;
        value = String(value);
        hostCall("env.set", key, value);
        target[key] = value;
        return true;
      },
      deleteProperty(target, key) {
        if (typeof key === "symbol") return true;
        hostCall("env.delete", key);
        delete target[key];
        return true;
      },
      defineProperty(target, key, desc) {
        if (typeof key === "symbol" || !("value" in desc)) return false;
        const value = String(desc.value);
        hostCall("env.set", key, value);
        target[key] = value;
        return true;
      },
    });
  }

  return { process, listeners, emitProcess, ExitSignal, exitCodeOf, makeEnv };
}
