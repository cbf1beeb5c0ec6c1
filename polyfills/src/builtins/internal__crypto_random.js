// internal/crypto_random — randomBytes, randomFill(Sync), randomInt,
// randomUUID and getRandomValues. Entropy comes from the host's CSPRNG
// through the one op "crypto.randomBytes" (at most 65536 fresh bytes per
// call); small requests are served from a 4 KiB pool so that many small
// calls do not each cross to the host. Bytes handed out are wiped from the
// pool.
/* global require */

const host = require("internal/host", true);
const { Buffer } = require("buffer");
const { E, describe, isArrayBufferView, isAnyArrayBuffer, validateFunction, validateObject, validateBoolean } = require("internal/crypto_errors", true);

const POOL_SIZE = 4096;
const HOST_MAX = 65536;
const MAX_SIZE = 2147483647;
let pool = new Uint8Array(0);
let poolPos = 0;

const source = require("internal/random_source", true);

// Under the runtime's randomSeed the bytes come from the seed's stream instead (predictable by design).
function fromHost(n) {
  const seeded = source.seeded();
  if (seeded !== null) return seeded.bytes(n);
  return new Uint8Array(host.call("crypto.randomBytes", n));
}

/** Fills `target` (a Uint8Array) with random bytes. */
function fill(target) {
  const n = target.length;
  let off = 0;
  if (n >= POOL_SIZE) {
    while (off < n) {
      const chunk = fromHost(Math.min(HOST_MAX, n - off));
      target.set(chunk, off);
      off += chunk.length;
    }
    return target;
  }
  while (off < n) {
    if (poolPos >= pool.length) {
      pool = fromHost(POOL_SIZE);
      poolPos = 0;
    }
    const take = Math.min(n - off, pool.length - poolPos);
    target.set(pool.subarray(poolPos, poolPos + take), off);
    pool.fill(0, poolPos, poolPos + take);
    poolPos += take;
    off += take;
  }
  return target;
}

/** `n` random bytes as a fresh Uint8Array. */
function random(n) {
  return fill(new Uint8Array(n));
}

const later = (fn) => globalThis.setImmediate(fn);

function validateSize(size, name = "size") {
  if (typeof size !== "number") throw E.invalidArgType(name, "of type number", size);
  if (!(size >= 0 && size <= MAX_SIZE)) throw E.outOfRange(name, `>= 0 && <= ${MAX_SIZE}`, size);
}

function randomBytes(size, callback) {
  validateSize(size);
  if (callback !== undefined) validateFunction(callback, "callback");
  const buf = Buffer.alloc(Math.floor(size));
  fill(buf);
  if (callback === undefined) return buf;
  later(() => callback(null, buf));
}

function viewOf(buf) {
  if (isAnyArrayBuffer(buf)) return new Uint8Array(buf);
  if (isArrayBufferView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  throw E.invalidArgType("buf", "an instance of ArrayBuffer or ArrayBufferView", buf);
}

function fillRange(buf, offset, size) {
  const bytes = viewOf(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  if (offset === undefined) offset = 0;
  if (typeof offset !== "number") throw E.invalidArgType("offset", "of type number", offset);
  offset *= elementSize;
  const max = bytes.length;
  if (!(offset >= 0 && offset <= max) || !Number.isInteger(offset)) throw E.outOfRange("offset", `>= 0 && <= ${max}`, offset);
  if (size === undefined) size = max - offset;
  else {
    if (typeof size !== "number") throw E.invalidArgType("size", "of type number", size);
    size *= elementSize;
    if (!(size >= 0 && size <= MAX_SIZE)) throw E.outOfRange("size", `>= 0 && <= ${MAX_SIZE}`, size);
    if (size + offset > max) throw E.outOfRange("size + offset", `<= ${max}`, size + offset);
  }
  fill(bytes.subarray(offset, offset + size));
}

function randomFillSync(buf, offset, size) {
  fillRange(buf, offset, size);
  return buf;
}

function randomFill(buf, offset, size, callback) {
  if (typeof offset === "function") {
    callback = offset;
    offset = undefined;
    size = undefined;
  } else if (typeof size === "function") {
    callback = size;
    size = undefined;
  }
  validateFunction(callback, "callback");
  fillRange(buf, offset, size);
  later(() => callback(null, buf));
}

// randomInt: rejection sampling over 48-bit values, as Node does.
const RAND_MAX = 0xffffffffffff;

function randomInt(min, max, callback) {
  const minNotSpecified = typeof max === "undefined" || typeof max === "function";
  if (minNotSpecified) {
    callback = max;
    max = min;
    min = 0;
  }
  const isSync = typeof callback === "undefined";
  if (!isSync) validateFunction(callback, "callback");
  if (!Number.isSafeInteger(min)) throw E.invalidArgType("min", "a safe integer", min);
  if (!Number.isSafeInteger(max)) throw E.invalidArgType("max", "a safe integer", max);
  if (max <= min) {
    throw E.outOfRange("max", `greater than the value of "min" (${min})`, max);
  }
  const range = max - min;
  if (!(range <= RAND_MAX)) {
    throw E.outOfRange(`max${minNotSpecified ? "" : " - min"}`, `<= ${RAND_MAX}`, range);
  }
  const randLimit = RAND_MAX - (RAND_MAX % range);
  const six = new Uint8Array(6);
  let x;
  do {
    fill(six);
    x = six[0] * 2 ** 40 + six[1] * 2 ** 32 + ((six[2] << 24) >>> 0) + (six[3] << 16) + (six[4] << 8) + six[5];
  } while (x >= randLimit);
  const n = (x % range) + min;
  if (isSync) return n;
  later(() => callback(null, n));
}

const hex = [];
for (let i = 0; i < 256; i++) hex.push((i + 0x100).toString(16).slice(1));

function randomUUID(options) {
  if (options !== undefined) validateObject(options, "options");
  if (options && options.disableEntropyCache !== undefined) validateBoolean(options.disableEntropyCache, "options.disableEntropyCache");
  const b = random(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return (
    hex[b[0]] + hex[b[1]] + hex[b[2]] + hex[b[3]] + "-" + hex[b[4]] + hex[b[5]] + "-" + hex[b[6]] + hex[b[7]] + "-" +
    hex[b[8]] + hex[b[9]] + "-" + hex[b[10]] + hex[b[11]] + hex[b[12]] + hex[b[13]] + hex[b[14]] + hex[b[15]]
  );
}

const INTEGER_ARRAYS = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array"];

/** Web Crypto's getRandomValues (the integer typed arrays, at most 65536 bytes). */
function getRandomValues(data) {
  if (arguments.length < 1) throw E.missingArgs("typedArray");
  const tag = isArrayBufferView(data) ? Object.prototype.toString.call(data).slice(8, -1) : "";
  if (!INTEGER_ARRAYS.includes(tag) && !(data instanceof Uint8Array)) {
    throw E.dom("The data argument must be an integer-type TypedArray", "TypeMismatchError");
  }
  if (data.byteLength > HOST_MAX) throw E.dom(`The requested length exceeds 65,536 bytes`, "QuotaExceededError");
  fill(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return data;
}

export default { random, fill, randomBytes, randomFill, randomFillSync, randomInt, randomUUID, getRandomValues, describe };
