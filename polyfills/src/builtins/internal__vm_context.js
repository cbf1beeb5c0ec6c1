// node:vm's contexts: a contextified object and the fresh realm behind it.
//
// A realm is a QuickJS context of the sandbox's own runtime, made and run by
// the engine function `realm` (src/engine/realms.ts): it shares the
// sandbox's memory cap and CPU limit. Node backs a context's global object
// with the contextified object (the "sandbox") through V8 interceptors;
// QuickJS has none, so the two are kept in step here:
//
// - before code runs in the realm, each data property of the sandbox becomes
//   an accessor on the realm's global that reads and writes the sandbox
//   (live, also from functions the realm made), and its accessors are copied;
// - after it ran, what the realm added or changed on its global (var and
//   function declarations, assignments, definitions, deletions) is copied
//   back to the sandbox, and new writable data properties become such
//   accessors too.
//
// The realm's own built-ins stay on its global and are not copied. The
// record of a context hangs off the sandbox in a private field (invisible to
// the guest), so a sandbox, its record and its realm form one cycle that
// QuickJS collects as a whole; the engine is then told to forget the realm.
/* global require */
import { installStackTrace } from "../stack-trace.js";

const realmHost = require("internal/realm_host", true);
const clock = require("internal/clock", true);

const ObjectDefine = Object.defineProperty;
const ObjectGetDesc = Object.getOwnPropertyDescriptor;
const ObjectIs = Object.is;
const ReflectOwnKeys = Reflect.ownKeys;
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/** Engine statuses of a realm `eval`. */
const RETURNED = 0;
const THREW = 1;
const TIMED_OUT = 2;
const STOPPED = 3;

// A class whose constructor returns its argument: a subclass's private field is then stamped onto any object.
class Stamp {
  constructor(target) {
    return target;
  }
}
class ContextMark extends Stamp {
  #record;
  constructor(target, record) {
    super(target);
    this.#record = record;
  }
  static recordOf(object) {
    return #record in object ? object.#record : undefined;
  }
}

const registry = new FinalizationRegistry((id) => realmHost("free", id));

/**
 * Set up in every new realm, before any guest code: what the sandbox's own
 * prelude removes goes here too, the clock is the sandbox's, and `console`
 * exists but prints nothing (as V8's console in a Node context without an
 * inspector). Evaluated in the realm from its source text, so it must not
 * refer to anything outside itself.
 */
function realmSetup(clockNow) {
  "use strict";
  const g = globalThis;
  delete g.SharedArrayBuffer;
  delete g.Atomics;
  delete g.WebAssembly;
  const RealDate = g.Date;
  const DateShim = function Date(...args) {
    if (!new.target) return new RealDate(clockNow()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [clockNow()] : args, new.target);
  };
  Object.defineProperty(DateShim, "length", { value: 7 });
  Object.defineProperty(DateShim, "prototype", { value: RealDate.prototype });
  const statics = {
    now() {
      return clockNow();
    },
  };
  Object.defineProperty(DateShim, "now", { value: statics.now, writable: true, configurable: true });
  Object.defineProperty(DateShim, "parse", { value: RealDate.parse, writable: true, configurable: true });
  Object.defineProperty(DateShim, "UTC", { value: RealDate.UTC, writable: true, configurable: true });
  Object.defineProperty(RealDate.prototype, "constructor", { value: DateShim, writable: true, configurable: true });
  Object.defineProperty(g, "Date", { value: DateShim, writable: true, configurable: true });
  const console = {};
  const names = "debug error info log warn dir dirxml table trace group groupCollapsed groupEnd clear count countReset assert profile profileEnd time timeLog timeEnd timeStamp context".split(" ");
  for (const name of names) {
    Object.defineProperty(console, name, { value: { [name]() {} }[name], writable: true, enumerable: true, configurable: true });
  }
  Object.defineProperty(g, "console", { value: console, writable: true, configurable: true });
}
/** Frames of this module (the error-class wrappers, the realm call) are the engine's, not the guest's. */
const VM_CONTEXT_FRAME = "(node:internal/vm_context:";
const tidyFrames = (lines) => lines.filter((line) => !line.includes(VM_CONTEXT_FRAME));
const SETUP_SOURCE = `(${realmSetup})`;
const clockNow = () => Math.floor(clock.timeOrigin() + clock.now());

