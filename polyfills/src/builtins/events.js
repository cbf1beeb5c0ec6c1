// node:events — the `events` browser port of Node's EventEmitter, with
// Node's argument validation, ERR_UNHANDLED_ERROR, errorMonitor and
// captureRejectionSymbol layered over it.
import events from "events/";
import { invalidArgType, outOfRange, validateFunction } from "../shared/errors.js";
import { applyEventsExtras } from "../shared/events-extras.js";

const EventEmitter = events;
const proto = EventEmitter.prototype;
const kErrorMonitor = Symbol("events.errorMonitor");

for (const name of ["addListener", "on", "prependListener", "once", "prependOnceListener", "removeListener", "off"]) {
  const original = proto[name];
  if (typeof original !== "function") continue;
  proto[name] = {
    [name](type, listener) {
      validateFunction(listener, "listener");
      return original.call(this, type, listener);
    },
  }[name];
}

proto.setMaxListeners = function setMaxListeners(n) {
  if (typeof n !== "number") throw invalidArgType("setMaxListeners", "number", n);
  if (n < 0 || Number.isNaN(n)) throw outOfRange("setMaxListeners", ">= 0", n);
  this._maxListeners = n;
  return this;
};

const originalEmit = proto.emit;
proto.emit = function emit(type, ...args) {
  if (type === "error") {
    const listeners = this._events;
    if (listeners !== undefined && listeners[kErrorMonitor] !== undefined) originalEmit.call(this, kErrorMonitor, ...args);
    if (listeners === undefined || listeners.error === undefined) {
      const er = args[0];
      if (er instanceof Error) throw er;
      let shown;
      try {
        shown = require("util").inspect(er);
      } catch {
        shown = er;
      }
      const err = new Error(`Unhandled error. (${shown})`);
      err.code = "ERR_UNHANDLED_ERROR";
      err.context = er;
      throw err;
    }
  }
  return originalEmit.call(this, type, ...args);
};

Object.defineProperty(EventEmitter, "errorMonitor", { value: kErrorMonitor, enumerable: true, writable: false, configurable: false });
Object.defineProperty(EventEmitter, "captureRejectionSymbol", { value: Symbol.for("nodejs.rejection"), enumerable: true, writable: false, configurable: false });
const { kCapture } = applyEventsExtras(EventEmitter, (target) => require("internal/event_target", true).listenersOf(target));

// Node's constructor takes options ({ captureRejections }); the port's ignores
// its arguments, so the module is this function over the port's prototype.
function NodeEventEmitter(opts) {
  // Through the exported function's `init`, as Node does: node:domain replaces it.
  NodeEventEmitter.init.call(this);
  if (opts !== undefined && opts !== null && opts.captureRejections !== undefined) {
    if (typeof opts.captureRejections !== "boolean") throw invalidArgType("options.captureRejections", "boolean", opts.captureRejections);
    this[kCapture] = opts.captureRejections;
  }
}
for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(EventEmitter))) {
  if (key !== "prototype" && key !== "length" && key !== "name" && key !== "arguments" && key !== "caller") Object.defineProperty(NodeEventEmitter, key, descriptor);
}
NodeEventEmitter.prototype = proto;
Object.defineProperty(proto, "constructor", { value: NodeEventEmitter, writable: true, configurable: true });
NodeEventEmitter.EventEmitter = NodeEventEmitter;
NodeEventEmitter.usingDomains = false;
export default NodeEventEmitter;
