// What Node's process has beyond the prelude's core of it: the rest of the
// EventEmitter methods over the prelude's listener table, emitWarning as
// Node's (a Warning object, the 'warning' event on the next tick, the
// "(node:PID) [CODE] Name: message" line), getActiveResourcesInfo from the
// scheduler's counters, availableMemory/constrainedMemory from the sandbox's
// limit, and the small functions programs and Node's tests call. Installed
// once by the prelude; every function here is only defined at start-up.
// Identity, umask and kill are in builtins/internal__process_ids.js, loaded on their first call.
import { describeReceived, withNodeToString } from "./shared/errors.js";

/** The functions internal/process_ids implements, stubbed on process until the first call. */
const ID_FUNCTIONS = ["getuid", "getgid", "geteuid", "getegid", "getgroups", "setuid", "setgid", "seteuid", "setegid", "setgroups", "initgroups", "umask", "kill", "_kill"];

function nodeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return withNodeToString(err);
}

// LTS code names by major version, with the first minor of each LTS line.
const LTS = { 4: [2, "Argon"], 6: [9, "Boron"], 8: [9, "Carbon"], 10: [13, "Dubnium"], 12: [13, "Erbium"], 14: [15, "Fermium"], 16: [13, "Gallium"], 18: [12, "Hydrogen"], 20: [9, "Iron"], 22: [11, "Jod"], 24: [11, "Krypton"] };

/** process.release for a version string such as "v22.14.0", as Node builds it. */
export function releaseOf(version) {
  const release = { name: "node" };
  const m = /^v(\d+)\.(\d+)\./.exec(version || "");
  if (m && LTS[m[1]] && Number(m[2]) >= LTS[m[1]][0]) release.lts = LTS[m[1]][1];
  if (m) {
    release.sourceUrl = `https://nodejs.org/download/release/${version}/node-${version}.tar.gz`;
    release.headersUrl = `https://nodejs.org/download/release/${version}/node-${version}-headers.tar.gz`;
  }
  return release;
}

function deepFreeze(value) {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze(value[key]);
  }
  return value;
}

/** Node's validateInteger for process.exitCode and process.exit(code): integers, and strings holding one. */
function validateExitCode(code) {
  if (code === null || code === undefined) return;
  let value = code;
  if (typeof code === "string" && code !== "" && Number.isInteger(+code)) value = +code;
  if (typeof value !== "number") throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "code" argument must be of type number.${describeReceived(code)}`);
  if (!Number.isInteger(value)) throw nodeError(RangeError, "ERR_OUT_OF_RANGE", `The value of "code" is out of range. It must be an integer. Received ${value}`);
}

function invalidArgType(name, expected, value) {
  let shown;
  if (value === null || value === undefined) shown = String(value);
  else if (typeof value === "function") shown = `function ${value.name}`;
  else if (typeof value === "object") shown = `an instance of ${(value.constructor && value.constructor.name) || "Object"}`;
  else shown = `type ${typeof value} (${typeof value === "string" ? `'${value}'` : String(value)})`;
  const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${shown}`);
  err.code = "ERR_INVALID_ARG_TYPE";
  return err;
}

/**
 * Adds the extras to the guest's process.
 * @param {object} process the guest's process object
 * @param {object} core the prelude's private parts: `listeners` (event -> [{ fn, once }]),
 *   `checkCallback`, `write(channel, text)`, `nextTick`, `refCounts()` -> { timers, immediates }, `os()` (the osConfig values),
 *   `signals` (os.constants.signals), `children()` (pid -> ChildProcess), `setCapture(fn)` (the uncaught exception capture callback),
 *   `load(name)` (an internal builtin)
 */
