// internal/crypto_subtle — the SubtleCrypto algorithms: digest (SHA-1/256/
// 384/512), HMAC, AES-GCM / AES-CBC / AES-CTR, ECDSA and ECDH (P-256/384/
// 521), Ed25519, X25519, RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP, PBKDF2 and
// HKDF; importKey / exportKey in raw, jwk, spki and pkcs8. Each works on the
// KeyObject under the CryptoKey with the same code Node's own APIs use.
/* global require */

const { Buffer } = require("buffer");
const { E, isArrayBufferView, isAnyArrayBuffer } = require("internal/crypto_errors", true);
const hashing = require("internal/crypto_hash", true);
const keys = require("internal/crypto_keys", true);
const formats = require("internal/crypto_key_formats", true);
const web = require("internal/crypto_webcrypto", true);
const { random } = require("internal/crypto_random", true);
const der = require("internal/crypto_der", true);
const { aesKeyAlgorithm, aesCipher, wrapAes } = require("internal/crypto_subtle_aes", true);

const dom = (message, name) => E.dom(message, name);
const notSupported = () => dom("Unrecognized algorithm name", "NotSupportedError");

const NAMES = ["SHA-1", "SHA-256", "SHA-384", "SHA-512", "HMAC", "AES-GCM", "AES-CBC", "AES-CTR", "AES-KW", "ECDSA", "ECDH",
  "Ed25519", "X25519", "Ed448", "X448", "RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP", "PBKDF2", "HKDF"];
const HASHES = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };
const JWK_HASH = { "SHA-1": "1", "SHA-256": "256", "SHA-384": "384", "SHA-512": "512" };

/** Normalizes an algorithm identifier: { name: canonical, ...rest }. */
function normalize(algorithm) {
  const a = typeof algorithm === "string" ? { name: algorithm } : algorithm;
  if (a === null || typeof a !== "object") throw notSupported();
  if (typeof a.name !== "string") throw E.code(TypeError, "ERR_MISSING_OPTION", "Algorithm name is missing");
  const name = NAMES.find((n) => n.toLowerCase() === a.name.toLowerCase());
  if (name === undefined) throw notSupported();
  return { ...a, name };
}

function hashOf(hash) {
  if (hash === undefined) throw E.code(TypeError, "ERR_MISSING_OPTION", "algorithm.hash is required");
  const h = normalize(hash);
  if (!(h.name in HASHES)) throw notSupported();
  return h.name;
}

