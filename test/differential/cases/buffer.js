"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
function fmt(v) {
  if (typeof Buffer === "function" && Buffer.isBuffer(v)) return "Buffer<" + v.toString("hex") + ">";
  if (v instanceof Uint8Array) return "Uint8Array<" + Array.from(v).join(",") + ">";
  if (v === undefined) return "undefined";
  if (typeof v === "bigint") return v + "n";
  if (typeof v === "function") return "function " + v.name;
  if (typeof v === "number" && Object.is(v, -0)) return "-0";
  try { return JSON.stringify(v, (k, x) => (typeof x === "bigint" ? x + "n" : x)); } catch (e) { return "<unserializable: " + e.message + ">"; }
}
function errLine(e) {
  if (!(e instanceof Error)) return "throws non-Error " + fmt(e);
  let s = "throws " + e.name + " code=" + e.code;
  for (const k of ["errno", "syscall", "path", "dest"]) if (e[k] !== undefined) s += " " + k + "=" + e[k];
  return s + " " + JSON.stringify(e.message);
}
function show(label, fn) {
  let out;
  try { out = fmt(fn()); } catch (e) { out = errLine(e); }
  console.log(label + " -> " + out);
}
async function showAsync(label, fn) {
  let out;
  try { out = fmt(await fn()); } catch (e) { out = errLine(e); }
  console.log(label + " -> " + out);
}

const { Buffer: B, constants } = require("buffer");

