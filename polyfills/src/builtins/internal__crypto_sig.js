// internal/crypto_sig — Sign and Verify (createSign / createVerify) and the
// one-shot sign / verify: RSASSA-PKCS1-v1_5 and RSASSA-PSS (internal/crypto_rsa),
// ECDSA on P-256/384/521 with DER or IEEE-P1363 signatures, and Ed25519
// (@noble/curves through internal/crypto_key_formats).
/* global require */

const { Buffer } = require("buffer");
const LazyTransform = require("internal/crypto_lazy_transform", true);
const hashing = require("internal/crypto_hash", true);
const keys = require("internal/crypto_keys", true);
const formats = require("internal/crypto_key_formats", true);
const rsa = require("internal/crypto_rsa", true);
const { random } = require("internal/crypto_random", true);
const { E, isArrayBufferView, validateString, validateFunction } = require("internal/crypto_errors", true);

const RSA_PKCS1_PSS_PADDING = 6;

function signOptions(key) {
  const o = { dsaEncoding: "der", padding: undefined, saltLength: undefined };
  if (key !== null && typeof key === "object" && !isArrayBufferView(key) && keys.materialOf(key) === undefined) {
    if (key.dsaEncoding !== undefined) {
      if (key.dsaEncoding !== "der" && key.dsaEncoding !== "ieee-p1363") throw E.invalidArgValue("options.dsaEncoding", key.dsaEncoding);
      o.dsaEncoding = key.dsaEncoding;
    }
    if (key.padding !== undefined) {
      if (!Number.isInteger(key.padding)) throw E.invalidArgValue("options.padding", key.padding);
      o.padding = key.padding;
    }
    if (key.saltLength !== undefined) {
      if (!Number.isInteger(key.saltLength)) throw E.invalidArgValue("options.saltLength", key.saltLength);
      o.saltLength = key.saltLength;
    }
  }
  return o;
}

function notSupportedForKey() {
  return E.ossl("operation not supported for this keytype", "digital envelope routines", "03000096");
}

/** Signs `data` (bytes) with key material `m`, hashing with `digest` (a canonical name or null). */
function signWith(m, digest, data, opts, prehashed) {
  if (m.kind === "okp") {
    if (m.curve !== "Ed25519" && m.curve !== "Ed448") throw notSupportedForKey();
    if (prehashed) throw notSupportedForKey();
    return formats.okpImpl(m.curve).sign(data, m.d);
  }
  const name = digest || "sha256";
  const hashed = prehashed ? data : hashing.digest(name, data);
  if (m.kind === "rsa") {
    const pss = m.type === "rsa-pss" || opts.padding === RSA_PKCS1_PSS_PADDING;
    if (opts.padding !== undefined && opts.padding !== 1 && opts.padding !== RSA_PKCS1_PSS_PADDING) throw E.ossl("illegal or unsupported padding mode", "Provider routines", "1C8000A5");
    try {
      if (pss) return rsa.pssSign(m, name, hashed, opts.saltLength === undefined && m.pss ? m.pss.saltLength : opts.saltLength);
      return rsa.pkcs1Sign(m, name, hashed);
    } catch (err) {
      if (err instanceof rsa.RsaError) throw E.ossl(err.reason, "RSA routines", "1C80006E");
      throw err;
    }
  }
  const impl = formats.ecImpl(m.curve);
  return impl.sign(hashed, m.d, { prehash: false, lowS: false, extraEntropy: random(32), format: opts.dsaEncoding === "ieee-p1363" ? "compact" : "der" });
}

function verifyWith(m, digest, data, signature, opts, prehashed) {
  if (m.kind === "okp") {
    if (m.curve !== "Ed25519" && m.curve !== "Ed448") throw notSupportedForKey();
    try {
      return formats.okpImpl(m.curve).verify(signature, data, m.pub, m.curve === "Ed25519" ? { zip215: false } : {});
    } catch {
      return false;
    }
  }
  const name = digest || "sha256";
  const hashed = prehashed ? data : hashing.digest(name, data);
  if (m.kind === "rsa") {
    const pss = m.type === "rsa-pss" || opts.padding === RSA_PKCS1_PSS_PADDING;
    if (pss) return rsa.pssVerify(m, name, hashed, signature, opts.saltLength === undefined && m.pss ? m.pss.saltLength : opts.saltLength);
    return rsa.pkcs1Verify(m, name, hashed, signature);
  }
  const impl = formats.ecImpl(m.curve);
  const format = opts.dsaEncoding === "ieee-p1363" ? "compact" : "der";
  try {
    return impl.verify(signature, hashed, m.pub, { prehash: false, lowS: false, format });
  } catch {
    return false;
  }
}

