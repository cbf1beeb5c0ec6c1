// internal/crypto_rsa — RSA on BigInt: key generation (Miller-Rabin primes),
// the raw public and private (CRT) operations, and the paddings Node and Web
// Crypto use: RSASSA-PKCS1-v1_5 and RSASSA-PSS signatures, RSAES-OAEP and
// RSAES-PKCS1-v1_5 encryption (RFC 8017). Hashes from internal/crypto_hash,
// randomness from internal/crypto_random.
/* global require */

const { digest, digestName, digestSizes } = require("internal/crypto_hash", true);
const { random } = require("internal/crypto_random", true);
const der = require("internal/crypto_der", true);

const { toBigInt, fromBigInt } = der;

/** base^exp mod m, left to right with a 4-bit window (about a fifth fewer multiplications than bit by bit). */
function modPow(base, exp, mod) {
  if (mod === 1n) return 0n;
  let b = base % mod;
  if (b < 0n) b += mod;
  if (exp === 0n) return 1n;
  const table = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1] * b) % mod);
  const hex = exp.toString(16);
  let result = table[parseInt(hex[0], 16)];
  for (let i = 1; i < hex.length; i++) {
    for (let k = 0; k < 4; k++) result = (result * result) % mod;
    const d = parseInt(hex[i], 16);
    if (d !== 0) result = (result * table[d]) % mod;
  }
  return result;
}

function modInv(a, m) {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error("not invertible");
  return ((oldS % m) + m) % m;
}

