// Node's argument checks for the Buffer methods the `buffer` port checks
// loosely or not at all (lib/buffer.js): equals and compare take any
// Uint8Array, and fail with ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE and
// Node's messages.
import { describeReceived, withNodeToString } from "./errors.js";

const kMaxLength = 2 ** 32;

function addNumericalSeparator(val) {
  let res = "";
  let i = val.length;
  const start = val[0] === "-" ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${val.slice(i - 3, i)}${res}`;
  return `${val.slice(0, i)}${res}`;
}

/** ERR_OUT_OF_RANGE as Node words it (big integers with `_` separators, others as inspect shows them). */
export function outOfRange(name, range, input) {
  let received;
  if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) received = addNumericalSeparator(String(input));
  else if (typeof input === "bigint") {
    received = String(input);
    if (input > 2n ** 32n || input < -(2n ** 32n)) received = addNumericalSeparator(received);
    received += "n";
  } else if (typeof input === "string") received = `'${input}'`;
  else received = Object.is(input, -0) ? "-0" : String(input);
  const err = new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${received}`);
  err.code = "ERR_OUT_OF_RANGE";
  return withNodeToString(err);
}

function invalidType(name, expected, value) {
  const err = new TypeError(`The "${name}" argument must be ${expected}.${describeReceived(value)}`);
  err.code = "ERR_INVALID_ARG_TYPE";
  return withNodeToString(err);
}

