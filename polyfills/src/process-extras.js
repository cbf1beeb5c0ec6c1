// What Node's process has beyond the prelude's core of it: the rest of the
// EventEmitter methods over the prelude's listener table, emitWarning as
// Node's (a Warning object, the 'warning' event on the next tick, the
// "(node:PID) [CODE] Name: message" line), getActiveResourcesInfo from the
// scheduler's counters, availableMemory/constrainedMemory from the sandbox's
// limit, and the small functions programs and Node's tests call. Installed
// once by the prelude; every function here is only defined at start-up.

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
 *   `checkCallback`, `write(channel, text)`, `nextTick`, `refCounts()` -> { timers, immediates }, `os()` (the osConfig values)
 */
export function installProcessExtras(process, core) {
  const { listeners, checkCallback, write, nextTick } = core;
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
      if (typeof enabled !== "boolean") throw invalidArgType("val", "of type boolean", enabled);
    },
    getgroups: () => [0],
    hasUncaughtExceptionCaptureCallback: () => false,
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
