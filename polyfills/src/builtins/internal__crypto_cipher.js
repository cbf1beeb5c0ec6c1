// internal/crypto_cipher — createCipheriv / createDecipheriv for AES-128,
// -192 and -256 in CBC (PKCS#7 padding, setAutoPadding), ECB, CTR and GCM
// (setAAD, getAuthTag, setAuthTag), streaming through update() and final()
// as Node does. The AES block function and GHASH come from @noble/ciphers;
// the modes' streaming state (held-back blocks, counters, the GCM hash) is
// kept here.
/* global require */

const { Buffer } = require("buffer");
const noble = require("internal/crypto_noble", true);
const LazyTransform = require("internal/crypto_lazy_transform", true);
const { E, isArrayBufferView, isAnyArrayBuffer, validateString, validateObject } = require("internal/crypto_errors", true);

/** name -> [mode, key bytes] */
const CIPHERS = {};
for (const bits of [128, 192, 256]) {
  for (const mode of ["cbc", "ecb", "ctr", "gcm"]) CIPHERS[`aes-${bits}-${mode}`] = [mode, bits / 8];
  CIPHERS[`aes${bits}`] = ["cbc", bits / 8];
  CIPHERS[`id-aes${bits}-gcm`] = ["gcm", bits / 8];
}

function cipherInfo(name) {
  const key = typeof name === "string" ? name.toLowerCase() : "";
  return Object.prototype.hasOwnProperty.call(CIPHERS, key) ? CIPHERS[key] : null;
}

function getCiphers() {
  return Object.keys(CIPHERS).map((n) => (n.startsWith("id-") ? n.replace("-gcm", "-GCM") : n)).sort();
}