/** Node's validateInteger, as Buffer's offset checks use it. */
export function validateOffset(value, name, min = 0, max = kMaxLength) {
  if (typeof value !== "number") throw invalidType(name, "of type number", value);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

const isUint8Array = (value) => value instanceof Uint8Array;

function compareBytes(a, b, aStart, aEnd, bStart, bEnd) {
  const x = aEnd - aStart;
  const y = bEnd - bStart;
  const len = Math.min(x, y);
  for (let i = 0; i < len; i++) {
    const p = a[aStart + i];
    const q = b[bStart + i];
    if (p !== q) return p < q ? -1 : 1;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Puts Node's checks on the port's Buffer.
 * @param {typeof import("buffer").Buffer} Buffer
 */
export function applyBufferChecks(Buffer) {
  Buffer.compare = function compare(buf1, buf2) {
    if (!isUint8Array(buf1)) throw invalidType("buf1", "an instance of Buffer or Uint8Array", buf1);
    if (!isUint8Array(buf2)) throw invalidType("buf2", "an instance of Buffer or Uint8Array", buf2);
    if (buf1 === buf2) return 0;
    return compareBytes(buf1, buf2, 0, buf1.length, 0, buf2.length);
  };
  Buffer.prototype.equals = function equals(otherBuffer) {
    if (!isUint8Array(otherBuffer)) throw invalidType("otherBuffer", "an instance of Buffer or Uint8Array", otherBuffer);
    if (this === otherBuffer) return true;
    if (this.byteLength !== otherBuffer.byteLength) return false;
    return this.byteLength === 0 || compareBytes(this, otherBuffer, 0, this.length, 0, otherBuffer.length) === 0;
  };
  Buffer.prototype.compare = function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
    if (!isUint8Array(target)) throw invalidType("target", "an instance of Buffer or Uint8Array", target);
    if (arguments.length === 1) return compareBytes(this, target, 0, this.length, 0, target.length);
    if (targetStart === undefined) targetStart = 0;
    else validateOffset(targetStart, "targetStart");
    if (targetEnd === undefined) targetEnd = target.length;
    else validateOffset(targetEnd, "targetEnd", 0, target.length);
    if (sourceStart === undefined) sourceStart = 0;
    else validateOffset(sourceStart, "sourceStart");
    if (sourceEnd === undefined) sourceEnd = this.length;
    else validateOffset(sourceEnd, "sourceEnd", 0, this.length);
    if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
    if (targetStart >= targetEnd) return 1;
    for (const [name, value, max] of [["sourceStart", sourceStart, this.length], ["targetStart", targetStart, target.length]]) {
      if (value > max) throw Object.assign(new RangeError(`The value of "${name}" is out of range.`), { code: "ERR_OUT_OF_RANGE" });
    }
    return compareBytes(this, target, sourceStart, sourceEnd, targetStart, targetEnd);
  };
}

// ---- read/write of numbers: Node's offset, byteLength and value checks ----

function validateNumber(value, name) {
  if (typeof value !== "number") throw invalidType(name, "of type number", value);
}

function boundsError(value, length, type) {
  if (Math.floor(value) !== value) {
    validateNumber(value, type || "offset");
    throw outOfRange(type || "offset", "an integer", value);
  }
  if (length < 0) {
    const err = new RangeError("Attempt to access memory outside buffer bounds");
    err.code = "ERR_BUFFER_OUT_OF_BOUNDS";
    throw err;
  }
  throw outOfRange(type || "offset", `>= ${type ? 1 : 0} and <= ${length}`, value);
}

function checkReadOffset(buf, offset, size) {
  validateNumber(offset, "offset");
  if (buf[offset] === undefined || buf[offset + size - 1] === undefined) boundsError(offset, buf.length - size);
}

function checkIntValue(value, min, max, buf, offset, size) {
  if (value > max || value < min) {
    const n = typeof min === "bigint" ? "n" : "";
    let range;
    if (size > 4) {
      if (min === 0 || min === 0n) range = `>= 0${n} and < 2${n} ** ${size * 8}${n}`;
      else range = `>= -(2${n} ** ${size * 8 - 1}${n}) and < 2${n} ** ${size * 8 - 1}${n}`;
    } else {
      range = `>= ${min}${n} and <= ${max}${n}`;
    }
    throw outOfRange("value", range, value);
  }
  checkReadOffset(buf, offset, size);
}

function checkByteLength(byteLength) {
  if (byteLength === undefined) throw invalidType("byteLength", "of type number", byteLength);
  if (!(byteLength >= 1 && byteLength <= 6) || Math.floor(byteLength) !== byteLength) boundsError(byteLength, 6, "byteLength");
}

const FIXED = [
  // name, size, min, max (write only), read?
  ["UInt8", 1, 0, 0xff], ["Int8", 1, -0x80, 0x7f],
  ["UInt16LE", 2, 0, 0xffff], ["UInt16BE", 2, 0, 0xffff], ["Int16LE", 2, -0x8000, 0x7fff], ["Int16BE", 2, -0x8000, 0x7fff],
  ["UInt32LE", 4, 0, 0xffffffff], ["UInt32BE", 4, 0, 0xffffffff], ["Int32LE", 4, -0x80000000, 0x7fffffff], ["Int32BE", 4, -0x80000000, 0x7fffffff],
  ["BigUInt64LE", 8, 0n, 0xffffffffffffffffn], ["BigUInt64BE", 8, 0n, 0xffffffffffffffffn],
  ["BigInt64LE", 8, -(2n ** 63n), 2n ** 63n - 1n], ["BigInt64BE", 8, -(2n ** 63n), 2n ** 63n - 1n],
];
const FLOATS = [["FloatLE", 4], ["FloatBE", 4], ["DoubleLE", 8], ["DoubleBE", 8]];
const intRange = (size, signed) => (signed ? [-(2 ** (size * 8 - 1)), 2 ** (size * 8 - 1) - 1] : [0, 2 ** (size * 8) - 1]);

/**
 * Puts Node's checks on the port's read/write methods for numbers (the
 * port checks less, and with other errors).
 * @param {typeof import("buffer").Buffer} Buffer
 */
export function applyNumberChecks(Buffer) {
  const proto = Buffer.prototype;
  const wrap = (name, check) => {
    const original = proto[name];
    if (typeof original !== "function") return;
    const method = { [name](...args) { check(this, args); return original.apply(this, args); } }[name];
    Object.defineProperty(proto, name, { value: method, writable: true, configurable: true, enumerable: true });
  };
  const aliases = (name) => (name.includes("UInt") ? [name, name.replace("UInt", "Uint")] : [name]);
  for (const [suffix, size, min, max] of FIXED) {
    for (const n of aliases(suffix)) {
      wrap(`read${n}`, (buf, args) => {
        if (args[0] === undefined) args[0] = 0;
        checkReadOffset(buf, args[0], size);
      });
      wrap(`write${n}`, (buf, args) => {
        if (args[1] === undefined) args[1] = 0;
        const value = typeof min === "bigint" ? args[0] : +args[0];
        checkIntValue(value, min, max, buf, args[1], size);
      });
    }
  }
  for (const [suffix, size] of FLOATS) {
    wrap(`read${suffix}`, (buf, args) => {
      if (args[0] === undefined) args[0] = 0;
      checkReadOffset(buf, args[0], size);
    });
    wrap(`write${suffix}`, (buf, args) => {
      if (args[1] === undefined) args[1] = 0;
      checkReadOffset(buf, args[1], size);
    });
  }
  for (const endian of ["LE", "BE"]) {
    for (const signed of [false, true]) {
      for (const n of aliases(`${signed ? "Int" : "UInt"}${endian}`)) {
        wrap(`read${n}`, (buf, args) => {
          if (args[0] === undefined) throw invalidType("offset", "of type number", args[0]);
          checkByteLength(args[1]);
          checkReadOffset(buf, args[0], args[1]);
        });
        wrap(`write${n}`, (buf, args) => {
          checkByteLength(args[2]);
          const [lo, hi] = intRange(args[2], signed);
          checkIntValue(+args[0], lo, hi, buf, args[1], args[2]);
        });
      }
    }
  }
}
