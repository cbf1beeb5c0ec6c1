// internal/crypto_hash — Hash, Hmac, crypto.hash and getHashes, computed in
// the sandbox with @noble/hashes (internal/crypto_noble). Also resolves
// digest names (OpenSSL's aliases, case-insensitive) for the other crypto
// files: KDFs, signatures, Web Crypto.
/* global require */

const { Buffer } = require("buffer");
const noble = require("internal/crypto_noble", true);
const LazyTransform = require("internal/crypto_lazy_transform", true);
const { E, toBytes, encodeOut, validateString, validateObject, validateUint32, isArrayBufferView, isAnyArrayBuffer } = require("internal/crypto_errors", true);

const H = noble.hashes;
/** Canonical name -> [noble hasher, output bytes, block bytes]. */
const DIGESTS = {
  md5: H.md5,
  sha1: H.sha1,
  ripemd160: H.ripemd160,
  sha224: H.sha224,
  sha256: H.sha256,
  sha384: H.sha384,
  sha512: H.sha512,
  "sha512-224": H.sha512_224,
  "sha512-256": H.sha512_256,
  "sha3-224": H.sha3_224,
  "sha3-256": H.sha3_256,
  "sha3-384": H.sha3_384,
  "sha3-512": H.sha3_512,
  shake128: H.shake128,
  shake256: H.shake256,
};
const XOF_DEFAULT = { shake128: 16, shake256: 32 };
const ALIASES = {
  "ripemd-160": "ripemd160", rmd160: "ripemd160", ripemd: "ripemd160", "sha-1": "sha1",
  "sha-224": "sha224", "sha-256": "sha256", "sha-384": "sha384", "sha-512": "sha512",
  "sha2-224": "sha224", "sha2-256": "sha256", "sha2-384": "sha384", "sha2-512": "sha512",
  "sha512/224": "sha512-224", "sha512/256": "sha512-256", "sha2-512/224": "sha512-224", "sha2-512/256": "sha512-256",
  "sha-512/224": "sha512-224", "sha-512/256": "sha512-256",
  md5withrsaencryption: "md5", sha1withrsaencryption: "sha1", sha224withrsaencryption: "sha224",
  sha256withrsaencryption: "sha256", sha384withrsaencryption: "sha384", sha512withrsaencryption: "sha512",
  "sha512-224withrsaencryption": "sha512-224", "sha512-256withrsaencryption": "sha512-256", ripemd160withrsa: "ripemd160",
  "rsa-sha1-2": "sha1", "ssl3-md5": "md5", "ssl3-sha1": "sha1",
  "id-rsassa-pkcs1-v1_5-with-sha3-224": "sha3-224", "id-rsassa-pkcs1-v1_5-with-sha3-256": "sha3-256",
  "id-rsassa-pkcs1-v1_5-with-sha3-384": "sha3-384", "id-rsassa-pkcs1-v1_5-with-sha3-512": "sha3-512",
};

/** The canonical digest name for `name` (any OpenSSL spelling), or null. */
function digestName(name) {
  if (typeof name !== "string") return null;
  let n = name.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(DIGESTS, n)) return n;
  if (Object.prototype.hasOwnProperty.call(ALIASES, n)) return ALIASES[n];
  if (n.startsWith("rsa-")) {
    n = n.slice(4);
    if (Object.prototype.hasOwnProperty.call(DIGESTS, n)) return n;
    if (Object.prototype.hasOwnProperty.call(ALIASES, n)) return ALIASES[n];
  }
  return null;
}

/** The noble hasher for `name`, or null. */
function hasherFor(name) {
  const n = digestName(name);
  return n === null ? null : DIGESTS[n];
}

/** One-shot digest of bytes with a canonical or aliased name (throws on unknown). */
function digest(name, bytes, outputLength) {
  const n = digestName(name);
  if (n === null) throw E.code(Error, undefined, "Digest method not supported");
  if (n in XOF_DEFAULT) return DIGESTS[n](bytes, { dkLen: outputLength === undefined ? XOF_DEFAULT[n] : outputLength });
  return DIGESTS[n](bytes);
}

