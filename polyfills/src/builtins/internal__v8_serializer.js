// v8.Serializer: V8's ValueSerializer wire format (version 15, as Node v22
// writes it) for the structured-clone types, byte for byte: oddballs, Smis
// (int32) and doubles, BigInts, one- and two-byte strings (with V8's
// alignment padding), objects, dense and sparse arrays, Date, RegExp, Map,
// Set, ArrayBuffer, views (as host objects when asked, the way Node's
// DefaultSerializer asks), primitive wrappers, errors and back-references.
/* global require */
const { Buffer } = require("buffer");
const { E } = require("internal/crypto_errors", true);

const VERSION = 15;
const toString = (v) => Object.prototype.toString.call(v);
const VIEW_TAGS = {
  Int8Array: "b", Uint8Array: "B", Uint8ClampedArray: "C", Int16Array: "w", Uint16Array: "W", Int32Array: "d",
  Uint32Array: "D", Float32Array: "f", Float64Array: "F", BigInt64Array: "q", BigUint64Array: "Q", DataView: "?",
};
const ERROR_TAGS = { EvalError: "E", RangeError: "R", ReferenceError: "F", SyntaxError: "S", TypeError: "T", URIError: "U" };
const REGEXP_FLAGS = { g: 1, i: 2, m: 4, y: 8, u: 16, s: 32, d: 128, v: 256 };

function isSmi(v) {
  return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 && !Object.is(v, -0);
}
function isOneByte(s) {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}
const isArrayIndex = (key) => /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;

/** V8's DataCloneError text for `value`, as `#<Ctor>` for objects it cannot clone. */
function cloneErrorText(value) {
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return Function.prototype.toString.call(value);
  const tag = toString(value).slice(8, -1);
  const ctor = value.constructor && typeof value.constructor.name === "string" && value.constructor.name ? value.constructor.name : tag;
  return `#<${ctor}>`;
}

