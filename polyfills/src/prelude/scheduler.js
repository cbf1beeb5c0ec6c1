// The guest's scheduler: timers, immediates, nextTick, queueMicrotask and
// timers/promises, and the loop phases the engine drives (ticks, timers, check).
import { ErrorCtor, ObjectDefine } from "./primordials.js";
import { describe } from "./describe.js";

export function installScheduler(g, rt, hostNow) {
  // Node 22 has the explicit-resource-management symbols; QuickJS does not yet.
  for (const name of ["dispose", "asyncDispose"]) {
    if (typeof Symbol[name] !== "symbol") ObjectDefine(Symbol, name, { value: Symbol(`Symbol.${name}`) });
  }

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

  class Timeout extends RefHandle {
    constructor(callback, delay, args, repeat) {
      super(timerRefs);
      this._id = nextId++;
      this._callback = rt.bindAsync === null ? callback : rt.bindAsync(callback, "Timeout", this);
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
        timers.set(this._id, this);
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
    if (ms > 2147483647) rt.process.emitWarning(`${ms} does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.`, "TimeoutOverflowWarning");
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
      this._onImmediate = rt.bindAsync === null ? callback : rt.bindAsync(callback, "Immediate", this);
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
    if (rt.exiting) return;
    ticks.push(rt.bindAsync === null ? callback : rt.bindAsync(callback, "TickObject"), args);
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

  // ---- the loop phases the engine runs (see the engine's handle in prelude.js) ----
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

  // What the engine's handle (prelude.js) takes from the scheduler: its loop phases.
  const loop = {
    runTicks,
    // Milliseconds (engine clock) of the earliest timer, or -1 when none.
    nextTimerAt() {
      const t = nextTimer();
      return t === null ? -1 : t._when;
    },
    hasRefs() {
      return timerRefs.count > 0 || immediateRefs.count > 0;
    },
    // Runs the earliest timer if it is due at `now`; 1 if one ran, else 0.
    runTimer(now) {
      const t = nextTimer();
      if (t === null || t._when > now) return 0;
      if (t._repeat) {
        t._when = Math.max(now, t._when) + t._idleTimeout;
        t._seq = timerSeq++;
        t._callback.apply(t, t._args);
        return 1;
      }
      // A one-shot timer stays active (getActiveResourcesInfo, refresh) until its callback returns.
      timers.delete(t._id);
      try {
        t._callback.apply(t, t._args);
      } finally {
        if (!timers.has(t._id)) t._destroy();
      }
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
  };

  return {
    setTimeout, clearTimer, setInterval, setImmediate, clearImmediate, nextTick, checkCallback, timersModule,
    loop,
    refCounts: () => ({ timers: timerRefs.count, immediates: immediateRefs.count }),
  };
}
