// The guest's process object: events, stdout/stderr/stdin, exit, env (kept in
// step with the host), hrtime and the rest of Node's process surface.
import { ObjectDefine } from "./primordials.js";
import { describe } from "./describe.js";

export function installProcess(g, rt, host, write, checkCallback, nextTick, setImmediate, perfNow) {
  const hostExit = host.exit;
  const hostCall = host.call;
  const hostTimeZone = host.timeZone;

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
  const stdin = {
    fd: 0,
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
      if (!rt.exiting && !process._exiting) {
        process._exiting = true;
        let emitted = false;
        try {
          emitProcess("exit", exitCodeOf(process.exitCode));
          emitted = true;
        } finally {
          if (!emitted) {
            rt.exiting = true;
            hostExit(exitCodeOf(process.exitCode));
          }
        }
      }
      // As in Node, the end goes through process.reallyExit (a program may replace it).
      process.reallyExit(exitCodeOf(process.exitCode));
    },
    reallyExit(code) {
      const final = exitCodeOf(code);
      if (!rt.exiting) {
        rt.exiting = true;
        hostExit(final);
      }
      throw new ExitSignal(final);
    },
    _exiting: false,
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
  };
  ObjectDefine(process, Symbol.toStringTag, { value: "process" });
  // process.stdout / process.stderr: node:stream Writables (internal/stdio), built on first access.
  for (const [name, fd] of [["stdout", 1], ["stderr", 2]]) {
    let stream = null;
    ObjectDefine(process, name, {
      configurable: true,
      enumerable: true,
      get() {
        if (stream === null) stream = rt.requireBuiltin("internal/stdio", true).createStdioStream(fd, (chunk) => write(name, chunk));
        return stream;
      },
    });
  }
  ObjectDefine(g, "process", { value: process, writable: true, configurable: true, enumerable: false });
  ObjectDefine(g, "global", { value: g, writable: true, configurable: true, enumerable: false });

  function exitCodeOf(value) {
    if (value === undefined || value === null) return 0;
    const n = Number(value);
    return Number.isInteger(n) ? n & 0xff : 1;
  }

  // process.env: own string properties over Object.prototype, as Node's; every change goes to the host.
  function makeEnv(initial) {
    const store = {};
    const put = (target, key, value) => ObjectDefine(target, key, { value, writable: true, enumerable: true, configurable: true });
    for (const key of Object.keys(initial)) put(store, key, initial[key]);
    let warned = false;
    function envValue(value) {
      // Only with --pending-deprecation, as in Node.
      const pending = process.execArgv.includes("--pending-deprecation") || store.NODE_PENDING_DEPRECATION === "1";
      if (!warned && pending && typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        warned = true;
        process.emitWarning(
          "Assigning any value other than a string, number, or boolean to a process.env property is deprecated. " +
            "Please make sure to convert the value to a string before setting process.env with it.",
          "DeprecationWarning",
          "DEP0104",
        );
      }
      return `${value}`;
    }
    function defineError(message) {
      const err = new TypeError(`'process.env' ${message}`);
      err.code = "ERR_INVALID_OBJECT_DEFINE_PROPERTY";
      return err;
    }
    return new Proxy(store, {
      get(target, key) {
        if (typeof key === "symbol") return undefined;
        return target[key];
      },
      set(target, key, value) {
        if (typeof key === "symbol") return false;
        value = envValue(value);
        // An empty name cannot be set (setenv refuses it); Node ignores it.
        if (key === "") return true;
        hostCall("env.set", key, value);
        put(target, key, value);
        if (key === "TZ") hostTimeZone("set", value);
        return true;
      },
      deleteProperty(target, key) {
        if (typeof key === "symbol") return true;
        hostCall("env.delete", key);
        delete target[key];
        if (key === "TZ") hostTimeZone("set");
        return true;
      },
      defineProperty(target, key, desc) {
        if (typeof key === "symbol") return false;
        if ("get" in desc || "set" in desc) throw defineError("does not accept an accessor(getter/setter) descriptor");
        if (!desc.configurable || !desc.writable || !desc.enumerable) {
          throw defineError("only accepts a configurable, writable, and enumerable data descriptor");
        }
        const value = envValue(desc.value);
        hostCall("env.set", key, value);
        put(target, key, value);
        if (key === "TZ") hostTimeZone("set", value);
        return true;
      },
    });
  }

  return { process, listeners, emitProcess, ExitSignal, exitCodeOf, makeEnv };
}