/** Whether two property descriptors are the same. */
function sameDesc(a, b) {
  if (a.configurable !== b.configurable || a.enumerable !== b.enumerable) return false;
  if ("value" in a) return "value" in b && a.writable === b.writable && ObjectIs(a.value, b.value);
  return !("value" in b) && a.get === b.get && a.set === b.set;
}

/** Evaluates a script in realm `id` (0: the sandbox's own): [status, value]. */
function evaluate(id, code, filename, timeout) {
  return realmHost("eval", id, code, filename, timeout);
}

/** Makes a realm; returns its record. */
function newRealm() {
  const [id, global] = realmHost("create");
  const [status, setup] = evaluate(id, SETUP_SOURCE, "node:vm", 0);
  if (status !== RETURNED) throw setup;
  setup(clockNow);
  // V8's stack API and stack format (a head line) on the realm's errors, as in the sandbox's own realm.
  installStackTrace(global, tidyFrames, VM_CONTEXT_FRAME);
  const builtins = new Map();
  for (const key of ReflectOwnKeys(global)) builtins.set(key, ObjectGetDesc(global, key));
  return { id, global, sandbox: null, builtins, synced: new Map() };
}

/**
 * Contextifies `sandbox`: gives it a fresh realm. With null, the realm's
 * own global object is the context (vm.constants.DONT_CONTEXTIFY).
 */
function contextify(sandbox) {
  const record = newRealm();
  const contextObject = sandbox === null ? record.global : sandbox;
  record.sandbox = contextObject;
  record.contextObject = contextObject;
  new ContextMark(contextObject, record);
  registry.register(contextObject, record.id);
  syncIn(record);
  return record;
}

/** The context record of a contextified object, or undefined. */
function recordOf(object) {
  return (typeof object === "object" && object !== null) || typeof object === "function" ? ContextMark.recordOf(object) : undefined;
}

/** An accessor on the realm's global that reads and writes the sandbox's property. */
function link(record, key, enumerable, configurable = true) {
  const { sandbox, global } = record;
  const entry = {
    link: {
      get: function () {
        return sandbox[key];
      },
      set: function (value) {
        sandbox[key] = value;
      },
    },
  };
  // A property the sandbox cannot lose, the realm cannot delete either.
  ObjectDefine(global, key, { get: entry.link.get, set: entry.link.set, enumerable, configurable });
  record.synced.set(key, entry);
}

/** Puts one property of the sandbox on the realm's global. */
function attach(record, key, desc) {
  const { global, synced } = record;
  const current = ObjectGetDesc(global, key);
  // A writable value is linked (live both ways); a read-only one is copied as it is, like an accessor.
  if ("value" in desc && desc.writable && (!current || current.configurable)) return link(record, key, desc.enumerable, desc.configurable);
  try {
    if (current && !current.configurable) {
      if ("value" in desc && "value" in current && current.writable) ObjectDefine(global, key, { value: desc.value });
    } else ObjectDefine(global, key, desc);
  } catch {
    // A property the realm made unchangeable keeps its value there.
  }
  synced.set(key, { sandbox: desc, global: ObjectGetDesc(global, key) });
}

/** Prototypes whose properties are the main realm's built-ins, not the sandbox's own. */
const SHARED_PROTOTYPES = new Set([Object.prototype, Function.prototype, Array.prototype]);

/**
 * What the sandbox inherits (methods of its class, say) is read through it
 * too, as Node's interceptors read the sandbox's prototype chain first.
 */