/** BufferSource -> a copy of its bytes. */
function bytes(data, name = "data") {
  if (isArrayBufferView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (isAnyArrayBuffer(data)) return new Uint8Array(data).slice();
  throw E.invalidArgType(name, "an instance of ArrayBuffer, Buffer, TypedArray, or DataView", data);
}

const ab = (u8) => u8.slice().buffer;

async function digest(algorithm, data) {
  const a = normalize(algorithm);
  if (!(a.name in HASHES)) throw notSupported();
  return ab(hashing.digest(HASHES[a.name], bytes(data)));
}

// ---- usages -----------------------------------------------------------------------------------

const USAGES = {
  HMAC: { secret: ["sign", "verify"] },
  "AES-GCM": { secret: ["encrypt", "decrypt", "wrapKey", "unwrapKey"] },
  "AES-CBC": { secret: ["encrypt", "decrypt", "wrapKey", "unwrapKey"] },
  "AES-CTR": { secret: ["encrypt", "decrypt", "wrapKey", "unwrapKey"] },
  "AES-KW": { secret: ["wrapKey", "unwrapKey"] },
  ECDSA: { public: ["verify"], private: ["sign"] },
  Ed25519: { public: ["verify"], private: ["sign"] },
  Ed448: { public: ["verify"], private: ["sign"] },
  "RSASSA-PKCS1-v1_5": { public: ["verify"], private: ["sign"] },
  "RSA-PSS": { public: ["verify"], private: ["sign"] },
  "RSA-OAEP": { public: ["encrypt", "wrapKey"], private: ["decrypt", "unwrapKey"] },
  ECDH: { public: [], private: ["deriveKey", "deriveBits"] },
  X25519: { public: [], private: ["deriveKey", "deriveBits"] },
  X448: { public: [], private: ["deriveKey", "deriveBits"] },
  PBKDF2: { secret: ["deriveKey", "deriveBits"] },
  HKDF: { secret: ["deriveKey", "deriveBits"] },
};
const KIND_WORD = { HMAC: "an HMAC", ECDSA: "an ECDSA", ECDH: "an ECDH", "RSA-OAEP": "an RSA-OAEP", "RSA-PSS": "an RSA-PSS" };

function usageList(usages) {
  if (usages === null || typeof usages !== "object" || typeof usages[Symbol.iterator] !== "function") {
    throw E.invalidArgType("keyUsages", "an instance of Array", usages);
  }
  return [...new Set([...usages].map(String))];
}

function checkUsages(name, type, usages) {
  const allowed = USAGES[name][type] || [];
  for (const u of usages) {
    if (!allowed.includes(u)) throw dom(`Unsupported key usage for ${KIND_WORD[name] || `a ${name}`} key`, "SyntaxError");
  }
  return usages.filter((u) => allowed.includes(u));
}

function requireUsable(slots, algName, usage) {
  if (slots.algorithm.name !== algName || !slots.usages.includes(usage)) {
    // Node's words differ per operation.
    if (usage === "encrypt" || usage === "decrypt" || usage === "wrapKey" || usage === "unwrapKey") {
      throw dom("The requested operation is not valid for the provided key", "InvalidAccessError");
    }
    if (usage === "deriveBits" || usage === "deriveKey") throw dom(`baseKey does not have ${usage} usage`, "InvalidAccessError");
    throw dom(`Unable to use this key to ${usage}`, "InvalidAccessError");
  }
}

function emptyUsages() {
  return dom("Usages cannot be empty when creating a key.", "SyntaxError");
}

// ---- key construction --------------------------------------------------------------------------

function keyAlgorithm(name, m, extra) {
  // (Node lists an imported HMAC key's hash before its length, a generated one's after.)
  if (name === "HMAC" && extra.imported) return { name, hash: { name: extra.hash }, length: m.bytes.length * 8 };
  if (name === "HMAC") return { name, length: m.bytes.length * 8, hash: { name: extra.hash } };
  if (name.startsWith("AES-")) return aesKeyAlgorithm(name, m);
  if (name === "ECDSA" || name === "ECDH") return { name, namedCurve: m.curve };
  if (name.startsWith("RSA")) {
    return { name, modulusLength: m.n.toString(2).length, publicExponent: der.fromBigInt(m.e), hash: { name: extra.hash } };
  }
  return { name };
}

function cryptoKey(m, name, extra, extractable, usages) {
  const ko = keys.wrap(m);
  const type = ko.type;
  const allowedHere = USAGES[name][type] || [];
  const own = usages.filter((u) => allowedHere.includes(u));
  // A generated key pair's public half is always extractable; an imported key is as asked.
  return web.makeCryptoKey(ko, keyAlgorithm(name, m, extra), type === "public" && !extra.imported ? true : extractable, own);
}

const KEY_FORMATS = ["raw", "pkcs8", "spki", "jwk"];
function keyFormat(format) {
  const f = String(format);
  if (!KEY_FORMATS.includes(f)) throw E.code(TypeError, "ERR_INVALID_ARG_VALUE", `'${f}' is not a valid enum value of type KeyFormat.`);
  return f;
}

const RSA_NAMES = ["RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP"];

async function generateKey(algorithm, extractable, keyUsages) {
  const a = normalize(algorithm);
  const usages = usageList(keyUsages);
  if (!USAGES[a.name] || a.name === "PBKDF2" || a.name === "HKDF") throw notSupported();
  const pair = !USAGES[a.name].secret;
  for (const u of usages) {
    const all = [...(USAGES[a.name].secret || []), ...(USAGES[a.name].public || []), ...(USAGES[a.name].private || [])];
    if (!all.includes(u)) throw dom(`Unsupported key usage for ${KIND_WORD[a.name] || `a ${a.name}`} key`, "SyntaxError");
  }
  if (a.name === "HMAC") {
    const hash = hashOf(a.hash);
    const length = a.length === undefined ? hashing.digestSizes(HASHES[hash]).blockLen * 8 : a.length;
    if (!Number.isInteger(length) || length <= 0 || length % 8 !== 0) throw dom("Invalid key length", "OperationError");
    if (usages.length === 0) throw emptyUsages();
    return cryptoKey({ kind: "secret", bytes: random(length / 8) }, a.name, { hash }, extractable, usages);
  }
  if (a.name.startsWith("AES-")) {
    if (![128, 192, 256].includes(a.length)) throw dom("AES key length must be 128, 192, or 256 bits", "OperationError");
    if (usages.length === 0) throw emptyUsages();
    return cryptoKey({ kind: "secret", bytes: random(a.length / 8) }, a.name, {}, extractable, usages);
  }
  let m;
  const extra = {};
  if (a.name === "ECDSA" || a.name === "ECDH") {
    const curve = ["P-256", "P-384", "P-521"].includes(a.namedCurve) ? a.namedCurve : null;
    if (curve === null) throw notSupported();
    m = keys.generateKeyPairSync("ec", { namedCurve: curve });
  } else if (formats.OKP_BYTES[a.name]) {
    m = keys.generateKeyPairSync(a.name.toLowerCase());
  } else {
    extra.hash = hashOf(a.hash);
    const e = der.toBigInt(bytes(a.publicExponent, "algorithm.publicExponent"));
    if (!Number.isInteger(a.modulusLength) || a.modulusLength < 256) throw dom("Invalid key length", "OperationError");
    if (e !== 3n && e !== 65537n) throw dom("Invalid public exponent", "OperationError");
    m = keys.generateKeyPairSync("rsa", { modulusLength: a.modulusLength, publicExponent: Number(e) });
  }
  const priv = keys.materialOf(m.privateKey);
  const privUsages = usages.filter((u) => USAGES[a.name].private.includes(u));
  if (privUsages.length === 0) throw emptyUsages();
  return {
    publicKey: cryptoKey(formats.publicOf(priv), a.name, extra, true, usages),
    privateKey: cryptoKey(priv, a.name, extra, extractable, usages),
  };
}

// ---- import / export ------------------------------------------------------------------------------

function jwkCheck(jwk, a, extractable, usages) {
  if (jwk === null || typeof jwk !== "object" || typeof jwk.kty !== "string") throw dom("Invalid keyData", "DataError");
  if (jwk.ext === false && extractable) throw dom("JWK \"ext\" Parameter and extractable mismatch", "DataError");
  if (Array.isArray(jwk.key_ops)) {
    for (const u of usages) if (!jwk.key_ops.includes(u)) throw dom("Key operations and usage mismatch", "DataError");
  }
  void a;
}

function importKeyMaterial(format, keyData, a, extractable, usages) {
  const asymmetric = !["HMAC", "AES-GCM", "AES-CBC", "AES-CTR", "AES-KW", "PBKDF2", "HKDF"].includes(a.name);
  if (!asymmetric) {
    let raw;
    if (format === "raw") raw = bytes(keyData, "keyData");
    else if (format === "jwk") {
      jwkCheck(keyData, a, extractable, usages);
      if (keyData.kty !== "oct") throw dom("Invalid JWK \"kty\" Parameter", "DataError");
      raw = der.unb64u(keyData.k);
    } else throw dom(`Unable to import ${a.name} key with format ${format}`, "NotSupportedError");
    if ((a.name === "PBKDF2" || a.name === "HKDF") && extractable) throw dom(`${a.name} keys are not extractable`, "SyntaxError");
    return { kind: "secret", bytes: raw };
  }
  let m;
  try {
    if (format === "spki") m = keys.parseKeyInput({ key: Buffer.from(bytes(keyData, "keyData")), format: "der", type: "spki" }, false);
    else if (format === "pkcs8") m = keys.parseKeyInput({ key: Buffer.from(bytes(keyData, "keyData")), format: "der", type: "pkcs8" }, true);
    else if (format === "jwk") {
      jwkCheck(keyData, a, extractable, usages);
      m = formats.readJwk(keyData, keyData.d !== undefined);
    } else if (format === "raw") {
      const raw = bytes(keyData, "keyData");
      if (a.name === "ECDSA" || a.name === "ECDH") {
        m = { kind: "ec", curve: a.namedCurve, priv: false, pub: formats.ecImpl(a.namedCurve).Point.fromBytes(raw).toBytes(false) };
      } else if (formats.OKP_BYTES[a.name]) {
        if (raw.length !== formats.OKP_BYTES[a.name]) throw new Error("bad length");
        m = { kind: "okp", curve: a.name, priv: false, pub: raw };
      } else throw dom(`Unable to import ${a.name} key with format raw`, "NotSupportedError");
    } else throw dom(`Unable to import ${a.name} key with format ${format}`, "NotSupportedError");
  } catch (err) {
    if (err && (err.name === "NotSupportedError" || err.name === "SyntaxError")) throw err;
    throw dom("Invalid keyData", "DataError");
  }
  const kindOk = RSA_NAMES.includes(a.name) ? m.kind === "rsa" : a.name === "ECDSA" || a.name === "ECDH" ? m.kind === "ec" : m.kind === "okp" && m.curve === a.name;
  if (!kindOk) throw dom("Invalid key type", "DataError");
  if (m.kind === "ec" && a.namedCurve !== m.curve) throw dom("Named curve mismatch", "DataError");
  return m;
}

async function importKey(format, keyData, algorithm, extractable, keyUsages) {
  return importKeySync(format, keyData, algorithm, extractable, keyUsages);
}

/** KeyObject#toCryptoKey: the KeyObject's material imported as `algorithm`. */
function keyObjectToCryptoKey(keyObject, algorithm, extractable, keyUsages) {
  const m = keys.materialOf(keyObject);
  if (m.kind === "secret") return importKeySync("raw", m.bytes, algorithm, !!extractable, keyUsages);
  if (m.priv) return importKeySync("pkcs8", formats.writeKey(m, "pkcs8", "der"), algorithm, !!extractable, keyUsages);
  return importKeySync("spki", formats.writeKey(m, "spki", "der"), algorithm, !!extractable, keyUsages);
}

function importKeySync(format, keyData, algorithm, extractable, keyUsages) {
  format = keyFormat(format);
  if (format === "jwk") {
    // WebIDL's JsonWebKey dictionary: undefined and null are an empty one.
    if (keyData === undefined || keyData === null) keyData = {};
    if (typeof keyData !== "object") throw E.invalidArgType("keyData", "of type object", keyData);
  } else bytes(keyData, "keyData");
  const a = normalize(algorithm);
  if (!USAGES[a.name] || a.name in HASHES) throw notSupported();
  const usages = usageList(keyUsages);
  const extra = { imported: true };
  if (a.name === "HMAC" || RSA_NAMES.includes(a.name)) extra.hash = hashOf(a.hash);
  const m = importKeyMaterial(format, keyData, a, extractable, usages);
  const type = m.kind === "secret" ? "secret" : m.priv ? "private" : "public";
  checkUsages(a.name, type, usages);
  if (type !== "public" && usages.length === 0) throw dom(`Usages cannot be empty when importing a ${type} key.`, "SyntaxError");
  if (a.name === "HMAC" && (m.bytes.length === 0 || a.length === 0)) throw dom("Zero-length key is not supported", "DataError");
  if (a.name === "HMAC" && a.length !== undefined && a.length !== m.bytes.length * 8) throw dom("Invalid key length", "DataError");
  if (a.name.startsWith("AES-") && ![16, 24, 32].includes(m.bytes.length)) throw dom("Invalid key length", "DataError");
  return cryptoKey(m, a.name, extra, extractable, usages);
}

async function exportKey(format, key) {
  format = keyFormat(format);
  const s = web.slotsOf(key);
  if (!s.extractable) throw dom("key is not extractable", "InvalidAccessException");
  const m = keys.materialOf(s.keyObject);
  const name = s.algorithm.name;
  if (format === "raw") {
    if (m.kind === "secret") return ab(m.bytes);
    if (s.type === "public" && m.kind !== "rsa") return ab(m.pub);
  } else if (format === "spki" && s.type === "public") return ab(formats.writeKey(m, "spki", "der"));
  else if (format === "pkcs8" && s.type === "private") return ab(formats.writeKey(m, "pkcs8", "der"));
  else if (format === "jwk") {
    const jwk = { key_ops: [...s.usages], ext: s.extractable };
    if (m.kind === "secret") {
      Object.assign(jwk, { kty: "oct", k: der.b64u(m.bytes) });
      if (name === "HMAC") jwk.alg = "HS" + JWK_HASH[s.algorithm.hash.name];
      else if (name.startsWith("AES-")) jwk.alg = `A${m.bytes.length * 8}${name.slice(4)}`;
    } else {
      Object.assign(jwk, formats.writeJwk(m));
      if (m.kind === "rsa") {
        const h = JWK_HASH[s.algorithm.hash.name];
        jwk.alg = name === "RSA-PSS" ? "PS" + h : name === "RSA-OAEP" ? (h === "1" ? "RSA-OAEP" : "RSA-OAEP-" + h) : "RS" + h;
      }
    }
    return jwk;
  }
  throw dom(`Unable to export ${name} ${s.type} key using ${format} format`, "InvalidAccessError");
}

// ---- sign / verify -------------------------------------------------------------------------------------

function signParams(a, s) {
  const m = keys.materialOf(s.keyObject);
  const name = a.name;
  if (name === "ECDSA") return { m, digest: HASHES[hashOf(a.hash)], opts: { dsaEncoding: "ieee-p1363" } };
  if (name === "RSA-PSS") return { m, digest: HASHES[s.algorithm.hash.name], opts: { padding: 6, saltLength: a.saltLength } };
  if (name === "RSASSA-PKCS1-v1_5") return { m, digest: HASHES[s.algorithm.hash.name], opts: { padding: 1 } };
  return { m, digest: null, opts: {} };
}

async function sign(algorithm, key, data) {
  const a = normalize(algorithm);
  const s = web.slotsOf(key);
  requireUsable(s, a.name, "sign");
  const msg = bytes(data);
  if (a.name === "HMAC") return ab(macOf(s, msg));
  const sig = require("internal/crypto_sig", true);
  const { m, digest: d, opts } = signParams(a, s);
  try {
    return ab(sig.signWith(m, d, msg, opts, false));
  } catch (err) {
    throw dom(err && err.message ? err.message : "The operation failed for an operation-specific reason", "OperationError");
  }
}

function macOf(s, msg) {
  const hmac = new hashing.Hmac(HASHES[s.algorithm.hash.name], keys.materialOf(s.keyObject).bytes);
  return new Uint8Array(hmac.update(msg).digest());
}

async function verify(algorithm, key, signature, data) {
  const a = normalize(algorithm);
  const s = web.slotsOf(key);
  requireUsable(s, a.name, "verify");
  const sigBytes = bytes(signature, "signature");
  const msg = bytes(data);
  if (a.name === "HMAC") {
    const mac = macOf(s, msg);
    if (mac.length !== sigBytes.length) return false;
    let diff = 0;
    for (let i = 0; i < mac.length; i++) diff |= mac[i] ^ sigBytes[i];
    return diff === 0;
  }
  const sig = require("internal/crypto_sig", true);
  const { m, digest: d, opts } = signParams(a, s);
  return sig.verifyWith(formats.publicOf(m), d, msg, sigBytes, opts, false);
}

// ---- encrypt / decrypt ---------------------------------------------------------------------------------

async function cipher(mode, algorithm, key, data) {
  const a = normalize(algorithm);
  const s = web.slotsOf(key);
  requireUsable(s, a.name, mode);
  const input = bytes(data);
  if (a.name === "RSA-OAEP") {
    const rsa = require("internal/crypto_rsa", true);
    const m = keys.materialOf(s.keyObject);
    const label = a.label === undefined ? undefined : bytes(a.label, "algorithm.label");
    try {
      const hash = HASHES[s.algorithm.hash.name];
      return ab(mode === "encrypt" ? rsa.oaepEncrypt(formats.publicOf(m), hash, label, input) : rsa.oaepDecrypt(m, hash, label, input));
    } catch {
      throw dom("The operation failed for an operation-specific reason", "OperationError");
    }
  }
  if (!a.name.startsWith("AES-")) throw notSupported();
  return ab(aesCipher(mode, a, keys.materialOf(s.keyObject).bytes, input));
}

// ---- derivation and wrapping: internal/crypto_subtle_derive -----------------------------------------------

const derive = () => require("internal/crypto_subtle_derive", true);

async function deriveBits(algorithm, baseKey, length, usage) {
  return derive().deriveBits(normalize(algorithm), baseKey, length, usage, { normalize, hashOf, requireUsable, HASHES, dom, bytes });
}

async function deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
  const target = normalize(derivedKeyAlgorithm);
  let length;
  if (target.name.startsWith("AES-")) length = target.length;
  else if (target.name === "HMAC") length = target.length === undefined ? hashing.digestSizes(HASHES[hashOf(target.hash)]).blockLen * 8 : target.length;
  else if (target.name === "HKDF" || target.name === "PBKDF2") length = null;
  else throw notSupported();
  const bits = await deriveBits(algorithm, baseKey, length, "deriveKey");
  return importKey("raw", bits, derivedKeyAlgorithm, extractable, keyUsages);
}

