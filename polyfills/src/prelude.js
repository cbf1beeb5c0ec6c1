// The guest's bootstrap. Evaluated once in every fresh QuickJS context; it is
// a function of the engine's private `host` object, which it keeps in this
// closure only: nothing that reaches the host is left on the guest's globals.
//
// It installs console, process, timers, queueMicrotask, the frozen clock and
// require, and returns the engine's handle on the guest: the scheduler, the
// module runner and the result serializer.
import { formatArgs, inspectValue } from "./format.js";
import { serializeResult } from "./serialize.js";
import { installLazyGlobals } from "./globals.js";
import { createLoader } from "./loader.js";
import { installProcessExtras } from "./process-extras.js";

export default function prelude(host) {
  "use strict";
  const g = globalThis;
  const ObjectDefine = Object.defineProperty;
  const hostStdio = host.stdio;
  const hostExit = host.exit;
  const hostBuiltin = host.builtin;
  const hostNow = host.now;
  const hostCall = host.call;
  const hostCallBytes = host.callBytes;
  const hostCompile = host.compile;
  const hostSubmit = host.submit;
  const promiseThen = Promise.prototype.then;
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;
  const RangeErrorCtor = RangeError;
  const SyntaxErrorCtor = SyntaxError;
  const JSONParse = JSON.parse;

  // Anything that reaches the host or shares memory goes.
  delete g.SharedArrayBuffer;
  delete g.Atomics;
  delete g.WebAssembly;

  let exiting = false;
  let config = null;

  // ---- output ---------------------------------------------------------------
  function write(channel, text) {
    if (!exiting) hostStdio(channel, text);
  }

  // ---- clock ------------------------------------------------------------------
  const RealDate = Date;
  let frozen = false;
  let startTime = 0;
  function clockNow() {
    return frozen ? startTime : RealDate.now();
  }
  function DateShim(...args) {
    if (!new.target) return new RealDate(clockNow()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [clockNow()] : args, new.target);
  }
  ObjectDefine(DateShim, "name", { value: "Date" });
  ObjectDefine(DateShim, "length", { value: 7 });
  DateShim.prototype = RealDate.prototype;
  DateShim.now = function now() {
    return clockNow();
  };
  DateShim.parse = RealDate.parse;
  DateShim.UTC = RealDate.UTC;
  ObjectDefine(RealDate.prototype, "constructor", { value: DateShim, writable: true, configurable: true });
  ObjectDefine(g, "Date", { value: DateShim, writable: true, configurable: true });

  function perfNow() {
    return frozen ? 0 : hostNow();
  }
  const performance = {
    now: perfNow,
    get timeOrigin() {
      return startTime;
    },
    mark() {},
    measure() {},
    toJSON() {
      return { timeOrigin: startTime };
    },
  };
  ObjectDefine(g, "performance", { value: performance, writable: true, configurable: true, enumerable: true });

  // ---- scheduler: timers, immediates, nextTick ----------------------------
  // Deadlines are in the engine's real milliseconds since the run started;
  // they live only in this closure, so the guest cannot read the real clock.
  const timers = new Map(); // id -> Timeout
  let nextId = 1;
  let timerSeq = 0;
  const immediates = [];
  let immediateHead = 0;
  const ticks = [];
  let tickHead = 0;
  // Handles that keep the program alive while referenced, counted per kind.
  const timerRefs = { count: 0 };
  const immediateRefs = { count: 0 };

  class RefHandle {
    constructor(refs) {
      this._refs = refs;
      this._ref = true;
      this._destroyed = false;
      refs.count++;
    }
    ref() {
      if (!this._ref && !this._destroyed) this._refs.count++;
      this._ref = true;
      return this;
    }
    unref() {
      if (this._ref && !this._destroyed) this._refs.count--;
      this._ref = false;
      return this;
    }
    hasRef() {
      return this._ref;
    }
    _destroy() {
      if (this._destroyed) return false;
      this._destroyed = true;
      if (this._ref) this._refs.count--;
      return true;
    }
  }

  // Node 22 has the explicit-resource-management symbols; QuickJS does not yet.
  for (const name of ["dispose", "asyncDispose"]) {
    if (typeof Symbol[name] !== "symbol") ObjectDefine(Symbol, name, { value: Symbol(`Symbol.${name}`) });
  }

  class Timeout extends RefHandle {
    constructor(callback, delay, args, repeat) {
      super(timerRefs);
      this._id = nextId++;
      this._callback = callback;
      this._args = args;
      this._idleTimeout = delay;
      this._repeat = repeat;
      this._when = hostNow() + delay;
      this._seq = timerSeq++;
      timers.set(this._id, this);
    }
    refresh() {
      if (!this._destroyed) {
        this._when = hostNow() + this._idleTimeout;
        this._seq = timerSeq++;
      }
      return this;
    }
    close() {
      clearTimer(this);
      return this;
    }
    [Symbol.toPrimitive]() {
      return this._id;
    }
    [Symbol.dispose]() {
      clearTimer(this);
    }
  }

  function delayOf(ms) {
    ms = Number(ms);
    if (ms > 2147483647) process.emitWarning(`${ms} does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.`, "TimeoutOverflowWarning");
    if (!(ms >= 1 && ms <= 2147483647)) ms = 1;
    return Math.trunc(ms);
  }
  function checkCallback(callback) {
    if (typeof callback !== "function") {
      const err = new TypeError(`The "callback" argument must be of type function. Received ${describe(callback)}`);
      err.code = "ERR_INVALID_ARG_TYPE";
      throw err;
    }
  }
  function clearTimer(timer) {
    if (timer == null) return;
    const t = typeof timer === "object" ? timer : timers.get(Number(timer));
    if (t instanceof Timeout && t._destroy()) timers.delete(t._id);
  }
  function setTimeout(callback, ms, ...args) {
    checkCallback(callback);
    return new Timeout(callback, delayOf(ms), args, false);
  }
  function setInterval(callback, ms, ...args) {
    checkCallback(callback);
    return new Timeout(callback, delayOf(ms), args, true);
  }

  class Immediate extends RefHandle {
    constructor(callback, args) {
      super(immediateRefs);
      this._onImmediate = callback;
      this._args = args;
    }
    [Symbol.dispose]() {
      clearImmediate(this);
    }
  }
  function setImmediate(callback, ...args) {
    checkCallback(callback);
    const im = new Immediate(callback, args);
    immediates.push(im);
    return im;
  }
  function clearImmediate(im) {
    if (im instanceof Immediate) im._destroy();
  }
  function queueMicrotask(callback) {
    checkCallback(callback);
    Promise.resolve().then(() => callback());
  }
  function nextTick(callback, ...args) {
    checkCallback(callback);
    if (exiting) return;
    ticks.push(callback, args);
  }

  const timersModule = { setTimeout, clearTimeout: clearTimer, setInterval, clearInterval: clearTimer, setImmediate, clearImmediate };
  for (const name of Object.keys(timersModule)) {
    ObjectDefine(g, name, { value: timersModule[name], writable: true, configurable: true, enumerable: true });
  }
  ObjectDefine(g, "queueMicrotask", { value: queueMicrotask, writable: true, configurable: true, enumerable: true });
  // timers/promises, with AbortSignal and `ref` as in Node.
  function abortError(signal) {
    const err = new ErrorCtor("The operation was aborted", signal && signal.reason !== undefined ? { cause: signal.reason } : undefined);
    err.name = "AbortError";
    err.code = "ABORT_ERR";
    return err;
  }
  function promiseTimer(schedule, cancel, value, options) {
    const { signal, ref } = options || {};
    if (signal && signal.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        cancel(handle);
        reject(abortError(signal));
      };
      const handle = schedule(() => {
        if (signal) signal.removeEventListener("abort", onAbort);
        resolve(value);
      });
      if (ref === false && handle && handle.unref) handle.unref();
      if (signal) signal.addEventListener("abort", onAbort, { once: true });
    });
  }
  timersModule.promises = {
    setTimeout: (ms, value, options) => promiseTimer((fn) => setTimeout(fn, ms), clearTimer, value, options),
    setImmediate: (value, options) => promiseTimer((fn) => setImmediate(fn), clearImmediate, value, options),
    async *setInterval(ms, value, options) {
      const { signal } = options || {};
      if (signal && signal.aborted) throw abortError(signal);
      let pending = 0;
      let wake = null;
      const timer = setInterval(() => {
        pending++;
        if (wake) wake();
      }, ms);
      const onAbort = () => wake && wake();
      if (signal) signal.addEventListener("abort", onAbort, { once: true });
      try {
        for (;;) {
          if (signal && signal.aborted) throw abortError(signal);
          if (pending === 0) await new Promise((resolve) => (wake = resolve));
          wake = null;
          if (signal && signal.aborted) throw abortError(signal);
          if (pending > 0) {
            pending--;
            yield value;
          }
        }
      } finally {
        clearTimer(timer);
        if (signal) signal.removeEventListener("abort", onAbort);
      }
    },
  };
  timersModule.promises.scheduler = {
    wait: (ms, options) => timersModule.promises.setTimeout(ms, undefined, options),
    yield: () => timersModule.promises.setImmediate(),
  };
  // util.promisify(setTimeout) / (setImmediate) give the timers/promises versions, as in Node.
  ObjectDefine(setTimeout, Symbol.for("nodejs.util.promisify.custom"), { value: timersModule.promises.setTimeout, configurable: true });
  ObjectDefine(setImmediate, Symbol.for("nodejs.util.promisify.custom"), { value: timersModule.promises.setImmediate, configurable: true });

  // ---- console --------------------------------------------------------------
  let groupIndent = "";
  const counts = new Map();
  const timeLabels = new Map();
  function emit(channel, args) {
    if (exiting) return;
    let text = formatArgs(args, loadInspect);
    if (groupIndent) text = groupIndent + text.split("\n").join("\n" + groupIndent);
    hostStdio(channel, text + "\n");
  }
  const console = {
    log: (...a) => emit("stdout", a),
    info: (...a) => emit("stdout", a),
    debug: (...a) => emit("stdout", a),
    error: (...a) => emit("stderr", a),
    warn: (...a) => emit("stderr", a),
    trace: (...a) => {
      const err = new Error(formatArgs(a, loadInspect));
      emit("stderr", ["Trace: " + err.message + "\n" + String(err.stack || "").replace(/^.*\n/, "")]);
    },
    dir: (value, options) => emit("stdout", [inspectValue(value, options, loadInspect)]),
    assert: (condition, ...a) => {
      if (!condition) emit("stderr", a.length ? ["Assertion failed:", ...a] : ["Assertion failed"]);
    },
    count: (label = "default") => {
      label = String(label);
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      emit("stdout", [`${label}: ${n}`]);
    },
    countReset: (label = "default") => counts.delete(String(label)),
    group: (...a) => {
      if (a.length) emit("stdout", a);
      groupIndent += "  ";
    },
    groupEnd: () => {
      groupIndent = groupIndent.slice(0, -2);
    },
    time: (label = "default") => timeLabels.set(String(label), perfNow()),
    timeEnd: (label = "default") => {
      label = String(label);
      if (!timeLabels.has(label)) return;
      emit("stdout", [`${label}: ${(perfNow() - timeLabels.get(label)).toFixed(3)}ms`]);
      timeLabels.delete(label);
    },
    timeLog: (label = "default", ...a) => {
      label = String(label);
      if (!timeLabels.has(label)) return;
      emit("stdout", [`${label}: ${(perfNow() - timeLabels.get(label)).toFixed(3)}ms`, ...a]);
    },
    table: (...a) => emit("stdout", a),
  };
  console.groupCollapsed = console.group;
  ObjectDefine(g, "console", { value: console, writable: true, configurable: true, enumerable: false });

  // ---- process --------------------------------------------------------------
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

  let stdinText = null;
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
      const text = stdinText;
      stdinText = null;
      return text;
    },
  };
  stdin.once = stdin.on;
  stdin.addListener = stdin.on;
  const stdinListeners = [];
  let stdinScheduled = false;
  function flushStdin() {
    const text = stdinText;
    stdinText = null;
    if (text) for (const [event, fn] of stdinListeners) if (event === "data") fn.call(stdin, text);
    for (const [event, fn] of stdinListeners) if (event === "end" || event === "close") fn.call(stdin);
  }
  stdin[Symbol.asyncIterator] = async function* () {
    const text = stdinText;
    stdinText = null;
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
    config: { variables: {} },
    features: {},
    cwd() {
      return config.process.cwd;
    },
    chdir(directory) {
      if (typeof directory !== "string") {
        const err = new TypeError(`The "directory" argument must be of type string. Received ${describe(directory)}`);
        err.code = "ERR_INVALID_ARG_TYPE";
        throw err;
      }
      config.process.cwd = hostCall("process.chdir", directory);
    },
    exit(code) {
      if (code !== undefined) process.exitCode = code;
      const final = exitCodeOf(process.exitCode);
      if (!exiting) {
        try {
          emitProcess("exit", final);
        } finally {
          exiting = true;
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
    getuid: () => 0,
    getgid: () => 0,
    geteuid: () => 0,
    getegid: () => 0,
    kill() {
      const err = new Error("kill EPERM");
      err.code = "EPERM";
      err.syscall = "kill";
      throw err;
    },
  };
  installProcessExtras(process, {
    listeners, checkCallback, write, nextTick,
    refCounts: () => ({ timers: timerRefs.count, immediates: immediateRefs.count }),
    os: () => config.os,
  });
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

  // ---- require ----------------------------------------------------------------
  const builtinCache = new Map();
  const coreModules = {
    process: () => process,
    console: () => console,
    timers: () => requireBuiltin("internal/timers_legacy", true).extend(timersModule),
    "timers/promises": () => timersModule.promises,
    os: () => requireBuiltin("internal/os", true).createOs(makeOs(), process),
  };
  function describe(value) {
    if (value === null) return "null";
    if (typeof value === "function") return `function ${value.name}`;
    if (typeof value === "object") return value.constructor && value.constructor.name ? `an instance of ${value.constructor.name}` : "an object";
    if (typeof value === "string") return `type string ('${value.length > 28 ? value.slice(0, 25) + "..." : value}')`;
    return `type ${typeof value} (${String(value)})`;
  }
  // Builtins only reachable with the node: scheme (a bare name is a package, as in Node).
  const SCHEME_ONLY = new Set(["test"]);
  function requireBuiltin(name, internal) {
    const bare = name.startsWith("node:") ? name.slice(5) : name;
    if (!internal && bare.startsWith("internal/")) return notFound(name);
    if (!internal && bare === name && SCHEME_ONLY.has(bare)) return notFound(name);
    if (builtinCache.has(bare)) return builtinCache.get(bare);
    let exports;
    if (Object.prototype.hasOwnProperty.call(coreModules, bare)) {
      exports = coreModules[bare]();
    } else {
      const factory = hostBuiltin(bare);
      if (typeof factory !== "function") return notFound(name);
      const module = { exports: {} };
      builtinCache.set(bare, module.exports);
      factory.call(module.exports, module, module.exports, requireBuiltin, process);
      exports = module.exports;
      // Node's process is an EventEmitter; the link is made once the guest can see EventEmitter at all.
      if (bare === "events" && typeof exports === "function" && Object.getPrototypeOf(process) === Object.prototype) {
        Object.setPrototypeOf(process, exports.prototype);
      }
    }
    builtinCache.set(bare, exports);
    return exports;
  }
  function notFound(name, parent) {
    const err = new Error(`Cannot find module '${name}'` + (parent ? `\nRequire stack:\n- ${parent}` : ""));
    err.code = "MODULE_NOT_FOUND";
    err.requireStack = parent ? [parent] : [];
    throw err;
  }
  function builtinNames() {
    const names = Object.keys(coreModules).concat(config ? config.builtins : []);
    return names.filter((n) => !n.startsWith("internal/") && !SCHEME_ONLY.has(n)).sort();
  }
  function isBuiltin(name) {
    const bare = name.startsWith("node:") ? name.slice(5) : name;
    if (bare.startsWith("internal/") || (bare === name && SCHEME_ONLY.has(bare))) return false;
    return Object.prototype.hasOwnProperty.call(coreModules, bare) || hostBuiltin(bare, true) === true;
  }
  ObjectDefine(g, Symbol.for("quickexec.require"), { value: requireBuiltin });
  installLazyGlobals(g, requireBuiltin);
  const loader = createLoader({ hostCall, hostCompile, requireBuiltin, isBuiltin, builtinNames, process });
  ObjectDefine(g, Symbol.for("quickexec.requireFile"), { value: loader.requireFile });
  coreModules.module = () => loader.Module;
  // ---- asynchronous host work ---------------------------------------------------
  // An async op runs on the host while the guest goes on; it settles on a later
  // loop turn and keeps the loop alive meanwhile. A handle is a target for events
  // the host pushes (a child's output, a server's requests); a ref'd handle keeps
  // the loop alive until it is closed or unref'd. Ids are the guest's, so a
  // handle exists before the op that makes the host resource is called.
  let nextTargetId = 1;
  const pendingOps = new Map();
  const handles = new Map();
  let refedHandles = 0;
  function submit(op, index, bytes, args) {
    const id = nextTargetId++;
    return new Promise((resolve, reject) => {
      pendingOps.set(id, { resolve, reject });
      try {
        hostSubmit(id, op, index, bytes, ...args);
      } catch (err) {
        pendingOps.delete(id);
        reject(err);
      }
    });
  }
  class HostHandle {
    constructor(onEvent) {
      this.id = nextTargetId++;
      this._onEvent = onEvent;
      this._refed = true;
      this._closed = false;
      handles.set(this.id, this);
      refedHandles++;
    }
    ref() {
      if (!this._refed && !this._closed) {
        this._refed = true;
        refedHandles++;
      }
      return this;
    }
    unref() {
      if (this._refed && !this._closed) {
        this._refed = false;
        refedHandles--;
      }
      return this;
    }
    hasRef() {
      return this._refed && !this._closed;
    }
    close() {
      if (this._closed) return;
      this.unref();
      this._closed = true;
      handles.delete(this.id);
    }
  }
  function deliver(target, name, value) {
    const op = pendingOps.get(target);
    if (op !== undefined) {
      pendingOps.delete(target);
      if (name === "error") op.reject(api.hostError(value));
      else op.resolve(value);
      return;
    }
    const handle = handles.get(target);
    if (handle === undefined) return;
    handle._onEvent(name, name === "error" && value && typeof value === "object" && typeof value.message === "string" ? api.hostError(value) : value);
  }

  // What the host-backed builtins (fs, ...) reach the host through; op calls are checked on the host.
  coreModules["internal/host"] = () => ({
    call: hostCall,
    callBytes: hostCallBytes,
    /** Starts an op on the host; the promise settles on a later loop turn. */
    callAsync: (op, ...args) => submit(op, -1, undefined, args),
    /** As callAsync, with one ArrayBuffer inserted at `index` among the arguments. */
    callAsyncBytes: (op, index, bytes, ...args) => submit(op, index, bytes, args),
    /** A target for host events: `onEvent(name, value)` runs as a loop callback. */
    openHandle: (onEvent) => new HostHandle(onEvent),
    takeStdin() {
      const text = stdinText;
      stdinText = null;
      return text;
    },
  });

  const OS_CONSTANTS = {
    signals: {
      SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10,
      SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19,
      SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
      SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
    },
    errno: {
      E2BIG: 7, EACCES: 13, EADDRINUSE: 98, EADDRNOTAVAIL: 99, EAGAIN: 11, EBADF: 9, EBUSY: 16, ECONNREFUSED: 111, ECONNRESET: 104,
      EEXIST: 17, EINTR: 4, EINVAL: 22, EIO: 5, EISDIR: 21, ELOOP: 40, EMFILE: 24, ENAMETOOLONG: 36, ENOENT: 2, ENOMEM: 12,
      ENOSPC: 28, ENOSYS: 38, ENOTDIR: 20, ENOTEMPTY: 39, EPERM: 1, EPIPE: 32, EROFS: 30, ETIMEDOUT: 110, EXDEV: 18,
    },
    priority: { PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0, PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20 },
    dlopen: { RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 },
    UV_UDP_REUSEADDR: 4,
  };
  function makeOs() {
    const o = config.os;
    const cpu = { model: "QuickJS virtual CPU", speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } };
    return {
      EOL: o.platform === "win32" ? "\r\n" : "\n",
      devNull: o.platform === "win32" ? "\\\\.\\nul" : "/dev/null",
      constants: OS_CONSTANTS,
      platform: () => o.platform,
      arch: () => o.arch,
      type: () => o.type,
      release: () => o.release,
      version: () => o.version,
      machine: () => o.machine,
      hostname: () => o.hostname,
      homedir: () => o.homedir,
      tmpdir: () => o.tmpdir,
      endianness: () => o.endianness,
      cpus: () => Array.from({ length: o.cpus }, () => ({ ...cpu, times: { ...cpu.times } })),
      availableParallelism: () => o.cpus,
      totalmem: () => o.totalmem,
      freemem: () => o.freemem,
      uptime: () => o.uptime,
      loadavg: () => [0, 0, 0],
      networkInterfaces: () => ({}),
      userInfo: () => ({ uid: 0, gid: 0, username: o.username, homedir: o.homedir, shell: "/bin/sh" }),
      getPriority: () => 0,
      setPriority: () => {},
    };
  }

  // ---- the engine's handle ---------------------------------------------------
  function runTicks() {
    let ran = 0;
    while (tickHead < ticks.length) {
      const callback = ticks[tickHead];
      const args = ticks[tickHead + 1];
      ticks[tickHead] = ticks[tickHead + 1] = undefined;
      tickHead += 2;
      ran++;
      callback(...args);
    }
    ticks.length = 0;
    tickHead = 0;
    return ran;
  }

  function nextTimer() {
    let best = null;
    for (const t of timers.values()) {
      if (best === null || t._when < best._when || (t._when === best._when && t._seq < best._seq)) best = t;
    }
    return best;
  }

  const api = {
    configure(json) {
      config = JSON.parse(json);
      frozen = config.timing === "freeze";
      startTime = config.startTime;
      const p = config.process;
      process.version = p.version;
      process.versions = p.versions;
      process.arch = p.arch;
      process.platform = p.platform;
      process.argv = p.argv;
      process.argv0 = p.argv[0] || "node";
      process.execPath = p.execPath;
      process.pid = p.pid;
      process.ppid = p.ppid;
      process.title = p.title;
      process.env = makeEnv(p.env);
      stdinText = config.stdin;
    },
    runMain(fn, filename, dirname) {
      loader.runMain(fn, filename, dirname);
    },
    mainExports() {
      return loader.mainExports();
    },
    // The guest's form of a failed op's error: Node's class, own keys and a stack that starts with its message.
    hostError(json) {
      // Built from references taken before any guest code ran, and with own data properties: a guest that replaced
      // JSON.parse or the error classes, or put setters on Object.prototype, cannot change what a host error says.
      const e = typeof json === "string" ? JSONParse(json) : json;
      const name = e.name;
      const Ctor = name === "TypeError" ? TypeErrorCtor : name === "RangeError" ? RangeErrorCtor : name === "SyntaxError" ? SyntaxErrorCtor : ErrorCtor;
      const err = new Ctor(e.message);
      if (name !== "TypeError" && name !== "RangeError" && name !== "SyntaxError" && name !== "Error") {
        ObjectDefine(err, "name", { value: name, writable: true, enumerable: false, configurable: true });
      }
      for (const key of ["errno", "code", "syscall", "path", "dest"]) {
        if (e[key] !== undefined) ObjectDefine(err, key, { value: e[key], writable: true, enumerable: true, configurable: true });
      }
      const frames = typeof err.stack === "string" ? err.stack.split("\n").slice(1).join("\n") : "";
      ObjectDefine(err, "stack", { value: `${name}: ${e.message}\n${frames}`, writable: true, enumerable: false, configurable: true });
      return err;
    },
    // An exception nothing caught: "uncaughtException" listeners take it (true), or it ends the program.
    uncaughtException(error) {
      if (exiting || !listeners.has("uncaughtException") || listeners.get("uncaughtException").length === 0) return false;
      emitProcess("uncaughtException", error, "uncaughtException");
      return true;
    },
    // The loop ran dry: "beforeExit" listeners may schedule more work (true if any ran).
    emitBeforeExit() {
      if (exiting) return false;
      return emitProcess("beforeExit", exitCodeOf(process.exitCode));
    },
    cjsExportNames(filename) {
      return loader.exportNames(loader.requireFile(filename));
    },
    builtinExportNames(name) {
      const m = requireBuiltin(name);
      return Object.keys(m).filter((k) => k !== "default" && /^[A-Za-z_$][\w$]*$/.test(k));
    },
    runTicks,
    // Milliseconds (engine clock) of the earliest timer, or -1 when none.
    nextTimerAt() {
      const t = nextTimer();
      return t === null ? -1 : t._when;
    },
    hasRefs() {
      return timerRefs.count > 0 || immediateRefs.count > 0 || pendingOps.size > 0 || refedHandles > 0;
    },
    // A host event: an async op settled, or a handle's resource has news.
    deliver(target, name, value) {
      deliver(target, name, value);
    },
    // Runs the earliest timer if it is due at `now`; 1 if one ran, else 0.
    runTimer(now) {
      const t = nextTimer();
      if (t === null || t._when > now) return 0;
      if (t._repeat) {
        t._when = Math.max(now, t._when) + t._idleTimeout;
        t._seq = timerSeq++;
      } else {
        t._destroy();
        timers.delete(t._id);
      }
      t._callback.apply(t, t._args);
      return 1;
    },
    // Immediates queued so far run in this check phase; later ones wait.
    immediateBatch() {
      return immediates.length - immediateHead;
    },
    runImmediate() {
      const im = immediates[immediateHead];
      immediates[immediateHead++] = undefined;
      if (immediateHead === immediates.length) {
        immediates.length = 0;
        immediateHead = 0;
      }
      if (im && im._destroy()) im._onImmediate.apply(im, im._args);
    },
    exitCode() {
      return exitCodeOf(process.exitCode);
    },
    isExitSignal(value) {
      return value instanceof ExitSignal;
    },
    // Node's 'exit' event, at the natural end of the program.
    emitExit(fatalCode) {
      if (fatalCode !== undefined) process.exitCode = fatalCode;
      if (exiting) return exitCodeOf(process.exitCode);
      const code = exitCodeOf(process.exitCode);
      emitProcess("exit", code);
      exiting = true;
      return exitCodeOf(process.exitCode);
    },
    formatError(error) {
      return formatUncaught(error);
    },
    // A rejection still unhandled once the microtask queue drained: listeners
    // of "unhandledRejection" take it, otherwise it is the uncaught error.
    unhandledRejection(reason, promise) {
      if (emitProcess("unhandledRejection", reason, promise)) return undefined;
      if (reason instanceof ErrorCtor) return reason;
      const err = new ErrorCtor(
        "This error originated either by throwing inside of an async function without a catch block, " +
          "or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason " +
          `"${safeString(reason)}".`,
      );
      err.name = "UnhandledPromiseRejection";
      err.code = "ERR_UNHANDLED_REJECTION";
      err.stack = `${err.name}: ${err.message}`;
      return err;
    },
    markHandled(promise) {
      if (promise instanceof Promise) promiseThen.call(promise, undefined, () => {});
    },
    serialize(value) {
      return serializeResult(value);
    },
  };
  return api;

  function formatUncaught(error) {
    if (error && typeof error === "object" && typeof error.stack === "string" && error.stack) {
      const head = `${error.name || "Error"}: ${error.message}`;
      const stack = error.stack.startsWith(head) || /^\w*Error/.test(error.stack) ? error.stack : head + "\n" + error.stack;
      return withoutInternalFrames(stack.replace(/\n$/, ""));
    }
    if (error instanceof Error) return String(error);
    try {
      return "Uncaught " + inspectValue(error, undefined, loadInspect);
    } catch {
      return "Uncaught exception";
    }
  }

  // The engine's own frames (the prelude calling the program) say nothing to the user.
  function withoutInternalFrames(stack) {
    // Columns on the main file's first line include the CommonJS wrapper.
    const firstLine = `(${config.mainFile}:1:`;
    const lines = stack
      .split("\n")
      .filter((line) => !line.includes("(node:internal/"))
      .map((line) => {
        const at = line.indexOf(firstLine);
        if (at < 0) return line;
        const column = Number(line.slice(at + firstLine.length, -1));
        return column > config.wrapperColumns ? line.slice(0, at + firstLine.length) + (column - config.wrapperColumns) + ")" : line;
      });
    while (lines.length > 1 && /^\s+at (call|apply) \(native\)$/.test(lines[lines.length - 1])) lines.pop();
    return lines.join("\n");
  }

  function safeString(value) {
    try {
      return String(value);
    } catch {
      return inspectValue(value, undefined, loadInspect);
    }
  }

  function loadInspect() {
    return requireBuiltin("internal/inspect", true);
  }
}