function concat(a, b) {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function viewBytes(v) {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

function keyArg(key) {
  if (typeof key === "string") return Buffer.from(key, "utf8");
  if (isArrayBufferView(key)) return viewBytes(key);
  if (isAnyArrayBuffer(key)) return new Uint8Array(key);
  if (key !== null && typeof key === "object") {
    const secret = require("internal/crypto_keys", true).secretBytesOf(key);
    if (secret !== null) return secret;
  }
  throw E.invalidArgType("key", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey", key);
}

function ivArg(iv) {
  if (iv === null) return null;
  if (typeof iv === "string") return Buffer.from(iv, "utf8");
  if (isArrayBufferView(iv)) return viewBytes(iv);
  if (isAnyArrayBuffer(iv)) return new Uint8Array(iv);
  throw E.invalidArgType("iv", "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView", iv);
}

/** AES block encryption of whole blocks (ECB, no padding): the keystream generator of CTR and GCM. */
function ecbEncrypt(key, blocks) {
  return noble.aes.ecb(key, { disablePadding: true }).encrypt(blocks);
}

/** `n` counter blocks from `counter` (mutated past them); `width` 16 for CTR, 4 for GCM's inc32. */
function counterBlocks(counter, n, width) {
  const out = new Uint8Array(n * 16);
  for (let b = 0; b < n; b++) {
    out.set(counter, b * 16);
    for (let i = 15; i >= 16 - width; i--) {
      counter[i] = (counter[i] + 1) & 0xff;
      if (counter[i] !== 0) break;
    }
  }
  return out;
}

/** A stream of keystream bytes from a counter (CTR / GCM's GCTR). */
function keystream(key, counter, width) {
  let spare = new Uint8Array(0);
  return function xor(data) {
    const need = data.length - spare.length;
    let ks = spare;
    if (need > 0) ks = concat(spare, ecbEncrypt(key, counterBlocks(counter, Math.ceil(need / 16), width)));
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i] ^ ks[i];
    spare = ks.subarray(data.length);
    return out;
  };
}

const kState = Symbol("kState");

function authTagLengthOf(mode, options) {
  if (mode !== "gcm" || !options || options.authTagLength === undefined) return undefined;
  const n = options.authTagLength;
  if (!Number.isInteger(n) || !validGcmTagLength(n)) throw E.code(TypeError, "ERR_CRYPTO_INVALID_AUTH_TAG", `Invalid authentication tag length: ${n}`);
  return n;
}

function validGcmTagLength(n) {
  return n === 4 || n === 8 || (n >= 12 && n <= 16);
}

function init(self, decrypt, cipher, key, iv, options) {
  validateString(cipher, "cipher");
  const k = keyArg(key);
  const ivBytes = ivArg(iv);
  if (options !== undefined && options !== null) validateObject(options, "options");
  const info = cipherInfo(cipher);
  if (info === null) throw E.code(Error, "ERR_CRYPTO_UNKNOWN_CIPHER", "Unknown cipher");
  const [mode, keyLen] = info;
  if (k.length !== keyLen) throw E.code(RangeError, "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length");
  const invalidIv = () => E.code(TypeError, "ERR_CRYPTO_INVALID_IV", "Invalid initialization vector");
  if (mode === "ecb") {
    if (ivBytes !== null && ivBytes.length !== 0) throw invalidIv();
  } else if (mode === "gcm") {
    if (ivBytes === null || ivBytes.length === 0) throw invalidIv();
  } else if (ivBytes === null || ivBytes.length !== 16) throw invalidIv();
  const state = {
    mode, decrypt, key: Uint8Array.from(k), pending: new Uint8Array(0), autoPadding: true, finalized: false, decoder: null,
    tagLength: authTagLengthOf(mode, options), authTag: null, aadAllowed: true,
  };
  if (mode === "cbc") state.iv = Uint8Array.from(ivBytes);
  if (mode === "ctr") state.xor = keystream(state.key, Uint8Array.from(ivBytes), 16);
  if (mode === "gcm") {
    const h = ecbEncrypt(state.key, new Uint8Array(16));
    let j0;
    if (ivBytes.length === 12) {
      j0 = new Uint8Array(16);
      j0.set(ivBytes);
      j0[15] = 1;
    } else {
      const g = noble.ghash.create(h);
      g.update(ivBytes);
      const lens = new Uint8Array(16);
      new DataView(lens.buffer).setUint32(12, ivBytes.length * 8);
      new DataView(lens.buffer).setUint32(8, Math.floor((ivBytes.length * 8) / 2 ** 32));
      g.update(lens);
      j0 = g.digest();
    }
    state.j0 = j0;
    state.ghash = noble.ghash.create(h);
    state.aadLen = 0;
    state.ctLen = 0;
    state.ghashPending = new Uint8Array(0);
    const counter = Uint8Array.from(j0);
    counterBlocks(counter, 1, 4);
    state.xor = keystream(state.key, counter, 4);
  }
  self[kState] = state;
  LazyTransform.call(self, options);
}

function dataArg(data, encoding) {
  if (typeof data === "string") return Buffer.from(data, encoding && encoding !== "buffer" ? encoding : "utf8");
  if (isArrayBufferView(data)) return viewBytes(data);
  throw E.invalidArgType("data", "of type string or an instance of Buffer, TypedArray, or DataView", data);
}

function output(self, bytes, encoding) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === undefined || encoding === null || encoding === "buffer") return buf;
  const state = self[kState];
  if (state.decoder === null) {
    const { StringDecoder } = require("string_decoder");
    state.decoder = new StringDecoder(encoding);
  } else if (state.decoder.encoding !== normalize(encoding)) {
    // As Node's getDecoder: one cipher decodes its output in one encoding.
    throw E.code(Error, "ERR_INTERNAL_ASSERTION", "Cannot change encoding\nThis is caused by either a bug in Node.js or incorrect usage of Node.js internals.\nPlease open an issue with this stack trace at https://github.com/nodejs/node/issues\n");
  }
  return state.decoder.write(buf);
}

function normalize(enc) {
  const e = String(enc).toLowerCase();
  return e === "utf-8" ? "utf8" : e === "ucs2" || e === "ucs-2" || e === "utf-16le" ? "utf16le" : e === "binary" ? "latin1" : e;
}

/** GCM: hashes ciphertext in whole blocks; the tail waits for more or for final. */
function ghashCiphertext(state, ct) {
  state.ctLen += ct.length;
  const all = concat(state.ghashPending, ct);
  const whole = all.length - (all.length % 16);
  if (whole > 0) state.ghash.update(all.subarray(0, whole));
  state.ghashPending = all.slice(whole);
}

function gcmTag(state) {
  if (state.ghashPending.length > 0) state.ghash.update(state.ghashPending);
  const lens = new Uint8Array(16);
  const dv = new DataView(lens.buffer);
  dv.setUint32(0, Math.floor((state.aadLen * 8) / 2 ** 32));
  dv.setUint32(4, (state.aadLen * 8) >>> 0);
  dv.setUint32(8, Math.floor((state.ctLen * 8) / 2 ** 32));
  dv.setUint32(12, (state.ctLen * 8) >>> 0);
  state.ghash.update(lens);
  const s = state.ghash.digest();
  const ek = ecbEncrypt(state.key, state.j0);
  for (let i = 0; i < 16; i++) s[i] ^= ek[i];
  return s;
}