async function wrapKey(format, key, wrappingKey, wrapAlgorithm) {
  const exported = await exportKey(format, key);
  const data = format === "jwk" ? Buffer.from(JSON.stringify(exported)) : new Uint8Array(exported);
  const a = normalize(wrapAlgorithm);
  const s = web.slotsOf(wrappingKey);
  requireUsable(s, a.name, "wrapKey");
  if (a.name === "AES-KW") return ab(wrapAes(true, keys.materialOf(s.keyObject).bytes, data));
  return cipher("encrypt", a, withUsage(wrappingKey, "encrypt"), data);
}

async function unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
  const a = normalize(unwrapAlgorithm);
  const s = web.slotsOf(unwrappingKey);
  requireUsable(s, a.name, "unwrapKey");
  let plain;
  if (a.name === "AES-KW") plain = wrapAes(false, keys.materialOf(s.keyObject).bytes, bytes(wrappedKey));
  else plain = new Uint8Array(await cipher("decrypt", a, withUsage(unwrappingKey, "decrypt"), wrappedKey));
  const keyData = format === "jwk" ? JSON.parse(Buffer.from(plain).toString("utf8")) : plain;
  return importKey(format, keyData, unwrappedKeyAlgorithm, extractable, keyUsages);
}

function withUsage(key, usage) {
  const s = web.slotsOf(key);
  return web.makeCryptoKey(s.keyObject, s.algorithm, false, [usage]);
}

export default { keyObjectToCryptoKey, digest, generateKey, importKey, exportKey, sign, verify, cipher, deriveBits, deriveKey, wrapKey, unwrapKey };
