"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// Random values: only their shapes, ranges and errors are printed, never the bytes.
const { show, showAsync } = require("../show.cjs");
const crypto = require("crypto");

show("randomBytes length and type", () => [crypto.randomBytes(0).length, crypto.randomBytes(16).length, Buffer.isBuffer(crypto.randomBytes(5)), crypto.randomBytes(100000).length]);
show("two randomBytes(32) differ", () => !crypto.randomBytes(32).equals(crypto.randomBytes(32)));
show("randomBytes is not all zero", () => crypto.randomBytes(64).some((b) => b !== 0));
show("randomBytes(-1)", () => crypto.randomBytes(-1));
show("randomBytes('1')", () => crypto.randomBytes("1"));
show("randomBytes(2**31)", () => crypto.randomBytes(2 ** 31));
show("randomFillSync typed array", () => { const a = new Uint32Array(8); crypto.randomFillSync(a); return [a.length, a.some((x) => x !== 0)]; });
show("randomFillSync offset and size", () => { const b = Buffer.alloc(10); crypto.randomFillSync(b, 8); return [b.subarray(0, 8).every((x) => x === 0), b.length]; });
show("randomFillSync ArrayBuffer", () => crypto.randomFillSync(new ArrayBuffer(4)) instanceof ArrayBuffer);
show("randomFillSync bad buf", () => crypto.randomFillSync("x"));
show("randomFillSync offset out of range", () => crypto.randomFillSync(Buffer.alloc(4), 5));
show("randomFillSync size out of range", () => crypto.randomFillSync(Buffer.alloc(4), 1, 4));
show("randomInt ranges", () => {
  const seen = new Set();
  for (let i = 0; i < 300; i++) seen.add(crypto.randomInt(3));
  let inRange = true;
  for (let i = 0; i < 300; i++) { const n = crypto.randomInt(-5, 5); if (n < -5 || n >= 5 || !Number.isInteger(n)) inRange = false; }
  return [[...seen].sort(), inRange];
});
show("randomInt(10, 1)", () => crypto.randomInt(10, 1));
show("randomInt(1.5)", () => crypto.randomInt(1.5));
show("randomInt range too large", () => crypto.randomInt(0, 2 ** 48 + 1));
show("randomUUID format", () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));
show("randomUUID differ", () => crypto.randomUUID() !== crypto.randomUUID());
show("randomUUID bad options", () => crypto.randomUUID(1));
show("getRandomValues returns its argument", () => { const a = new Int16Array(4); return crypto.getRandomValues(a) === a; });
show("getRandomValues 65536 bytes", () => crypto.getRandomValues(new Uint8Array(65536)).length);
show("getRandomValues 65537 bytes", () => crypto.getRandomValues(new Uint8Array(65537)));
show("getRandomValues Float32Array", () => crypto.getRandomValues(new Float32Array(2)));
show("globalThis.crypto.getRandomValues", () => globalThis.crypto.getRandomValues(new BigUint64Array(2)).length);
show("getRandomValues detached from crypto", () => { const f = globalThis.crypto.getRandomValues; return f(new Uint8Array(2)); });
show("timingSafeEqual", () => [crypto.timingSafeEqual(Buffer.from("abc"), Buffer.from("abc")), crypto.timingSafeEqual(Buffer.from("abc"), Buffer.from("abd")), crypto.timingSafeEqual(new Uint16Array([1]), new Uint8Array([1, 0]))]);
show("timingSafeEqual lengths", () => crypto.timingSafeEqual(Buffer.alloc(1), Buffer.alloc(2)));
show("timingSafeEqual string", () => crypto.timingSafeEqual("a", Buffer.alloc(1)));
// One after another: Node runs these on its thread pool, so their order is not fixed.
crypto.randomBytes(8, (err, buf) => {
  show("randomBytes callback", () => [err, buf.length]);
  crypto.randomFill(new Uint8Array(6), 2, (err, buf) => {
    show("randomFill callback", () => [err, buf.length]);
    crypto.randomInt(5, 6, (err, n) => {
      show("randomInt callback", () => [err, n]);
      showAsync("promisified randomBytes", async () => (await require("util").promisify(crypto.randomBytes)(3)).length);
    });
  });
});