function update(data, inputEncoding, outputEncoding) {
  const state = this[kState];
  if (typeof data === "string" && (inputEncoding === undefined || inputEncoding === null)) inputEncoding = "utf8";
  const bytes = dataArg(data, inputEncoding);
  if (state.finalized) throw E.code(Error, undefined, "Trying to add data in unsupported state");
  state.aadAllowed = false;
  let out;
  if (state.mode === "ctr") out = state.xor(bytes);
  else if (state.mode === "gcm") {
    if (state.decrypt) {
      ghashCiphertext(state, bytes);
      out = state.xor(bytes);
    } else {
      out = state.xor(bytes);
      ghashCiphertext(state, out);
    }
  } else {
    const all = concat(state.pending, bytes);
    let whole = all.length - (all.length % 16);
    // Decrypting with padding holds the last whole block back for final().
    if (state.decrypt && state.autoPadding && whole === all.length && whole > 0) whole -= 16;
    out = blockOp(state, all.subarray(0, whole));
    state.pending = all.slice(whole);
  }
  return output(this, out, outputEncoding);
}

/** CBC or ECB over whole blocks, carrying the CBC chaining value. */
function blockOp(state, blocks) {
  if (blocks.length === 0) return blocks;
  if (state.mode === "ecb") {
    const c = noble.aes.ecb(state.key, { disablePadding: true });
    return state.decrypt ? c.decrypt(blocks) : c.encrypt(blocks);
  }
  const c = noble.aes.cbc(state.key, state.iv, { disablePadding: true });
  if (state.decrypt) {
    const out = c.decrypt(blocks);
    state.iv = blocks.slice(blocks.length - 16);
    return out;
  }
  const out = c.encrypt(blocks);
  state.iv = out.slice(out.length - 16);
  return out;
}

