"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// createCipheriv / createDecipheriv: AES CBC, ECB, CTR and GCM with fixed keys and IVs.
const { show } = require("../show.cjs");
const crypto = require("crypto");

const key = (n) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff));
const iv16 = Buffer.from("000102030405060708090a0b0c0d0e0f", "hex");
const iv12 = Buffer.from("cafebabefacedbaddecaf888", "hex");
const texts = ["", "a", "exactly16bytes!!", "a longer message that spans several AES blocks, with ünïcödé"];

for (const bits of [128, 192, 256]) {
  for (const mode of ["cbc", "ecb", "ctr"]) {
    const name = `aes-${bits}-${mode}`;
    const iv = mode === "ecb" ? null : iv16;
    for (const text of texts) {
      show(`${name} ${JSON.stringify(text.slice(0, 10))}`, () => {
        const c = crypto.createCipheriv(name, key(bits / 8), iv);
        const ct = c.update(text, "utf8", "hex") + c.final("hex");
        const d = crypto.createDecipheriv(name, key(bits / 8), iv);
        return [ct, d.update(ct, "hex", "utf8") + d.final("utf8")];
      });
    }
  }
  show(`aes-${bits}-gcm with AAD`, () => {
    const c = crypto.createCipheriv(`aes-${bits}-gcm`, key(bits / 8), iv12);
    c.setAAD(Buffer.from("header"));
    const ct = Buffer.concat([c.update("gcm plaintext that is longer than one block"), c.final()]);
    const tag = c.getAuthTag();
    const d = crypto.createDecipheriv(`aes-${bits}-gcm`, key(bits / 8), iv12);
    d.setAAD(Buffer.from("header"));
    d.setAuthTag(tag);
    return [ct.toString("hex"), tag.toString("hex"), Buffer.concat([d.update(ct), d.final()]).toString()];
  });
}
show("gcm NIST test case 2 (zero key, zero iv)", () => {
  const c = crypto.createCipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12));
  const ct = Buffer.concat([c.update(Buffer.alloc(16)), c.final()]);
  return [ct.toString("hex"), c.getAuthTag().toString("hex")];
});
show("gcm with a 16-byte iv and a short tag", () => {
  const c = crypto.createCipheriv("aes-256-gcm", key(32), iv16, { authTagLength: 8 });
  const ct = Buffer.concat([c.update("x"), c.final()]);
  return [ct.toString("hex"), c.getAuthTag().toString("hex")];
});
show("gcm tampered ciphertext", () => {
  const c = crypto.createCipheriv("aes-128-gcm", key(16), iv12);
  const ct = Buffer.concat([c.update("secret"), c.final()]);
  ct[0] ^= 1;
  const d = crypto.createDecipheriv("aes-128-gcm", key(16), iv12);
  d.setAuthTag(c.getAuthTag());
  d.update(ct);
  return d.final();
});
show("gcm without auth tag", () => {
  const d = crypto.createDecipheriv("aes-128-gcm", key(16), iv12);
  d.update(Buffer.from("00", "hex"));
  return d.final();
});
show("streaming update in pieces equals one update", () => {
  const c1 = crypto.createCipheriv("aes-128-ctr", key(16), iv16);
  const parts = [c1.update("abc"), c1.update("defghijklmnopqrstuvwxyz0123"), c1.update("45"), c1.final()];
  const c2 = crypto.createCipheriv("aes-128-ctr", key(16), iv16);
  return [parts.map((p) => p.length), Buffer.concat(parts).equals(Buffer.concat([c2.update("abcdefghijklmnopqrstuvwxyz012345"), c2.final()]))];
});
show("cbc update output lengths", () => {
  const c = crypto.createCipheriv("aes-128-cbc", key(16), iv16);
  return [c.update(Buffer.alloc(5)).length, c.update(Buffer.alloc(20)).length, c.final().length];
});
show("decipher holds back the last block", () => {
  const c = crypto.createCipheriv("aes-128-cbc", key(16), iv16);
  const ct = Buffer.concat([c.update(Buffer.alloc(32)), c.final()]);
  const d = crypto.createDecipheriv("aes-128-cbc", key(16), iv16);
  return [d.update(ct.subarray(0, 32)).length, d.update(ct.subarray(32)).length, d.final().length];
});
show("setAutoPadding(false)", () => {
  const c = crypto.createCipheriv("aes-128-cbc", key(16), iv16).setAutoPadding(false);
  const ct = Buffer.concat([c.update(Buffer.alloc(32, 1)), c.final()]);
  const d = crypto.createDecipheriv("aes-128-cbc", key(16), iv16).setAutoPadding(false);
  return [ct.toString("hex"), Buffer.concat([d.update(ct), d.final()]).toString("hex")];
});
show("setAutoPadding(false) partial block", () => { const c = crypto.createCipheriv("aes-128-cbc", key(16), iv16); c.setAutoPadding(false); c.update("abc"); return c.final(); });
show("bad decrypt", () => { const d = crypto.createDecipheriv("aes-128-cbc", key(16), iv16); d.update(Buffer.alloc(16)); return d.final(); });
show("unknown cipher", () => crypto.createCipheriv("aes-128-nope", key(16), iv16));
show("wrong key length", () => crypto.createCipheriv("aes-256-cbc", key(16), iv16));
show("wrong iv length", () => crypto.createCipheriv("aes-128-cbc", key(16), Buffer.alloc(8)));
show("cbc without iv", () => crypto.createCipheriv("aes-128-cbc", key(16), null));
show("getAuthTag before final", () => crypto.createCipheriv("aes-128-gcm", key(16), iv12).getAuthTag());
show("setAuthTag with a bad length", () => crypto.createDecipheriv("aes-128-gcm", key(16), iv12).setAuthTag(Buffer.alloc(3)));
show("update after final", () => { const c = crypto.createCipheriv("aes-128-ctr", key(16), iv16); c.final(); c.update("x"); });
show("final twice", () => { const c = crypto.createCipheriv("aes-128-ctr", key(16), iv16); c.final(); c.final(); });
show("secret KeyObject as key", () => { const c = crypto.createCipheriv("aes-128-cbc", crypto.createSecretKey(key(16)), iv16); return c.update("k", "utf8", "base64") + c.final("base64"); });
show("getCiphers has the AES modes", () => ["aes-128-cbc", "aes-192-ctr", "aes-256-gcm", "aes-256-ecb", "aes128"].map((n) => crypto.getCiphers().includes(n)));
show("getCipherInfo", () => [crypto.getCipherInfo("aes-256-gcm"), crypto.getCipherInfo("aes-128-cbc")].map((i) => [i.name, i.mode, i.keyLength, i.ivLength, i.blockSize]));
show("cipher as a stream", () => typeof crypto.createCipheriv("aes-128-ctr", key(16), iv16).pipe);
const c = crypto.createCipheriv("aes-128-cbc", key(16), iv16);
const chunks = [];
c.on("data", (d) => chunks.push(d));
c.on("end", () => show("cipher stream output", () => Buffer.concat(chunks).toString("hex")));
c.write("streamed ");
c.end("plaintext");
