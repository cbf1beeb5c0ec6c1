"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const fs = require("fs");
const path = require("path");

show("mkdirSync through a missing component and ..", () => fs.mkdirSync("missing-parent/../made"));
show("readFileSync through a missing component and ..", () => fs.readFileSync("missing-dir/../hello.txt", "utf8"));
show("readFileSync through a file and ..", () => fs.readFileSync("hello.txt/../data.json", "utf8"));
show("readFileSync with doubled and dotted slashes", () => fs.readFileSync(".//nested/.//a.txt", "utf8"));
show("statSync of /", () => fs.statSync("/").isDirectory());
show("existsSync of the cwd, absolute", () => fs.existsSync(process.cwd()));
show("accessSync X_OK on a 644 file", () => fs.accessSync("hello.txt", fs.constants.X_OK));
show("accessSync X_OK after chmod 755", () => { fs.copyFileSync("hello.txt", "exe.sh"); fs.chmodSync("exe.sh", 0o755); return fs.accessSync("exe.sh", fs.constants.X_OK); });
show("copyFileSync keeps the mode", () => { fs.copyFileSync("exe.sh", "exe2.sh"); return (fs.statSync("exe2.sh").mode & 0o777).toString(8); });
show("writevSync / readvSync", () => {
  const fd = fs.openSync("vec.txt", "w+");
  const w = fs.writevSync(fd, [Buffer.from("ab"), Buffer.from("cde")]);
  const a = Buffer.alloc(1), b = Buffer.alloc(3);
  const r = fs.readvSync(fd, [a, b], 0);
  fs.closeSync(fd);
  return [w, r, a.toString(), b.toString()];
});
show("writeSync string with position and encoding", () => { const fd = fs.openSync("enc.txt", "w"); const n = fs.writeSync(fd, "68690a", 0, "hex"); fs.closeSync(fd); return [n, fs.readFileSync("enc.txt", "utf8")]; });
show("fchmodSync / futimesSync / fstatSync", () => {
  const fd = fs.openSync("vec.txt", "r+");
  fs.fchmodSync(fd, 0o600);
  fs.futimesSync(fd, 5, 6);
  const s = fs.fstatSync(fd);
  fs.closeSync(fd);
  return [(s.mode & 0o777).toString(8), s.mtimeMs, s.atimeMs];
});
show("openSync mode on create", () => { fs.closeSync(fs.openSync("made-600.txt", "w", 0o600)); return (fs.statSync("made-600.txt").mode & 0o777).toString(8); });
show("many files in one directory", () => {
  fs.mkdirSync("many");
  for (let i = 0; i < 300; i++) fs.writeFileSync(path.join("many", "f" + String(i).padStart(3, "0") + ".txt"), String(i));
  const names = fs.readdirSync("many").sort();
  return [names.length, names[0], names[299], fs.readFileSync("many/f150.txt", "utf8")];
});
show("rmSync recursive of many files", () => { fs.rmSync("many", { recursive: true }); return fs.existsSync("many"); });
show("rmSync recursive on a file", () => { fs.rmSync("exe2.sh", { recursive: true }); return fs.existsSync("exe2.sh"); });
show("empty file", () => { fs.writeFileSync("empty.txt", ""); return [fs.readFileSync("empty.txt", "utf8"), fs.readFileSync("empty.txt").length, fs.statSync("empty.txt").size]; });
show("file names with spaces and unicode", () => { fs.writeFileSync("spaced name ü 🎉.txt", "u"); return [fs.readdirSync(".").filter((n) => n.startsWith("spaced")), fs.readFileSync("spaced name ü 🎉.txt", "utf8")]; });
show("ENOENT message keeps unicode path", () => fs.readFileSync("nö such 🎉.txt"));
show("long name", () => fs.writeFileSync("x".repeat(300), "x"));
show("readFileSync flag option a+ creates", () => [fs.readFileSync("created-by-read.txt", { flag: "a+", encoding: "utf8" }), fs.existsSync("created-by-read.txt")]);
show("existsSync on Buffer and URL", () => [fs.existsSync(Buffer.from("hello.txt")), fs.existsSync(new URL("file://" + process.cwd() + "/hello.txt"))]);
show("fs.Stats prototype methods on lstat of dir link", () => { const s = fs.lstatSync("link-to-nested"); return [s.isSymbolicLink(), s.isDirectory(), s.isFile()]; });
show("statSync on broken link inside a path", () => fs.statSync("dangling/x"));
