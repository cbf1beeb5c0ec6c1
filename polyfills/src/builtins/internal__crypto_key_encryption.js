// internal/crypto_key_encryption — private keys under a passphrase, as
// OpenSSL 3 writes and reads them: PKCS#8 EncryptedPrivateKeyInfo with PBES2
// (PBKDF2 with HMAC-SHA-256, 2048 iterations, AES-CBC), and the legacy PEM
// encryption of PKCS#1 and SEC1 keys (Proc-Type/DEK-Info headers, the key
// from EVP_BytesToKey with MD5). The AES is internal/crypto_cipher's.
/* global require */

const { Buffer } = require("buffer");
const der = require("internal/crypto_der", true);
const cipherMod = require("internal/crypto_cipher", true);
const kdf = require("internal/crypto_kdf", true);
const hashing = require("internal/crypto_hash", true);
const { random } = require("internal/crypto_random", true);
const { E, isArrayBufferView, isAnyArrayBuffer } = require("internal/crypto_errors", true);

const PBES2 = "1.2.840.113549.1.5.13";
const PBKDF2 = "1.2.840.113549.1.5.12";
const PRF = { "1.2.840.113549.2.7": "sha1", "1.2.840.113549.2.8": "sha224", "1.2.840.113549.2.9": "sha256", "1.2.840.113549.2.10": "sha384", "1.2.840.113549.2.11": "sha512" };
const AES_CBC = { "2.16.840.1.101.3.4.1.2": "aes-128-cbc", "2.16.840.1.101.3.4.1.22": "aes-192-cbc", "2.16.840.1.101.3.4.1.42": "aes-256-cbc" };
const AES_OID = Object.fromEntries(Object.entries(AES_CBC).map(([k, v]) => [v, k]));

function badDecrypt() {
  return E.ossl("bad decrypt", "Provider routines", "1C800064");
}

/** A passphrase option as bytes (null when absent). */
function passphraseBytes(passphrase, name = "passphrase") {
  if (passphrase === undefined || passphrase === null) return null;
  if (typeof passphrase === "string") return Buffer.from(passphrase, "utf8");
  if (isArrayBufferView(passphrase)) return new Uint8Array(passphrase.buffer, passphrase.byteOffset, passphrase.byteLength);
  if (isAnyArrayBuffer(passphrase)) return new Uint8Array(passphrase);
  throw E.invalidArgType(name, "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", passphrase);
}

function missingPassphrase() {
  return E.code(TypeError, "ERR_MISSING_PASSPHRASE", "Passphrase required for encrypted key");
}

/** OpenSSL 3's answer to an encrypted PEM without a passphrase (its prompt was cancelled). */
function pemPassphraseMissing() {
  return E.code(Error, "ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED", "error:07880109:common libcrypto routines::interrupted or cancelled", {
    library: "common libcrypto routines",
    reason: "interrupted or cancelled",
  });
}

/** The AES-CBC name for a Node cipher option (only AES-CBC is supported for keys). */
function keyCipher(name) {
  const info = cipherMod.cipherInfo(name);
  if (info === null) throw E.code(TypeError, "ERR_CRYPTO_UNKNOWN_CIPHER", "Unknown cipher");
  if (info[0] !== "cbc") throw E.unsupported(`Encrypting a private key with ${name}`);
  return `aes-${info[1] * 8}-cbc`;
}

