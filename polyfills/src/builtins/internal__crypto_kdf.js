// internal/crypto_kdf — pbkdf2, scrypt and hkdf (sync and callback forms),
// computed in the sandbox with @noble/hashes. The callback forms validate
// synchronously, as Node does, and call back on a later turn of the loop.
/* global require */

const { Buffer } = require("buffer");
const noble = require("internal/crypto_noble", true);
const { digestName, hasherFor, keyBytes } = require("internal/crypto_hash", true);
const { E, isArrayBufferView, isAnyArrayBuffer, validateFunction, validateString, validateInt32, validateObject } = require("internal/crypto_errors", true);

/** The callback forms: checks `callback`, then on a later turn calls it with run()'s result or error. */
function callBackLater(run, callback) {
  validateFunction(callback, "callback");
  globalThis.setImmediate(() => {
    let out;
    try {
      out = run();
    } catch (err) {
      callback(err);
      return;
    }
    callback(null, out);
  });
}

function binaryLike(value, name) {
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (isArrayBufferView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (isAnyArrayBuffer(value)) return new Uint8Array(value);
  throw E.invalidArgType(name, "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", value);
}

function digestHasher(digest) {
  validateString(digest, "digest");
  const hasher = hasherFor(digest);
  const name = digestName(digest);
  if (hasher === null || name === "shake128" || name === "shake256") throw E.code(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${digest}`);
  return hasher;
}

// ---- pbkdf2 ----------------------------------------------------------------------

function pbkdf2Args(password, salt, iterations, keylen, digest) {
  const p = binaryLike(password, "password");
  const s = binaryLike(salt, "salt");
  validateInt32(iterations, "iterations", 1);
  validateInt32(keylen, "keylen", 0);
  const hasher = digestHasher(digest);
  return () => (keylen === 0 ? Buffer.alloc(0) : Buffer.from(noble.pbkdf2(hasher, p, s, { c: iterations, dkLen: keylen })));
}

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return pbkdf2Args(password, salt, iterations, keylen, digest)();
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === "function") {
    callback = digest;
    digest = undefined;
  }
  const run = pbkdf2Args(password, salt, iterations, keylen, digest);
  callBackLater(run, callback);
}

// ---- scrypt ------------------------------------------------------------------------

const SCRYPT_DEFAULTS = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 };

function invalidScrypt(detail) {
  return E.code(RangeError, "ERR_CRYPTO_INVALID_SCRYPT_PARAMS", detail ? `Invalid scrypt params: ${detail}` : "Invalid scrypt params");
}

function scryptOptions(options) {
  const o = { ...SCRYPT_DEFAULTS };
  if (options === undefined || options === null) return o;
  validateObject(options, "options");
  const pick = (a, b, key) => {
    const hasA = options[a] !== undefined;
    const hasB = options[b] !== undefined;
    if (hasA && hasB) throw E.code(Error, "ERR_CRYPTO_SCRYPT_INVALID_PARAMETER", "Invalid scrypt parameter");
    if (hasA || hasB) {
      const v = hasA ? options[a] : options[b];
      validateUint(v, hasA ? a : b);
      o[key] = v;
    }
  };
  pick("N", "cost", "N");
  pick("r", "blockSize", "r");
  pick("p", "parallelization", "p");
  if (options.maxmem !== undefined) {
    const m = options.maxmem;
    if (typeof m !== "number") throw E.invalidArgType("maxmem", "of type number", m);
    if (!Number.isSafeInteger(m) || m < 0) throw E.outOfRange("maxmem", `>= 0 && <= ${Number.MAX_SAFE_INTEGER}`, m);
    o.maxmem = m;
  }
  return o;
}

function validateUint(v, name) {
  if (typeof v !== "number") throw E.invalidArgType(name, "of type number", v);
  if (!Number.isInteger(v)) throw E.outOfRange(name, "an integer", v);
  if (v < 0 || v > 4294967295) throw E.outOfRange(name, ">= 0 && <= 4294967295", v);
}

function scryptArgs(password, salt, keylen, options) {
  const pw = binaryLike(password, "password");
  const s = binaryLike(salt, "salt");
  validateInt32(keylen, "keylen", 0);
  const { N, r, p, maxmem } = scryptOptions(options);
  if (N < 2 || (N & (N - 1)) !== 0) throw invalidScrypt();
  if (r < 1 || p < 1) throw invalidScrypt();
  const memoryLimit = () => invalidScrypt("error:030000AC:digital envelope routines::memory limit exceeded");
  // OpenSSL's limits: N < 2^(16r), p <= (2^30-1)/r, and its memory estimate
  // (the B array, 128*r*p, plus V, 128*r*(N+2)) within maxmem.
  if (16 * r < 64 && N >= 2 ** (16 * r)) throw memoryLimit();
  if (p > (2 ** 30 - 1) / r) throw memoryLimit();
  const need = 128 * r * p + 128 * r * (N + 2);
  if (need > maxmem) throw memoryLimit();
  return () => (keylen === 0 ? Buffer.alloc(0) : Buffer.from(noble.scrypt(pw, s, { N, r, p, dkLen: keylen, maxmem: Math.max(maxmem, need) + 1024 })));
}

function scryptSync(password, salt, keylen, options) {
  return scryptArgs(password, salt, keylen, options)();
}

function scrypt(password, salt, keylen, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = undefined;
  }
  const run = scryptArgs(password, salt, keylen, options);
  callBackLater(run, callback);
}

// ---- hkdf ----------------------------------------------------------------------------

function hkdfArgs(digest, ikm, salt, info, keylen) {
  // Node's order: the arguments' types and ranges first, the digest's name last.
  validateString(digest, "digest");
  let key;
  if (typeof ikm === "string" || isArrayBufferView(ikm) || isAnyArrayBuffer(ikm)) key = binaryLike(ikm, "ikm");
  else {
    try {
      key = keyBytes(ikm);
    } catch {
      throw E.invalidArgType("ikm", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, or KeyObject", ikm);
    }
  }
  const s = binaryLike(salt, "salt");
  const i = binaryLike(info, "info");
  if (typeof keylen !== "number") throw E.invalidArgType("length", "of type number", keylen);
  if (!Number.isSafeInteger(keylen)) throw E.outOfRange("length", "an integer", keylen);
  const kMaxLength = require("buffer").kMaxLength;
  if (keylen < 0 || keylen > kMaxLength) throw E.outOfRange("length", `>= 0 && <= ${kMaxLength}`, keylen);
  if (i.byteLength > 1024) throw E.outOfRange("info", "must not contain more than 1024 bytes", i.byteLength);
  const hasher = digestHasher(digest);
  if (keylen > 255 * hasher.outputLen) throw E.code(RangeError, "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length");
  return () => {
    const out = keylen === 0 ? new Uint8Array(0) : noble.hkdf(hasher, key, s, i, keylen);
    return out.buffer.byteLength === out.byteLength ? out.buffer : out.slice().buffer;
  };
}

function hkdfSync(digest, ikm, salt, info, keylen) {
  return hkdfArgs(digest, ikm, salt, info, keylen)();
}

function hkdf(digest, ikm, salt, info, keylen, callback) {
  const run = hkdfArgs(digest, ikm, salt, info, keylen);
  callBackLater(run, callback);
}

export default { pbkdf2, pbkdf2Sync, scrypt, scryptSync, hkdf, hkdfSync, binaryLike, digestHasher };
