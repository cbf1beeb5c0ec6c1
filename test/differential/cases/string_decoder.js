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
