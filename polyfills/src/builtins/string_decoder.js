// node:string_decoder — Node's StringDecoder. Node keeps its state in a
// native decoder (src/string_decoder.cc); this is the same algorithm over a
// 7-byte state: up to 4 bytes of an incomplete character, how many bytes it
// still misses, how many are buffered, and the encoding. What is decoded
// goes through Buffer#toString, so a chunked decode gives exactly what one
// toString of the whole input gives (replacement characters included).
// StringDecoder is a function, so `StringDecoder.call(obj)` works as in Node.
import { Buffer } from "buffer";
import { codedError as nodeError, describeReceived as received } from "../shared/errors.js";

const kNativeDecoder = Symbol("kNativeDecoder");
const ENCODINGS = ["utf8", "utf16le", "latin1", "base64", "base64url", "hex", "ascii"];


/** Node's normalizeEncoding for the decoder: undefined when unknown. */
function normalizeEncoding(enc) {
  if (enc == null || enc === "") return "utf8";
  const lower = String(enc).toLowerCase();
  switch (lower) {
    case "utf8": case "utf-8": return "utf8";
    case "ucs2": case "ucs-2": case "utf16le": case "utf-16le": return "utf16le";
    case "latin1": case "binary": return "latin1";
    case "base64": case "base64url": case "hex": case "ascii": return typeof enc === "string" ? lower : undefined;
    default: return undefined;
  }
}

/** One native decoder's state. */
class DecoderState {
  constructor(encoding) {
    this.encoding = encoding;
    this.incomplete = Buffer.alloc(4);
    this.missing = 0;
    this.buffered = 0;
  }
  make(bytes, start, end) {
    return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString(this.encoding);
  }
  decode(data) {
    const enc = this.encoding;
    let start = 0;
    let end = data.length;
    let prepend = null;
    if (enc === "ascii" || enc === "latin1" || enc === "hex") return this.make(data, 0, end);
    if (this.missing > 0) {
      if (enc === "utf8") {
        // A byte that should continue the character but does not ends it; the rest starts a new one.
        for (let i = 0; i < end && i < this.missing; i++) {
          if ((data[i] & 0xc0) !== 0x80) {
            this.missing = 0;
            this.incomplete.set(data.subarray(0, i), this.buffered);
            this.buffered += i;
            start += i;
            break;
          }
        }
      }
      const found = Math.min(end - start, this.missing);
      this.incomplete.set(data.subarray(start, start + found), this.buffered);
      start += found;
      this.missing -= found;
      this.buffered += found;
      if (this.missing === 0) {
        prepend = this.make(this.incomplete, 0, this.buffered);
        this.buffered = 0;
      }
    }
    let body;
    if (start === end) {
      body = prepend ?? "";
      prepend = null;
    } else {
      if (enc === "utf8" && data[end - 1] & 0x80) {
        // Find where the character of the last byte begins.
        for (let i = end - 1; ; i--) {
          this.buffered++;
          if ((data[i] & 0xc0) === 0x80) {
            if (this.buffered >= 4 || i === start) {
              this.buffered = 0;
              break;
            }
          } else {
            if ((data[i] & 0xe0) === 0xc0) this.missing = 2;
            else if ((data[i] & 0xf0) === 0xe0) this.missing = 3;
            else if ((data[i] & 0xf8) === 0xf0) this.missing = 4;
            else {
              this.buffered = 0;
              break;
            }
            if (this.buffered >= this.missing) {
              this.missing = 0;
              this.buffered = 0;
            }
            this.missing -= this.buffered;
            break;
          }
        }
      } else if (enc === "utf16le") {
        if ((end - start) % 2 === 1) {
          this.buffered = 1;
          this.missing = 1;
        } else if ((data[end - 1] & 0xfc) === 0xd8) {
          this.buffered = 2;
          this.missing = 2;
        }
      } else if (enc === "base64" || enc === "base64url") {
        this.buffered = (end - start) % 3;
        if (this.buffered > 0) this.missing = 3 - this.buffered;
      }
      if (this.buffered > 0) {
        end -= this.buffered;
        this.incomplete.set(data.subarray(end, end + this.buffered), 0);
      }
      body = end > start ? this.make(data, start, end) : "";
    }
    return prepend === null ? body : prepend + body;
  }
  flush() {
    if (this.encoding === "utf16le" && this.buffered % 2 === 1) {
      // A single trailing byte is dropped.
      this.missing--;
      this.buffered--;
    }
    if (this.buffered === 0) return "";
    const out = this.make(this.incomplete, 0, this.buffered);
    this.missing = 0;
    this.buffered = 0;
    return out;
  }
}

function stateOf(self) {
  const state = self == null ? undefined : self[kNativeDecoder];
  if (!(state instanceof DecoderState)) throw nodeError(TypeError, "ERR_INVALID_THIS", 'Value of "this" must be of type StringDecoder');
  return state;
}

/** Decodes a stream of bytes into strings without splitting characters. */
function StringDecoder(encoding) {
  const normal = normalizeEncoding(encoding);
  if (normal === undefined || !ENCODINGS.includes(normal)) throw nodeError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${encoding}`);
  this.encoding = normal;
  this[kNativeDecoder] = new DecoderState(normal);
}

StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === "string") return buf;
  if (!ArrayBuffer.isView(buf)) {
    throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "buf" argument must be an instance of Buffer, TypedArray, or DataView.${received(buf)}`);
  }
  const state = stateOf(this);
  return state.decode(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
};
StringDecoder.prototype.end = function end(buf) {
  let out = "";
  if (buf !== undefined) out = this.write(buf);
  const state = stateOf(this);
  if (state.buffered > 0) out += state.flush();
  return out;
};
StringDecoder.prototype.text = function text(buf, offset) {
  const state = stateOf(this);
  state.missing = 0;
  state.buffered = 0;
  return this.write(buf.slice(offset));
};
Object.defineProperties(StringDecoder.prototype, {
  lastChar: { configurable: true, enumerable: true, get() { return stateOf(this).incomplete; } },
  lastNeed: { configurable: true, enumerable: true, get() { return stateOf(this).missing; } },
  lastTotal: { configurable: true, enumerable: true, get() { const s = stateOf(this); return s.buffered + s.missing; } },
});

export default { StringDecoder };