show("require('buffer').Buffer is global Buffer", () => B === Buffer);
show("from utf8 string", () => Buffer.from("héllo €"));
show("from hex", () => Buffer.from("deadBEEF", "hex"));
show("from odd/invalid hex stops", () => Buffer.from("abc", "hex").length + "," + Buffer.from("zz11", "hex").length);
show("from base64", () => Buffer.from("aGVsbG8gd29ybGQ=", "base64").toString());
show("from base64 without padding / with whitespace", () => [Buffer.from("aGk", "base64").toString(), Buffer.from("aG k=\n", "base64").toString()]);
show("base64url round trip", () => { const b = Buffer.from([251, 255, 191]); return [b.toString("base64"), b.toString("base64url"), Buffer.from(b.toString("base64url"), "base64url").equals(b)]; });
show("latin1/binary", () => [Buffer.from("café", "latin1"), Buffer.from([0xe9]).toString("latin1"), Buffer.from([0xe9]).toString("binary")]);
show("ascii", () => Buffer.from([0x68, 0xe9]).toString("ascii"));
show("utf16le", () => [Buffer.from("hi€", "utf16le"), Buffer.from([0x68, 0, 0x69, 0]).toString("ucs2")]);
show("invalid utf8 decodes to U+FFFD", () => Buffer.from([0x61, 0xff, 0x62, 0xe2, 0x82]).toString());
show("from array wraps bytes", () => Buffer.from([1, 256, -1, 3.7, "5"]));
show("from ArrayBuffer shares memory", () => { const ab = new ArrayBuffer(4); const b = Buffer.from(ab, 1, 2); new Uint8Array(ab)[1] = 9; return [b.length, b[0]]; });
show("from Buffer copies", () => { const a = Buffer.from("ab"); const b = Buffer.from(a); a[0] = 0x7a; return b.toString(); });
show("from invalid type", () => Buffer.from(5));
show("alloc zero-filled / fill", () => [Buffer.alloc(3), Buffer.alloc(5, "ab"), Buffer.alloc(2, 257)]);
show("alloc negative", () => Buffer.alloc(-1));
show("alloc non-number", () => Buffer.alloc("5"));
show("allocUnsafe length", () => Buffer.allocUnsafe(7).length);
show("byteLength", () => [Buffer.byteLength("héllo"), Buffer.byteLength("🎉"), Buffer.byteLength("aGk=", "base64"), Buffer.byteLength("abcd", "hex")]);
show("string length vs byte length", () => ["日本".length, Buffer.from("日本").length]);
show("concat", () => Buffer.concat([Buffer.from("ab"), Buffer.from("cd"), new Uint8Array([101])]).toString());
show("concat with totalLength", () => [Buffer.concat([Buffer.from("abc"), Buffer.from("def")], 4).toString(), Buffer.concat([Buffer.from("a")], 3)]);
show("compare/equals", () => [Buffer.compare(Buffer.from("a"), Buffer.from("b")), Buffer.from("b").compare(Buffer.from("a")), Buffer.from("x").equals(Buffer.from("x")), Buffer.from("abc").compare(Buffer.from("abc"))]);
show("sort with compare", () => [Buffer.from("c"), Buffer.from("a"), Buffer.from("b")].sort(Buffer.compare).map(String));
show("indexOf/lastIndexOf/includes", () => { const b = Buffer.from("abcabc"); return [b.indexOf("bc"), b.lastIndexOf("bc"), b.indexOf(99), b.includes("ca"), b.indexOf("zz"), b.indexOf(Buffer.from("c"), 3)]; });
show("slice/subarray share memory", () => { const b = Buffer.from("hello"); const s = b.slice(1, 3); const t = b.subarray(-2); s[0] = 0x45; return [b.toString(), s.toString(), t.toString()]; });
show("toString(enc, start, end)", () => Buffer.from("hello world").toString("utf8", 6, 9));
show("toString of partial multi-byte", () => Buffer.from("€").subarray(0, 2).toString());
show("read/write ints", () => {
  const b = Buffer.alloc(8);
  b.writeUInt32BE(0xdeadbeef, 0);
  b.writeInt16LE(-2, 4);
  b.writeUInt8(255, 6);
  return [b.toString("hex"), b.readUInt32LE(0), b.readInt16LE(4), b.readUInt16BE(0), b.readInt8(6), b.readUIntBE(0, 3), b.readIntLE(4, 2)];
});
show("write returns next offset", () => { const b = Buffer.alloc(4); return [b.writeUInt16LE(1, 0), b.writeInt32BE(1, 0)]; });
show("floats and doubles", () => { const b = Buffer.alloc(12); b.writeFloatLE(1.5, 0); b.writeDoubleBE(-0.1, 4); return [b.readFloatLE(0), b.readDoubleBE(4), b.toString("hex")]; });
show("bigints", () => { const b = Buffer.alloc(8); b.writeBigInt64LE(-5n); return [b.readBigInt64LE(), b.readBigUInt64LE(), b.readBigUInt64BE()]; });
show("read out of range", () => Buffer.alloc(4).readUInt32LE(1));
show("write value out of range", () => Buffer.alloc(2).writeUInt8(300, 0));
show("write string", () => { const b = Buffer.alloc(6, "."); const n = b.write("héy", 1); return [n, b.toString()]; });
show("write string truncated at char boundary", () => { const b = Buffer.alloc(3); return [b.write("a€"), b]; });
show("fill", () => [Buffer.alloc(5).fill("xy", 1, 4).toString("hex"), Buffer.alloc(3).fill(0x41).toString()]);
show("copy", () => { const a = Buffer.from("abcdef"); const b = Buffer.alloc(4, "-"); const n = a.copy(b, 1, 2, 4); return [n, b.toString()]; });
show("swap16/swap32", () => [Buffer.from([1, 2, 3, 4]).swap16(), Buffer.from([1, 2, 3, 4]).swap32()]);
show("swap16 odd length", () => Buffer.from([1, 2, 3]).swap16());
show("reverse/map via TypedArray", () => [Buffer.from("abc").reverse().toString(), Buffer.from("ab") instanceof Uint8Array]);
show("toJSON / JSON.stringify", () => [Buffer.from("hi").toJSON(), JSON.stringify({ b: Buffer.from([1]) })]);
show("isBuffer/isEncoding", () => [Buffer.isBuffer(Buffer.alloc(1)), Buffer.isBuffer(new Uint8Array(1)), Buffer.isEncoding("UTF-8"), Buffer.isEncoding("utf-16le"), Buffer.isEncoding("nope")]);
show("unknown encoding", () => Buffer.from("x", "nope"));
show("toString unknown encoding", () => Buffer.from("x").toString("nope"));
show("iteration", () => [[...Buffer.from("ab")], [...Buffer.from("ab").entries()]]);
show("String(buffer) / template", () => [String(Buffer.from("abc")), `${Buffer.from("d")}`]);
show("poolSize / constants", () => [Buffer.poolSize, typeof constants.MAX_LENGTH, constants.MAX_STRING_LENGTH > 0]);
show("atob/btoa", () => [btoa("hello"), atob("aGVsbG8="), typeof require("buffer").atob]);
show("btoa non-latin1", () => btoa("€"));
show("Blob text", () => typeof require("buffer").Blob);
