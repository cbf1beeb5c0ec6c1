// The text a worker_threads message crosses between two sandboxes as: the
// structured clone of the value (so what cannot be cloned fails with
// DataCloneError, as in Node), written as JSON with tagged nodes for what JSON
// lacks (undefined, NaN, ±Infinity, -0, bigint, Date, RegExp, Map, Set,
// errors, ArrayBuffer and its views, shared references and cycles).
/* global require */
const { structuredClone } = require("internal/structured_clone", true);

const TYPED = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView,
};
const ERRORS = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
const tagOf = (v) => Object.prototype.toString.call(v).slice(8, -1);

function bytesHex(buffer) {
  const bytes = new Uint8Array(buffer);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return out;
}
function hexBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return bytes.buffer;
}

/** The message text of `value` (a DataCloneError if it cannot be cloned). */
function encodeMessage(value, transferList) {
  const cloned = structuredClone(value, transferList ? { transfer: transferList } : undefined);
  const seen = new Map();
  function enc(v) {
    if (v === undefined) return ["u"];
    if (typeof v === "number") {
      if (Number.isNaN(v)) return ["n", "NaN"];
      if (v === Infinity || v === -Infinity || Object.is(v, -0)) return ["n", String(Object.is(v, -0) ? "-0" : v)];
      return v;
    }
    if (typeof v === "bigint") return ["b", String(v)];
    if (v === null || typeof v !== "object") return v;
    if (seen.has(v)) return ["r", seen.get(v)];
    const id = seen.size;
    seen.set(v, id);
    const tag = tagOf(v);
    if (Array.isArray(v)) {
      const items = [];
      for (let i = 0; i < v.length; i++) items.push(enc(v[i]));
      return ["a", id, items];
    }
    if (tag === "Date") return ["d", id, v.getTime()];
    if (tag === "RegExp") return ["x", id, v.source, v.flags];
    if (tag === "Map") return ["m", id, [...v].map(([k, x]) => [enc(k), enc(x)])];
    if (tag === "Set") return ["s", id, [...v].map(enc)];
    if (tag === "ArrayBuffer") return ["B", id, bytesHex(v)];
    if (ArrayBuffer.isView(v)) {
      const ctor = Object.keys(TYPED).find((n) => v instanceof TYPED[n]) || "Uint8Array";
      const len = ctor === "DataView" ? v.byteLength : v.length;
      return ["t", id, ctor, enc(v.buffer), v.byteOffset, len];
    }
    if (tag === "Error" || v instanceof Error) {
      const out = ["e", id, ERRORS[v.name] ? v.name : "Error", String(v.message), v.stack === undefined ? null : String(v.stack)];
      if ("cause" in v) out.push(enc(v.cause));
      return out;
    }
    if (tag === "Boolean" || tag === "Number" || tag === "String") return ["w", id, tag, enc(v.valueOf())];
    const entries = [];
    for (const key of Object.keys(v)) entries.push([key, enc(v[key])]);
    return ["o", id, entries];
  }
  return JSON.stringify(enc(cloned));
}

/** The value a message text stands for. */
function decodeMessage(text) {
  const refs = [];
  function dec(node) {
    if (!Array.isArray(node)) return node;
    switch (node[0]) {
      case "u": return undefined;
      case "n": return node[1] === "-0" ? -0 : Number(node[1]);
      case "b": return BigInt(node[1]);
      case "r": return refs[node[1]];
      case "a": { const a = (refs[node[1]] = []); for (const x of node[2]) a.push(dec(x)); return a; }
      case "d": return (refs[node[1]] = new Date(node[2]));
      case "x": return (refs[node[1]] = new RegExp(node[2], node[3]));
      case "m": { const m = (refs[node[1]] = new Map()); for (const [k, x] of node[2]) m.set(dec(k), dec(x)); return m; }
      case "s": { const s = (refs[node[1]] = new Set()); for (const x of node[2]) s.add(dec(x)); return s; }
      case "B": return (refs[node[1]] = hexBytes(node[2]));
      case "t": { const slot = node[1]; const buf = dec(node[3]); return (refs[slot] = new TYPED[node[2]](buf, node[4], node[5])); }
      case "e": {
        const e = (refs[node[1]] = new ERRORS[node[2]](node[3]));
        if (node[4] !== null) Object.defineProperty(e, "stack", { value: node[4], writable: true, configurable: true });
        if (node.length > 5) Object.defineProperty(e, "cause", { value: dec(node[5]), writable: true, configurable: true });
        return e;
      }
      case "w": return (refs[node[1]] = Object(dec(node[3])));
      case "o": { const o = (refs[node[1]] = {}); for (const [k, x] of node[2]) o[k] = dec(x); return o; }
      default: throw new Error(`Unknown message node ${node[0]}`);
    }
  }
  return dec(JSON.parse(text));
}

export default { encodeMessage, decodeMessage };
