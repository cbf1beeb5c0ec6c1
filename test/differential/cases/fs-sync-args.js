"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// The busiest sync forms (readFileSync, existsSync, statSync, lstatSync,
// accessSync, readdirSync, realpathSync, writeFileSync) with every kind of
// argument: which error wins when several are wrong, options given as a
// string, an object or a function, and paths given as strings, Buffers,
// URLs and descriptors.
const { fmt, show } = require("../show.cjs");

const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const here = process.cwd();
const url = (p) => pathToFileURL(path.join(here, p));

// readFileSync
show("readFileSync utf8 string", () => fs.readFileSync("hello.txt", "utf8"));
show("readFileSync utf-8 object", () => fs.readFileSync("hello.txt", { encoding: "utf-8" }));
show("readFileSync UTF8 upper case", () => fs.readFileSync("hello.txt", "UTF8"));
show("readFileSync hex", () => fs.readFileSync("hello.txt", "hex"));
show("readFileSync latin1 object", () => fs.readFileSync("hello.txt", { encoding: "latin1", flag: "r" }));
show("readFileSync no options", () => fs.readFileSync("hello.txt"));
show("readFileSync null options", () => fs.readFileSync("hello.txt", null));
show("readFileSync function options", () => fs.readFileSync("hello.txt", () => {}));
show("readFileSync Buffer path", () => fs.readFileSync(Buffer.from("hello.txt"), "utf8"));
show("readFileSync URL path", () => fs.readFileSync(url("hello.txt"), "utf8"));
show("readFileSync bad options and bad path", () => fs.readFileSync(42.5, "bogus"));
show("readFileSync bad encoding and NUL path", () => fs.readFileSync("a\0b", "bogus"));
show("readFileSync NUL path", () => fs.readFileSync("a\0b", "utf8"));
show("readFileSync missing utf8", () => fs.readFileSync("missing.txt", "utf8"));
show("readFileSync directory utf8", () => fs.readFileSync("nested", "utf8"));
show("readFileSync through ..", () => fs.readFileSync("nested/../hello.txt", "utf8"));
const fd = fs.openSync("hello.txt", "r");
show("readFileSync fd", () => fs.readFileSync(fd, "utf8"));
fs.closeSync(fd);

// existsSync
show("existsSync file", () => fs.existsSync("hello.txt"));
show("existsSync directory", () => fs.existsSync("nested"));
show("existsSync missing", () => fs.existsSync("missing.txt"));
show("existsSync no argument", () => fs.existsSync());
show("existsSync number", () => fs.existsSync(123));
show("existsSync NUL", () => fs.existsSync("hello.txt\0"));
show("existsSync Buffer", () => fs.existsSync(Buffer.from("hello.txt")));
show("existsSync URL", () => fs.existsSync(url("hello.txt")));
show("existsSync empty", () => fs.existsSync(""));

// statSync and lstatSync
const statLine = (s) => s && [s.isFile(), s.isDirectory(), s.isSymbolicLink(), typeof s.size, s.size];
show("statSync file", () => statLine(fs.statSync("hello.txt")));
show("statSync directory", () => statLine(fs.statSync("nested")));
show("statSync missing", () => fs.statSync("missing.txt"));
show("statSync missing, no throw", () => fs.statSync("missing.txt", { throwIfNoEntry: false }));
show("statSync under a file, no throw", () => fs.statSync("hello.txt/x", { throwIfNoEntry: false }));
show("statSync bigint", () => typeof fs.statSync("hello.txt", { bigint: true }).size);
show("statSync bad path, good options", () => fs.statSync(5, { bigint: true }));
show("statSync string options", () => statLine(fs.statSync("hello.txt", "utf8")));
show("statSync URL", () => statLine(fs.statSync(url("nested"))));
show("lstatSync file", () => statLine(fs.lstatSync("hello.txt")));
show("lstatSync missing, no throw", () => fs.lstatSync("missing.txt", { throwIfNoEntry: false }));
show("lstatSync null path", () => fs.lstatSync(null));

// accessSync
show("accessSync file", () => fs.accessSync("hello.txt"));
show("accessSync R_OK", () => fs.accessSync("hello.txt", fs.constants.R_OK));
show("accessSync missing", () => fs.accessSync("missing.txt"));
show("accessSync bad path and bad mode", () => fs.accessSync(7, "x"));