function digestOf(algorithm) {
  if (algorithm === undefined || algorithm === null) return null;
  validateString(algorithm, "algorithm");
  const name = hashing.digestName(algorithm);
  if (name === null) throw E.code(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${algorithm}`);
  return name;
}

const kState = Symbol("kState");

function Sign(algorithm, options) {
  if (!(this instanceof Sign)) return new Sign(algorithm, options);
  init(this, algorithm, options);
}
function Verify(algorithm, options) {
  if (!(this instanceof Verify)) return new Verify(algorithm, options);
  init(this, algorithm, options);
}
function init(self, algorithm, options) {
  validateString(algorithm, "algorithm");
  const name = hashing.digestName(algorithm);
  if (name === null) throw E.code(TypeError, "ERR_CRYPTO_INVALID_DIGEST", "Invalid digest");
  self[kState] = { name, chunks: [] };
  LazyTransform.call(self, options);
}

function update(data, encoding) {
  if (typeof data !== "string" && !isArrayBufferView(data)) {
    throw E.invalidArgType("data", "of type string or an instance of Buffer, TypedArray, or DataView", data);
  }
  const bytes = typeof data === "string" ? Buffer.from(data, encoding && encoding !== "buffer" ? encoding : "utf8") : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  this[kState].chunks.push(Buffer.from(bytes));
  return this;
}

for (const C of [Sign, Verify]) {
  Object.setPrototypeOf(C.prototype, LazyTransform.prototype);
  Object.setPrototypeOf(C, LazyTransform);
  C.prototype.update = update;
  C.prototype._transform = function _transform(chunk, encoding, callback) {
    this.update(chunk, encoding);
    callback();
  };
  C.prototype._flush = function _flush(callback) {
    callback();
  };
}

function takeData(state) {
  const data = Buffer.concat(state.chunks);
  state.chunks = [];
  return data;
}

Sign.prototype.sign = function sign(privateKey, outputEncoding) {
  if (privateKey === undefined || privateKey === null) throw E.code(Error, "ERR_CRYPTO_SIGN_KEY_REQUIRED", "No key provided to sign");
  const m = keys.parseKeyInput(privateKey, true, "key");
  const opts = signOptions(privateKey);
  const state = this[kState];
  if (m.kind === "okp") throw notSupportedForKey();
  const sig = Buffer.from(signWith(m, state.name, takeData(state), opts, false));
  return outputEncoding && outputEncoding !== "buffer" ? sig.toString(outputEncoding) : sig;
};

Verify.prototype.verify = function verify(object, signature, sigEncoding) {
  const m = keys.parseKeyInput(object, false, "key");
  const opts = signOptions(object);
  if (typeof signature === "string") signature = Buffer.from(signature, sigEncoding && sigEncoding !== "buffer" ? sigEncoding : "utf8");
  else if (!isArrayBufferView(signature)) throw E.invalidArgType("signature", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", signature);
  const state = this[kState];
  if (m.kind === "okp") throw notSupportedForKey();
  return verifyWith(formats.publicOf(m), state.name, takeData(state), new Uint8Array(signature.buffer, signature.byteOffset, signature.byteLength), opts, false);
};

function dataArg(data) {
  if (!isArrayBufferView(data)) throw E.invalidArgType("data", "an instance of Buffer, TypedArray, or DataView", data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function sign(algorithm, data, key, callback) {
  const digest = digestOf(algorithm);
  const bytes = dataArg(data);
  if (callback !== undefined) validateFunction(callback, "callback");
  if (key === undefined || key === null) throw E.code(Error, "ERR_CRYPTO_SIGN_KEY_REQUIRED", "No key provided to sign");
  const m = keys.parseKeyInput(key, true, "key");
  const opts = signOptions(key);
  if (callback === undefined) return Buffer.from(signWith(m, digest, bytes, opts, false));
  let result;
  let error = null;
  try {
    result = Buffer.from(signWith(m, digest, bytes, opts, false));
  } catch (err) {
    error = err;
  }
  globalThis.setImmediate(() => (error ? callback(error) : callback(null, result)));
}

function verify(algorithm, data, key, signature, callback) {
  const digest = digestOf(algorithm);
  const bytes = dataArg(data);
  if (callback !== undefined) validateFunction(callback, "callback");
  if (key === undefined || key === null) throw E.code(Error, "ERR_CRYPTO_SIGN_KEY_REQUIRED", "No key provided to sign");
  const m = formats.publicOf(keys.parseKeyInput(key, false, "key"));
  const opts = signOptions(key);
  if (!isArrayBufferView(signature)) throw E.invalidArgType("signature", "an instance of ArrayBuffer, Buffer, TypedArray, or DataView", signature);
  const sig = new Uint8Array(signature.buffer, signature.byteOffset, signature.byteLength);
  const result = verifyWith(m, digest, bytes, sig, opts, false);
  if (callback === undefined) return result;
  globalThis.setImmediate(() => callback(null, result));
}

function createSign(algorithm, options) {
  return new Sign(algorithm, options);
}
function createVerify(algorithm, options) {
  return new Verify(algorithm, options);
}

export default { Sign, Verify, createSign, createVerify, sign, verify, signWith, verifyWith };