export function installProcessExtras(process, core) {
  const { listeners, checkCallback, write, nextTick } = core;
  const cpuNow = process.cpuUsage;
  let capture = null;
  let ids = null;
  const idFunctions = () =>
    ids ||
    (ids = core.load("internal/process_ids").create(process, {
      signals: core.signals,
      children: core.children,
      initialIds: core.initialIds,
      nextTick,
      emit: (event, ...args) => process.emit(event, ...args),
      exitBySignal: (code) => process.reallyExit(code),
    }));
  for (const name of ID_FUNCTIONS) {
    process[name] = {
      [name](...args) {
        return idFunctions()[name].apply(this, args);
      },
    }[name];
  }
  let exitCode;
  Object.defineProperty(process, "exitCode", {
    get: () => exitCode,
    set(code) {
      validateExitCode(code);
      exitCode = code;
    },
    enumerable: true,
    configurable: false,
  });
  deepFreeze(process.config);
  process.features = {
    inspector: false, debug: false, uv: true, ipv6: true, tls_alpn: false, tls_sni: false, tls_ocsp: false, tls: false,
    cached_builtins: true, require_module: true, typescript: false,
  };
  let maxListeners = 10;
  let traceHintShown = false;
  let assertWarned = false;

  function add(event, fn, { once = false, prepend = false } = {}) {
    checkCallback(fn);
    const list = listeners.get(event) || [];
    const entry = { fn, once };
    if (prepend) list.unshift(entry);
    else list.push(entry);
    listeners.set(event, list);
    return process;
  }
  Object.assign(process, {
    prependListener: (event, fn) => add(event, fn, { prepend: true }),
    prependOnceListener: (event, fn) => add(event, fn, { prepend: true, once: true }),
    removeListener: (event, fn) => process.off(event, fn),
    rawListeners: (event) => (listeners.get(event) || []).map((e) => e.fn),
    eventNames: () => [...listeners.keys()].filter((k) => (listeners.get(k) || []).length > 0),
    setMaxListeners(n) {
      maxListeners = n;
      return process;
    },
    getMaxListeners: () => maxListeners,

    emitWarning(warning, type, code, ctor) {
      let detail;
      if (type !== null && typeof type === "object" && !Array.isArray(type)) {
        ctor = type.ctor;
        code = type.code;
        if (typeof type.detail === "string") detail = type.detail;
        type = type.type || "Warning";
      } else if (typeof type === "function") {
        ctor = type;
        code = undefined;
        type = "Warning";
      }
      if (type !== undefined && typeof type !== "string") throw invalidArgType("type", "of type string", type);
      if (typeof code === "function") {
        ctor = code;
        code = undefined;
      } else if (code !== undefined && typeof code !== "string") {
        throw invalidArgType("code", "of type string", code);
      }
      if (typeof warning === "string") {
        const w = new Error(warning);
        w.name = String(type || "Warning");
        if (code !== undefined) w.code = code;
        if (detail !== undefined) w.detail = detail;
        warning = w;
      } else if (!(warning instanceof Error)) {
        throw invalidArgType("warning", "of type string or an instance of Error", warning);
      }
      if (warning.name === "DeprecationWarning") {
        if (process.noDeprecation) return;
        if (process.throwDeprecation) throw warning;
      }
      nextTick(() => {
        process.emit("warning", warning);
        if (process.noProcessWarnings) return;
        let text = `(node:${process.pid}) ${warning.code ? `[${warning.code}] ` : ""}${warning.name}: ${warning.message}\n`;
        if (typeof warning.detail === "string") text += `${warning.detail}\n`;
        if (!traceHintShown) {
          traceHintShown = true;
          text += `(Use \`node --trace-${warning.name === "DeprecationWarning" ? "deprecation" : "warnings"} ...\` to show where the warning was created)\n`;
        }
        write("stderr", text);
      });
    },

    getActiveResourcesInfo() {
      const { timers, immediates } = core.refCounts();
      return [...Array(immediates).fill("Immediate"), ...Array(timers).fill("Timeout")];
    },
    availableMemory: () => core.os().freemem,
    constrainedMemory: () => core.os().totalmem,
    assert(value, message) {
      if (!assertWarned) {
        assertWarned = true;
        process.emitWarning("process.assert() is deprecated. Please use the `assert` module instead.", "DeprecationWarning", "DEP0100");
      }
      if (!value) {
        const err = new Error(message || "assertion error");
        err.code = "ERR_ASSERTION";
        throw err;
      }
    },
    setSourceMapsEnabled(enabled) {
      if (typeof enabled !== "boolean") {
        const err = invalidArgType("val", "of type boolean", enabled);
        throw nodeError(TypeError, err.code, err.message);
      }
    },
    cpuUsage(prevValue) {
      const now = cpuNow();
      if (prevValue === undefined) return now;
      if (prevValue === null || typeof prevValue !== "object") throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "prevValue" argument must be of type object.${describeReceived(prevValue)}`);
      for (const key of ["user", "system"]) {
        const value = prevValue[key];
        if (typeof value !== "number") throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "prevValue.${key}" property must be of type number.${describeReceived(value)}`);
        if (!(value >= 0 && value !== Infinity)) throw nodeError(RangeError, "ERR_INVALID_ARG_VALUE", `The property 'prevValue.${key}' is invalid. Received ${value}`);
      }
      return { user: now.user - prevValue.user, system: now.system - prevValue.system };
    },
    dlopen(module, filename) {
      throw nodeError(Error, "ERR_DLOPEN_FAILED", `${filename}: native addons cannot be loaded in quickexec`);
    },
    setUncaughtExceptionCaptureCallback(fn) {
      if (fn === null) {
        capture = null;
        core.setCapture(null);
        return;
      }
      if (typeof fn !== "function") throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "fn" argument must be of type function or null.${describeReceived(fn)}`);
      if (capture !== null) {
        throw nodeError(
          Error,
          "ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET",
          "`process.setupUncaughtExceptionCapture()` was called while a capture callback was already active",
        );
      }
      capture = fn;
      core.setCapture(fn);
    },
    hasUncaughtExceptionCaptureCallback: () => capture !== null,
    resourceUsage() {
      const { user, system } = process.cpuUsage();
      return {
        userCPUTime: user, systemCPUTime: system, maxRSS: Math.round(process.memoryUsage.rss() / 1024), sharedMemorySize: 0,
        unsharedDataSize: 0, unsharedStackSize: 0, minorPageFault: 0, majorPageFault: 0, swappedOut: 0, fsRead: 0, fsWrite: 0,
        ipcSent: 0, ipcReceived: 0, signalsCount: 0, voluntaryContextSwitches: 0, involuntaryContextSwitches: 0,
      };
    },
  });
}