// readdirSync
show("readdirSync", () => fs.readdirSync("nested").sort());
show("readdirSync buffer", () => fs.readdirSync("nested", "buffer").map((b) => Buffer.isBuffer(b)));
show("readdirSync hex", () => fs.readdirSync("nested", { encoding: "hex" }).sort());
show("readdirSync withFileTypes", () => fs.readdirSync("nested", { withFileTypes: true }).map((d) => [d.name, d.isDirectory()]).sort());
show("readdirSync recursive", () => fs.readdirSync("nested", { recursive: true }).sort());
show("readdirSync recursive withFileTypes", () => fs.readdirSync("nested", { recursive: true, withFileTypes: true }).map((d) => d.name).sort());
show("readdirSync a file", () => fs.readdirSync("hello.txt"));
show("readdirSync missing", () => fs.readdirSync("missing"));
show("readdirSync bad encoding", () => fs.readdirSync("nested", "bogus"));
show("readdirSync bad encoding and bad path", () => fs.readdirSync(false, { encoding: "bogus" }));
show("readdirSync URL", () => fs.readdirSync(url("nested")).sort());

// realpathSync
show("realpathSync", () => fs.realpathSync("nested/../hello.txt") === path.join(here, "hello.txt"));
show("realpathSync buffer", () => Buffer.isBuffer(fs.realpathSync("hello.txt", "buffer")));
show("realpathSync missing", () => fs.realpathSync("missing.txt"));
show("realpathSync bad encoding", () => fs.realpathSync("hello.txt", { encoding: "bogus" }));
show("realpathSync.native", () => typeof fs.realpathSync.native);

// writeFileSync
fs.mkdirSync("out", { recursive: true });
const back = (p, enc) => fs.readFileSync(p, enc);
show("writeFileSync string", () => [fs.writeFileSync("out/a.txt", "héllo"), back("out/a.txt", "utf8")]);
show("writeFileSync Buffer", () => [fs.writeFileSync("out/b.bin", Buffer.from([1, 2, 3])), back("out/b.bin")]);
show("writeFileSync Uint16Array", () => [fs.writeFileSync("out/c.bin", new Uint16Array([258])), back("out/c.bin")]);
show("writeFileSync DataView", () => [fs.writeFileSync("out/d.bin", new DataView(new Uint8Array([9, 8]).buffer)), back("out/d.bin")]);
show("writeFileSync hex string", () => [fs.writeFileSync("out/e.bin", "cafe", "hex"), back("out/e.bin")]);
show("writeFileSync base64 object", () => [fs.writeFileSync("out/f.txt", "aGk=", { encoding: "base64" }), back("out/f.txt", "utf8")]);
show("writeFileSync append flag", () => [fs.writeFileSync("out/a.txt", "!", { flag: "a" }), back("out/a.txt", "utf8")]);
show("writeFileSync wx on existing", () => fs.writeFileSync("out/a.txt", "x", { flag: "wx" }));
show("writeFileSync bad flag", () => fs.writeFileSync("out/g.txt", "x", { flag: "nope" }));
show("writeFileSync octal string mode", () => [fs.writeFileSync("out/h.txt", "x", { mode: "600" }), back("out/h.txt", "utf8")]);
show("writeFileSync bad mode", () => fs.writeFileSync("out/i.txt", "x", { mode: "9" }));
show("writeFileSync bad data", () => fs.writeFileSync("out/j.txt", 42));
show("writeFileSync bad data and bad path", () => fs.writeFileSync(null, 42));
show("writeFileSync bad path", () => fs.writeFileSync({}, "x"));
show("writeFileSync into a directory", () => fs.writeFileSync("out", "x"));
show("writeFileSync missing parent", () => fs.writeFileSync("out/none/k.txt", "x"));
show("writeFileSync Buffer path", () => [fs.writeFileSync(Buffer.from("out/l.txt"), "buf"), back("out/l.txt", "utf8")]);
show("writeFileSync URL path", () => [fs.writeFileSync(url("out/m.txt"), "url"), back("out/m.txt", "utf8")]);
const wfd = fs.openSync("out/n.txt", "w");
show("writeFileSync fd", () => [fs.writeFileSync(wfd, "fd"), fs.closeSync(wfd), back("out/n.txt", "utf8")]);
show("writeFileSync NUL in string", () => [fs.writeFileSync("out/o.txt", "a\0b"), fmt(back("out/o.txt"))]);
show("writeFileSync lone surrogate", () => [fs.writeFileSync("out/p.txt", "a\ud800b"), back("out/p.txt")]);
show("writeFileSync names", () => [fs.writeFileSync.name, fs.writeFileSync.length, fs.readFileSync.name, fs.readFileSync.length, fs.existsSync.name]);
fs.rmSync("out", { recursive: true });
