// internal/crypto_keys — KeyObject (secret, public, private),
// createSecretKey / createPublicKey / createPrivateKey, generateKeyPair(Sync)
// for RSA, RSA-PSS, EC (P-256/384/521), Ed25519 and X25519, generateKey(Sync)
// for HMAC and AES, and the prime helpers. Key encodings are in
// internal/crypto_key_formats; the material is plain data held per object.
/* global require */

const { Buffer } = require("buffer");
const formats = require("internal/crypto_key_formats", true);
const { random } = require("internal/crypto_random", true);
const { E, isArrayBufferView, isAnyArrayBuffer, validateObject, validateString, validateFunction, validateUint32 } = require("internal/crypto_errors", true);
const der = require("internal/crypto_der", true);

const kKeyType = Symbol("kKeyType");
const materials = new WeakMap();
/** CryptoKey -> KeyObject, filled by internal/crypto_webcrypto. */
const cryptoKeyObjects = new WeakMap();

class KeyObject {
  constructor(type, handle) {
    if (type !== "secret" && type !== "public" && type !== "private") throw E.invalidArgValue("type", type);
    if (handle === undefined || handle === null || typeof handle !== "object" || !handle.material) {
      throw E.invalidArgType("handle", "of type object", handle);
    }
    this[kKeyType] = type;
    materials.set(this, handle.material);
  }
  get type() {
    return this[kKeyType];
  }
  static from(key) {
    const ko = cryptoKeyObjects.get(key);
    if (ko === undefined) throw E.invalidArgType("key", "an instance of CryptoKey", key);
    return ko;
  }
  /** The key as a Web Crypto CryptoKey for `algorithm`. */
  toCryptoKey(algorithm, extractable, keyUsages) {
    return require("internal/crypto_subtle", true).keyObjectToCryptoKey(this, algorithm, extractable, keyUsages);
  }
  equals(otherKeyObject) {
    if (!(otherKeyObject instanceof KeyObject)) throw E.invalidArgType("otherKeyObject", "an instance of KeyObject", otherKeyObject);
    if (otherKeyObject.type !== this.type) return false;
    const a = materials.get(this);
    const b = materials.get(otherKeyObject);
    if (this.type === "secret") return Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
    const ea = formats.writeKey(formats.publicOf(a), "spki", "der");
    const eb = formats.writeKey(formats.publicOf(b), "spki", "der");
    if (!Buffer.from(ea).equals(Buffer.from(eb))) return false;
    if (this.type === "private") return Buffer.from(formats.writeKey(a, "pkcs8", "der")).equals(Buffer.from(formats.writeKey(b, "pkcs8", "der")));
    return true;
  }
}
Object.defineProperty(KeyObject.prototype, Symbol.toStringTag, { value: "KeyObject", configurable: true });

class SecretKeyObject extends KeyObject {
  constructor(handle) {
    super("secret", handle);
  }
  get symmetricKeySize() {
    return materials.get(this).bytes.length;
  }
  export(options) {
    const bytes = materials.get(this).bytes;
    if (options !== undefined) {
      validateObject(options, "options");
      if (options.format === "jwk") return { kty: "oct", k: der.b64u(bytes) };
      if (options.format !== undefined && options.format !== "buffer") throw E.invalidArgValue("options.format", options.format, "must be one of: 'buffer', 'jwk'");
    }
    return Buffer.from(bytes);
  }
}

const ASYM_TYPE = (m) => (m.kind === "rsa" ? m.type : m.kind === "ec" ? "ec" : m.curve.toLowerCase());

class AsymmetricKeyObject extends KeyObject {
  get asymmetricKeyType() {
    return ASYM_TYPE(materials.get(this));
  }
  get asymmetricKeyDetails() {
    const m = materials.get(this);
    if (m.kind === "rsa") {
      const d = { modulusLength: m.n.toString(2).length, publicExponent: m.e };
      if (m.pss) Object.assign(d, m.pss);
      return d;
    }
    if (m.kind === "ec") return { namedCurve: formats.OPENSSL_CURVE[m.curve] };
    return {};
  }
}