function final(outputEncoding) {
  const state = this[kState];
  if (state.finalized) throw E.code(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state");
  state.finalized = true;
  let out = new Uint8Array(0);
  if (state.mode === "gcm") {
    const tag = gcmTag(state);
    if (state.decrypt) {
      const expected = state.authTag;
      let diff = expected === null ? 1 : 0;
      if (expected !== null) for (let i = 0; i < expected.length; i++) diff |= expected[i] ^ tag[i];
      if (diff !== 0) throw E.code(Error, undefined, "Unsupported state or unable to authenticate data");
    } else state.authTag = tag.slice(0, state.tagLength === undefined ? 16 : state.tagLength);
  } else if (state.mode === "cbc" || state.mode === "ecb") {
    const p = state.pending;
    state.pending = new Uint8Array(0);
    if (!state.decrypt) {
      if (state.autoPadding) {
        const n = 16 - (p.length % 16);
        const padded = new Uint8Array(p.length + n).fill(n);
        padded.set(p);
        out = blockOp(state, padded);
      } else if (p.length !== 0) {
        throw E.ossl("wrong final block length", "Provider routines", "1C80006B");
      }
    } else if (state.autoPadding) {
      if (p.length !== 16) throw E.ossl("wrong final block length", "Provider routines", "1C80006B");
      const plain = blockOp(state, p);
      const n = plain[15];
      let bad = n < 1 || n > 16 ? 1 : 0;
      for (let i = 16 - Math.min(Math.max(n, 1), 16); i < 16; i++) bad |= plain[i] ^ n;
      if (bad) throw E.ossl("bad decrypt", "Provider routines", "1C800064");
      out = plain.subarray(0, 16 - n);
    } else if (p.length !== 0) {
      throw E.ossl("wrong final block length", "Provider routines", "1C80006B");
    }
  }
  const result = output(this, out, outputEncoding);
  if (typeof result === "string" && state.decoder !== null) return result + state.decoder.end();
  return result;
}

function setAutoPadding(ap) {
  const state = this[kState];
  if (state.finalized) throw E.code(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state for operation setAutoPadding");
  state.autoPadding = ap === undefined ? true : !!ap;
  return this;
}

function setAAD(aadbuf, options) {
  const state = this[kState];
  const bytes = dataArg(aadbuf);
  if (options !== undefined) validateObject(options, "options");
  if (state.mode !== "gcm" || !state.aadAllowed || state.finalized) throw E.code(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state for operation setAAD");
  if (state.aadLen % 16 !== 0) throw E.code(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state for operation setAAD");
  state.ghash.update(bytes);
  state.aadLen += bytes.length;
  return this;
}

function Cipheriv(cipher, key, iv, options) {
  if (!(this instanceof Cipheriv)) return new Cipheriv(cipher, key, iv, options);
  init(this, false, cipher, key, iv, options);
}
function Decipheriv(cipher, key, iv, options) {
  if (!(this instanceof Decipheriv)) return new Decipheriv(cipher, key, iv, options);
  init(this, true, cipher, key, iv, options);
}

for (const C of [Cipheriv, Decipheriv]) {
  Object.setPrototypeOf(C.prototype, LazyTransform.prototype);
  Object.setPrototypeOf(C, LazyTransform);
  C.prototype.update = update;
  C.prototype.final = final;
  C.prototype.setAutoPadding = setAutoPadding;
  C.prototype.setAAD = setAAD;
  C.prototype._transform = function _transform(chunk, encoding, callback) {
    this.push(this.update(chunk, encoding));
    callback();
  };
  C.prototype._flush = function _flush(callback) {
    try {
      this.push(this.final());
    } catch (err) {
      callback(err);
      return;
    }
    callback();
  };
}

Cipheriv.prototype.getAuthTag = function getAuthTag() {
  const state = this[kState];
  if (state.mode !== "gcm" || !state.finalized || state.authTag === null) throw E.code(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state for operation getAuthTag");
  return Buffer.from(state.authTag);
};

Decipheriv.prototype.setAuthTag = function setAuthTag(tagbuf, encoding) {
  const state = this[kState];
  const tag = dataArg(tagbuf, encoding);
  if (state.mode !== "gcm" || state.finalized || state.authTag !== null) throw E.code(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state for operation setAuthTag");
  const n = tag.length;
  if (!validGcmTagLength(n) || (state.tagLength !== undefined && n !== state.tagLength)) {
    throw E.code(TypeError, "ERR_CRYPTO_INVALID_AUTH_TAG", `Invalid authentication tag length: ${n}`);
  }
  state.authTag = Uint8Array.from(tag);
  return this;
};

function createCipheriv(cipher, key, iv, options) {
  return new Cipheriv(cipher, key, iv, options);
}
function createDecipheriv(cipher, key, iv, options) {
  return new Decipheriv(cipher, key, iv, options);
}

/** OpenSSL's NIDs of the AES modes (getCipherInfo reports and accepts them). */
const NIDS = {
  "aes-128-ecb": 418, "aes-128-cbc": 419, "aes-192-ecb": 422, "aes-192-cbc": 423, "aes-256-ecb": 426, "aes-256-cbc": 427,
  "aes-128-gcm": 895, "aes-192-gcm": 898, "aes-256-gcm": 901, "aes-128-ctr": 904, "aes-192-ctr": 905, "aes-256-ctr": 906,
};

function getCipherInfo(nameOrNid, options) {
  if (typeof nameOrNid !== "string" && typeof nameOrNid !== "number") throw E.invalidArgType("nameOrNid", "of type string or number", nameOrNid);
  if (options !== undefined) validateObject(options, "options");
  const { keyLength, ivLength } = options || {};
  if (keyLength !== undefined && typeof keyLength !== "number") throw E.invalidArgType("options.keyLength", "of type number", keyLength);
  if (ivLength !== undefined && typeof ivLength !== "number") throw E.invalidArgType("options.ivLength", "of type number", ivLength);
  let info;
  if (typeof nameOrNid === "number") {
    const name = Object.keys(NIDS).find((n) => NIDS[n] === nameOrNid);
    info = name === undefined ? null : CIPHERS[name];
  } else info = cipherInfo(nameOrNid);
  if (info === null) return undefined;
  const [mode, keyLen] = info;
  const canonical = `aes-${keyLen * 8}-${mode}`;
  // OpenSSL's own name for a GCM mode is its id-aesN-GCM alias (lowercased, as Node prints it).
  const name = mode === "gcm" ? `id-aes${keyLen * 8}-gcm` : canonical;
  const defaultIv = mode === "gcm" ? 12 : mode === "ecb" ? undefined : 16;
  if (keyLength !== undefined && keyLength !== keyLen) return undefined;
  if (ivLength !== undefined && !(mode === "gcm" ? ivLength > 0 : ivLength === defaultIv)) return undefined;
  const result = { name, nid: NIDS[canonical], blockSize: mode === "cbc" || mode === "ecb" ? 16 : 1 };
  if (defaultIv !== undefined) result.ivLength = ivLength !== undefined ? ivLength : defaultIv;
  result.keyLength = keyLen;
  result.mode = mode;
  return result;
}

export default { Cipheriv, Decipheriv, createCipheriv, createDecipheriv, getCiphers, getCipherInfo, cipherInfo };
