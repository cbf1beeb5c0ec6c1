// internal/crypto_subtle_aes — Web Crypto's AES-GCM, AES-CBC, AES-CTR and
// AES-KW on the same AES code as createCipheriv (internal/crypto_cipher)
// and @noble/ciphers' key wrap.
/* global require */

const { E } = require("internal/crypto_errors", true);
const cipherMod = require("internal/crypto_cipher", true);
const noble = require("internal/crypto_noble", true);

const dom = (message, name) => E.dom(message, name);
const opError = (message = "The operation failed for an operation-specific reason") => dom(message, "OperationError");

function aesKeyAlgorithm(name, m) {
  return { name, length: m.bytes.length * 8 };
}

function bufferSource(v, name) {
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw E.invalidArgType(name, "an instance of ArrayBuffer, Buffer, TypedArray, or DataView", v);
}

function run(c, data) {
  const a = c.update(data);
  const b = c.final();
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** encrypt / decrypt `data` with AES `a` (a normalized algorithm) under raw `key` bytes. */
function aesCipher(mode, a, key, data) {
  const bits = key.length * 8;
  const make = mode === "encrypt" ? cipherMod.createCipheriv : cipherMod.createDecipheriv;
  if (a.name === "AES-GCM") {
    const iv = bufferSource(a.iv, "algorithm.iv");
    const tagLength = a.tagLength === undefined ? 128 : a.tagLength;
    if (![32, 64, 96, 104, 112, 120, 128].includes(tagLength)) throw opError(`${tagLength} is not a valid AES-GCM tag length`);
    if (iv.length === 0) throw opError("algorithm.iv must not be empty");
    const tagBytes = tagLength / 8;
    const c = make(`aes-${bits}-gcm`, key, iv, { authTagLength: tagBytes });
    if (a.additionalData !== undefined) c.setAAD(bufferSource(a.additionalData, "algorithm.additionalData"));
    if (mode === "encrypt") {
      const ct = run(c, data);
      const tag = c.getAuthTag();
      const out = new Uint8Array(ct.length + tag.length);
      out.set(ct, 0);
      out.set(tag, ct.length);
      return out;
    }
    if (data.length < tagBytes) throw opError("The provided data is too small.");
    c.setAuthTag(data.subarray(data.length - tagBytes));
    try {
      return run(c, data.subarray(0, data.length - tagBytes));
    } catch {
      throw opError();
    }
  }
  if (a.name === "AES-CBC") {
    const iv = bufferSource(a.iv, "algorithm.iv");
    if (iv.length !== 16) throw opError("algorithm.iv must contain exactly 16 bytes");
    try {
      return run(make(`aes-${bits}-cbc`, key, iv), data);
    } catch {
      throw opError();
    }
  }
  if (a.name === "AES-CTR") {
    const counter = bufferSource(a.counter, "algorithm.counter");
    if (counter.length !== 16) throw opError("algorithm.counter must contain exactly 16 bytes");
    if (!(a.length > 0 && a.length <= 128)) throw opError("AES-CTR algorithm.length must be between 1 and 128");
    return run(make(`aes-${bits}-ctr`, key, counter), data);
  }
  throw dom("Unrecognized algorithm name", "NotSupportedError");
}

/** AES-KW (RFC 3394) wrap or unwrap. */
function wrapAes(wrap, key, data) {
  try {
    const kw = noble.aes.aeskw(key);
    return wrap ? kw.encrypt(data) : kw.decrypt(data);
  } catch {
    throw opError();
  }
}

export default { aesKeyAlgorithm, aesCipher, wrapAes };
