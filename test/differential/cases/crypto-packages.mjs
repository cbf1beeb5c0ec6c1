// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// Real npm packages on node:crypto and the global crypto: uuid, nanoid,
// jsonwebtoken (RS256, ES256, HS256), bcryptjs and crypto-js.
// packages: uuid nanoid jsonwebtoken bcryptjs crypto-js
import helpers from "../show.cjs";
import { v1, v4, v5, v7, validate, version, NIL } from "uuid";
import { nanoid, customAlphabet } from "nanoid";
import jwt from "jsonwebtoken";
import bcrypt from "bcryptjs";
import CryptoJS from "crypto-js";
const { show, showAsync } = helpers;

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

// uuid
show("uuid v4 is valid version 4", () => { const id = v4(); return [validate(id), version(id), id.length]; });
show("uuid v4 differ", () => v4() !== v4());
show("uuid v5 (sha1, deterministic)", () => [v5("hello", v5.URL), v5("quickexec.example", v5.DNS)]);
show("uuid v7 and v1 shape", () => [version(v7()), version(v1()), validate(v7())]);
show("uuid NIL", () => validate(NIL));

// nanoid
show("nanoid default length and alphabet", () => { const id = nanoid(); return [id.length, /^[A-Za-z0-9_-]+$/.test(id)]; });
show("nanoid sizes", () => [nanoid(5).length, nanoid(64).length]);
show("nanoid differ", () => nanoid() !== nanoid());
show("nanoid customAlphabet", () => { const id = customAlphabet("abc", 30)(); return [id.length, /^[abc]+$/.test(id)]; });

// jsonwebtoken
const claims = { sub: "user-1", role: "admin", iat: 1700000000 };
show("jwt HS256 token (deterministic)", () => jwt.sign(claims, "shared-secret", { algorithm: "HS256" }));
show("jwt HS256 verify", () => jwt.verify(jwt.sign(claims, "shared-secret"), "shared-secret"));
show("jwt HS256 wrong secret", () => jwt.verify(jwt.sign(claims, "shared-secret"), "other"));
show("jwt HS512 with expiry", () => jwt.sign(claims, "s", { algorithm: "HS512", expiresIn: "1h", noTimestamp: false }).split(".").length);
const rs = jwt.sign(claims, RSA_PKCS8, { algorithm: "RS256", keyid: "k1" });
show("jwt RS256 token (deterministic)", () => rs);
show("jwt RS256 verify", () => jwt.verify(rs, RSA_SPKI, { algorithms: ["RS256"] }));
show("jwt RS256 decode complete", () => { const d = jwt.decode(rs, { complete: true }); return [d.header, d.payload]; });
show("jwt RS256 tampered", () => jwt.verify(rs.slice(0, -4) + "AAAA", RSA_SPKI));
show("jwt RS256 verify with the wrong algorithm", () => jwt.verify(rs, RSA_SPKI, { algorithms: ["HS256"] }));
show("jwt PS256 verify", () => jwt.verify(jwt.sign(claims, RSA_PKCS8, { algorithm: "PS256" }), RSA_SPKI, { algorithms: ["PS256"] }));
show("jwt ES256 verify", () => jwt.verify(jwt.sign(claims, EC_SEC1, { algorithm: "ES256" }), EC_SPKI));
show("jwt ES256 signature length", () => Buffer.from(jwt.sign(claims, EC_SEC1, { algorithm: "ES256" }).split(".")[2], "base64url").length);
show("jwt expired", () => jwt.verify(jwt.sign({ sub: "x", exp: 1000 }, "s"), "s"));
await showAsync("jwt async sign/verify", () => new Promise((resolve, reject) => {
  jwt.sign(claims, RSA_PKCS8, { algorithm: "RS256" }, (err, token) => {
    if (err) return reject(err);
    jwt.verify(token, RSA_SPKI, (err2, decoded) => (err2 ? reject(err2) : resolve(decoded)));
  });
}));

// bcryptjs
const salt = "$2a$04$abcdefghijklmnopqrstuu";
show("bcrypt hash with a fixed salt", () => bcrypt.hashSync("password", salt));
show("bcrypt compare", () => [bcrypt.compareSync("password", bcrypt.hashSync("password", salt)), bcrypt.compareSync("nope", bcrypt.hashSync("password", salt))]);
show("bcrypt genSalt shape", () => { const s = bcrypt.genSaltSync(4); return [s.length, s.slice(0, 7)]; });
show("bcrypt random-salt hash verifies", () => bcrypt.compareSync("pw", bcrypt.hashSync("pw", 4)));
await showAsync("bcrypt async", async () => bcrypt.compare("pw", await bcrypt.hash("pw", 4)));

// crypto-js
show("crypto-js AES with a passphrase round trip", () => CryptoJS.AES.decrypt(CryptoJS.AES.encrypt("secret message", "passphrase").toString(), "passphrase").toString(CryptoJS.enc.Utf8));
show("crypto-js AES passphrase output differs each time", () => CryptoJS.AES.encrypt("m", "p").toString() !== CryptoJS.AES.encrypt("m", "p").toString());
show("crypto-js AES with a key and iv", () => {
  const key = CryptoJS.enc.Hex.parse("000102030405060708090a0b0c0d0e0f");
  const iv = CryptoJS.enc.Hex.parse("0f0e0d0c0b0a09080706050403020100");
  return CryptoJS.AES.encrypt("fixed", key, { iv }).toString();
});
show("crypto-js hashes", () => [CryptoJS.SHA256("abc").toString(), CryptoJS.MD5("abc").toString(), CryptoJS.HmacSHA256("d", "k").toString()]);
show("crypto-js WordArray.random", () => CryptoJS.lib.WordArray.random(16).sigBytes);
