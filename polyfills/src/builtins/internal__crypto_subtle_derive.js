// internal/crypto_subtle_derive — Web Crypto's deriveBits (and through it
// deriveKey): PBKDF2 and HKDF on @noble/hashes (internal/crypto_kdf), ECDH
// on P-256/384/521 and X25519 on @noble/curves.
/* global require */

const kdf = require("internal/crypto_kdf", true);
const keys = require("internal/crypto_keys", true);
const formats = require("internal/crypto_key_formats", true);
const web = require("internal/crypto_webcrypto", true);
const { E } = require("internal/crypto_errors", true);

function deriveBits(a, baseKey, length, usage, h) {
  const { hashOf, requireUsable, HASHES, dom, bytes } = h;
  const s = web.slotsOf(baseKey, "baseKey");
  requireUsable(s, a.name, usage);
  if (length !== null && length !== undefined && (!Number.isInteger(length) || length < 0)) {
    throw dom("length must be a non-negative integer", "OperationError");
  }
  const m = keys.materialOf(s.keyObject);
  if (a.name === "PBKDF2" || a.name === "HKDF") {
    if (length === null || length === undefined) throw dom("length cannot be null", "OperationError");
    if (length % 8 !== 0) throw dom("length must be a multiple of 8", "OperationError");
    const hash = HASHES[hashOf(a.hash)];
    const salt = bytes(a.salt, "algorithm.salt");
    if (a.name === "PBKDF2") {
      if (!Number.isInteger(a.iterations) || a.iterations === 0) throw dom("iterations cannot be zero", "OperationError");
      if (length === 0) return new ArrayBuffer(0);
      return Uint8Array.from(kdf.pbkdf2Sync(m.bytes, salt, a.iterations, length / 8, hash)).buffer;
    }
    const info = bytes(a.info, "algorithm.info");
    try {
      return kdf.hkdfSync(hash, m.bytes, salt, info, length / 8);
    } catch {
      throw dom("The operation failed for an operation-specific reason", "OperationError");
    }
  }
  if (a.name === "ECDH" || a.name === "X25519" || a.name === "X448") {
    if (a.public === undefined) throw E.code(TypeError, "ERR_MISSING_OPTION", "algorithm.public is required");
    const pubSlots = web.slotsOf(a.public, "algorithm.public");
    if (pubSlots.type !== "public") throw dom("algorithm.public must be a public key", "InvalidAccessError");
    if (pubSlots.algorithm.name !== a.name) throw dom("Keys must be ECDH, X25519, or X448 keys", "InvalidAccessError");
    const pub = keys.materialOf(pubSlots.keyObject);
    let secret;
    if (a.name === "ECDH") {
      if (pub.curve !== m.curve) throw dom("Named curve mismatch", "InvalidAccessError");
      secret = formats.ecImpl(m.curve).getSharedSecret(m.d, pub.pub, true).subarray(1);
    } else {
      try {
        secret = formats.okpImpl(a.name).getSharedSecret(m.d, pub.pub);
      } catch {
        throw dom("The operation failed for an operation-specific reason", "OperationError");
      }
    }
    if (length === null || length === undefined) return secret.slice().buffer;
    if (length > secret.length * 8) throw dom("derived bit length is too small", "OperationError");
    const out = secret.slice(0, Math.ceil(length / 8));
    if (length % 8) out[out.length - 1] &= 0xff << (8 - (length % 8));
    return out.buffer;
  }
  throw dom("Unrecognized algorithm name", "NotSupportedError");
}

export default { deriveBits };
