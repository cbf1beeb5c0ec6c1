"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const { StringDecoder } = require("string_decoder");

show("utf8 split multi-byte", () => { const d = new StringDecoder("utf8"); const b = Buffer.from("€🎉"); return [d.write(b.subarray(0, 1)), d.write(b.subarray(1, 4)), d.write(b.subarray(4, 6)), d.end(b.subarray(6))]; });
show("utf8 incomplete at end", () => { const d = new StringDecoder("utf8"); return [d.write(Buffer.from([0xe2, 0x82])), d.end()]; });
show("utf8 invalid bytes", () => new StringDecoder().write(Buffer.from([0x61, 0xff, 0x62])));
show("encoding property", () => [new StringDecoder().encoding, new StringDecoder("UTF-8").encoding, new StringDecoder("ucs2").encoding, new StringDecoder("binary").encoding]);
show("utf16le split", () => { const d = new StringDecoder("utf16le"); const b = Buffer.from("hé", "utf16le"); return [d.write(b.subarray(0, 3)), d.end(b.subarray(3))]; });
show("base64 split", () => { const d = new StringDecoder("base64"); return [d.write(Buffer.from("ab")), d.write(Buffer.from("cd")), d.end()]; });
show("hex", () => new StringDecoder("hex").write(Buffer.from([1, 255])));
show("latin1", () => new StringDecoder("latin1").end(Buffer.from([0xe9])));
show("unknown encoding", () => new StringDecoder("nope"));
show("write non-buffer", () => new StringDecoder().write("already a string"));
show("write bad type", () => new StringDecoder().write(42));
show("callable without new", () => { const o = {}; StringDecoder.call(o); return [o.encoding, typeof o.write]; });
show("callable without new, latin1", () => { const o = {}; StringDecoder.call(o, "binary"); return o.encoding; });
show("base64url split", () => { const d = new StringDecoder("base64url"); const b = Buffer.from([0xfb, 0xff, 0xfe, 0x01, 0x02]); return [d.encoding, d.write(b.subarray(0, 1)), d.write(b.subarray(1, 4)), d.end(b.subarray(4)), b.toString("base64url")]; });
show("base64url whole", () => new StringDecoder("base64url").end(Buffer.from("hello?>")));
show("lastChar/lastNeed/lastTotal", () => { const d = new StringDecoder("utf8"); d.write(Buffer.from([0xe1])); return [Array.from(d.lastChar), d.lastNeed, d.lastTotal]; });
show("utf8 broken sequences", () => { const d = new StringDecoder("utf8"); return [d.write(Buffer.from("f69b", "hex")), d.write(Buffer.from("d1", "hex")), d.end()]; });
show("utf8 broken then completed", () => { const d = new StringDecoder("utf8"); return [d.write(Buffer.from("f4", "hex")), d.write(Buffer.from("bde5", "hex")), d.end()]; });
show("utf8 4-byte in single bytes", () => { const d = new StringDecoder("utf8"); const b = Buffer.from("🎉a"); return Array.from(b).map((x) => d.write(Buffer.from([x]))).concat(d.end()); });
show("utf16le lone surrogate at end", () => { const d = new StringDecoder("utf16le"); return [d.write(Buffer.from("3DD84D", "hex")), d.end()]; });
show("utf16le surrogate pair split", () => { const d = new StringDecoder("utf16le"); const b = Buffer.from("😀", "utf16le"); return [d.write(b.subarray(0, 2)), d.write(b.subarray(2))]; });
show("Uint8Array and DataView", () => { const d = new StringDecoder(); return [d.write(new Uint8Array([104, 105])), d.write(new DataView(new Uint8Array([33]).buffer))]; });
show("write null", () => new StringDecoder().write(null));
show("unknown encoding number", () => new StringDecoder(1));
show("invalid this", () => StringDecoder.prototype.write.call({}, Buffer.from("a")));
show("text()", () => { const d = new StringDecoder("utf8"); return d.text(Buffer.from("abc"), 1); });
