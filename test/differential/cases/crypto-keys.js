"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// KeyObject, PEM/DER/JWK import and export, sign and verify (RS, PS, ES, EdDSA), RSA encryption.
const { show } = require("../show.cjs");
const crypto = require("crypto");

// Test keys made once by Node for this case (not secrets).
const RSA_PKCS8 = `-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC5U8rgWVi+8L1i
qMYsq2vufZBiGFMZf+6ivwzWYm3N0GV9vGcVzYPwL0i7Eq77rlLoC70bXavxKP0y
C7uJVVWWf7zxkFqu4VLFSzivit+kykTf9m7QHerZpGfroqZ7L+Nrg0tjUDgkIRUz
pCtcow6coWRBKJPGTTxMHuxdlEPK6Ymw+cmx4GTIZvCzA42tR3qr9k3+fqo2MQl3
ZzrAj5DsOWm9JAB5Tz0gswZ8OmnMQZfs9GoVZfws6Jk+U5fFnenAjmLIlR/lRYbo
3j6A8BBx8MI9S3VCrOOF3Nz+jNYyykEtarcgesqvlBsEAyUfmt2HuEwpzBx8XIQh
cbr7cv2FAgMBAAECggEAIvo2kwsp3bev9rvl0y5zS2q1Yl426NwlXN/z+05ObQbE
8OsrBYlpOl6iOnR3RBcNnLACe/S86+IRj215cp0Bb0sijPDyvIjYR1ZAF5l9RivK
vf5TwcGzvmnyFx32j89k+7im9NKCFgeMade1O2Gm81behhGzejy/gZpgf/ToqpYA
YTRZYA5+zol6eq5pWmboXJCGCE/CtsOqKJAn4LtjWiEUieDt0LjFeHL4/Yjx0oYA
KCoJZIPGtmiemYF3w0U21tU3iBEQsAuN12rv1h+lC7GpSzfL0lkpB2RsL2kuBn2+
rxGLdijr6SktTR9QhxlEZcHIWIs1j4FIyyMnIbpZIQKBgQDz27lQ5FmAa0lL3pKo
l3N1vL557iJzRt+vnmgpcKzVXW+6KyTWG8pDXVISoBXgG97oJ0ZETgxFVoC1cdiZ
/WOLTgt2bJtJeQ/5KwoaA/bw3VZeqBrc1l3zVgxqtT3M/596Ye5ubo7PxIV2VRfa
iEUPVb7wy4RY6Kfldt55dL76GQKBgQDCjgTKbEupC7V/KH5ORVJ7dLHdm8yuWFjD
FjDLDGM3n/+rk59DKtyqGKQK98ZBjPTAU4hn1PHfhhhPYPAcC+L7/b0DDtODEvA9
+eqX6d7LHAIfQ8l7jEPGWM4y/6leb8Bupo62xGq5/YRbk1vZLywCFPQJIfqP9v3m
vrGXkNBkTQKBgQCJYVrIaKzHfSmg1XY4BoKkbL2+QVslKGNyM8KovfKQjYAZGJ87
BBLx2owXNBq+09TDYwTiDDo7gd0m20lUj3zaCRDKGatuPAa0r/uT5nHjBj7XOstP
aHErWmnKX+q+J7B3qN5DVoOcJzGtFYlHswd8+SiFzZH06LVVv57cO9ovWQKBgCyY
PQThGd6frnR9JaZvQV7G+tYfFiWIXqAo//oq1rszU3lSlxjgREBA8akJ7kmsM5W6
D/Qs3Vws8nmPcLodB2RXXvHKfjT3LFYoaNt1YfoQa3QbJ53IIujeBjWuYHYjC2rR
hrjiAMytDZ+oAU+g/mdjwiQtw68oID65yx9AtGOpAoGBAPFm8kGEdiRBZh7fdebI
CoYny9PQzKFTeNBkR+4YVtCOFVM/uzt5kHOubJTBFDHu7UBK8qzIJ+N2GNTb9tOv
6KX90MP7Thk7e4XLoZE5s96qVXh40WdaQS3+vR2GAXoQl+bxN06BF6qFHbIP89mm
ine089IPpdPgn3U+bK9xJpiV
-----END PRIVATE KEY-----
`;
const RSA_SPKI = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuVPK4FlYvvC9YqjGLKtr
7n2QYhhTGX/uor8M1mJtzdBlfbxnFc2D8C9IuxKu+65S6Au9G12r8Sj9Mgu7iVVV
ln+88ZBaruFSxUs4r4rfpMpE3/Zu0B3q2aRn66Kmey/ja4NLY1A4JCEVM6QrXKMO
nKFkQSiTxk08TB7sXZRDyumJsPnJseBkyGbwswONrUd6q/ZN/n6qNjEJd2c6wI+Q
7DlpvSQAeU89ILMGfDppzEGX7PRqFWX8LOiZPlOXxZ3pwI5iyJUf5UWG6N4+gPAQ
cfDCPUt1Qqzjhdzc/ozWMspBLWq3IHrKr5QbBAMlH5rdh7hMKcwcfFyEIXG6+3L9
hQIDAQAB
-----END PUBLIC KEY-----
`;
const RSA_PKCS1 = `-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAuVPK4FlYvvC9YqjGLKtr7n2QYhhTGX/uor8M1mJtzdBlfbxn
Fc2D8C9IuxKu+65S6Au9G12r8Sj9Mgu7iVVVln+88ZBaruFSxUs4r4rfpMpE3/Zu
0B3q2aRn66Kmey/ja4NLY1A4JCEVM6QrXKMOnKFkQSiTxk08TB7sXZRDyumJsPnJ
seBkyGbwswONrUd6q/ZN/n6qNjEJd2c6wI+Q7DlpvSQAeU89ILMGfDppzEGX7PRq
FWX8LOiZPlOXxZ3pwI5iyJUf5UWG6N4+gPAQcfDCPUt1Qqzjhdzc/ozWMspBLWq3
IHrKr5QbBAMlH5rdh7hMKcwcfFyEIXG6+3L9hQIDAQABAoIBACL6NpMLKd23r/a7
5dMuc0tqtWJeNujcJVzf8/tOTm0GxPDrKwWJaTpeojp0d0QXDZywAnv0vOviEY9t
eXKdAW9LIozw8ryI2EdWQBeZfUYryr3+U8HBs75p8hcd9o/PZPu4pvTSghYHjGnX
tTthpvNW3oYRs3o8v4GaYH/06KqWAGE0WWAOfs6JenquaVpm6FyQhghPwrbDqiiQ
J+C7Y1ohFIng7dC4xXhy+P2I8dKGACgqCWSDxrZonpmBd8NFNtbVN4gRELALjddq
79YfpQuxqUs3y9JZKQdkbC9pLgZ9vq8Ri3Yo6+kpLU0fUIcZRGXByFiLNY+BSMsj
JyG6WSECgYEA89u5UORZgGtJS96SqJdzdby+ee4ic0bfr55oKXCs1V1vuisk1hvK
Q11SEqAV4Bve6CdGRE4MRVaAtXHYmf1ji04LdmybSXkP+SsKGgP28N1WXqga3NZd
81YMarU9zP+femHubm6Oz8SFdlUX2ohFD1W+8MuEWOin5XbeeXS++hkCgYEAwo4E
ymxLqQu1fyh+TkVSe3Sx3ZvMrlhYwxYwywxjN5//q5OfQyrcqhikCvfGQYz0wFOI
Z9Tx34YYT2DwHAvi+/29Aw7TgxLwPfnql+neyxwCH0PJe4xDxljOMv+pXm/AbqaO
tsRquf2EW5Nb2S8sAhT0CSH6j/b95r6xl5DQZE0CgYEAiWFayGisx30poNV2OAaC
pGy9vkFbJShjcjPCqL3ykI2AGRifOwQS8dqMFzQavtPUw2ME4gw6O4HdJttJVI98
2gkQyhmrbjwGtK/7k+Zx4wY+1zrLT2hxK1ppyl/qviewd6jeQ1aDnCcxrRWJR7MH
fPkohc2R9Oi1Vb+e3DvaL1kCgYAsmD0E4Rnen650fSWmb0FexvrWHxYliF6gKP/6
Kta7M1N5UpcY4ERAQPGpCe5JrDOVug/0LN1cLPJ5j3C6HQdkV17xyn409yxWKGjb
dWH6EGt0GyedyCLo3gY1rmB2Iwtq0Ya44gDMrQ2fqAFPoP5nY8IkLcOvKCA+ucsf
QLRjqQKBgQDxZvJBhHYkQWYe33XmyAqGJ8vT0MyhU3jQZEfuGFbQjhVTP7s7eZBz
rmyUwRQx7u1ASvKsyCfjdhjU2/bTr+il/dDD+04ZO3uFy6GRObPeqlV4eNFnWkEt
/r0dhgF6EJfm8TdOgReqhR2yD/PZpop3tPPSD6XT4J91PmyvcSaYlQ==
-----END RSA PRIVATE KEY-----
`;
const EC_SEC1 = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIKAuokTno6SsDsypzZSGmxcYUAhNmtvTIZjy20BcEe2BoAoGCCqGSM49
AwEHoUQDQgAEqi7X9UcAU7+/QhuMGega8p0TEl7woKzVk11lgCVPWqIJzhK0H7uF
+ColxKj07osc9JoOD7AwY3lp/PbusIz19Q==
-----END EC PRIVATE KEY-----
`;
const EC_SPKI = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqi7X9UcAU7+/QhuMGega8p0TEl7w
oKzVk11lgCVPWqIJzhK0H7uF+ColxKj07osc9JoOD7AwY3lp/PbusIz19Q==
-----END PUBLIC KEY-----
`;
const ED_PKCS8 = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIPnqdrIrqxRHhPK1jr+y+ufd/TEa+zATJutABpZeCIlI
-----END PRIVATE KEY-----
`;
const ED_SPKI = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA4vJaIDYZnYYGVfhwrgO+/uk3UASP7hwE4jpmbwPKixM=
-----END PUBLIC KEY-----
`;

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
