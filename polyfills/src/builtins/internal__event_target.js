// Event and EventTarget (event-target-shim, a WHATWG DOM implementation), with
// the small parts of Node's web globals built on them: AbortController,
// AbortSignal and DOMException. Loaded by the lazy globals and by the ports
// that need them (readable-stream asks for `abort-controller`).
import { Event, EventTarget, defineEventAttribute, setErrorHandler, setWarningHandler } from "event-target-shim";

// Node reports a throwing listener as an uncaught exception and says nothing
// about the shim's misuse warnings.
setErrorHandler((error) => {
  process.nextTick(() => {
    throw error;
  });
});
setWarningHandler(() => {});

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

// ---- DOMException -------------------------------------------------------------
const legacyCodes = [
  ["IndexSizeError", "INDEX_SIZE_ERR"],
  ["DOMStringSizeError", "DOMSTRING_SIZE_ERR"],
  ["HierarchyRequestError", "HIERARCHY_REQUEST_ERR"],
  ["WrongDocumentError", "WRONG_DOCUMENT_ERR"],
  ["InvalidCharacterError", "INVALID_CHARACTER_ERR"],
  ["NoDataAllowedError", "NO_DATA_ALLOWED_ERR"],
  ["NoModificationAllowedError", "NO_MODIFICATION_ALLOWED_ERR"],
  ["NotFoundError", "NOT_FOUND_ERR"],
  ["NotSupportedError", "NOT_SUPPORTED_ERR"],
  ["InUseAttributeError", "INUSE_ATTRIBUTE_ERR"],
  ["InvalidStateError", "INVALID_STATE_ERR"],
  ["SyntaxError", "SYNTAX_ERR"],
  ["InvalidModificationError", "INVALID_MODIFICATION_ERR"],
  ["NamespaceError", "NAMESPACE_ERR"],
  ["InvalidAccessError", "INVALID_ACCESS_ERR"],
  ["ValidationError", "VALIDATION_ERR"],
  ["TypeMismatchError", "TYPE_MISMATCH_ERR"],
  ["SecurityError", "SECURITY_ERR"],
  ["NetworkError", "NETWORK_ERR"],
  ["AbortError", "ABORT_ERR"],
  ["URLMismatchError", "URL_MISMATCH_ERR"],
  ["QuotaExceededError", "QUOTA_EXCEEDED_ERR"],
  ["TimeoutError", "TIMEOUT_ERR"],
  ["InvalidNodeTypeError", "INVALID_NODE_TYPE_ERR"],
  ["DataCloneError", "DATA_CLONE_ERR"],
];

class DOMException extends Error {
  constructor(message = "", options = "Error") {
    super(`${message}`);
    let name = "Error";
    if (options !== null && typeof options === "object") {
      if ("name" in options) name = `${options.name}`;
      if ("cause" in options) Object.defineProperty(this, "cause", { value: options.cause, writable: true, configurable: true });
    } else {
      name = `${options}`;
    }
    Object.defineProperty(this, "name", { value: name, writable: true, configurable: true });
  }
  get code() {
    const index = legacyCodes.findIndex(([name]) => name === this.name);
    return index + 1;
  }
}
legacyCodes.forEach(([, constant], i) => {
  Object.defineProperty(DOMException, constant, { value: i + 1, enumerable: true });
  Object.defineProperty(DOMException.prototype, constant, { value: i + 1, enumerable: true });
});

// ---- AbortSignal, AbortController ---------------------------------------------
const kCreate = Symbol("create");
const kAborted = Symbol("aborted");
const kReason = Symbol("reason");

function illegalConstructor() {
  const err = new TypeError("Illegal constructor");
  err.code = "ERR_ILLEGAL_CONSTRUCTOR";
  return err;
}
function abortError() {
  return new DOMException("This operation was aborted", "AbortError");
}
function checkSignal(signal) {
  if (!(signal instanceof AbortSignal)) {
    const err = new TypeError('The "this" argument must be an instance of AbortSignal.');
    err.code = "ERR_INVALID_THIS";
    throw err;
  }
}
function abortSignal(signal, reason) {
  if (signal[kAborted]) return;
  signal[kAborted] = true;
  signal[kReason] = reason;
  signal.dispatchEvent(new Event("abort"));
}