const kState = Symbol("kState");

function Hash(algorithm, options) {
  if (!(this instanceof Hash)) return new Hash(algorithm, options);
  let xofLen;
  if (algorithm instanceof Hash) {
    // Hash.copy()
    const from = algorithm[kState];
    // A copy takes the output length it is given, else the algorithm's default.
    xofLen = options && options.outputLength !== undefined ? options.outputLength : undefined;
    this[kState] = { name: from.name, ctx: from.ctx.clone(), finalized: false, xofLen };
    LazyTransform.call(this, options);
    return;
  }
  validateString(algorithm, "algorithm");
  if (options !== undefined && options !== null && typeof options === "object" && options.outputLength !== undefined) {
    validateUint32(options.outputLength, "options.outputLength");
    xofLen = options.outputLength;
  }
  const name = digestName(algorithm);
  if (name === null) throw E.code(Error, undefined, "Digest method not supported");
  if (xofLen !== undefined && !(name in XOF_DEFAULT) && xofLen !== DIGESTS[name].outputLen) {
    throw E.code(Error, "ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH", "error:0308010C:digital envelope routines::not XOF or invalid length");
  }
  this[kState] = { name, ctx: DIGESTS[name].create(), finalized: false, xofLen };
  LazyTransform.call(this, options);
}
Object.setPrototypeOf(Hash.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hash, LazyTransform);