class Serializer {
  constructor() {
    this._bytes = new Uint8Array(64);
    this._size = 0;
    this._ids = new Map();
    this._nextId = 0;
    this._transfers = new Map();
    this._viewsAsHost = false;
  }
  _reserve(n) {
    if (this._size + n <= this._bytes.length) return;
    let cap = this._bytes.length * 2;
    while (cap < this._size + n) cap *= 2;
    const grown = new Uint8Array(cap);
    grown.set(this._bytes.subarray(0, this._size));
    this._bytes = grown;
  }
  _byte(b) {
    this._reserve(1);
    this._bytes[this._size++] = b;
  }
  _tag(ch) {
    this._byte(ch.charCodeAt(0));
  }
  _varint(n) {
    // Unsigned LEB128 of a non-negative integer up to 2**64 (a Number or a BigInt).
    if (typeof n === "bigint") {
      do {
        let b = Number(n & 0x7fn);
        n >>= 7n;
        if (n !== 0n) b |= 0x80;
        this._byte(b);
      } while (n !== 0n);
      return;
    }
    do {
      let b = n % 128;
      n = Math.floor(n / 128);
      if (n !== 0) b |= 0x80;
      this._byte(b);
    } while (n !== 0);
  }
  _raw(bytes) {
    this._reserve(bytes.length);
    this._bytes.set(bytes, this._size);
    this._size += bytes.length;
  }
  _double(d) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, d, true);
    this._raw(b);
  }
  _fail(value) {
    const Ctor = this._getDataCloneError;
    throw new Ctor(`${cloneErrorText(value)} could not be cloned.`);
  }

  writeHeader() {
    this._byte(0xff);
    this._varint(VERSION);
  }
  writeValue(value) {
    this._write(value);
    return true;
  }
  releaseBuffer() {
    const out = Buffer.from(this._bytes.slice(0, this._size).buffer);
    this._bytes = new Uint8Array(64);
    this._size = 0;
    return out;
  }
  transferArrayBuffer(id, arrayBuffer) {
    if (!(arrayBuffer instanceof ArrayBuffer)) throw E.invalidArgType("arrayBuffer", "an instance of ArrayBuffer or SharedArrayBuffer", arrayBuffer);
    this._transfers.set(arrayBuffer, id >>> 0);
  }
  writeUint32(value) {
    this._varint(Number(value) >>> 0);
  }
  writeUint64(hi, lo) {
    this._varint((BigInt(Number(hi) >>> 0) << 32n) | BigInt(Number(lo) >>> 0));
  }
  writeDouble(value) {
    this._double(Number(value));
  }
  writeRawBytes(source) {
    if (!ArrayBuffer.isView(source)) throw E.invalidArgType("source", "an instance of Buffer, TypedArray, or DataView", source);
    this._raw(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  }
  _setTreatArrayBufferViewsAsHostObjects(flag) {
    this._viewsAsHost = Boolean(flag);
  }
  _getSharedArrayBufferId(sab) {
    this._fail(sab);
  }
  _writeHostObject(object) {
    const Ctor = this._getDataCloneError;
    throw new Ctor(`Unserializable host object: ${cloneErrorText(object)}`);
  }

  _write(v) {
    switch (typeof v) {
      case "undefined":
        return this._tag("_");
      case "boolean":
        return this._tag(v ? "T" : "F");
      case "number":
        return this._number(v);
      case "bigint":
        this._tag("Z");
        return this._bigint(v);
      case "string":
        return this._string(v);
      case "symbol":
      case "function":
        return this._fail(v);
      default:
        if (v === null) return this._tag("0");
        return this._receiver(v);
    }
  }
  _number(v) {
    if (isSmi(v)) {
      this._tag("I");
      this._varint(((v << 1) ^ (v >> 31)) >>> 0);
    } else {
      this._tag("N");
      this._double(v);
    }
  }
  _bigint(v) {
    const negative = v < 0n;
    let mag = negative ? -v : v;
    const words = [];
    while (mag > 0n) {
      words.push(mag & 0xffffffffffffffffn);
      mag >>= 64n;
    }
    this._varint(words.length * 8 * 2 + (negative ? 1 : 0));
    const b = new Uint8Array(words.length * 8);
    const view = new DataView(b.buffer);
    words.forEach((w, i) => view.setBigUint64(i * 8, w, true));
    this._raw(b);
  }
  _string(s) {
    if (isOneByte(s)) {
      this._tag('"');
      this._varint(s.length);
      const b = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
      this._raw(b);
      return;
    }
    const byteLength = s.length * 2;
    let varintBytes = 1;
    for (let n = byteLength; n >= 128; n = Math.floor(n / 128)) varintBytes++;
    if ((this._size + 1 + varintBytes) & 1) this._byte(0);
    this._tag("c");
    this._varint(byteLength);
    const b = new Uint8Array(byteLength);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      b[2 * i] = c & 0xff;
      b[2 * i + 1] = c >> 8;
    }
    this._raw(b);
  }
  _receiver(v) {
    const isView = ArrayBuffer.isView(v);
    if (isView && !this._ids.has(v) && !this._viewsAsHost) this._receiver(v.buffer);
    const seen = this._ids.get(v);
    if (seen !== undefined) {
      this._tag("^");
      return this._varint(seen);
    }
    this._ids.set(v, this._nextId++);
    const tag = toString(v).slice(8, -1);
    if (Array.isArray(v)) return this._array(v);
    if (isView) return this._view(v, tag);
    switch (tag) {
      case "Date":
        this._tag("D");
        return this._double(Date.prototype.getTime.call(v));
      case "RegExp": {
        this._tag("R");
        this._string(v.source);
        let flags = 0;
        for (const f of v.flags) flags |= REGEXP_FLAGS[f] || 0;
        return this._varint(flags);
      }
      case "Map": {
        this._tag(";");
        const entries = [...Map.prototype.entries.call(v)];
        for (const [key, value] of entries) {
          this._write(key);
          this._write(value);
        }
        this._tag(":");
        return this._varint(entries.length * 2);
      }
      case "Set": {
        this._tag("'");
        const values = [...Set.prototype.values.call(v)];
        for (const value of values) this._write(value);
        this._tag(",");
        return this._varint(values.length);
      }
      case "ArrayBuffer":
        if (this._transfers.has(v)) {
          this._tag("t");
          return this._varint(this._transfers.get(v));
        }
        this._tag("B");
        this._varint(v.byteLength);
        return this._raw(new Uint8Array(v));
      case "SharedArrayBuffer": {
        const id = this._getSharedArrayBufferId(v);
        this._tag("u");
        return this._varint(id >>> 0);
      }
      case "Boolean":
        return this._tag(Boolean.prototype.valueOf.call(v) ? "y" : "x");
      case "Number":
        this._tag("n");
        return this._double(Number.prototype.valueOf.call(v));
      case "BigInt":
        this._tag("z");
        return this._bigint(BigInt.prototype.valueOf.call(v));
      case "String":
        this._tag("s");
        return this._string(String.prototype.valueOf.call(v));
      case "Error":
        return this._error(v);
      case "Object":
      case "Arguments":
        if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet || (typeof WeakRef === "function" && v instanceof WeakRef)) return this._fail(v);
        {
          this._tag("o");
          const n = this._properties(v, Object.keys(v));
          this._tag("{");
          return this._varint(n);
        }
      default:
        return this._fail(v);
    }
  }
  _properties(v, keys, asStrings) {
    let written = 0;
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
      if (!asStrings && isArrayIndex(key)) this._number(Number(key));
      else this._string(key);
      this._write(v[key]);
      written++;
    }
    return written;
  }
  _array(v) {
    const length = v.length;
    let dense = true;
    for (let i = 0; i < length && dense; i++) if (!(i in v)) dense = false;
    if (!dense) {
      this._tag("a");
      this._varint(length);
      const n = this._properties(v, Object.keys(v));
      this._tag("@");
      this._varint(n);
      return this._varint(length);
    }
    this._tag("A");
    this._varint(length);
    // V8 keeps an all-number array with a non-Smi in double elements: every element is written as a double.
    const doubles = length > 0 && v.every((x) => typeof x === "number") && !v.every(isSmi);
    for (let i = 0; i < length; i++) {
      if (!(i in v)) {
        this._tag("-");
      } else if (doubles) {
        this._tag("N");
        this._double(v[i]);
      } else {
        this._write(v[i]);
      }
    }
    const n = this._properties(v, Object.keys(v).filter((k) => !isArrayIndex(k)), true);
    this._tag("$");
    this._varint(n);
    this._varint(length);
  }
  _view(v, tag) {
    if (this._viewsAsHost) {
      this._tag("\\");
      return this._writeHostObject(v);
    }
    this._tag("V");
    this._tag(VIEW_TAGS[tag]);
    this._varint(v.byteOffset);
    this._varint(v.byteLength);
    this._varint(0);
  }
  _error(v) {
    const messageDesc = Object.getOwnPropertyDescriptor(v, "message");
    const causeDesc = Object.getOwnPropertyDescriptor(v, "cause");
    this._tag("r");
    const name = String(v.name);
    if (Object.prototype.hasOwnProperty.call(ERROR_TAGS, name)) this._tag(ERROR_TAGS[name]);
    if (messageDesc && "value" in messageDesc) {
      this._tag("m");
      this._string(String(messageDesc.value));
    }
    if (causeDesc && "value" in causeDesc) {
      this._tag("c");
      this._write(causeDesc.value);
    }
    const stack = v.stack;
    if (typeof stack === "string") {
      this._tag("s");
      this._string(stack);
    }
    this._tag(".");
  }
}
Serializer.prototype._getDataCloneError = Error;

export default { Serializer, VERSION, VIEW_TAGS, ERROR_TAGS, REGEXP_FLAGS };
