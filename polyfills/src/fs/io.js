// How node:fs reaches the host. Each fs function is written once, as a
// generator that yields its host calls (`call(...)`, `callBytes(...)`) and
// gets each answer back; two runners carry it out:
//
// - `runSync` (the sync forms) makes every call synchronously: where the host
//   cannot answer synchronously (a browser page that is not cross-origin
//   isolated) it fails with ERR_QUICKEXEC_SYNC_UNAVAILABLE, which says why.
// - `runAsync` (the callback and promise forms, streams, FileHandle) makes
//   each call synchronously while the host can answer so, and as an
//   asynchronous host call (the same op, the same checks on the host) from
//   the first ERR_QUICKEXEC_SYNC_UNAVAILABLE on: such a refusal is given by
//   the engine itself before anything reaches the host, so the call is
//   simply made again the other way.
/* global require */
import { argumentErrors, defer } from "./args.js";

const host = require("internal/host", true);
const hostCall = host.call;
const hostCallBytes = host.callBytes;

const SYNC_UNAVAILABLE = "ERR_QUICKEXEC_SYNC_UNAVAILABLE";
/** Whether synchronous host calls answer; false from the first refusal on (it never changes during a run). */
let syncCalls = true;

// A call is `[op, ...args]`; a call with bytes is `{ request: [op, index, bytes, ...args] }`.
// They are made with `apply`: QuickJS's spread calls cost several times more.

/** A host call of `op` with plain arguments, for a generator to yield. */
function call(...request) {
  return request;
}

/** A host call of `op` with one ArrayBuffer inserted at `index` among the arguments. */
function callBytes(...request) {
  return { request };
}

function callNow(c) {
  return Array.isArray(c) ? hostCall.apply(host, c) : hostCallBytes.apply(host, c.request);
}

function callLater(c) {
  return Array.isArray(c) ? host.callAsync.apply(host, c) : host.callAsyncBytes.apply(host, c.request);
}

/** Runs `steps` (a started generator) with synchronous host calls; returns its result or throws its error. */
function runSync(steps) {
  let step = steps.next();
  while (!step.done) {
    let value;
    try {
      value = callNow(step.value);
    } catch (err) {
      step = steps.throw(err);
      continue;
    }
    step = steps.next(value);
  }
  return step.value;
}

/** Carries `steps` on from `step`: a result, or a promise of it once a call went asynchronously (results are never promises themselves). */
function drive(steps, step) {
  while (!step.done) {
    const c = step.value;
    if (!syncCalls) {
      return callLater(c).then(
        (value) => drive(steps, steps.next(value)),
        (err) => drive(steps, steps.throw(err)),
      );
    }
    let value;
    try {
      value = callNow(c);
    } catch (err) {
      if (err !== null && typeof err === "object" && err.code === SYNC_UNAVAILABLE) {
        syncCalls = false;
        continue;
      }
      step = steps.throw(err);
      continue;
    }
    step = steps.next(value);
  }
  return step.value;
}

/**
 * Runs `steps` (a generator not started yet) as far as the host answers now:
 * returns its result, or a promise of it once a call had to go
 * asynchronously. Errors before that are thrown.
 */
function runAsync(steps) {
  return drive(steps, steps.next());
}

/**
 * Runs `steps` and hands the outcome to `callback(err, value)` on a later
 * turn of the loop, as an I/O completion. Argument errors (found before the
 * first host call) throw now, as Node's callback forms do.
 */
function runTo(steps, callback) {
  let result;
  try {
    result = runAsync(steps);
  } catch (err) {
    if (argumentErrors.has(err)) throw err;
    defer(() => callback(err));
    return;
  }
  if (result instanceof Promise) {
    result.then(
      (value) => defer(() => callback(null, value)),
      (err) => defer(() => callback(err)),
    );
  } else defer(() => callback(null, result));
}

/** Runs the steps `makeSteps()` gives on a later turn; the promise settles with their outcome (argument errors reject). */
function later(makeSteps) {
  return new Promise((resolve, reject) => {
    defer(() => {
      try {
        resolve(runAsync(makeSteps()));
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** The sync form of a step function: named `name`, with the steps' parameter count. */
function syncForm(name, stepFn) {
  const fn = {
    [name](...args) {
      return runSync(stepFn.apply(undefined, args));
    },
  }[name];
  Object.defineProperty(fn, "length", { value: stepFn.length });
  return fn;
}

export { call, callBytes, later, runAsync, runSync, runTo, syncForm };