Hash.prototype.copy = function copy(options) {
  if (this[kState].finalized) throw E.code(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
  return new Hash(this, options);
};
Hash.prototype._transform = function _transform(chunk, encoding, callback) {
  this.update(chunk, encoding);
  callback();
};
Hash.prototype._flush = function _flush(callback) {
  // As Node's handle does: the stream's digest is kept, and digest() later returns it.
  const state = this[kState];
  if (state.cached === undefined) state.cached = finish(state);
  this.push(Buffer.from(state.cached));
  callback();
};

/** The digest of a Hash's state (an XOF squeezes its output length). */
function finish(state) {
  if (!(state.name in XOF_DEFAULT)) return state.ctx.digest();
  const n = state.xofLen === undefined ? XOF_DEFAULT[state.name] : state.xofLen;
  return n === 0 ? new Uint8Array(0) : state.ctx.xof(n);
}
Hash.prototype.update = function update(data, encoding) {
  const state = this[kState];
  if (state.finalized) throw E.code(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
  if (typeof data !== "string" && !isArrayBufferView(data)) {
    throw E.invalidArgType("data", "of type string or an instance of Buffer, TypedArray, or DataView", data);
  }
  state.ctx.update(toBytes(data, "data", encoding));
  return this;
};
Hash.prototype.digest = function digest(outputEncoding) {
  const state = this[kState];
  if (state.finalized) throw E.code(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
  const encoding = normalizeEncoding(outputEncoding);
  state.finalized = true;
  if (state.cached === undefined) state.cached = finish(state);
  return encodeOut(Buffer.from(state.cached), encoding);
};

function normalizeEncoding(enc) {
  if (enc === undefined || enc === null || enc === "" || enc === "buffer") return undefined;
  enc = `${enc}`;
  // Node's digest() returns a Buffer for an encoding it does not know.
  return Buffer.isEncoding(enc) ? enc : "buffer";
}

// ---- Hmac ----------------------------------------------------------------------

function keyBytes(key, encoding) {
  if (typeof key === "string") return Buffer.from(key, encoding && encoding !== "buffer" ? encoding : "utf8");
  if (isArrayBufferView(key)) return new Uint8Array(key.buffer, key.byteOffset, key.byteLength);
  if (isAnyArrayBuffer(key)) return new Uint8Array(key);
  if (key !== null && typeof key === "object") {
    const keys = require("internal/crypto_keys", true);
    const secret = keys.secretBytesOf(key);
    if (secret !== null) return secret;
  }
  throw E.invalidArgType("key", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey", key);
}

function Hmac(hmac, key, options) {
  if (!(this instanceof Hmac)) return new Hmac(hmac, key, options);
  validateString(hmac, "hmac");
  const encoding = options && typeof options === "object" ? options.encoding : undefined;
  const bytes = keyBytes(key, encoding);
  const hasher = hasherFor(hmac);
  const name = digestName(hmac);
  if (hasher === null || name in XOF_DEFAULT) throw E.code(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${hmac}`);
  this[kState] = { ctx: noble.hmac.create(hasher, bytes), finalized: false };
  LazyTransform.call(this, options);
}
Object.setPrototypeOf(Hmac.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hmac, LazyTransform);
Hmac.prototype.update = Hash.prototype.update;
Hmac.prototype._transform = Hash.prototype._transform;
Hmac.prototype._flush = function _flush(callback) {
  const state = this[kState];
  if (state.cached === undefined) state.cached = state.ctx.digest();
  this.push(Buffer.from(state.cached));
  callback();
};
Hmac.prototype.digest = function digest(outputEncoding) {
  const state = this[kState];
  const enc = normalizeEncoding(outputEncoding);
  if (state.finalized) return encodeOut(Buffer.alloc(0), enc);
  if (state.cached !== undefined) {
    state.finalized = true;
    return encodeOut(Buffer.from(state.cached), enc);
  }
  state.finalized = true;
  return encodeOut(Buffer.from(state.ctx.digest()), enc);
};

/** crypto.hash(algorithm, data[, outputEncoding]) */
function hash(algorithm, input, outputEncoding = "hex") {
  validateString(algorithm, "algorithm");
  if (typeof input !== "string" && !isArrayBufferView(input)) {
    throw E.invalidArgType("input", "of type string or an instance of Buffer, TypedArray, or DataView", input);
  }
  if (outputEncoding !== undefined) validateString(outputEncoding, "outputEncoding");
  const name = digestName(algorithm);
  if (name === null) throw E.code(Error, undefined, "Digest method not supported");
  if (outputEncoding !== "buffer" && !Buffer.isEncoding(outputEncoding)) throw E.invalidArgValue("outputEncoding", outputEncoding);
  const out = Buffer.from(digest(name, toBytes(input, "input")));
  return outputEncoding === "buffer" ? out : out.toString(outputEncoding);
}

const HASH_LIST = [
  "RSA-MD5", "RSA-RIPEMD160", "RSA-SHA1", "RSA-SHA1-2", "RSA-SHA224", "RSA-SHA256", "RSA-SHA3-224", "RSA-SHA3-256",
  "RSA-SHA3-384", "RSA-SHA3-512", "RSA-SHA384", "RSA-SHA512", "RSA-SHA512/224", "RSA-SHA512/256",
  "id-rsassa-pkcs1-v1_5-with-sha3-224", "id-rsassa-pkcs1-v1_5-with-sha3-256", "id-rsassa-pkcs1-v1_5-with-sha3-384",
  "id-rsassa-pkcs1-v1_5-with-sha3-512", "md5", "md5WithRSAEncryption", "ripemd", "ripemd160", "ripemd160WithRSA",
  "rmd160", "sha1", "sha1WithRSAEncryption", "sha224", "sha224WithRSAEncryption", "sha256", "sha256WithRSAEncryption",
  "sha3-224", "sha3-256", "sha3-384", "sha3-512", "sha384", "sha384WithRSAEncryption", "sha512", "sha512-224",
  "sha512-224WithRSAEncryption", "sha512-256", "sha512-256WithRSAEncryption", "sha512WithRSAEncryption", "shake128",
  "shake256", "ssl3-md5", "ssl3-sha1",
];

function getHashes() {
  return HASH_LIST.slice();
}

/** Output and block sizes in bytes of a canonical digest. */
function digestSizes(name) {
  const h = DIGESTS[name];
  return { outputLen: h.outputLen, blockLen: h.blockLen };
}

export default { Hash, Hmac, hash, getHashes, digestName, hasherFor, digest, digestSizes, keyBytes, validateObject };