function linkInherited(record) {
  const { sandbox, global, synced } = record;
  let proto = Object.getPrototypeOf(sandbox);
  if (proto === null || SHARED_PROTOTYPES.has(proto)) return;
  const seen = new Set(ReflectOwnKeys(sandbox));
  for (; proto !== null && !SHARED_PROTOTYPES.has(proto); proto = Object.getPrototypeOf(proto)) {
    for (const key of ReflectOwnKeys(proto)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = synced.get(key);
      if (entry && !entry.inherited) continue;
      const current = ObjectGetDesc(global, key);
      if (entry && current && current.get === entry.link.get) continue;
      if (current && !current.configurable) continue;
      link(record, key, false);
      synced.get(key).inherited = true;
    }
  }
}

/** Before code runs in the realm: the sandbox's properties, as they are now, on the realm's global. */
function syncIn(record) {
  const { sandbox, global, synced } = record;
  if (sandbox === global) return;
  for (const key of ReflectOwnKeys(sandbox)) {
    const desc = ObjectGetDesc(sandbox, key);
    if (!desc) continue;
    const entry = synced.get(key);
    if (entry) {
      if (entry.link) {
        const current = ObjectGetDesc(global, key);
        if (current && current.get === entry.link.get && "value" in desc) continue;
      } else if (sameDesc(desc, entry.sandbox)) continue;
    }
    attach(record, key, desc);
  }
  linkInherited(record);
  for (const [key, entry] of synced) {
    if (entry.inherited ? key in sandbox : hasOwn(sandbox, key)) continue;
    const current = ObjectGetDesc(global, key);
    if (current && current.configurable) delete global[key];
    synced.delete(key);
  }
}

/** After code ran in the realm: what it added, changed or deleted on its global, on the sandbox. */
function syncOut(record) {
  const { sandbox, global, synced, builtins } = record;
  if (sandbox === global) return;
  for (const key of ReflectOwnKeys(global)) {
    const entry = synced.get(key);
    if (entry === undefined) {
      // A built-in still there (compared by value: reading a descriptor costs more).
      const builtin = builtins.get(key);
      if (builtin !== undefined && "value" in builtin && ObjectIs(global[key], builtin.value)) continue;
    }
    const desc = ObjectGetDesc(global, key);
    if (!desc) continue;
    if (entry) {
      if (entry.link ? desc.get === entry.link.get : sameDesc(desc, entry.global)) continue;
    } else if (builtins.has(key) && sameDesc(desc, builtins.get(key))) continue;
    // var and function declarations are not configurable on a global; on the sandbox they are, as in Node.
    const declared = "value" in desc && !desc.configurable && desc.writable && desc.enumerable;
    const copy = declared ? { value: desc.value, writable: true, enumerable: true, configurable: true } : desc;
    try {
      ObjectDefine(sandbox, key, copy);
    } catch {
      try {
        if ("value" in desc) sandbox[key] = desc.value;
      } catch {
        // The sandbox refuses it (frozen, or its own setter threw): the realm keeps it.
      }
    }
    if ("value" in desc && desc.configurable && desc.writable) link(record, key, desc.enumerable);
    else synced.set(key, { sandbox: ObjectGetDesc(sandbox, key), global: desc });
  }
  for (const key of synced.keys()) {
    if (hasOwn(global, key)) continue;
    try {
      delete sandbox[key];
    } catch {
      // A non-configurable property of the sandbox stays.
    }
    synced.delete(key);
  }
}

/**
 * Runs a script in a context (`record` null: the sandbox's own realm, as
 * runInThisContext), keeping the sandbox in step; `onTimeout` makes the
 * error a timeout throws.
 */
function runScript(record, code, filename, timeout, onTimeout) {
  if (record) syncIn(record);
  let outcome;
  try {
    outcome = evaluate(record ? record.id : 0, code, filename, timeout);
  } finally {
    if (record) syncOut(record);
  }
  const [status, value] = outcome;
  // The run hit a limit or is being terminated: the engine's next interrupt check ends it,
  // and an error thrown from guest code there cannot be caught (one returned from here could).
  if (status === STOPPED) for (;;);
  if (status === THREW) throw value;
  if (status === TIMED_OUT) throw onTimeout();
  return value;
}

export default { contextify, recordOf, syncIn, syncOut, runScript };