function exportAsym(self, options, priv) {
  validateObject(options, "options");
  const m = materials.get(self);
  if (options.format === "jwk") {
    if (m.kind === "rsa" && m.type === "rsa-pss") throw E.code(Error, "ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE", "Unsupported JWK Key Type.");
    return formats.writeJwk(m);
  }
  if (options.format !== "pem" && options.format !== "der") throw E.invalidArgValue("options.format", options.format);
  const allowed = priv ? ["pkcs1", "pkcs8", "sec1"] : ["pkcs1", "spki"];
  if (!allowed.includes(options.type)) throw E.invalidArgValue("options.type", options.type);
  let cipher;
  let passphrase;
  if (priv && (options.cipher !== undefined || options.passphrase !== undefined)) {
    if (typeof options.cipher !== "string") throw E.invalidArgValue("options.cipher", options.cipher);
    passphrase = require("internal/crypto_key_encryption", true).passphraseBytes(options.passphrase, "options.passphrase");
    if (passphrase === null) throw E.invalidArgValue("options.passphrase", options.passphrase);
    cipher = options.cipher;
  }
  const out = formats.writeKey(m, options.type, options.format, cipher, passphrase);
  return options.format === "pem" ? out : Buffer.from(out);
}

class PublicKeyObject extends AsymmetricKeyObject {
  constructor(handle) {
    super("public", handle);
  }
  export(options) {
    return exportAsym(this, options, false);
  }
}
class PrivateKeyObject extends AsymmetricKeyObject {
  constructor(handle) {
    super("private", handle);
  }
  export(options) {
    return exportAsym(this, options, true);
  }
}

function wrap(material) {
  if (material.kind === "secret") return new SecretKeyObject({ material });
  return material.priv ? new PrivateKeyObject({ material }) : new PublicKeyObject({ material });
}

/** Key material of a KeyObject (or a CryptoKey's), or undefined. */
function materialOf(key) {
  if (key instanceof KeyObject) return materials.get(key);
  const ko = cryptoKeyObjects.get(key);
  return ko === undefined ? undefined : materials.get(ko);
}

/** The bytes of a secret KeyObject or CryptoKey, else null. */
function secretBytesOf(key) {
  const m = materialOf(key);
  return m !== undefined && m.kind === "secret" ? m.bytes : null;
}

// ---- create* -----------------------------------------------------------------------------

const KEY_TYPES = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey";

