"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// zlib's one-shot functions: byte-identical deflate/gzip output, round trips,
// options, crc32, constants and Node's errors.
const { show } = require("../show.cjs");
const zlib = require("zlib");

const text = Buffer.from("The quick brown fox jumps over the lazy dog. ".repeat(40) + "0123456789".repeat(30));
let seed = 7;
const noisy = Buffer.alloc(3000);
for (let i = 0; i < noisy.length; i++) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  noisy[i] = i % 3 === 0 ? seed >>> 24 : 97 + (i % 7);
}
const b64 = (buf) => buf.toString("base64");

show("deflateSync default", () => b64(zlib.deflateSync(text)));
show("gzipSync default", () => b64(zlib.gzipSync(text)));
show("deflateRawSync default", () => b64(zlib.deflateRawSync(text)));
for (const level of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
  show(`deflateSync level ${level}`, () => b64(zlib.deflateSync(noisy, { level })));
}
for (const strategy of [1, 2, 3, 4]) {
  show(`deflateSync strategy ${strategy}`, () => b64(zlib.deflateSync(text, { strategy })));
}
for (const windowBits of [9, 10, 12, 15]) {
  show(`deflateRawSync windowBits ${windowBits}`, () => b64(zlib.deflateRawSync(noisy, { windowBits, level: 9 })));
}
for (const memLevel of [1, 5, 9]) {
  show(`deflateSync memLevel ${memLevel}`, () => b64(zlib.deflateSync(noisy, { memLevel })));
}
show("deflateSync dictionary", () => b64(zlib.deflateSync("hello dictionary hello", { dictionary: Buffer.from("dictionary hello") })));
show("inflateSync dictionary", () => zlib.inflateSync(zlib.deflateSync("hello dictionary", { dictionary: Buffer.from("dictionary") }), { dictionary: Buffer.from("dictionary") }).toString());
show("inflateSync missing dictionary", () => zlib.inflateSync(zlib.deflateSync("abc", { dictionary: Buffer.from("abc") })));
show("inflateSync wrong dictionary", () => zlib.inflateSync(zlib.deflateSync("abc", { dictionary: Buffer.from("abc") }), { dictionary: Buffer.from("xyz") }));
show("deflateSync empty", () => zlib.deflateSync(Buffer.alloc(0)));
show("gzipSync empty string", () => zlib.gzipSync(""));
show("deflateSync string input", () => zlib.deflateSync("héllo wörld"));
show("deflateSync Uint16Array", () => zlib.deflateSync(new Uint16Array([1, 2, 3, 65535])));
show("deflateSync DataView", () => zlib.deflateSync(new DataView(new Uint8Array([9, 8, 7]).buffer)));
show("deflateSync ArrayBuffer", () => zlib.deflateSync(new Uint8Array([1, 2, 3]).buffer));