class AbortSignal extends EventTarget {
  constructor(key) {
    if (key !== kCreate) throw illegalConstructor();
    super();
    Object.defineProperty(this, kAborted, { value: false, writable: true });
    Object.defineProperty(this, kReason, { value: undefined, writable: true });
  }
  get aborted() {
    checkSignal(this);
    return this[kAborted];
  }
  get reason() {
    checkSignal(this);
    return this[kReason];
  }
  throwIfAborted() {
    checkSignal(this);
    if (this[kAborted]) throw this[kReason];
  }
  static abort(reason = abortError()) {
    const signal = new AbortSignal(kCreate);
    signal[kAborted] = true;
    signal[kReason] = reason;
    return signal;
  }
  static timeout(delay) {
    const signal = new AbortSignal(kCreate);
    const timer = setTimeout(() => abortSignal(signal, new DOMException("The operation was aborted due to timeout", "TimeoutError")), delay);
    // A pending timeout signal does not keep the program alive.
    if (timer && typeof timer.unref === "function") timer.unref();
    return signal;
  }
  static any(signals) {
    const signal = new AbortSignal(kCreate);
    for (const source of signals) {
      if (source.aborted) {
        signal[kAborted] = true;
        signal[kReason] = source.reason;
        return signal;
      }
    }
    for (const source of signals) {
      source.addEventListener("abort", () => abortSignal(signal, source.reason), { once: true });
    }
    return signal;
  }
  [inspectCustom](depth, options, inspect) {
    return `AbortSignal ${(inspect || String)({ aborted: this.aborted }, options)}`;
  }
}
defineEventAttribute(AbortSignal.prototype, "abort");
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: "AbortSignal", configurable: true });

const kSignal = Symbol("signal");
class AbortController {
  constructor() {
    Object.defineProperty(this, kSignal, { value: new AbortSignal(kCreate) });
  }
  get signal() {
    return this[kSignal];
  }
  abort(reason = abortError()) {
    abortSignal(this[kSignal], reason);
  }
  [inspectCustom](depth, options, inspect) {
    return `AbortController ${(inspect || String)({ signal: this.signal }, options)}`;
  }
}
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: "AbortController", configurable: true });

// The listeners of each EventTarget, for events.getEventListeners (the shim keeps its own privately).
const targetListeners = new WeakMap();
function listenersOf(target) {
  let map = targetListeners.get(target);
  if (!map) targetListeners.set(target, (map = new Map()));
  return map;
}
const shimAdd = EventTarget.prototype.addEventListener;
const shimRemove = EventTarget.prototype.removeEventListener;
Object.defineProperties(EventTarget.prototype, {
  addEventListener: {
    configurable: true, writable: true,
    value: function addEventListener(type, callback, options) {
      shimAdd.call(this, type, callback, options);
      if (callback == null) return;
      const list = listenersOf(this).get(String(type)) || [];
      if (!list.includes(callback)) list.push(callback);
      listenersOf(this).set(String(type), list);
      if (options && typeof options === "object" && options.once) {
        const forget = () => removeRecorded(this, type, callback);
        shimAdd.call(this, type, forget, { once: true });
      }
    },
  },
  removeEventListener: {
    configurable: true, writable: true,
    value: function removeEventListener(type, callback, options) {
      shimRemove.call(this, type, callback, options);
      removeRecorded(this, type, callback);
    },
  },
});
function removeRecorded(target, type, callback) {
  const list = listenersOf(target).get(String(type));
  if (!list) return;
  const i = list.indexOf(callback);
  if (i >= 0) list.splice(i, 1);
}

export default { Event, EventTarget, AbortController, AbortSignal, DOMException, listenersOf };
