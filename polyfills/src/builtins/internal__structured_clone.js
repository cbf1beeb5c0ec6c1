// structuredClone: the HTML structured clone algorithm as V8 serializes for
// Node (primitives and their wrapper objects, Date, RegExp, ArrayBuffer and
// its views, Map, Set, arrays, plain objects, the Error types, Blob and File,
// cycles and shared references), with the `transfer` option for
// ArrayBuffers and Node's errors (DataCloneError for what cannot be cloned).
/* global require */

const { hasOwnProperty, toString: objectToString } = Object.prototype;

function dataCloneError(message) {
  const { DOMException } = require("internal/event_target", true);
  return new DOMException(message, "DataCloneError");
}

function typeError(message, code) {
  const err = new TypeError(message);
  err.code = code;
  return err;
}

const ERROR_TYPES = {
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

const TYPED_ARRAYS = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};

// Objects of these kinds hold state that cannot be copied.
const UNCLONEABLE = new Set(["WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Promise", "Generator", "AsyncGenerator", "SharedArrayBuffer"]);

function tagOf(value) {
  return objectToString.call(value).slice(8, -1);
}

function isDetached(buffer) {
  if ("detached" in ArrayBuffer.prototype) return buffer.detached;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

function describe(value) {
  if (typeof value === "function") return Function.prototype.toString.call(value);
  if (typeof value === "symbol") return value.toString();
  const ctor = value.constructor;
  return `#<${typeof ctor === "function" && ctor.name ? ctor.name : "Object"}>`;
}

function cloneError(value, clone) {
  let name = "Error";
  try {
    const n = value.name;
    if (typeof n === "string" && hasOwnProperty.call(ERROR_TYPES, n)) name = n;
  } catch {
    // A throwing name getter reads as Error.
  }
  const Ctor = ERROR_TYPES[name];
  const out = Object.create(Ctor.prototype);
  const stack = Object.getOwnPropertyDescriptor(value, "stack");
  if (stack !== undefined) {
    Object.defineProperty(out, "stack", { value: `${value.stack}`, writable: true, configurable: true, enumerable: false });
  }
  const message = Object.getOwnPropertyDescriptor(value, "message");
  if (message !== undefined) {
    Object.defineProperty(out, "message", { value: `${value.message}`, writable: true, configurable: true, enumerable: false });
  }
  if (hasOwnProperty.call(value, "cause")) {
    Object.defineProperty(out, "cause", { value: clone(value.cause), writable: true, configurable: true, enumerable: false });
  }
  return out;
}

function cloneBlob(value) {
  const { Blob, File, isBlob, blobBytes } = require("internal/blob", true);
  if (!isBlob(value)) return undefined;
  const bytes = blobBytes(value);
  if (value instanceof File) return new File([bytes], value.name, { type: value.type, lastModified: value.lastModified });
  return new Blob([bytes], { type: value.type });
}

const PREFIX = "Failed to execute 'structuredClone'";

/** Checks the transfer list (Node 22's WebIDL conversions); returns the ArrayBuffers to move. */
function transferList(options) {
  if (options === undefined || options === null) return [];
  if (typeof options !== "object" && typeof options !== "function") {
    throw typeError(`${PREFIX}: Options cannot be converted to a dictionary`, "ERR_INVALID_ARG_TYPE");
  }
  const transfer = options.transfer;
  if (transfer === undefined) return [];
  if (transfer === null || typeof transfer !== "object" || typeof transfer[Symbol.iterator] !== "function") {
    throw typeError(`${PREFIX}: transfer in Options can not be converted to sequence.`, "ERR_INVALID_ARG_TYPE");
  }
  const list = [];
  for (const item of transfer) {
    if (item !== null && typeof item === "object" && STREAMS.has(tagOf(item))) {
      if (list.includes(item)) throw dataCloneError("Transfer list contains duplicate");
      list.push(item);
      continue;
    }
    if (item === null || typeof item !== "object" || tagOf(item) !== "ArrayBuffer") throw dataCloneError("Value not transferable");
    if (list.includes(item)) throw dataCloneError("Transfer list contains duplicate ArrayBuffer");
    if (isDetached(item)) throw dataCloneError("An ArrayBuffer is detached and could not be cloned.");
    list.push(item);
  }
  return list;
}

const STREAMS = new Set(["ReadableStream", "WritableStream", "TransformStream"]);

/**
 * A transferred WHATWG stream: a new stream of the base class wired to the
 * original, which stays locked to it (Node moves it to the receiving port).
 */
function transferStream(stream, tag) {
  const streams = require("internal/web_streams", true);
  const Base = streams[tag];
  if (!(stream instanceof Base)) throw dataCloneError("Value not transferable");
  if (tag === "ReadableStream") {
    if (stream.locked) throw dataCloneError("ReadableStream is locked");
    const bridge = new streams.TransformStream();
    stream.pipeTo(bridge.writable).catch(() => {});
    return bridge.readable;
  }
  if (tag === "WritableStream") {
    if (stream.locked) throw dataCloneError("WritableStream is locked");
    const bridge = new streams.TransformStream();
    bridge.readable.pipeTo(stream).catch(() => {});
    return bridge.writable;
  }
  if (stream.readable.locked || stream.writable.locked) throw dataCloneError("TransformStream is locked");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  return new streams.TransformStream({
    start(controller) {
      (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return controller.terminate();
          controller.enqueue(value);
        }
      })().catch((e) => controller.error(e));
    },
    transform: (chunk) => writer.write(chunk),
    flush: () => writer.close(),
  });
}

