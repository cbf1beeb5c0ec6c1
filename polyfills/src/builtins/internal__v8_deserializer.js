// v8.Deserializer: reads V8's ValueSerializer wire format (versions up to 15)
// back into values: everything internal/v8_serializer writes, plus UTF-8
// strings, uint32 numbers, holes and resizable ArrayBuffers of other writers.
/* global require */
const { Buffer } = require("buffer");
const { E } = require("internal/crypto_errors", true);
const { VERSION, VIEW_TAGS, ERROR_TAGS, REGEXP_FLAGS } = require("internal/v8_serializer", true);

const VIEW_CTORS = Object.fromEntries(Object.entries(VIEW_TAGS).map(([name, tag]) => [tag, name]));
const ERROR_CTORS = Object.fromEntries(Object.entries(ERROR_TAGS).map(([name, tag]) => [tag, name]));
const FLAG_CHARS = Object.entries(REGEXP_FLAGS).sort((a, b) => a[1] - b[1]);
const HOLE = Symbol("hole");

function dataError(versionProblem) {
  return new Error(versionProblem ? "Unable to deserialize cloned data due to invalid or unsupported version." : "Unable to deserialize cloned data.");
}

class Deserializer {
  constructor(buffer) {
    if (!ArrayBuffer.isView(buffer)) throw E.code(TypeError, "ERR_INVALID_ARG_TYPE", "buffer must be a TypedArray or a DataView");
    this.buffer = buffer;
    this._bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    this._pos = 0;
    this._version = 0;
    this._objects = [];
    this._transfers = new Map();
  }
  _byte() {
    if (this._pos >= this._bytes.length) throw dataError();
    return this._bytes[this._pos++];
  }
  _varint() {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this._byte();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if (!(b & 0x80)) return result;
    }
  }
  _bigVarint() {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this._byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) return result;
    }
  }
  _take(n) {
    if (this._pos + n > this._bytes.length) throw dataError();
    const out = this._bytes.subarray(this._pos, this._pos + n);
    this._pos += n;
    return out;
  }
  _double() {
    const b = this._take(8);
    return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
  }
  _tag() {
    let t;
    do t = this._byte();
    while (t === 0);
    return String.fromCharCode(t);
  }
  _peekTag() {
    let p = this._pos;
    while (p < this._bytes.length && this._bytes[p] === 0) p++;
    return p < this._bytes.length ? String.fromCharCode(this._bytes[p]) : null;
  }

  readHeader() {
    if (this._bytes[this._pos] === 0xff) {
      this._pos++;
      this._version = this._varint();
      if (this._version > VERSION) throw dataError(true);
    } else {
      throw dataError(true);
    }
    return true;
  }
  getWireFormatVersion() {
    return this._version;
  }
  readValue() {
    const value = this._read();
    if (value === HOLE) throw dataError();
    return value;
  }
  transferArrayBuffer(id, arrayBuffer) {
    if (!(arrayBuffer instanceof ArrayBuffer) && !ArrayBuffer.isView(arrayBuffer)) {
      throw E.invalidArgType("arrayBuffer", "an instance of ArrayBuffer or SharedArrayBuffer", arrayBuffer);
    }
    this._transfers.set(id >>> 0, ArrayBuffer.isView(arrayBuffer) ? arrayBuffer.buffer : arrayBuffer);
  }
  readUint32() {
    return this._varint() >>> 0;
  }
  readUint64() {
    const n = this._bigVarint();
    return [Number((n >> 32n) & 0xffffffffn), Number(n & 0xffffffffn)];
  }
  readDouble() {
    return this._double();
  }
  _readRawBytes(length) {
    const offset = this._pos;
    this._take(length);
    return offset;
  }
  readRawBytes(length) {
    const offset = this._readRawBytes(length);
    return Buffer.from(this.buffer.buffer, this.buffer.byteOffset + offset, length);
  }
  _readHostObject() {
    throw dataError();
  }

  _remember(value) {
    this._objects.push(value);
    return value;
  }
  _read() {
    const value = this._readInternal();
    if (value instanceof ArrayBuffer && this._peekTag() === "V") {
      this._tag();
      return this._readView(value);
    }
    return value;
  }
  _readString(tag) {
    switch (tag) {
      case '"': {
        const b = this._take(this._varint());
        let s = "";
        for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
        return s;
      }
      case "c": {
        const n = this._varint();
        if (n % 2) throw dataError();
        const b = this._take(n);
        let s = "";
        for (let i = 0; i < n; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
        return s;
      }
      case "S":
        return Buffer.from(this._take(this._varint())).toString("utf8");
      default:
        throw dataError();
    }
  }
  _readBigInt() {
    const bitfield = this._varint();
    const byteLength = Math.floor(bitfield / 2);
    const b = this._take(byteLength);
    let n = 0n;
    for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]);
    return bitfield & 1 ? -n : n;
  }
  _readProperties(target, endTag) {
    let count = 0;
    for (;;) {
      if (this._peekTag() === endTag) {
        this._tag();
        return count;
      }
      const key = this._read();
      if (typeof key !== "string" && typeof key !== "number") throw dataError();
      target[key] = this._read();
      count++;
    }
  }
  _readInternal() {
    const tag = this._tag();
    switch (tag) {
      case "_":
        return undefined;
      case "0":
        return null;
      case "T":
        return true;
      case "F":
        return false;
      case "-":
        return HOLE;
      case "I": {
        const z = this._varint();
        return z % 2 ? -(z + 1) / 2 : z / 2;
      }
      case "U":
        return this._varint();
      case "N":
        return this._double();
      case "Z":
        return this._readBigInt();
      case '"':
      case "c":
      case "S":
        return this._readString(tag);
      case "^": {
        const id = this._varint();
        if (id >= this._objects.length) throw dataError();
        return this._objects[id];
      }
      case "o": {
        const obj = this._remember({});
        const n = this._readProperties(obj, "{");
        if (this._varint() !== n) throw dataError();
        return obj;
      }
      case "A": {
        const length = this._varint();
        const arr = this._remember(new Array(length));
        for (let i = 0; i < length; i++) {
          const value = this._read();
          if (value !== HOLE) arr[i] = value;
        }
        const n = this._readProperties(arr, "$");
        if (this._varint() !== n || this._varint() !== length) throw dataError();
        return arr;
      }
      case "a": {
        const length = this._varint();
        const arr = this._remember(new Array(length));
        const n = this._readProperties(arr, "@");
        if (this._varint() !== n || this._varint() !== length) throw dataError();
        return arr;
      }
      case "D":
        return this._remember(new Date(this._double()));
      case "y":
        return this._remember(Object(true));
      case "x":
        return this._remember(Object(false));
      case "n":
        return this._remember(Object(this._double()));
      case "z":
        return this._remember(Object(this._readBigInt()));
      case "s":
        return this._remember(Object(this._readString(this._tag())));
      case "R": {
        const source = this._readString(this._tag());
        const bits = this._varint();
        const flags = FLAG_CHARS.filter(([, bit]) => bits & bit).map(([c]) => c).join("");
        return this._remember(new RegExp(source, flags));
      }
      case ";": {
        const map = this._remember(new Map());
        let n = 0;
        while (this._peekTag() !== ":") {
          const key = this._read();
          map.set(key, this._read());
          n += 2;
        }
        this._tag();
        if (this._varint() !== n) throw dataError();
        return map;
      }
      case "'": {
        const set = this._remember(new Set());
        let n = 0;
        while (this._peekTag() !== ",") {
          set.add(this._read());
          n++;
        }
        this._tag();
        if (this._varint() !== n) throw dataError();
        return set;
      }
      case "B": {
        const length = this._varint();
        return this._remember(this._take(length).slice().buffer);
      }
      case "~": {
        const length = this._varint();
        const max = this._varint();
        const bytes = this._take(length);
        const ab = new ArrayBuffer(length, { maxByteLength: max });
        new Uint8Array(ab).set(bytes);
        return this._remember(ab);
      }
      case "t": {
        const id = this._varint();
        if (!this._transfers.has(id)) throw dataError();
        return this._remember(this._transfers.get(id));
      }
      case "\\": {
        const id = this._objects.length;
        this._objects.push(undefined);
        const value = this._readHostObject();
        this._objects[id] = value;
        return value;
      }
      case "r":
        return this._readError();
      default:
        throw dataError();
    }
  }
  _readView(buffer) {
    const sub = this._tag();
    const byteOffset = this._varint();
    const byteLength = this._varint();
    if (this._version >= 14) this._varint();
    const name = VIEW_CTORS[sub];
    if (name === undefined || byteOffset + byteLength > buffer.byteLength) throw dataError();
    const Ctor = globalThis[name];
    const size = Ctor.BYTES_PER_ELEMENT || 1;
    if (byteOffset % size || byteLength % size) throw dataError();
    return this._remember(name === "DataView" ? new DataView(buffer, byteOffset, byteLength) : new Ctor(buffer, byteOffset, byteLength / size));
  }
  _readError() {
    const id = this._objects.length;
    this._objects.push(undefined);
    let name = "Error";
    let message;
    let stack;
    let hasCause = false;
    let cause;
    for (let done = false; !done; ) {
      const t = String.fromCharCode(this._varint());
      if (ERROR_CTORS[t] !== undefined) name = ERROR_CTORS[t];
      else if (t === "m") message = this._readString(this._tag());
      else if (t === "s") stack = this._readString(this._tag());
      else if (t === "c") {
        hasCause = true;
        cause = this._read();
      } else if (t === ".") done = true;
      else throw dataError();
    }
    const Ctor = globalThis[name];
    const err = hasCause ? new Ctor(message, { cause }) : new Ctor(message);
    if (message === undefined) delete err.message;
    Object.defineProperty(err, "stack", { value: stack, writable: true, enumerable: false, configurable: true });
    this._objects[id] = err;
    return err;
  }
}

export default { Deserializer };
