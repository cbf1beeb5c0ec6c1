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
import keys from "../test-keys.cjs";
const { show, showAsync } = helpers;
const { RSA_PKCS8, RSA_SPKI, EC_SEC1, EC_SPKI } = keys;


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