show("inflate round trip", () => zlib.inflateSync(zlib.deflateSync(text)).equals(text));
show("gunzip round trip", () => zlib.gunzipSync(zlib.gzipSync(noisy)).equals(noisy));
show("inflateRaw round trip", () => zlib.inflateRawSync(zlib.deflateRawSync(text)).equals(text));
show("unzip of deflate", () => zlib.unzipSync(zlib.deflateSync("zlib data")).toString());
show("unzip of gzip", () => zlib.unzipSync(zlib.gzipSync("gzip data")).toString());
show("gunzip two members", () => zlib.gunzipSync(Buffer.concat([zlib.gzipSync("one "), zlib.gzipSync("two")])).toString());
show("gunzip trailing zeros", () => zlib.gunzipSync(Buffer.concat([zlib.gzipSync("pad"), Buffer.alloc(8)])).toString());
show("inflate trailing garbage ignored", () => zlib.inflateSync(Buffer.concat([zlib.deflateSync("abc"), Buffer.from("xyz")])).toString());
show("inflateSync windowBits 0", () => zlib.inflateSync(zlib.deflateSync(text, { windowBits: 10 }), { windowBits: 0 }).length);
show("info option", () => { const r = zlib.deflateSync("info", { info: true }); return [Buffer.isBuffer(r.buffer), r.engine.constructor.name, r.engine.bytesWritten]; });
show("chunkSize small", () => zlib.inflateSync(zlib.deflateSync(text), { chunkSize: 64 }).length);
show("finishFlush sync flush on truncated", () => zlib.inflateSync(zlib.deflateSync(text).subarray(0, 40), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString().slice(0, 20));

show("inflate garbage", () => zlib.inflateSync(Buffer.from("not compressed at all")));
show("gunzip garbage", () => zlib.gunzipSync(Buffer.from("not compressed at all")));
show("inflate truncated", () => zlib.inflateSync(zlib.deflateSync(text).subarray(0, 20)));
show("gunzip truncated header", () => zlib.gunzipSync(Buffer.from([0x1f, 0x8b, 0x08, 0x00])));
show("inflate corrupt checksum", () => { const d = zlib.deflateSync("checksum"); d[d.length - 1] ^= 1; return zlib.inflateSync(d); });
show("inflateRaw invalid block type", () => zlib.inflateRawSync(Buffer.from([0xff, 0xff, 0xff])));
show("maxOutputLength", () => zlib.inflateSync(zlib.deflateSync(text), { maxOutputLength: 100 }));
show("maxOutputLength exact", () => zlib.inflateSync(zlib.deflateSync("12345"), { maxOutputLength: 5 }).toString());

show("bad input number", () => zlib.deflateSync(42));
show("bad input object", () => zlib.gzipSync({ a: 1 }));
show("level 10", () => zlib.deflateSync("x", { level: 10 }));
show("level NaN default", () => zlib.deflateSync("x", { level: NaN }));
show("level Infinity", () => zlib.deflateSync("x", { level: Infinity }));
show("level string", () => zlib.deflateSync("x", { level: "9" }));
show("windowBits 7", () => zlib.deflateSync("x", { windowBits: 7 }));
show("gzip windowBits 8", () => zlib.gzipSync("x", { windowBits: 8 }));
show("deflateRaw windowBits 8", () => zlib.inflateRawSync(zlib.deflateRawSync("eight", { windowBits: 8 }), { windowBits: 8 }).toString());
show("memLevel 0", () => zlib.deflateSync("x", { memLevel: 0 }));
show("strategy 5", () => zlib.deflateSync("x", { strategy: 5 }));
show("chunkSize 10", () => zlib.deflateSync("x", { chunkSize: 10 }));
show("flush 6", () => zlib.deflateSync("x", { flush: 6 }));
// (The upper bound in this message is buffer.kMaxLength, which differs between Node versions.)
show("maxOutputLength 0", () => { try { zlib.deflateSync("x", { maxOutputLength: 0 }); } catch (e) { return [e.code, e.name, e.message.slice(0, 70)]; } });
show("dictionary string", () => zlib.deflateSync("x", { dictionary: "abc" }));

show("crc32 string", () => zlib.crc32("hello world"));
show("crc32 buffer", () => zlib.crc32(text));
show("crc32 continued", () => zlib.crc32("world", zlib.crc32("hello ")) === zlib.crc32("hello world"));
show("crc32 empty", () => [zlib.crc32(""), zlib.crc32(Buffer.alloc(0), 5)]);
show("crc32 unicode", () => zlib.crc32("ünïcödé 🎉"));
show("crc32 bad data", () => zlib.crc32(5));
show("crc32 bad value", () => zlib.crc32("a", -1));
show("crc32 value type", () => zlib.crc32("a", "1"));

show("exports", () => Object.keys(zlib));
show("constants", () => zlib.constants);
show("codes", () => zlib.codes);
show("legacy constants", () => [zlib.Z_BEST_COMPRESSION, zlib.Z_SYNC_FLUSH, zlib.BROTLI_OPERATION_FLUSH, Object.keys(zlib).includes("Z_OK")]);
show("classes without new", () => [zlib.Deflate() instanceof zlib.Deflate, zlib.Gunzip().constructor.name, typeof zlib.createUnzip]);
show("node:zlib", () => require("node:zlib") === zlib);
