// The guest's side of a live module (the host's runtime.load): what the
// engine calls to describe the exports, call an exported function and copy
// values in and out. The engine loads it before the program runs, so the
// references taken here are the realm's originals, whatever the program does
// to its globals later. Values cross as serialize.js encodes them, in both
// directions, and are rebuilt here under the guest's limits.
import { serializeResult } from "../serialize.js";

const { defineProperty } = Object;
const { isArray } = Array;
const { parse } = JSON;
const apply = Reflect.apply;
const MapCtor = Map;
const SetCtor = Set;
const DateCtor = Date;
const RegExpCtor = RegExp;
const ErrorCtor = Error;
const ArrayBufferCtor = ArrayBuffer;
const Uint8ArrayCtor = Uint8Array;
const mapSet = Map.prototype.set;
const setAdd = Set.prototype.add;
const TYPED = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView,
};

function define(target, key, value) {
  defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function bytes(hex) {
  const out = new Uint8ArrayCtor(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out.buffer;
}

/** Whether every item of a parsed array is a primitive (encoded as itself: strings, finite numbers, booleans, null). */
function primitives(items) {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item !== null && typeof item === "object") return false;
  }
  return true;
}

/** Rebuilds a guest value from the host's encoding (JSON text, as serialize.js writes it). */
function decode(json) {
  const refs = [];
  function dec(v) {
    if (v === null || typeof v !== "object") return v;
    if (!isArray(v)) throw new TypeError("malformed value encoding");
    const [tag, a, b, c, d] = v;
    let out;
    switch (tag) {
      case "u":
        return undefined;
      case "n":
        return Number(a);
      case "b":
        return BigInt(a);
      case "@":
        return refs[a];
      case "a":
        // An array of primitives is the parsed array itself: JSON.parse made it, with own data properties only.
        if (isArray(a) && primitives(a)) {
          refs.push(a);
          return a;
        }
        out = [];
        refs.push(out);
        for (let i = 0; i < a.length; i++) define(out, i, dec(a[i]));
        return out;
      case "o":
        out = {};
        refs.push(out);
        for (const [key, item] of a) define(out, key, dec(item));
        return out;
      case "d":
        out = new DateCtor(Number(a));
        refs.push(out);
        return out;
      case "r":
        out = new RegExpCtor(a, b);
        refs.push(out);
        return out;
      case "m":
        out = new MapCtor();
        refs.push(out);
        for (const [k, item] of a) apply(mapSet, out, [dec(k), dec(item)]);
        return out;
      case "s":
        out = new SetCtor();
        refs.push(out);
        for (const item of a) apply(setAdd, out, [dec(item)]);
        return out;
      case "B":
        out = bytes(a);
        refs.push(out);
        return out;
      case "x": {
        const buffer = bytes(b);
        if (a === "Buffer") out = require("buffer").Buffer.from(buffer);
        else out = new (TYPED[a] || Uint8ArrayCtor)(buffer);
        refs.push(out);
        return out;
      }
      case "e":
        out = new ErrorCtor(b);
        refs.push(out);
        defineProperty(out, "name", { value: a, writable: true, configurable: true, enumerable: false });
        for (const [key, item] of d) define(out, key, dec(item));
        return out;
      default:
        throw new TypeError(`malformed value encoding (tag ${String(tag)})`);
    }
  }
  return dec(parse(json));
}

/** The exported function at a dotted path, with the object it hangs off (its `this`). */
function lookup(root, path) {
  if (path === "") {
    if (typeof root !== "function") throw notAFunction("module.exports");
    return { fn: root, self: undefined };
  }
  let self = root;
  let value = root;
  const parts = path.split(".");
  for (let i = 0; i < parts.length; i++) {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) {
      throw notAFunction(`module.exports.${path}`);
    }
    self = value;
    value = value[parts[i]];
  }
  if (typeof value !== "function") throw notAFunction(`module.exports.${path}`);
  return { fn: value, self };
}

function notAFunction(name) {
  const err = new TypeError(`${name} is not a function`);
  err.code = "ERR_QUICKEXEC_NOT_A_FUNCTION";
  return err;
}

export default {
  /** The exports as data (functions left out) and the dotted names of the functions, as JSON. */
  describe(root) {
    const functions = [];
    let data;
    if (typeof root === "function") {
      functions.push("");
      const own = {};
      for (const key of Object.keys(root)) own[key] = root[key];
      data = serializeResult(own, { functions });
    } else data = serializeResult(root, { functions });
    return `{"functions":${JSON.stringify(functions)},"data":${data}}`;
  },
  /** Calls the exported function at `path` with the decoded arguments (none when `argsJson` is absent); returns what it returns (maybe a promise). */
  call(root, path, argsJson) {
    const { fn, self } = lookup(root, path);
    // No arguments at all: the engine passes none.
    const args = argsJson === undefined ? [] : decode(argsJson);
    return apply(fn, self, isArray(args) ? args : []);
  },
  /** A call's (or exec's) value as JSON; `lenient` leaves functions out instead of refusing them. */
  encode(value, lenient) {
    return serializeResult(value, lenient ? { root: "the result", functions: [] } : { root: "the result" });
  },
  /** A REPL line's completion value as Node's REPL prints it (JSON of the text). */
  inspect(value) {
    return JSON.stringify(require("util").inspect(value, { showProxy: true }));
  },
  decode,
};