function aes(decrypt, name, key, iv, data) {
  const c = decrypt ? cipherMod.createDecipheriv(name, key, iv) : cipherMod.createCipheriv(name, key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

/** Whether PKCS#8 DER is an EncryptedPrivateKeyInfo. */
function isEncryptedPkcs8(bytes) {
  try {
    const s = der.parse(bytes).children;
    return s.length === 2 && s[0].tag === der.TAG.SEQUENCE && der.readOid(s[0].children[0]) === PBES2;
  } catch {
    return false;
  }
}

/** EncryptedPrivateKeyInfo DER -> PrivateKeyInfo DER. */
function decryptPkcs8(bytes, passphrase) {
  if (passphrase === null) throw missingPassphrase();
  const s = der.parse(bytes).children;
  const params = s[0].children[1].children;
  const kdfAlg = params[0].children;
  const scheme = params[1].children;
  if (der.readOid(kdfAlg[0]) !== PBKDF2) throw E.unsupported("This private key encryption scheme");
  const p = kdfAlg[1].children;
  const salt = der.expect(p[0], der.TAG.OCTET_STRING).content;
  const iterations = Number(der.readInt(p[1]));
  let prf = "sha1";
  for (const c of p.slice(2)) if (c.tag === der.TAG.SEQUENCE) prf = PRF[der.readOid(c.children[0])] || prf;
  const cipher = AES_CBC[der.readOid(scheme[0])];
  if (cipher === undefined) throw E.unsupported("This private key encryption cipher");
  const iv = der.expect(scheme[1], der.TAG.OCTET_STRING).content;
  const keyLen = Number(cipher.slice(4, 7)) / 8;
  const key = kdf.pbkdf2Sync(passphrase, salt, iterations, keyLen, prf);
  try {
    return new Uint8Array(aes(true, cipher, key, iv, s[1].content));
  } catch {
    throw badDecrypt();
  }
}

/** PrivateKeyInfo DER -> EncryptedPrivateKeyInfo DER. */
function encryptPkcs8(bytes, cipherName, passphrase) {
  const cipher = keyCipher(cipherName);
  const salt = random(16);
  const iv = random(16);
  const iterations = 2048;
  const key = kdf.pbkdf2Sync(passphrase, salt, iterations, Number(cipher.slice(4, 7)) / 8, "sha256");
  const encrypted = aes(false, cipher, key, iv, bytes);
  const { seq, oid, octets, int, nul } = der;
  return seq(
    seq(oid(PBES2), seq(
      seq(oid(PBKDF2), seq(octets(salt), int(iterations), seq(oid("1.2.840.113549.2.9"), nul()))),
      seq(oid(AES_OID[cipher]), octets(iv)),
    )),
    octets(encrypted),
  );
}

/** OpenSSL's EVP_BytesToKey with MD5 and one round: the legacy PEM key. */
function bytesToKey(passphrase, salt, keyLen) {
  const out = [];
  let have = 0;
  let prev = new Uint8Array(0);
  while (have < keyLen) {
    prev = hashing.digest("md5", der.cat([prev, passphrase, salt]));
    out.push(prev);
    have += prev.length;
  }
  return der.cat(out).subarray(0, keyLen);
}

/** The DER inside a legacy encrypted PEM block (Proc-Type: 4,ENCRYPTED). */
function decryptLegacyPem(text, passphrase) {
  if (passphrase === null) throw pemPassphraseMissing();
  const m = /DEK-Info:\s*([A-Za-z0-9-]+)\s*,\s*([0-9A-Fa-f]+)/.exec(text);
  if (!m) throw E.ossl("unsupported", "DECODER routines", "1E08010C");
  const cipher = keyCipher(m[1].toLowerCase());
  const iv = Buffer.from(m[2], "hex");
  const key = bytesToKey(passphrase, iv.subarray(0, 8), Number(cipher.slice(4, 7)) / 8);
  const body = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END/.exec(text)[1].replace(/^[A-Za-z-]+:.*$/gm, "").replace(/\s+/g, "");
  try {
    return new Uint8Array(aes(true, cipher, key, iv, Buffer.from(body, "base64")));
  } catch {
    throw badDecrypt();
  }
}

/** A legacy encrypted PEM block of `label` holding `bytes`. */
function encryptLegacyPem(label, bytes, cipherName, passphrase) {
  const cipher = keyCipher(cipherName);
  const iv = random(16);
  const key = bytesToKey(passphrase, iv.subarray(0, 8), Number(cipher.slice(4, 7)) / 8);
  const body = aes(false, cipher, key, iv, bytes).toString("base64").match(/.{1,64}/g).join("\n");
  return `-----BEGIN ${label}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: ${cipher.toUpperCase()},${Buffer.from(iv).toString("hex").toUpperCase()}\n\n${body}\n-----END ${label}-----\n`;
}

export default { passphraseBytes, isEncryptedPkcs8, decryptPkcs8, encryptPkcs8, decryptLegacyPem, encryptLegacyPem, missingPassphrase, pemPassphraseMissing };
