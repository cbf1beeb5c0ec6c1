// internal/crypto_noble — the hash, MAC, KDF and AES primitives the crypto
// builtins compute with, from @noble/hashes and @noble/ciphers (audited,
// dependency-free, pure JS), bundled once and shared by every crypto file.
import { md5, sha1, ripemd160 } from "@noble/hashes/legacy.js";
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from "@noble/hashes/sha2.js";
import { sha3_224, sha3_256, sha3_384, sha3_512, shake128, shake256 } from "@noble/hashes/sha3.js";
import { hmac } from "@noble/hashes/hmac.js";
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { gcm, cbc, ctr, ecb, aeskw } from "@noble/ciphers/aes.js";
import { ghash } from "@noble/ciphers/_polyval.js";

export default {
  hashes: {
    md5, sha1, ripemd160, sha224, sha256, sha384, sha512, sha512_224, sha512_256,
    sha3_224, sha3_256, sha3_384, sha3_512, shake128, shake256,
  },
  hmac,
  pbkdf2,
  scrypt,
  hkdf,
  aes: { gcm, cbc, ctr, ecb, aeskw },
  ghash,
};
