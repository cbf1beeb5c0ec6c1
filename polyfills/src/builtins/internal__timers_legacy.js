// internal/timers_legacy — node:timers' deprecated object timers, added to
// the prelude's timers module when a program requires it: enroll(item, ms)
// sets item._idleTimeout, active(item) / _unrefActive(item) (re)start a
// timer that calls item._onTimeout(), unenroll(item) stops it. Each warns
// once with Node's deprecation code, as Node does.

const TIMEOUT_MAX = 2 ** 31 - 1;
const scheduled = new WeakMap(); // item -> its Timeout
const warned = new Set();

function deprecate(code, message) {
  if (warned.has(code)) return;
  warned.add(code);
  process.emitWarning(message, "DeprecationWarning", code);
}

function describe(value) {
  if (value === null || value === undefined) return ` Received ${value}`;
  if (typeof value === "function") return ` Received function ${value.name}`;
  if (typeof value === "object") return ` Received ${Array.isArray(value) ? "an instance of Array" : "an instance of Object"}`;
  if (typeof value === "symbol") return ` Received type symbol (${value.toString()})`;
  return ` Received type ${typeof value} (${typeof value === "string" ? `'${value}'` : String(value)})`;
}

function validateMsecs(msecs) {
  if (typeof msecs !== "number") {
    const err = new TypeError(`The "msecs" argument must be of type number.${describe(msecs)}`);
    err.code = "ERR_INVALID_ARG_TYPE";
    throw err;
  }
  if (msecs < 0 || !Number.isFinite(msecs)) {
    const err = new RangeError(`The value of "msecs" is out of range. It must be a non-negative finite number. Received ${msecs}`);
    err.code = "ERR_OUT_OF_RANGE";
    throw err;
  }
}

function stop(item) {
  const timer = scheduled.get(item);
  if (timer) {
    clearTimeout(timer);
    scheduled.delete(item);
  }
}

function insert(item, refed) {
  const msecs = item._idleTimeout;
  if (!(msecs >= 0)) return;
  stop(item);
  item._idleStart = Math.floor(performance.now());
  const timer = setTimeout(() => {
    scheduled.delete(item);
    if (typeof item._onTimeout === "function") item._onTimeout();
  }, msecs);
  if (!refed) timer.unref();
  scheduled.set(item, timer);
  item._idleNext = timer;
  item._idlePrev = timer;
}

function enroll(item, msecs) {
  deprecate("DEP0095", "timers.enroll() is deprecated. Please use setTimeout instead.");
  validateMsecs(msecs);
  stop(item);
  if (msecs > TIMEOUT_MAX) {
    process.emitWarning(`${msecs} does not fit into a 32-bit signed integer.\nTimer duration was truncated to ${TIMEOUT_MAX}.`, "TimeoutOverflowWarning");
    msecs = TIMEOUT_MAX;
  }
  item._idleTimeout = msecs;
}

function unenroll(item) {
  deprecate("DEP0096", "timers.unenroll() is deprecated. Please use clearTimeout instead.");
  if (item && typeof item.close === "function" && typeof item.refresh === "function") {
    clearTimeout(item);
    return;
  }
  stop(item);
  item._idleTimeout = -1;
}

function active(item) {
  deprecate("DEP0126", "timers.active() is deprecated. Please use timeout.refresh() instead.");
  insert(item, true);
}

function unrefActive(item) {
  deprecate("DEP0127", "timers._unrefActive() is deprecated. Please use timeout.refresh() instead.");
  insert(item, false);
}

/** Adds the legacy functions to the timers module (once). */
function extend(timers) {
  if (!timers.enroll) Object.assign(timers, { enroll, unenroll, active, _unrefActive: unrefActive });
  return timers;
}

export default { extend };
