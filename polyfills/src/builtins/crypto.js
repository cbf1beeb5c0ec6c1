// node:crypto — computed inside the sandbox (under its CPU and memory
// limits) with @noble/hashes, @noble/ciphers and @noble/curves, plus RSA on
// BigInt (internal/crypto_rsa); entropy from the host's CSPRNG through one
// op (internal/crypto_random). The parts load lazily: hashes and random
// values cost little, keys, signatures and Web Crypto load on first use.
/* global require */

const random = require("internal/crypto_random", true);
const { E, isArrayBufferView, isAnyArrayBuffer } = require("internal/crypto_errors", true);

const lazy = (name) => {
  let m = null;
  return () => m || (m = require(name, true));
};
// Random values need only internal/crypto_random: the hashes (@noble/hashes)
// load on the first hash, HMAC or KDF.
const hashing = lazy("internal/crypto_hash");
const kdf = lazy("internal/crypto_kdf");
const cipher = lazy("internal/crypto_cipher");
const keys = lazy("internal/crypto_keys");
const sig = lazy("internal/crypto_sig");
const rsaCipher = lazy("internal/crypto_rsa_cipher");
const web = lazy("internal/crypto_webcrypto");

function timingSafeEqual(buf1, buf2) {
  const bytes = (v, name) => {
    if (isArrayBufferView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    if (isAnyArrayBuffer(v)) return new Uint8Array(v);
    throw E.code(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.${v === undefined ? " Received undefined" : ""}`);
  };
  const a = bytes(buf1, "buf1");
  const b = bytes(buf2, "buf2");
  if (a.byteLength !== b.byteLength) throw E.code(RangeError, "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH", "Input buffers must have the same byte length");
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

const CURVES = ["prime256v1", "secp256k1", "secp256r1", "secp384r1", "secp521r1"];

function unavailable(name) {
  return function () {
    throw E.unsupported(`crypto.${name}`);
  };
}

const constants = Object.freeze({
  OPENSSL_VERSION_NUMBER: 805306672,
  RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4, RSA_X931_PADDING: 5, RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1, RSA_PSS_SALTLEN_MAX_SIGN: -2, RSA_PSS_SALTLEN_AUTO: -2,
  TLS1_VERSION: 769, TLS1_1_VERSION: 770, TLS1_2_VERSION: 771, TLS1_3_VERSION: 772,
  POINT_CONVERSION_COMPRESSED: 2, POINT_CONVERSION_UNCOMPRESSED: 4, POINT_CONVERSION_HYBRID: 6,
  defaultCoreCipherList: "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA",
  defaultCipherList: "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA",
});

const crypto = {
  createHash: (algorithm, options) => new (hashing().Hash)(algorithm, options),
  createHmac: (hmac, key, options) => new (hashing().Hmac)(hmac, key, options),
  hash: (...args) => hashing().hash(...args),
  getHashes: () => hashing().getHashes(),
  getCurves: () => CURVES.slice(),
  getFips: () => 0,
  setFips(value) {
    if (value) throw E.code(Error, "ERR_CRYPTO_FIPS_FORCED", "Cannot set FIPS mode in a non-FIPS build.");
  },
  setEngine: unavailable("setEngine"),
  secureHeapUsed: () => ({ total: 0, min: 0, used: 0, utilization: 0 }),
  timingSafeEqual,
  randomBytes: random.randomBytes,
  pseudoRandomBytes: random.randomBytes,
  prng: random.randomBytes,
  rng: random.randomBytes,
  randomFill: random.randomFill,
  randomFillSync: random.randomFillSync,
  randomInt: random.randomInt,
  randomUUID: random.randomUUID,
  getRandomValues: (array) => web().crypto.getRandomValues(array),
  pbkdf2: (...args) => kdf().pbkdf2(...args),
  pbkdf2Sync: (...args) => kdf().pbkdf2Sync(...args),
  scrypt: (...args) => kdf().scrypt(...args),
  scryptSync: (...args) => kdf().scryptSync(...args),
  hkdf: (...args) => kdf().hkdf(...args),
  hkdfSync: (...args) => kdf().hkdfSync(...args),
  createCipheriv: (...args) => cipher().createCipheriv(...args),
  createDecipheriv: (...args) => cipher().createDecipheriv(...args),
  getCiphers: () => cipher().getCiphers(),
  getCipherInfo: (...args) => cipher().getCipherInfo(...args),
  createPrivateKey: (key) => keys().createPrivateKey(key),
  createPublicKey: (key) => keys().createPublicKey(key),
  createSecretKey: (key, encoding) => keys().createSecretKey(key, encoding),
  generateKeyPair: (...args) => keys().generateKeyPair(...args),
  generateKeyPairSync: (...args) => keys().generateKeyPairSync(...args),
  generateKey: (...args) => keys().generateKey(...args),
  generateKeySync: (...args) => keys().generateKeySync(...args),
  checkPrime: (...args) => keys().checkPrime(...args),
  checkPrimeSync: (...args) => keys().checkPrimeSync(...args),
  generatePrime: (...args) => keys().generatePrime(...args),
  generatePrimeSync: (...args) => keys().generatePrimeSync(...args),
  createSign: (algorithm, options) => sig().createSign(algorithm, options),
  createVerify: (algorithm, options) => sig().createVerify(algorithm, options),
  sign: (...args) => sig().sign(...args),
  verify: (...args) => sig().verify(...args),
  publicEncrypt: (key, buffer) => rsaCipher().publicEncrypt(key, buffer),
  privateDecrypt: (key, buffer) => rsaCipher().privateDecrypt(key, buffer),
  privateEncrypt: (key, buffer) => rsaCipher().privateEncrypt(key, buffer),
  publicDecrypt: (key, buffer) => rsaCipher().publicDecrypt(key, buffer),
  createDiffieHellman: unavailable("createDiffieHellman"),
  createDiffieHellmanGroup: unavailable("createDiffieHellmanGroup"),
  getDiffieHellman: unavailable("getDiffieHellman"),
  createECDH: unavailable("createECDH"),
  diffieHellman: unavailable("diffieHellman"),
  constants,
};

// util.promisify(generateKeyPair) resolves to { publicKey, privateKey }, as in Node.
Object.defineProperty(crypto.generateKeyPair, Symbol.for("nodejs.util.promisify.custom"), {
  value: (type, options) =>
    new Promise((resolve, reject) => {
      keys().generateKeyPair(type, options, (err, publicKey, privateKey) => (err ? reject(err) : resolve({ publicKey, privateKey })));
    }),
});

const lazyProps = {
  Hash: () => hashing().Hash,
  Hmac: () => hashing().Hmac,
  Cipheriv: () => cipher().Cipheriv,
  Decipheriv: () => cipher().Decipheriv,
  KeyObject: () => keys().KeyObject,
  Sign: () => sig().Sign,
  Verify: () => sig().Verify,
  webcrypto: () => web().crypto,
  subtle: () => web().crypto.subtle,
};
for (const [name, get] of Object.entries(lazyProps)) {
  Object.defineProperty(crypto, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = get();
      Object.defineProperty(crypto, name, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}
for (const name of ["Certificate", "Cipher", "Decipher", "DiffieHellman", "DiffieHellmanGroup", "ECDH", "X509Certificate"]) {
  crypto[name] = unavailable(name);
}
Object.defineProperty(crypto, "DEFAULT_ENCODING", { value: "buffer", writable: true, enumerable: false, configurable: true });

export default crypto;
