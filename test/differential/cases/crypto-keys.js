"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// KeyObject, PEM/DER/JWK import and export, sign and verify (RS, PS, ES, EdDSA), RSA encryption.
const { show } = require("../show.cjs");
const { RSA_PKCS8, RSA_SPKI, RSA_PKCS1, EC_SEC1, EC_SPKI, ED_PKCS8, ED_SPKI } = require("../test-keys.cjs");
const crypto = require("crypto");


const data = Buffer.from("message to sign");
const big = (k, v) => (typeof v === "bigint" ? v + "n" : v);
const details = (k) => JSON.stringify(k.asymmetricKeyDetails, big);

const rsaPriv = crypto.createPrivateKey(RSA_PKCS8);
const rsaPub = crypto.createPublicKey(RSA_SPKI);
const ecPriv = crypto.createPrivateKey(EC_SEC1);
const ecPub = crypto.createPublicKey(EC_SPKI);
const edPriv = crypto.createPrivateKey(ED_PKCS8);
const edPub = crypto.createPublicKey(ED_SPKI);

for (const [name, key] of [["rsa private", rsaPriv], ["rsa public", rsaPub], ["ec private", ecPriv], ["ec public", ecPub], ["ed private", edPriv], ["ed public", edPub]]) {
  show(`${name}: type, asymmetricKeyType, details`, () => [key.type, key.asymmetricKeyType, details(key), Object.prototype.toString.call(key), key instanceof crypto.KeyObject]);
  show(`${name}: jwk`, () => key.export({ format: "jwk" }));
}
show("rsa pkcs8 -> pkcs8 pem round trip", () => rsaPriv.export({ type: "pkcs8", format: "pem" }) === RSA_PKCS8);
show("rsa pkcs8 -> pkcs1 pem", () => rsaPriv.export({ type: "pkcs1", format: "pem" }) === RSA_PKCS1);
show("rsa pkcs1 pem import", () => crypto.createPrivateKey(RSA_PKCS1).export({ type: "pkcs8", format: "pem" }) === RSA_PKCS8);
show("rsa spki round trip", () => rsaPub.export({ type: "spki", format: "pem" }) === RSA_SPKI);
show("rsa public pkcs1 der", () => rsaPub.export({ type: "pkcs1", format: "der" }).toString("base64").slice(0, 40));
show("public key from private key", () => crypto.createPublicKey(rsaPriv).export({ type: "spki", format: "pem" }) === RSA_SPKI);
show("public key from private PEM", () => crypto.createPublicKey(RSA_PKCS8).export({ type: "spki", format: "pem" }) === RSA_SPKI);
show("ec sec1 round trip", () => ecPriv.export({ type: "sec1", format: "pem" }) === EC_SEC1);
show("ec pkcs8 der", () => ecPriv.export({ type: "pkcs8", format: "der" }).toString("hex"));
show("ec spki round trip", () => ecPub.export({ type: "spki", format: "pem" }) === EC_SPKI);
show("ed pkcs8 round trip", () => edPriv.export({ type: "pkcs8", format: "pem" }) === ED_PKCS8);
show("ed spki round trip", () => edPub.export({ type: "spki", format: "pem" }) === ED_SPKI);
show("der import", () => crypto.createPublicKey({ key: rsaPub.export({ type: "spki", format: "der" }), format: "der", type: "spki" }).equals(rsaPub));
show("jwk import round trips", () => [rsaPriv, ecPriv, edPriv, rsaPub, ecPub, edPub].map((k) => {
  const jwk = k.export({ format: "jwk" });
  const back = k.type === "private" ? crypto.createPrivateKey({ key: jwk, format: "jwk" }) : crypto.createPublicKey({ key: jwk, format: "jwk" });
  return back.equals(k);
}));
show("equals", () => [rsaPub.equals(crypto.createPublicKey(rsaPriv)), rsaPub.equals(ecPub), ecPriv.equals(ecPriv)]);
show("secret key", () => { const k = crypto.createSecretKey(Buffer.from("secret")); return [k.type, k.symmetricKeySize, k.export().toString(), k.export({ format: "jwk" })]; });
show("secret key from string with encoding", () => crypto.createSecretKey("736563726574", "hex").export().toString());

