"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// pbkdf2, scrypt and hkdf: known values, sync and callback forms, errors.
const { show } = require("../show.cjs");
const crypto = require("crypto");

show("pbkdf2Sync sha1 RFC 6070", () => crypto.pbkdf2Sync("password", "salt", 2, 20, "sha1").toString("hex"));
show("pbkdf2Sync sha256", () => crypto.pbkdf2Sync("password", "salt", 100, 32, "sha256").toString("hex"));
show("pbkdf2Sync sha512 long key", () => crypto.pbkdf2Sync(Buffer.from("pw"), new Uint8Array([1, 2, 3]), 10, 100, "sha512").toString("base64"));
show("pbkdf2Sync keylen 0", () => crypto.pbkdf2Sync("p", "s", 1, 0, "sha256").length);
show("pbkdf2Sync iterations 0", () => crypto.pbkdf2Sync("p", "s", 0, 32, "sha256"));
show("pbkdf2Sync bad digest", () => crypto.pbkdf2Sync("p", "s", 1, 32, "nope"));
show("pbkdf2Sync bad password", () => crypto.pbkdf2Sync(1, "s", 1, 32, "sha256"));
show("pbkdf2Sync negative keylen", () => crypto.pbkdf2Sync("p", "s", 1, -1, "sha256"));
show("pbkdf2 without callback", () => crypto.pbkdf2("p", "s", 1, 32, "sha256"));

show("scryptSync small N", () => crypto.scryptSync("password", "salt", 32, { N: 1024 }).toString("hex"));
show("scryptSync cost/blockSize/parallelization", () => crypto.scryptSync("pw", "NaCl", 16, { cost: 256, blockSize: 4, parallelization: 2 }).toString("hex"));
show("scryptSync RFC 7914 vector 1", () => crypto.scryptSync("", "", 64, { N: 16, r: 1, p: 1 }).toString("hex"));
show("scryptSync N not a power of 2", () => crypto.scryptSync("p", "s", 32, { N: 3 }));
show("scryptSync both N and cost", () => crypto.scryptSync("p", "s", 32, { N: 16, cost: 16 }));
show("scryptSync over maxmem", () => crypto.scryptSync("p", "s", 32, { N: 1024, r: 8, maxmem: 1024 }));

show("hkdfSync sha256 RFC 5869 case 1", () => Buffer.from(crypto.hkdfSync("sha256", Buffer.from("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "hex"), Buffer.from("000102030405060708090a0b0c", "hex"), Buffer.from("f0f1f2f3f4f5f6f7f8f9", "hex"), 42)).toString("hex"));
show("hkdfSync returns an ArrayBuffer", () => crypto.hkdfSync("sha512", "key", "salt", "info", 16) instanceof ArrayBuffer);
show("hkdfSync with a KeyObject", () => Buffer.from(crypto.hkdfSync("sha1", crypto.createSecretKey(Buffer.from("k")), "", "", 10)).toString("hex"));
show("hkdfSync too long", () => crypto.hkdfSync("sha256", "k", "s", "i", 255 * 32 + 1));
show("hkdfSync info too long", () => crypto.hkdfSync("sha256", "k", "s", Buffer.alloc(1025), 16));
show("hkdfSync bad digest", () => crypto.hkdfSync("nope", "k", "s", "i", 16));

// One after another: Node runs these on its thread pool, so their order is not fixed.
const order = [];
crypto.pbkdf2("password", "salt", 1, 16, "sha256", (err, key) => {
  show("pbkdf2 callback", () => [err, key.toString("hex"), order.join(",")]);
  crypto.scrypt("password", "salt", 16, { N: 16 }, (err, key) => {
    show("scrypt callback with options", () => [err, key.toString("hex")]);
    crypto.hkdf("sha256", "key", "salt", "info", 16, (err, key) => {
      show("hkdf callback", () => [err, key instanceof ArrayBuffer, Buffer.from(key).toString("hex")]);
      require("util").promisify(crypto.pbkdf2)("a", "b", 3, 8, "sha1").then((k) => show("promisified pbkdf2", () => k.toString("hex")));
    });
  });
});
order.push("sync code ran first");
