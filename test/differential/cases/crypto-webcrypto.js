"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// Web Crypto: the global crypto, CryptoKey and crypto.subtle with fixed keys.
const { showAsync, show } = require("../show.cjs");
const { RSA_PKCS8, RSA_SPKI, EC_SEC1, EC_SPKI, ED_PKCS8, ED_SPKI } = require("../test-keys.cjs");


const nodeCrypto = require("crypto");
const subtle = globalThis.crypto.subtle;
const hex = (b) => Buffer.from(b).toString("hex");
const der = (pem, type) => {
  const k = type === "spki" ? nodeCrypto.createPublicKey(pem) : nodeCrypto.createPrivateKey(pem);
  return k.export({ type, format: "der" });
};
const keyInfo = (k) => [k.type, k.extractable, JSON.stringify(k.algorithm, (n, v) => (v instanceof Uint8Array ? Array.from(v) : v)), k.usages];
const sortedJwk = (j) => Object.keys(j).sort().map((k) => k + "=" + (typeof j[k] === "string" && j[k].length > 20 ? j[k].slice(0, 20) + "..." : JSON.stringify(j[k])));

(async () => {
  show("globals", () => [typeof crypto, typeof Crypto, typeof CryptoKey, typeof SubtleCrypto, Object.prototype.toString.call(crypto.subtle)]);
  show("same object as require('crypto').webcrypto", () => [globalThis.crypto === nodeCrypto.webcrypto, subtle === nodeCrypto.subtle, crypto instanceof Crypto, subtle instanceof SubtleCrypto]);
  show("new CryptoKey()", () => new CryptoKey());
  show("randomUUID", () => crypto.randomUUID().length);
  for (const alg of ["SHA-1", "SHA-256", "SHA-384", "SHA-512", { name: "sha-256" }]) {
    await showAsync(`digest ${JSON.stringify(alg)}`, async () => hex(await subtle.digest(alg, Buffer.from("abc"))));
  }
  await showAsync("digest of an ArrayBuffer", async () => hex(await subtle.digest("SHA-256", new Uint8Array([1, 2, 3]).buffer)));
  await showAsync("digest unknown", () => subtle.digest("MD5", Buffer.from("x")));

  const hk = await subtle.importKey("raw", Buffer.from("key"), { name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
  show("HMAC key", () => keyInfo(hk));
  const mac = await subtle.sign("HMAC", hk, Buffer.from("data"));
  show("HMAC sign", () => hex(mac));
  await showAsync("HMAC verify", async () => [await subtle.verify("HMAC", hk, mac, Buffer.from("data")), await subtle.verify("HMAC", hk, mac, Buffer.from("dat"))]);
  await showAsync("HMAC jwk", async () => sortedJwk(await subtle.exportKey("jwk", hk)));
  await showAsync("HMAC generateKey", async () => keyInfo(await subtle.generateKey({ name: "HMAC", hash: "SHA-512" }, false, ["sign"])));
  await showAsync("HMAC key from jwk", async () => hex(await subtle.sign("HMAC", await subtle.importKey("jwk", { kty: "oct", k: "a2V5", alg: "HS256" }, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]), Buffer.from("data"))));
  await showAsync("KeyObject.from(CryptoKey)", async () => nodeCrypto.KeyObject.from(hk).export().toString());

  const ak = await subtle.importKey("raw", new Uint8Array(16).fill(7), "AES-GCM", true, ["encrypt", "decrypt"]);
  const gcm = { name: "AES-GCM", iv: new Uint8Array(12), additionalData: Buffer.from("aad") };
  const ct = await subtle.encrypt(gcm, ak, Buffer.from("plaintext"));
  show("AES-GCM encrypt", () => hex(ct));
  await showAsync("AES-GCM decrypt", async () => Buffer.from(await subtle.decrypt(gcm, ak, ct)).toString());
  await showAsync("AES-GCM 96-bit tag", async () => hex(await subtle.encrypt({ ...gcm, tagLength: 96 }, ak, Buffer.from("x"))));
  await showAsync("AES-GCM wrong aad", () => subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, ak, ct));
  const cbc = await subtle.importKey("raw", new Uint8Array(32).fill(1), { name: "AES-CBC" }, true, ["encrypt", "decrypt"]);
  await showAsync("AES-CBC", async () => { const c = await subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, cbc, Buffer.from("hello")); return [hex(c), Buffer.from(await subtle.decrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, cbc, c)).toString()]; });
  const ctr = await subtle.importKey("raw", new Uint8Array(16).fill(2), { name: "AES-CTR" }, false, ["encrypt"]);
  await showAsync("AES-CTR", async () => hex(await subtle.encrypt({ name: "AES-CTR", counter: new Uint8Array(16), length: 64 }, ctr, Buffer.from("counter mode"))));
  await showAsync("AES jwk", async () => sortedJwk(await subtle.exportKey("jwk", ak)));
  await showAsync("AES generateKey", async () => keyInfo(await subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"])));
  await showAsync("AES-KW wrap", async () => {
    const kw = await subtle.importKey("raw", new Uint8Array(16).fill(9), "AES-KW", false, ["wrapKey", "unwrapKey"]);
    const wrapped = await subtle.wrapKey("raw", ak, kw, "AES-KW");
    const back = await subtle.unwrapKey("raw", wrapped, kw, "AES-KW", "AES-GCM", true, ["encrypt"]);
    return [hex(wrapped), hex(await subtle.exportKey("raw", back))];
  });

  const pb = await subtle.importKey("raw", Buffer.from("password"), "PBKDF2", false, ["deriveBits", "deriveKey"]);
  show("PBKDF2 key", () => keyInfo(pb));
  await showAsync("PBKDF2 deriveBits", async () => hex(await subtle.deriveBits({ name: "PBKDF2", salt: Buffer.from("salt"), iterations: 1000, hash: "SHA-256" }, pb, 256)));
  await showAsync("PBKDF2 deriveKey AES", async () => {
    const k = await subtle.deriveKey({ name: "PBKDF2", salt: Buffer.from("salt"), iterations: 10, hash: "SHA-1" }, pb, { name: "AES-CBC", length: 128 }, true, ["encrypt"]);
    return [keyInfo(k), hex(await subtle.exportKey("raw", k))];
  });
  const hkdf = await subtle.importKey("raw", Buffer.from("input key"), "HKDF", false, ["deriveBits"]);
  await showAsync("HKDF deriveBits", async () => hex(await subtle.deriveBits({ name: "HKDF", salt: Buffer.from("s"), info: Buffer.from("i"), hash: "SHA-384" }, hkdf, 200)));

  const ecPriv = await subtle.importKey("pkcs8", der(EC_SEC1, "pkcs8"), { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  const ecPub = await subtle.importKey("spki", der(EC_SPKI, "spki"), { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
  show("ECDSA keys", () => [keyInfo(ecPriv), keyInfo(ecPub)]);
  await showAsync("ECDSA sign/verify", async () => {
    const sig = await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, ecPriv, Buffer.from("m"));
    return [sig.byteLength, await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, ecPub, sig, Buffer.from("m")), await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, ecPub, sig, Buffer.from("n"))];
  });
  await showAsync("ECDSA jwk and raw", async () => [sortedJwk(await subtle.exportKey("jwk", ecPriv)), hex(await subtle.exportKey("raw", ecPub)).slice(0, 20)]);
  await showAsync("ECDSA spki round trip", async () => Buffer.from(await subtle.exportKey("spki", ecPub)).equals(der(EC_SPKI, "spki")));
  await showAsync("ECDSA sign with a verify key", () => subtle.sign({ name: "ECDSA", hash: "SHA-256" }, ecPub, Buffer.from("m")));

  const edPriv = await subtle.importKey("pkcs8", der(ED_PKCS8, "pkcs8"), "Ed25519", true, ["sign"]);
  const edPub = await subtle.importKey("spki", der(ED_SPKI, "spki"), { name: "Ed25519" }, true, ["verify"]);
  await showAsync("Ed25519 sign", async () => hex(await subtle.sign("Ed25519", edPriv, Buffer.from("m"))));
  await showAsync("Ed25519 verify", async () => subtle.verify("Ed25519", edPub, await subtle.sign("Ed25519", edPriv, Buffer.from("m")), Buffer.from("m")));
  await showAsync("Ed25519 raw public", async () => hex(await subtle.exportKey("raw", edPub)));

  const rsaAlg = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  const rsPriv = await subtle.importKey("pkcs8", der(RSA_PKCS8, "pkcs8"), rsaAlg, true, ["sign"]);
  const rsPub = await subtle.importKey("spki", der(RSA_SPKI, "spki"), rsaAlg, true, ["verify"]);
  show("RSA key", () => keyInfo(rsPub));
  await showAsync("RSASSA-PKCS1-v1_5 sign", async () => hex(await subtle.sign("RSASSA-PKCS1-v1_5", rsPriv, Buffer.from("m"))).slice(0, 64));
  await showAsync("RSASSA-PKCS1-v1_5 verify", async () => subtle.verify(rsaAlg, rsPub, await subtle.sign(rsaAlg, rsPriv, Buffer.from("m")), Buffer.from("m")));
  await showAsync("RSA jwk", async () => sortedJwk(await subtle.exportKey("jwk", rsPub)));
  const psPriv = await subtle.importKey("pkcs8", der(RSA_PKCS8, "pkcs8"), { name: "RSA-PSS", hash: "SHA-256" }, false, ["sign"]);
  const psPub = await subtle.importKey("spki", der(RSA_SPKI, "spki"), { name: "RSA-PSS", hash: "SHA-256" }, false, ["verify"]);
  await showAsync("RSA-PSS", async () => subtle.verify({ name: "RSA-PSS", saltLength: 32 }, psPub, await subtle.sign({ name: "RSA-PSS", saltLength: 32 }, psPriv, Buffer.from("m")), Buffer.from("m")));
  const oaepPub = await subtle.importKey("spki", der(RSA_SPKI, "spki"), { name: "RSA-OAEP", hash: "SHA-256" }, false, ["encrypt"]);
  const oaepPriv = await subtle.importKey("pkcs8", der(RSA_PKCS8, "pkcs8"), { name: "RSA-OAEP", hash: "SHA-256" }, false, ["decrypt"]);
  await showAsync("RSA-OAEP", async () => Buffer.from(await subtle.decrypt("RSA-OAEP", oaepPriv, await subtle.encrypt({ name: "RSA-OAEP", label: Buffer.from("l") }, oaepPub, Buffer.from("oaep!")))).toString());

  await showAsync("ECDH deriveBits agree", async () => {
    const a = await subtle.generateKey({ name: "ECDH", namedCurve: "P-384" }, true, ["deriveBits"]);
    const b = await subtle.generateKey({ name: "ECDH", namedCurve: "P-384" }, true, ["deriveBits"]);
    return hex(await subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, 384)) === hex(await subtle.deriveBits({ name: "ECDH", public: a.publicKey }, b.privateKey, 384));
  });
  await showAsync("X25519 deriveBits agree", async () => {
    const a = await subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
    const b = await subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
    return hex(await subtle.deriveBits({ name: "X25519", public: b.publicKey }, a.privateKey, 256)) === hex(await subtle.deriveBits({ name: "X25519", public: a.publicKey }, b.privateKey, 256));
  });
  await showAsync("generateKey ECDSA pair", async () => { const p = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-521" }, false, ["sign", "verify"]); return [keyInfo(p.publicKey), keyInfo(p.privateKey)]; });
  await showAsync("generateKey Ed25519 pair", async () => { const p = await subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]); return [keyInfo(p.publicKey), keyInfo(p.privateKey)]; });

  await showAsync("empty usages", () => subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, []));
  await showAsync("bad usage", () => subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["encrypt"]));
  await showAsync("export a non-extractable key", () => subtle.exportKey("raw", pb));
  await showAsync("sign with an AES key", () => subtle.sign("HMAC", ak, new Uint8Array(3)));
  await showAsync("AES key of 3 bytes", () => subtle.importKey("raw", new Uint8Array(3), "AES-GCM", true, ["encrypt"]));
  await showAsync("unknown algorithm", () => subtle.importKey("raw", new Uint8Array(16), "AES-XYZ", true, ["encrypt"]));
})();
