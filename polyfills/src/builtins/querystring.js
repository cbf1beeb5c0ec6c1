// node:querystring — querystring-es3, the browserify port of Node's module,
// with Node's escape/unescape (tolerant of malformed percent-encoding) and its
// encodeURIComponent/decodeURIComponent options; parse returns an object
// without prototype, as Node's does.
import port from "querystring-es3";

function invalidUri() {
  const err = new URIError("URI malformed");
  err.code = "ERR_INVALID_URI";
  return err;
}

const hex = (b) => `%${b < 16 ? "0" : ""}${b.toString(16).toUpperCase()}`;
// What encodeURIComponent leaves alone is what Node's querystring leaves alone.
const noEscape = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || "-_.!~*'()".includes(String.fromCharCode(c));

/**
 * Node's querystring.escape (its encodeStr): percent-encoded UTF-8, except
 * that a high surrogate takes the next code unit with it whatever it is, as
 * Node's does; only a surrogate at the very end is ERR_INVALID_URI.
 */
function escape(str) {
  if (typeof str !== "string") str = typeof str === "object" ? String(str) : `${str}`;
  let out = "";
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) out += noEscape(c) ? str[i] : hex(c);
    else if (c < 0x800) out += hex(0xc0 | (c >> 6)) + hex(0x80 | (c & 0x3f));
    else if (c < 0xd800 || c >= 0xe000) out += hex(0xe0 | (c >> 12)) + hex(0x80 | ((c >> 6) & 0x3f)) + hex(0x80 | (c & 0x3f));
    else {
      if (++i >= str.length) throw invalidUri();
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
      out += hex(0xf0 | (c >> 18)) + hex(0x80 | ((c >> 12) & 0x3f)) + hex(0x80 | ((c >> 6) & 0x3f)) + hex(0x80 | (c & 0x3f));
    }
  }
  return out;
}

// Node's unhexTable: the value of each hex digit's char code, -1 otherwise.
function unhex(code) {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** Node's querystring.unescapeBuffer: %XX sequences to bytes, the rest as is. */
function unescapeBuffer(s, decodeSpaces) {
  const { Buffer } = require("buffer");
  const out = Buffer.allocUnsafe(s.length);
  const maxLength = s.length - 2;
  let index = 0;
  let outIndex = 0;
  let hasHex = false;
  while (index < s.length) {
    let currentChar = s.charCodeAt(index);
    if (currentChar === 43 /* + */ && decodeSpaces) {
      out[outIndex++] = 32;
      index++;
      continue;
    }
    if (currentChar === 37 /* % */ && index < maxLength) {
      currentChar = s.charCodeAt(++index);
      const hexHigh = unhex(currentChar);
      if (!(hexHigh >= 0)) {
        out[outIndex++] = 37;
        continue;
      } else {
        const hexLow = unhex(s.charCodeAt(++index));
        if (!(hexLow >= 0)) {
          out[outIndex++] = 37;
          index--;
        } else {
          hasHex = true;
          currentChar = hexHigh * 16 + hexLow;
        }
      }
    }
    out[outIndex++] = currentChar;
    index++;
  }
  return hasHex ? out.slice(0, outIndex) : out;
}

/** Node's querystring.unescape: decodeURIComponent, or bytewise when malformed. */
function unescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch {
    return querystring.unescapeBuffer(s, decodeSpaces).toString();
  }
}

function parse(qs, sep, eq, options) {
  const decode = options && typeof options.decodeURIComponent === "function" ? options.decodeURIComponent : querystring.unescape;
  return port.parse(qs, sep, eq, options, decode);
}

function stringify(obj, sep, eq, options) {
  const encode = options && typeof options.encodeURIComponent === "function" ? options.encodeURIComponent : querystring.escape;
  if (obj === null || typeof obj !== "object") return "";
  return port.stringify(obj, sep, eq, undefined, encode);
}

const querystring = {
  unescapeBuffer,
  unescape,
  escape,
  stringify,
  encode: stringify,
  parse,
  decode: parse,
};
export default querystring;
