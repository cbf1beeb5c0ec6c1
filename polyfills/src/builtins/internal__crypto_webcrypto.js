// internal/crypto_webcrypto — Web Crypto: the global `crypto` (a Crypto with
// getRandomValues, randomUUID and subtle), CryptoKey and SubtleCrypto, as
// Node exposes them (also as require('crypto').webcrypto). The algorithms
// are in internal/crypto_subtle; keys are KeyObjects underneath, so Node's
// APIs accept CryptoKeys and KeyObject.from() unwraps them.
/* global require */

const random = require("internal/crypto_random", true);
const { E } = require("internal/crypto_errors", true);

const kConstruct = Symbol("kConstruct");
const kSlots = Symbol("kSlots");

function illegal() {
  return E.code(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
}
function invalidThis(type) {
  return E.code(TypeError, "ERR_INVALID_THIS", `Value of "this" must be of type ${type}`);
}

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

class CryptoKey {
  constructor(token) {
    if (token !== kConstruct) throw illegal();
  }
  get type() {
    return ownSlots(this).type;
  }
  get extractable() {
    return ownSlots(this).extractable;
  }
  get algorithm() {
    return ownSlots(this).algorithm;
  }
  get usages() {
    return ownSlots(this).usages;
  }
  [inspectCustom](depth, options, inspect) {
    const s = this[kSlots];
    return `CryptoKey ${inspect({ type: s.type, extractable: s.extractable, algorithm: s.algorithm, usages: s.usages }, options)}`;
  }
}
Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, { value: "CryptoKey", configurable: true });
for (const name of ["type", "extractable", "algorithm", "usages"]) {
  Object.defineProperty(CryptoKey.prototype, name, { enumerable: true });
}

/** Makes a CryptoKey over a KeyObject. */
function makeCryptoKey(keyObject, algorithm, extractable, usages) {
  const key = new CryptoKey(kConstruct);
  Object.defineProperty(key, kSlots, { value: { type: keyObject.type, extractable, algorithm, usages: [...usages], keyObject } });
  require("internal/crypto_keys", true).cryptoKeyObjects.set(key, keyObject);
  return key;
}

/** The slots of the CryptoKey a getter is called on. */
function ownSlots(self) {
  if (!self || !self[kSlots]) throw invalidThis("CryptoKey");
  return self[kSlots];
}

function slotsOf(key, name = "key") {
  if (!(key instanceof CryptoKey) || !key[kSlots]) throw E.invalidArgType(name, "an instance of CryptoKey", key);
  return key[kSlots];
}

let subtleOps = null;
const ops = () => subtleOps || (subtleOps = require("internal/crypto_subtle", true));

/** The real Crypto and SubtleCrypto objects (a Reflect.construct'ed look-alike is not one). */
const brands = new WeakSet();

function checkThis(self) {
  if (!brands.has(self) || !(self instanceof SubtleCrypto)) throw invalidThis("SubtleCrypto");
}

function needArgs(args, n, names) {
  if (args.length < n) throw E.code(TypeError, "ERR_MISSING_ARGS", `The ${names.slice(args.length).map((x) => `"${x}"`).join(" and ")} argument${n - args.length > 1 ? "s" : ""} must be specified`);
}

/** A SubtleCrypto method's entry: checks `this` and that `names` were all passed, then gives the operations. */
function enter(self, args, names) {
  checkThis(self);
  needArgs(args, names.length, names);
  return ops();
}

class SubtleCrypto {
  constructor(token) {
    if (token !== kConstruct) throw illegal();
  }
  async digest(...args) {
    return enter(this, args, ["algorithm", "data"]).digest(args[0], args[1]);
  }
  async generateKey(...args) {
    return enter(this, args, ["algorithm", "extractable", "keyUsages"]).generateKey(args[0], !!args[1], args[2]);
  }
  async importKey(...args) {
    return enter(this, args, ["format", "keyData", "algorithm", "extractable", "keyUsages"]).importKey(args[0], args[1], args[2], !!args[3], args[4]);
  }
  async exportKey(...args) {
    return enter(this, args, ["format", "key"]).exportKey(args[0], args[1]);
  }
  async sign(...args) {
    return enter(this, args, ["algorithm", "key", "data"]).sign(args[0], args[1], args[2]);
  }
  async verify(...args) {
    return enter(this, args, ["algorithm", "key", "signature", "data"]).verify(args[0], args[1], args[2], args[3]);
  }
  async encrypt(...args) {
    return enter(this, args, ["algorithm", "key", "data"]).cipher("encrypt", args[0], args[1], args[2]);
  }
  async decrypt(...args) {
    return enter(this, args, ["algorithm", "key", "data"]).cipher("decrypt", args[0], args[1], args[2]);
  }
  async deriveBits(...args) {
    return enter(this, args, ["algorithm", "baseKey"]).deriveBits(args[0], args[1], args[2], "deriveBits");
  }
  async deriveKey(...args) {
    return enter(this, args, ["algorithm", "baseKey", "derivedKeyAlgorithm", "extractable", "keyUsages"]).deriveKey(args[0], args[1], args[2], !!args[3], args[4]);
  }
  async wrapKey(...args) {
    return enter(this, args, ["format", "key", "wrappingKey", "wrapAlgorithm"]).wrapKey(args[0], args[1], args[2], args[3]);
  }
  async unwrapKey(...args) {
    return enter(this, args, ["format", "wrappedKey", "unwrappingKey", "unwrapAlgorithm", "unwrappedKeyAlgorithm", "extractable", "keyUsages"]).unwrapKey(args[0], args[1], args[2], args[3], args[4], !!args[5], args[6]);
  }
}
Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, { value: "SubtleCrypto", configurable: true });

const subtle = new SubtleCrypto(kConstruct);
brands.add(subtle);

class Crypto {
  constructor(token) {
    if (token !== kConstruct) throw illegal();
  }
  get subtle() {
    if (!brands.has(this)) throw invalidThis("Crypto");
    return subtle;
  }
  getRandomValues(array) {
    if (!brands.has(this)) throw invalidThis("Crypto");
    if (arguments.length < 1) throw E.missingArgs("typedArray");
    return random.getRandomValues(array);
  }
  randomUUID() {
    if (!brands.has(this)) throw invalidThis("Crypto");
    return random.randomUUID();
  }
}
Object.defineProperty(Crypto.prototype, Symbol.toStringTag, { value: "Crypto", configurable: true });
Object.defineProperty(Crypto.prototype, "subtle", { enumerable: true });

const crypto = new Crypto(kConstruct);
brands.add(crypto);

export default { crypto, Crypto, CryptoKey, SubtleCrypto, makeCryptoKey, slotsOf, kSlots };