function gcd(a, b) {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function bitLength(n) {
  return n === 0n ? 0 : n.toString(2).length;
}

function randomBelow(n) {
  const bytes = Math.ceil(bitLength(n) / 8) + 8;
  return toBigInt(random(bytes)) % n;
}

const SMALL_PRIMES = [];
for (let i = 3; SMALL_PRIMES.length < 600; i += 2) {
  let prime = true;
  for (const p of SMALL_PRIMES) {
    if (p * p > i) break;
    if (i % p === 0) {
      prime = false;
      break;
    }
  }
  if (prime) SMALL_PRIMES.push(i);
}
const SMALL_PRIMES_BIG = SMALL_PRIMES.map(BigInt);

/** Miller-Rabin with `rounds` random bases (after trial division). */
function isProbablePrime(n, rounds) {
  if (n < 2n) return false;
  if (n < 4n) return true;
  if ((n & 1n) === 0n) return false;
  for (const p of SMALL_PRIMES_BIG) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const bits = bitLength(n);
  const k = rounds !== undefined && rounds > 0 ? rounds : bits >= 1300 ? 2 : bits >= 850 ? 3 : bits >= 550 ? 5 : bits >= 350 ? 8 : bits >= 250 ? 12 : bits >= 150 ? 18 : 27;
  outer: for (let i = 0; i < k; i++) {
    const a = 2n + randomBelow(n - 3n);
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

/** A random prime of exactly `bits` bits (top two bits set when `topTwo`). */
function randomPrime(bits, { topTwo = false, add, rem, safe = false } = {}) {
  if (add === undefined && !safe && bits > 64) return sievedPrime(bits, topTwo);
  for (;;) {
    let c = toBigInt(random(Math.ceil(bits / 8)));
    c &= (1n << BigInt(bits)) - 1n;
    c |= 1n << BigInt(bits - 1);
    if (topTwo && bits > 1) c |= 1n << BigInt(bits - 2);
    c |= 1n;
    if (add !== undefined) {
      const r = rem === undefined ? 1n : rem;
      c = c - (c % add) + r;
      if (bitLength(c) !== bits) continue;
    }
    if (!isProbablePrime(c)) continue;
    if (safe && !isProbablePrime((c - 1n) >> 1n)) continue;
    return c;
  }
}

/**
 * A random prime of `bits` bits found by stepping an odd random start by 2:
 * its remainders by the small primes are computed once and advanced in
 * plain numbers, so only candidates with no small factor reach Miller-Rabin.
 */
function sievedPrime(bits, topTwo) {
  for (;;) {
    let start = toBigInt(random(Math.ceil(bits / 8)));
    start &= (1n << BigInt(bits)) - 1n;
    start |= 1n << BigInt(bits - 1);
    if (topTwo) start |= 1n << BigInt(bits - 2);
    start |= 1n;
    const rems = SMALL_PRIMES_BIG.map((p) => Number(start % p));
    for (let delta = 0; delta < 1 << 16; delta += 2) {
      let smallFactor = false;
      for (let i = 0; i < SMALL_PRIMES.length; i++) {
        if ((rems[i] + delta) % SMALL_PRIMES[i] === 0) {
          smallFactor = true;
          break;
        }
      }
      if (smallFactor) continue;
      const c = start + BigInt(delta);
      if (bitLength(c) !== bits) break;
      if (isProbablePrime(c)) return c;
    }
  }
}

/** A new RSA key { n, e, d, p, q, dp, dq, qi } with an n of exactly `bits` bits. */
function generateKey(bits, e = 65537n) {
  const pBits = Math.ceil(bits / 2);
  const qBits = bits - pBits;
  for (;;) {
    const p = randomPrime(pBits, { topTwo: true });
    const q = randomPrime(qBits, { topTwo: true });
    if (p === q) continue;
    const n = p * q;
    if (bitLength(n) !== bits) continue;
    const phi = (p - 1n) * (q - 1n);
    if (gcd(e, phi) !== 1n) continue;
    const d = modInv(e, phi);
    const [P, Q] = p > q ? [p, q] : [q, p];
    return { n, e, d, p: P, q: Q, dp: d % (P - 1n), dq: d % (Q - 1n), qi: modInv(Q, P) };
  }
}

function byteLength(key) {
  return Math.ceil(bitLength(key.n) / 8);
}

function publicOp(key, m) {
  return modPow(m, key.e, key.n);
}

/** The private operation, with CRT when the key has its primes, blinded by a random r. */
function privateOp(key, c) {
  const r = 2n + randomBelow(key.n - 3n);
  const blinded = (c * modPow(r, key.e, key.n)) % key.n;
  let m;
  if (key.p && key.q && key.dp && key.dq && key.qi) {
    const m1 = modPow(blinded, key.dp, key.p);
    const m2 = modPow(blinded, key.dq, key.q);
    let h = (key.qi * (m1 - m2)) % key.p;
    if (h < 0n) h += key.p;
    m = m2 + h * key.q;
  } else {
    m = modPow(blinded, key.d, key.n);
  }
  return (m * modInv(r, key.n)) % key.n;
}

function hashLen(name) {
  return digestSizes(digestName(name)).outputLen;
}

function mgf1(hash, seed, length) {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  let off = 0;
  for (let i = 0; off < length; i++) {
    new DataView(counter.buffer).setUint32(0, i);
    const h = digest(hash, der.cat([seed, counter]));
    out.set(h.subarray(0, Math.min(h.length, length - off)), off);
    off += h.length;
  }
  return out;
}

class RsaError extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

// ---- RSASSA-PKCS1-v1_5 ------------------------------------------------------------

function digestInfo(hash, hashed) {
  const name = digestName(hash);
  const algOid = der.OID[name];
  if (algOid === undefined) throw new RsaError("unknown digest");
  return der.seq(der.seq(der.oid(algOid), der.nul()), der.octets(hashed));
}

function pkcs1Pad(t, k) {
  if (k < t.length + 11) throw new RsaError("digest too big for rsa key");
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[k - t.length - 1] = 0;
  em.set(t, k - t.length);
  return em;
}

function pkcs1Sign(key, hash, hashed) {
  const k = byteLength(key);
  const em = pkcs1Pad(digestInfo(hash, hashed), k);
  return fromBigInt(privateOp(key, toBigInt(em)), k);
}

function pkcs1Verify(key, hash, hashed, sig) {
  const k = byteLength(key);
  if (sig.length !== k) return false;
  const s = toBigInt(sig);
  if (s >= key.n) return false;
  const em = fromBigInt(publicOp(key, s), k);
  let expected;
  try {
    expected = pkcs1Pad(digestInfo(hash, hashed), k);
  } catch {
    return false;
  }
  let diff = 0;
  for (let i = 0; i < k; i++) diff |= em[i] ^ expected[i];
  return diff === 0;
}

// ---- RSASSA-PSS ----------------------------------------------------------------------

function pssSaltLength(key, hash, saltLength) {
  const emLen = Math.ceil((bitLength(key.n) - 1) / 8);
  const hLen = hashLen(hash);
  if (saltLength === undefined || saltLength === -2) return emLen - hLen - 2;
  if (saltLength === -1) return hLen;
  return saltLength;
}

function pssSign(key, hash, mHash, saltLength) {
  const emBits = bitLength(key.n) - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = mHash.length;
  const sLen = pssSaltLength(key, hash, saltLength);
  if (sLen < 0 || emLen < hLen + sLen + 2) throw new RsaError("data too large for key size");
  const salt = random(sLen);
  const h = digest(hash, der.cat([new Uint8Array(8), mHash, salt]));
  const db = new Uint8Array(emLen - hLen - 1);
  db[emLen - sLen - hLen - 2] = 1;
  db.set(salt, emLen - sLen - hLen - 1);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
  db[0] &= 0xff >> (8 * emLen - emBits);
  const em = der.cat([db, h, Uint8Array.of(0xbc)]);
  const k = byteLength(key);
  return fromBigInt(privateOp(key, toBigInt(em)), k);
}

function pssVerify(key, hash, mHash, sig, saltLength) {
  const k = byteLength(key);
  if (sig.length !== k) return false;
  const s = toBigInt(sig);
  if (s >= key.n) return false;
  const emBits = bitLength(key.n) - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = fromBigInt(publicOp(key, s), emLen);
  if (em.length !== emLen) return false;
  const hLen = mHash.length;
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const masked = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  if (masked[0] & ~(0xff >> (8 * emLen - emBits)) & 0xff) return false;
  const mask = mgf1(hash, h, masked.length);
  const db = masked.map((b, i) => b ^ mask[i]);
  db[0] &= 0xff >> (8 * emLen - emBits);
  let i = 0;
  while (i < db.length && db[i] === 0) i++;
  if (i >= db.length || db[i] !== 1) return false;
  const salt = db.subarray(i + 1);
  const want = saltLength === undefined || saltLength === -2 ? salt.length : saltLength === -1 ? hLen : saltLength;
  if (salt.length !== want) return false;
  const h2 = digest(hash, der.cat([new Uint8Array(8), mHash, salt]));
  let diff = 0;
  for (let j = 0; j < hLen; j++) diff |= h[j] ^ h2[j];
  return diff === 0;
}

// ---- RSAES-OAEP and RSAES-PKCS1-v1_5 -------------------------------------------------------

function oaepEncrypt(key, hash, label, msg) {
  const k = byteLength(key);
  const hLen = hashLen(hash);
  if (msg.length > k - 2 * hLen - 2) throw new RsaError("data too large for key size");
  const lHash = digest(hash, label || new Uint8Array(0));
  const db = new Uint8Array(k - hLen - 1);
  db.set(lHash, 0);
  db[db.length - msg.length - 1] = 1;
  db.set(msg, db.length - msg.length);
  const seed = random(hLen);
  const dbMask = mgf1(hash, seed, db.length);
  for (let i = 0; i < db.length; i++) db[i] ^= dbMask[i];
  const seedMask = mgf1(hash, db, hLen);
  for (let i = 0; i < hLen; i++) seed[i] ^= seedMask[i];
  const em = der.cat([Uint8Array.of(0), seed, db]);
  return fromBigInt(publicOp(key, toBigInt(em)), k);
}

function oaepDecrypt(key, hash, label, ct) {
  const k = byteLength(key);
  const hLen = hashLen(hash);
  if (ct.length !== k || k < 2 * hLen + 2) throw new RsaError("oaep decoding error");
  const c = toBigInt(ct);
  if (c >= key.n) throw new RsaError("oaep decoding error");
  const em = fromBigInt(privateOp(key, c), k);
  const seed = em.slice(1, 1 + hLen);
  const db = em.slice(1 + hLen);
  const seedMask = mgf1(hash, db, hLen);
  for (let i = 0; i < hLen; i++) seed[i] ^= seedMask[i];
  const dbMask = mgf1(hash, seed, db.length);
  for (let i = 0; i < db.length; i++) db[i] ^= dbMask[i];
  const lHash = digest(hash, label || new Uint8Array(0));
  let bad = em[0];
  for (let i = 0; i < hLen; i++) bad |= db[i] ^ lHash[i];
  let i = hLen;
  while (i < db.length && db[i] === 0) i++;
  if (bad || i >= db.length || db[i] !== 1) throw new RsaError("oaep decoding error");
  return db.slice(i + 1);
}

function pkcs1Encrypt(key, msg) {
  const k = byteLength(key);
  if (msg.length > k - 11) throw new RsaError("data too large for key size");
  const ps = new Uint8Array(k - msg.length - 3);
  for (let i = 0; i < ps.length; i++) {
    let b = 0;
    while (b === 0) b = random(1)[0];
    ps[i] = b;
  }
  const em = der.cat([Uint8Array.of(0, 2), ps, Uint8Array.of(0), msg]);
  return fromBigInt(publicOp(key, toBigInt(em)), k);
}

/** Private-key "encryption" with type 1 padding (privateEncrypt) and its inverse (publicDecrypt). */
function pkcs1Type1(key, msg) {
  const k = byteLength(key);
  return fromBigInt(privateOp(key, toBigInt(pkcs1Pad(msg, k))), k);
}
function pkcs1Type1Open(key, ct) {
  const k = byteLength(key);
  const em = fromBigInt(publicOp(key, toBigInt(ct)), k);
  let i = 2;
  while (i < k && em[i] === 0xff) i++;
  if (em[0] !== 0 || em[1] !== 1 || i >= k || em[i] !== 0) throw new RsaError("padding check failed");
  return em.slice(i + 1);
}

export default {
  modPow, modInv, bitLength, isProbablePrime, randomPrime, generateKey, byteLength, publicOp, privateOp,
  pkcs1Sign, pkcs1Verify, pssSign, pssVerify, pssSaltLength, oaepEncrypt, oaepDecrypt, pkcs1Encrypt,
  pkcs1Type1, pkcs1Type1Open, RsaError,
};