function bytesOfData(data, encoding) {
  if (typeof data === "string") return Buffer.from(data, encoding && encoding !== "buffer" ? encoding : "utf8");
  if (isArrayBufferView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (isAnyArrayBuffer(data)) return new Uint8Array(data);
  return null;
}

/** Parses createPublicKey / createPrivateKey / sign-key input into material. */
function parseKeyInput(key, wantPrivate, argName = "key") {
  const existing = materialOf(key);
  if (existing !== undefined) {
    if (existing.kind === "secret") throw E.code(TypeError, "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE", `Invalid key object type secret, expected ${wantPrivate ? "private" : "public"}.`);
    if (wantPrivate && !existing.priv) throw E.code(TypeError, "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE", "Invalid key object type public, expected private.");
    return existing;
  }
  let data = key;
  let format = "pem";
  let type;
  let encoding;
  let passphrase = null;
  if (typeof key === "object" && key !== null && !isArrayBufferView(key) && !isAnyArrayBuffer(key)) {
    data = key.key;
    format = key.format === undefined ? "pem" : key.format;
    type = key.type;
    encoding = key.encoding;
    if (key.passphrase !== undefined) passphrase = require("internal/crypto_key_encryption", true).passphraseBytes(key.passphrase, "key.passphrase");
    const inner = materialOf(data);
    if (inner !== undefined) return parseKeyInput(data, wantPrivate, argName);
    if (format === "jwk") {
      if (data === null || typeof data !== "object") throw E.invalidArgType("key.key", "of type object", data);
      return formats.readJwk(data, wantPrivate);
    }
    if (format !== "pem" && format !== "der") throw E.invalidArgValue("key.format", format);
  }
  const bytes = bytesOfData(data, encoding);
  if (bytes === null) throw E.invalidArgType(argName, KEY_TYPES, key);
  if (format === "pem") {
    const text = typeof data === "string" ? data : Buffer.from(bytes).toString("utf8");
    return wantPrivate ? formats.readPrivate(text, "pem", undefined, passphrase) : formats.readPublic(text, "pem", undefined, passphrase);
  }
  const allowed = wantPrivate ? ["pkcs8", "pkcs1", "sec1"] : ["spki", "pkcs1", "pkcs8", "sec1"];
  if (!allowed.includes(type)) throw E.invalidArgValue("key.type", type);
  return wantPrivate ? formats.readPrivate(bytes, "der", type, passphrase) : formats.readPublic(bytes, "der", type, passphrase);
}

function createPrivateKey(key) {
  if (key instanceof KeyObject) throw E.invalidArgType("key", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", key);
  return wrap(parseKeyInput(key, true));
}

function createPublicKey(key) {
  const given = materialOf(key);
  if (given !== undefined && given.kind !== "secret" && !given.priv) {
    throw E.code(TypeError, "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE", "Invalid key object type public, expected private.");
  }
  const m = parseKeyInput(key, false);
  return wrap(formats.publicOf(m));
}

function createSecretKey(key, encoding) {
  const bytes = bytesOfData(key, encoding);
  if (bytes === null) throw E.invalidArgType("key", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", key);
  return wrap({ kind: "secret", bytes: Uint8Array.from(bytes) });
}

// ---- generation -----------------------------------------------------------------------------

function encodeGenerated(ko, encoding, priv) {
  if (encoding === undefined) return ko;
  validateObject(encoding, priv ? "options.privateKeyEncoding" : "options.publicKeyEncoding");
  return ko.export(encoding);
}

function generateMaterial(type, options) {
  validateString(type, "type");
  if (options !== undefined) validateObject(options, "options");
  const o = options || {};
  if (type === "rsa" || type === "rsa-pss") {
    validateUint32(o.modulusLength, "options.modulusLength", true);
    let e = 65537;
    if (o.publicExponent !== undefined) {
      validateUint32(o.publicExponent, "options.publicExponent");
      e = o.publicExponent;
    }
    const rsa = require("internal/crypto_rsa", true);
    const k = rsa.generateKey(o.modulusLength, BigInt(e));
    const m = { kind: "rsa", type, priv: true, ...k };
    if (type === "rsa-pss" && (o.hashAlgorithm !== undefined || o.hash !== undefined)) {
      const hashName = o.hashAlgorithm || o.hash;
      const mgf = o.mgf1HashAlgorithm || o.mgf1Hash || hashName;
      const hashing = require("internal/crypto_hash", true);
      m.pss = { hashAlgorithm: hashing.digestName(hashName), mgf1HashAlgorithm: hashing.digestName(mgf), saltLength: o.saltLength === undefined ? hashing.digestSizes(hashing.digestName(hashName)).outputLen : o.saltLength };
    }
    return m;
  }
  if (type === "ec") {
    validateString(o.namedCurve, "options.namedCurve");
    const curve = formats.curveName(o.namedCurve);
    if (curve === null) {
      const jwk = (o.publicKeyEncoding && o.publicKeyEncoding.format === "jwk") || (o.privateKeyEncoding && o.privateKeyEncoding.format === "jwk");
      if (jwk && /^(secp|prime|brainpool|sect)/.test(o.namedCurve)) throw E.code(Error, "ERR_CRYPTO_JWK_UNSUPPORTED_CURVE", `Unsupported JWK EC curve: ${o.namedCurve}.`);
      throw E.code(TypeError, "ERR_CRYPTO_INVALID_CURVE", "Invalid EC curve name");
    }
    const impl = formats.ecImpl(curve);
    const d = impl.utils.randomSecretKey(random(impl.lengths.seed));
    return { kind: "ec", curve, priv: true, d, pub: impl.getPublicKey(d, false) };
  }
  const okp = { ed25519: "Ed25519", x25519: "X25519", ed448: "Ed448", x448: "X448" }[type];
  if (okp !== undefined) {
    const m = { kind: "okp", curve: okp, priv: true, d: random(formats.OKP_BYTES[okp]) };
    m.pub = formats.derivePublic(m);
    return m;
  }
  if (type === "dsa" || type === "dh") throw E.unsupported(`Key type ${type}`);
  throw E.invalidArgValue("type", type, "must be a supported key type");
}

function generateKeyPairSync(type, options) {
  const m = generateMaterial(type, options);
  const o = options || {};
  const priv = wrap(m);
  const pub = wrap(formats.publicOf(m));
  return { publicKey: encodeGenerated(pub, o.publicKeyEncoding, false), privateKey: encodeGenerated(priv, o.privateKeyEncoding, true) };
}

function generateKeyPair(type, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, "callback");
  let pair;
  let error = null;
  try {
    pair = generateKeyPairSync(type, options);
  } catch (err) {
    if (err && err.code && /^ERR_(INVALID_ARG|OUT_OF_RANGE|CRYPTO_INVALID_CURVE|FEATURE)/.test(err.code)) throw err;
    error = err;
  }
  globalThis.setImmediate(() => (error ? callback(error) : callback(null, pair.publicKey, pair.privateKey)));
}

function generateKeySync(type, options) {
  validateString(type, "type");
  validateObject(options, "options");
  const { length } = options;
  if (type === "hmac") {
    if (typeof length !== "number") throw E.invalidArgType("options.length", "of type number", length);
    if (!Number.isInteger(length) || length < 8 || length > 2147483647) throw E.outOfRange("options.length", ">= 8 && <= 2147483647", length);
    return createSecretKey(random(Math.floor(length / 8)));
  }
  if (type === "aes") {
    if (length !== 128 && length !== 192 && length !== 256) throw E.invalidArgValue("options.length", length, "must be one of: 128, 192, 256");
    return createSecretKey(random(length / 8));
  }
  throw E.invalidArgValue("type", type, "must be a supported key type");
}

function generateKey(type, options, callback) {
  validateFunction(callback, "callback");
  const key = generateKeySync(type, options);
  globalThis.setImmediate(() => callback(null, key));
}

// ---- primes ------------------------------------------------------------------------------------

function candidateOf(candidate) {
  if (typeof candidate === "bigint") return candidate;
  const bytes = bytesOfData(candidate);
  if (bytes === null || typeof candidate === "string") throw E.invalidArgType("candidate", "of type bigint or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", candidate);
  return der.toBigInt(bytes);
}

function checkPrimeSync(candidate, options = {}) {
  const n = candidateOf(candidate);
  validateObject(options, "options");
  const checks = options.checks === undefined ? 0 : options.checks;
  validateUint32(checks, "options.checks");
  return require("internal/crypto_rsa", true).isProbablePrime(n, checks);
}

/** The callback forms: checks `callback`, computes the result now (errors throw), and calls back with it on a later turn. */
function callBackWith(callback, run) {
  validateFunction(callback, "callback");
  const result = run();
  globalThis.setImmediate(() => callback(null, result));
}

function checkPrime(candidate, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = {};
  }
  callBackWith(callback, () => checkPrimeSync(candidate, options));
}

function generatePrimeSync(size, options = {}) {
  validateInt(size, "size");
  validateObject(options, "options");
  const { safe = false, bigint = false } = options;
  const toBig = (v, name) => {
    if (v === undefined) return undefined;
    if (typeof v === "bigint") return v;
    const b = bytesOfData(v);
    if (b === null || typeof v === "string") throw E.invalidArgType(name, "of type bigint or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", v);
    return der.toBigInt(b);
  };
  const add = toBig(options.add, "options.add");
  const rem = toBig(options.rem, "options.rem");
  if (size < 2) throw E.outOfRange("size", ">= 2", size);
  const p = require("internal/crypto_rsa", true).randomPrime(size, { add, rem, safe });
  if (bigint) return p;
  return der.fromBigInt(p).slice().buffer;
}

function validateInt(v, name) {
  if (typeof v !== "number") throw E.invalidArgType(name, "of type number", v);
  if (!Number.isSafeInteger(v)) throw E.outOfRange(name, "an integer", v);
}

function generatePrime(size, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = {};
  }
  callBackWith(callback, () => generatePrimeSync(size, options));
}

export default {
  KeyObject, SecretKeyObject, PublicKeyObject, PrivateKeyObject, materials, cryptoKeyObjects, wrap, materialOf,
  secretBytesOf, parseKeyInput, createPrivateKey, createPublicKey, createSecretKey, generateKeyPair, generateKeyPairSync,
  generateKey, generateKeySync, checkPrime, checkPrimeSync, generatePrime, generatePrimeSync,
};
