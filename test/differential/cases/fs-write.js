"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const fs = require("fs");

const read = (p) => fs.readFileSync(p, "utf8");
show("writeFileSync string", () => { fs.writeFileSync("out.txt", "abc"); return read("out.txt"); });
show("writeFileSync returns", () => fs.writeFileSync("out.txt", "abc"));
show("writeFileSync overwrites", () => { fs.writeFileSync("out.txt", "xy"); return read("out.txt"); });
show("appendFileSync", () => { fs.appendFileSync("out.txt", "z!"); return read("out.txt"); });
show("appendFileSync creates", () => { fs.appendFileSync("appended.txt", "new"); return read("appended.txt"); });
show("writeFileSync Buffer", () => { fs.writeFileSync("bin.dat", Buffer.from([0, 1, 2, 255])); return fs.readFileSync("bin.dat"); });
show("writeFileSync Uint8Array", () => { fs.writeFileSync("bin.dat", new Uint8Array([104, 105])); return read("bin.dat"); });
show("writeFileSync DataView", () => { fs.writeFileSync("bin.dat", new DataView(new Uint8Array([111, 107]).buffer)); return read("bin.dat"); });
show("writeFileSync flag a", () => { fs.writeFileSync("out.txt", "+", { flag: "a" }); return read("out.txt"); });
show("writeFileSync flag wx existing", () => fs.writeFileSync("out.txt", "no", { flag: "wx" }));
show("writeFileSync flag wx new", () => { fs.writeFileSync("fresh.txt", "yes", { flag: "wx" }); return read("fresh.txt"); });
show("writeFileSync multi-byte size", () => { fs.writeFileSync("mb.txt", "€uro ✓ 🎉"); return [fs.statSync("mb.txt").size, read("mb.txt")]; });
show("writeFileSync hex encoding", () => { fs.writeFileSync("enc.txt", "68656c6c6f", "hex"); return read("enc.txt"); });
show("writeFileSync base64 encoding", () => { fs.writeFileSync("enc.txt", "d29ybGQ=", { encoding: "base64" }); return read("enc.txt"); });
show("writeFileSync latin1 encoding", () => { fs.writeFileSync("enc.txt", "caf\u00e9", "latin1"); return fs.readFileSync("enc.txt"); });
show("writeFileSync number data", () => fs.writeFileSync("num.txt", 123));
show("writeFileSync object data", () => fs.writeFileSync("num.txt", { a: 1 }));
show("writeFileSync missing parent", () => fs.writeFileSync("no/such/dir/file.txt", "x"));
show("writeFileSync onto directory", () => fs.writeFileSync("nested", "x"));
show("copyFileSync", () => { fs.copyFileSync("hello.txt", "copy.txt"); return read("copy.txt"); });
show("copyFileSync COPYFILE_EXCL existing", () => fs.copyFileSync("hello.txt", "copy.txt", fs.constants.COPYFILE_EXCL));
show("copyFileSync missing source", () => fs.copyFileSync("missing.txt", "copy2.txt"));
show("renameSync", () => { fs.renameSync("copy.txt", "moved.txt"); return [fs.existsSync("copy.txt"), read("moved.txt")]; });
show("renameSync over existing file", () => { fs.renameSync("moved.txt", "fresh.txt"); return read("fresh.txt"); });
show("unlinkSync", () => { fs.unlinkSync("fresh.txt"); return fs.existsSync("fresh.txt"); });
show("unlinkSync missing", () => fs.unlinkSync("fresh.txt"));
show("truncateSync shorter", () => { fs.writeFileSync("t.txt", "abcdef"); fs.truncateSync("t.txt", 2); return read("t.txt"); });
show("truncateSync longer pads zeros", () => { fs.truncateSync("t.txt", 4); return fs.readFileSync("t.txt"); });
show("truncateSync default 0", () => { fs.truncateSync("t.txt"); return fs.statSync("t.txt").size; });
show("utimesSync seconds", () => { fs.utimesSync("t.txt", 1000, 2000); const s = fs.statSync("t.txt"); return [s.atimeMs, s.mtimeMs, s.mtime.toISOString()]; });
show("utimesSync Date", () => { fs.utimesSync("t.txt", new Date(Date.UTC(2020, 0, 2)), new Date(Date.UTC(2021, 5, 6, 7, 8, 9))); const s = fs.statSync("t.txt"); return [s.atime.toISOString(), s.mtime.toISOString()]; });
show("chmodSync 600", () => { fs.chmodSync("t.txt", 0o600); return (fs.statSync("t.txt").mode & 0o777).toString(8); });
show("chmodSync string mode", () => { fs.chmodSync("t.txt", "755"); return (fs.statSync("t.txt").mode & 0o777).toString(8); });
show("symlinkSync + readlinkSync", () => { fs.symlinkSync("out.txt", "ln.txt"); return [fs.readlinkSync("ln.txt"), read("ln.txt"), fs.lstatSync("ln.txt").isSymbolicLink()]; });
show("write through symlink", () => { fs.writeFileSync("ln.txt", "via link"); return read("out.txt"); });
show("linkSync nlink", () => { fs.linkSync("out.txt", "hard.txt"); return [fs.statSync("out.txt").nlink, read("hard.txt")]; });
show("rmSync file", () => { fs.rmSync("hard.txt"); return fs.existsSync("hard.txt"); });
show("rmSync missing", () => fs.rmSync("hard.txt"));
show("rmSync missing force", () => fs.rmSync("hard.txt", { force: true }));
show("final listing", () => fs.readdirSync(".").sort());
