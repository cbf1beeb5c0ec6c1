// internal/crypto_rsa_cipher — publicEncrypt / privateDecrypt (OAEP by
// default, or PKCS#1 v1.5) and privateEncrypt / publicDecrypt (PKCS#1 v1.5
// type 1), on internal/crypto_rsa.
/* global require */

const { Buffer } = require("buffer");
const keys = require("internal/crypto_keys", true);
const formats = require("internal/crypto_key_formats", true);
const rsa = require("internal/crypto_rsa", true);
const hashing = require("internal/crypto_hash", true);
const { E, isArrayBufferView, isAnyArrayBuffer } = require("internal/crypto_errors", true);

const RSA_PKCS1_PADDING = 1;
const RSA_NO_PADDING = 3;
const RSA_PKCS1_OAEP_PADDING = 4;

function bufferArg(buffer) {
  if (typeof buffer === "string") return Buffer.from(buffer, "utf8");
  if (isArrayBufferView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (isAnyArrayBuffer(buffer)) return new Uint8Array(buffer);
  throw E.invalidArgType("buffer", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", buffer);
}

function options(key, defaultPadding) {
  const o = { padding: defaultPadding, oaepHash: "sha1", oaepLabel: undefined };
  if (key !== null && typeof key === "object" && !isArrayBufferView(key) && keys.materialOf(key) === undefined) {
    if (key.padding !== undefined) o.padding = key.padding;
    if (key.oaepHash !== undefined) {
      if (typeof key.oaepHash !== "string") throw E.invalidArgType("key.oaepHash", "of type string", key.oaepHash);
      if (hashing.digestName(key.oaepHash) === null) throw E.code(TypeError, "ERR_OSSL_EVP_INVALID_DIGEST", "Invalid digest used");
      o.oaepHash = hashing.digestName(key.oaepHash);
    }
    if (key.oaepLabel !== undefined) o.oaepLabel = bufferArg(key.oaepLabel);
  }
  return o;
}

function rsaMaterial(key, wantPrivate) {
  const m = keys.parseKeyInput(key, wantPrivate, "key");
  if (m.kind !== "rsa") throw E.ossl("operation not supported for this keytype", "digital envelope routines", "03000096");
  return wantPrivate ? m : formats.publicOf(m);
}

function wrapErrors(fn) {
  try {
    return Buffer.from(fn());
  } catch (err) {
    if (err instanceof rsa.RsaError) throw E.ossl(err.reason, "RSA routines", "02000079");
    throw err;
  }
}

function raw(m, bytes, priv) {
  const k = rsa.byteLength(m);
  if (bytes.length !== k) throw new rsa.RsaError("data too large for modulus");
  const { toBigInt, fromBigInt } = require("internal/crypto_der", true);
  const x = toBigInt(bytes);
  if (x >= m.n) throw new rsa.RsaError("data too large for modulus");
  return fromBigInt(priv ? rsa.privateOp(m, x) : rsa.publicOp(m, x), k);
}

/**
 * One RSA operation: the key's material (private or public), its padding
 * option (`defaultPadding` when unset) and the data, then the step `steps`
 * has for that padding (which may refuse it), with RSA failures as Node's
 * OpenSSL errors.
 */
function rsaCipher(key, buffer, wantPrivate, defaultPadding, steps) {
  const m = rsaMaterial(key, wantPrivate);
  const o = options(key, defaultPadding);
  const data = bufferArg(buffer);
  return wrapErrors(() => {
    const step = steps.get(o.padding);
    if (step === undefined) throw new rsa.RsaError("unknown padding type");
    return step(m, o, data);
  });
}

const PUBLIC_ENCRYPT = new Map([
  [RSA_PKCS1_OAEP_PADDING, (m, o, data) => rsa.oaepEncrypt(m, o.oaepHash, o.oaepLabel, data)],
  [RSA_PKCS1_PADDING, (m, o, data) => rsa.pkcs1Encrypt(m, data)],
  [RSA_NO_PADDING, (m, o, data) => raw(m, data, false)],
]);
const PRIVATE_DECRYPT = new Map([
  [RSA_PKCS1_OAEP_PADDING, (m, o, data) => rsa.oaepDecrypt(m, o.oaepHash, o.oaepLabel, data)],
  [
    RSA_PKCS1_PADDING,
    () => {
      // Node 20.11+/22 refuse it (the Marvin timing attack on PKCS#1 v1.5 decryption).
      throw E.code(TypeError, "ERR_INVALID_ARG_VALUE", "RSA_PKCS1_PADDING is no longer supported for private decryption, this can be reverted with --security-revert=CVE-2023-46809");
    },
  ],
  [RSA_NO_PADDING, (m, o, data) => raw(m, data, true)],
]);
const PRIVATE_ENCRYPT = new Map([
  [RSA_PKCS1_PADDING, (m, o, data) => rsa.pkcs1Type1(m, data)],
  [RSA_NO_PADDING, (m, o, data) => raw(m, data, true)],
]);
const PUBLIC_DECRYPT = new Map([
  [RSA_PKCS1_PADDING, (m, o, data) => rsa.pkcs1Type1Open(m, data)],
  [RSA_NO_PADDING, (m, o, data) => raw(m, data, false)],
]);

function publicEncrypt(key, buffer) {
  return rsaCipher(key, buffer, false, RSA_PKCS1_OAEP_PADDING, PUBLIC_ENCRYPT);
}

function privateDecrypt(key, buffer) {
  return rsaCipher(key, buffer, true, RSA_PKCS1_OAEP_PADDING, PRIVATE_DECRYPT);
}

function privateEncrypt(key, buffer) {
  return rsaCipher(key, buffer, true, RSA_PKCS1_PADDING, PRIVATE_ENCRYPT);
}

function publicDecrypt(key, buffer) {
  return rsaCipher(key, buffer, false, RSA_PKCS1_PADDING, PUBLIC_DECRYPT);
}

export default { publicEncrypt, privateDecrypt, privateEncrypt, publicDecrypt };