/** Detaches a transferred buffer (its bytes already live in the clone). */
function detach(buffer) {
  if (typeof buffer.transfer === "function") buffer.transfer();
}

function structuredClone(value, options = undefined) {
  if (arguments.length === 0) throw typeError("The value argument must be specified", "ERR_MISSING_ARGS");
  const transfers = transferList(options);
  const memory = new Map();

  const clone = (v) => {
    if (typeof v === "symbol" || typeof v === "function") throw dataCloneError(`${describe(v)} could not be cloned.`);
    if (v === null || typeof v !== "object") return v;
    if (memory.has(v)) return memory.get(v);
    const tag = tagOf(v);
    let out;
    switch (tag) {
      case "Boolean":
        out = Object(Boolean.prototype.valueOf.call(v));
        break;
      case "Number":
        out = Object(Number.prototype.valueOf.call(v));
        break;
      case "String":
        out = Object(String.prototype.valueOf.call(v));
        break;
      case "BigInt":
        out = Object(BigInt.prototype.valueOf.call(v));
        break;
      case "Date":
        out = new Date(Date.prototype.getTime.call(v));
        break;
      case "RegExp":
        out = new RegExp(v.source, v.flags);
        break;
      case "ArrayBuffer":
        if (isDetached(v)) throw dataCloneError("An ArrayBuffer is detached and could not be cloned.");
        out = v.slice(0);
        break;
      case "DataView":
        out = new DataView(clone(v.buffer), v.byteOffset, v.byteLength);
        break;
      case "Map":
        out = new Map();
        memory.set(v, out);
        for (const [k, x] of Array.from(Map.prototype.entries.call(v))) out.set(clone(k), clone(x));
        return out;
      case "Set":
        out = new Set();
        memory.set(v, out);
        for (const x of Array.from(Set.prototype.values.call(v))) out.add(clone(x));
        return out;
      case "Error":
        out = cloneError(v, (x) => clone(x));
        break;
      case "Array":
        out = new Array(v.length);
        memory.set(v, out);
        for (const key of Object.keys(v)) out[key] = clone(v[key]);
        return out;
      case "Blob":
      case "File":
        out = cloneBlob(v);
        if (out === undefined) throw dataCloneError(`${describe(v)} could not be cloned.`);
        break;
      case "Object":
      case "Arguments":
        break;
      case "ReadableStream":
      case "WritableStream":
      case "TransformStream":
        if (!transfers.includes(v)) throw dataCloneError(`${describe(v)} could not be cloned.`);
        out = transferStream(v, tag);
        break;
      default:
        if (hasOwnProperty.call(TYPED_ARRAYS, tag) && ArrayBuffer.isView(v)) {
          out = new TYPED_ARRAYS[tag](clone(v.buffer), v.byteOffset, v.length);
          break;
        }
        if (UNCLONEABLE.has(tag)) throw dataCloneError(`${describe(v)} could not be cloned.`);
    }
    if (out !== undefined) {
      memory.set(v, out);
      return out;
    }
    // A plain object (or any other ordinary object): its own enumerable string keys.
    out = {};
    memory.set(v, out);
    for (const key of Object.keys(v)) out[key] = clone(v[key]);
    return out;
  };

  const result = clone(value);
  for (const item of transfers) if (!STREAMS.has(tagOf(item))) detach(item);
  return result;
}

export default { structuredClone };