// RSASSA-PKCS1-v1_5 is deterministic: the signature itself can be compared.
for (const alg of ["sha1", "sha256", "sha384", "sha512", "RSA-SHA256"]) {
  show(`RSA ${alg} signature`, () => crypto.sign(alg, data, rsaPriv).toString("base64").slice(0, 60));
}
show("createSign RSA-SHA256 in parts", () => {
  const s = crypto.createSign("RSA-SHA256");
  s.update("message ");
  s.update("to sign");
  const sig = s.sign(RSA_PKCS8, "hex");
  const v = crypto.createVerify("sha256");
  v.update(data);
  return [sig === crypto.sign("sha256", data, rsaPriv).toString("hex"), v.verify(RSA_SPKI, sig, "hex")];
});
show("verify rejects a changed message", () => crypto.verify("sha256", Buffer.from("other"), rsaPub, crypto.sign("sha256", data, rsaPriv)));
show("RSA-PSS sign/verify", () => {
  const opts = { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  const sig = crypto.sign("sha256", data, { key: rsaPriv, ...opts });
  return [sig.length, crypto.verify("sha256", data, { key: rsaPub, ...opts }, sig), crypto.verify("sha256", data, { key: rsaPub, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO }, sig)];
});
show("ECDSA der sign/verify", () => { const sig = crypto.sign("sha256", data, ecPriv); return [sig[0], crypto.verify("sha256", data, ecPub, sig), crypto.verify("sha256", Buffer.from("x"), ecPub, sig)]; });
show("ECDSA ieee-p1363", () => { const sig = crypto.sign("sha256", data, { key: ecPriv, dsaEncoding: "ieee-p1363" }); return [sig.length, crypto.verify("sha256", data, { key: ecPub, dsaEncoding: "ieee-p1363" }, sig)]; });
show("ECDSA with createSign and a PEM string", () => { const sig = crypto.createSign("SHA256").update(data).sign(EC_SEC1); return crypto.createVerify("SHA256").update(data).verify(EC_SPKI, sig); });
show("Ed25519 signature", () => crypto.sign(null, data, edPriv).toString("hex"));
show("Ed25519 verify", () => [crypto.verify(null, data, edPub, crypto.sign(null, data, edPriv)), crypto.verify(undefined, data, ED_SPKI, Buffer.alloc(64))]);
show("publicEncrypt / privateDecrypt (OAEP)", () => crypto.privateDecrypt(rsaPriv, crypto.publicEncrypt(rsaPub, Buffer.from("secret"))).toString());
show("OAEP sha256 with label", () => {
  const o = { oaepHash: "sha256", oaepLabel: Buffer.from("label") };
  return crypto.privateDecrypt({ key: rsaPriv, ...o }, crypto.publicEncrypt({ key: RSA_SPKI, ...o }, Buffer.from("labelled"))).toString();
});
show("privateEncrypt / publicDecrypt", () => crypto.publicDecrypt(rsaPub, crypto.privateEncrypt(rsaPriv, Buffer.from("signed-ish"))).toString());
show("privateEncrypt is deterministic", () => crypto.privateEncrypt(rsaPriv, Buffer.from("x")).toString("hex").slice(0, 40));
show("privateDecrypt with PKCS1 padding", () => crypto.privateDecrypt({ key: rsaPriv, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.alloc(256)));

show("generateKeyPairSync ec", () => { const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }); const sig = crypto.sign("sha256", data, privateKey); return [publicKey.asymmetricKeyType, details(privateKey), crypto.verify("sha256", data, publicKey, sig)]; });
show("generateKeyPairSync ed25519 with encodings", () => { const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519", { publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "der" } }); return [publicKey.split("\n")[0], Buffer.isBuffer(privateKey), privateKey.length]; });
show("generateKeyPairSync rsa 1024", () => { const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }); return [details(publicKey), crypto.verify("sha256", data, publicKey, crypto.sign("sha256", data, privateKey))]; });
show("generateKeyPairSync x25519", () => crypto.generateKeyPairSync("x25519").publicKey.asymmetricKeyType);
show("generateKeySync hmac/aes", () => [crypto.generateKeySync("hmac", { length: 64 }).symmetricKeySize, crypto.generateKeySync("aes", { length: 256 }).symmetricKeySize]);
crypto.generateKeyPair("ec", { namedCurve: "P-384" }, (err, publicKey, privateKey) => show("generateKeyPair callback", () => [err, publicKey.type, privateKey.type, details(publicKey)]));

show("createPrivateKey garbage", () => crypto.createPrivateKey("not a key"));
show("createPrivateKey from a public key", () => crypto.createPrivateKey(RSA_SPKI));
show("createPublicKey of a number", () => crypto.createPublicKey(1));
show("sign without key", () => crypto.sign("sha256", data));
show("sign with an unknown digest", () => crypto.sign("nope", data, rsaPriv));
show("createSign unknown", () => crypto.createSign("nope"));
show("export pkcs1 of an EC key", () => ecPub.export({ type: "pkcs1", format: "pem" }));
show("export without options", () => ecPriv.export());
show("generateKeyPairSync unknown type", () => crypto.generateKeyPairSync("nope", {}));
show("generateKeyPairSync bad curve", () => crypto.generateKeyPairSync("ec", { namedCurve: "nope" }));
show("generateKeyPairSync missing modulusLength", () => crypto.generateKeyPairSync("rsa", {}));
