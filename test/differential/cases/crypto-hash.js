"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:crypto hashes and HMACs: known digests, encodings, copy, errors.
const { show } = require("../show.cjs");
const crypto = require("crypto");

const inputs = ["", "abc", "The quick brown fox jumps over the lazy dog", "ünïcödé 🎉", "x".repeat(1000)];
const algorithms = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha512-224", "sha512-256", "sha3-224", "sha3-256", "sha3-384", "sha3-512", "ripemd160", "RSA-SHA256", "SHA256", "shake128", "shake256"];
for (const alg of algorithms) {
  for (const input of inputs) show(`createHash ${alg} ${JSON.stringify(input.slice(0, 12))}`, () => crypto.createHash(alg).update(input).digest("hex"));
}
show("digest encodings", () => ["hex", "base64", "base64url", "latin1", "buffer", undefined].map((e) => {
  const d = crypto.createHash("sha256").update("enc").digest(e);
  return typeof d === "string" ? d : "buf:" + d.toString("hex");
}));
show("update in parts equals one update", () => crypto.createHash("sha512").update("ab").update(Buffer.from("c")).update(new Uint8Array([100])).digest("hex") === crypto.createHash("sha512").update("abcd").digest("hex"));
show("update with input encodings", () => [
  crypto.createHash("md5").update("616263", "hex").digest("hex"),
  crypto.createHash("md5").update("YWJj", "base64").digest("hex"),
  crypto.createHash("md5").update("\u00ff", "latin1").digest("hex"),
  crypto.createHash("md5").update("\u00ff").digest("hex"),
]);
show("DataView and typed array input", () => crypto.createHash("sha1").update(new DataView(new Uint16Array([1, 2]).buffer)).update(new Uint32Array([7])).digest("hex"));
show("copy", () => {
  const h = crypto.createHash("sha256").update("one");
  const c = h.copy();
  h.update("two");
  return [h.digest("hex"), c.digest("hex"), crypto.createHash("sha256").update("one").digest("hex")];
});
show("shake outputLength", () => [crypto.createHash("shake256", { outputLength: 10 }).update("x").digest("hex"), crypto.createHash("shake128", { outputLength: 0 }).digest("hex")]);
show("crypto.hash", () => [crypto.hash("sha1", "abc"), crypto.hash("md5", Buffer.from("abc"), "base64"), crypto.hash("sha256", "abc", "buffer").length].map(String));
show("getHashes", () => {
  const h = crypto.getHashes();
  return ["md5", "sha1", "sha256", "sha512", "sha3-256", "RSA-SHA256", "shake256"].map((n) => h.includes(n));
});
show("digest twice", () => { const h = crypto.createHash("sha256"); h.digest(); h.digest(); });
show("update after digest", () => { const h = crypto.createHash("sha256"); h.digest(); h.update("x"); });
show("copy after digest", () => { const h = crypto.createHash("sha256"); h.digest(); h.copy(); });
show("unknown algorithm", () => crypto.createHash("nope"));
show("algorithm not a string", () => crypto.createHash(5));
show("update with a number", () => crypto.createHash("sha256").update(5));
show("Hash without new", () => crypto.Hash("sha1").update("a").digest("hex"));
show("Hash is a stream", () => typeof crypto.createHash("sha1").pipe);

// HMAC
const keys = ["key", "", "k".repeat(200)];
for (const alg of ["md5", "sha1", "sha256", "sha384", "sha512", "sha3-256"]) {
  for (const key of keys) show(`createHmac ${alg} key ${key.length}`, () => crypto.createHmac(alg, key).update("The quick brown fox").digest("hex"));
}
show("hmac with Buffer key and base64 output", () => crypto.createHmac("sha256", Buffer.from([1, 2, 3])).update("d").digest("base64"));
show("hmac with a secret KeyObject", () => crypto.createHmac("sha256", crypto.createSecretKey(Buffer.from("key"))).update("data").digest("hex"));
show("hmac digest twice gives empty", () => { const h = crypto.createHmac("sha1", "k"); h.digest(); return h.digest("hex"); });
show("hmac unknown digest", () => crypto.createHmac("nope", "k"));
show("hmac bad key", () => crypto.createHmac("sha256", 1));

// Streaming
const h = crypto.createHash("sha256");
h.on("readable", () => {
  const d = h.read();
  if (d) show("hash as a stream", () => d.toString("hex"));
});
h.write("stream ");
h.end("data");
