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

const fs = require("fs");
const path = require("path");

show("readFileSync utf8", () => fs.readFileSync("hello.txt", "utf8"));
show("readFileSync no encoding", () => fs.readFileSync("hello.txt"));
show("readFileSync options.encoding", () => fs.readFileSync("hello.txt", { encoding: "utf8" }));
show("readFileSync multi-byte utf8", () => fs.readFileSync("utf8.txt", "utf8"));
show("readFileSync multi-byte byte length", () => fs.readFileSync("utf8.txt").length);
show("readFileSync base64", () => fs.readFileSync("hello.txt", "base64"));
show("readFileSync hex", () => fs.readFileSync("nested/a.txt", "hex"));
show("readFileSync latin1 of utf8 bytes", () => fs.readFileSync("utf8.txt", "latin1").slice(0, 4));
show("readFileSync absolute path", () => fs.readFileSync(path.join(process.cwd(), "hello.txt"), "utf8"));
show("readFileSync path with ..", () => fs.readFileSync("./nested/../hello.txt", "utf8"));
show("readFileSync nested", () => fs.readFileSync("nested/deep/file.txt", "utf8"));
show("readFileSync Buffer path", () => fs.readFileSync(Buffer.from("hello.txt"), "utf8"));
show("readFileSync file URL", () => fs.readFileSync(new URL("file://" + process.cwd() + "/hello.txt"), "utf8"));
show("JSON.parse(readFileSync json)", () => JSON.parse(fs.readFileSync("data.json", "utf8")));
show("readFileSync through symlink", () => fs.readFileSync("link-to-hello", "utf8"));
show("readFileSync through dir symlink", () => fs.readFileSync("link-to-nested/a.txt", "utf8"));
show("existsSync file", () => fs.existsSync("hello.txt"));
show("existsSync dir", () => fs.existsSync("nested"));
show("existsSync missing", () => fs.existsSync("missing.txt"));
show("existsSync empty string", () => fs.existsSync(""));
show("existsSync dangling symlink", () => fs.existsSync("dangling"));
show("existsSync non-string", () => fs.existsSync(42));
show("statSync file size", () => fs.statSync("hello.txt").size);
show("statSync utf8 size", () => fs.statSync("utf8.txt").size);
show("statSync file isFile/isDirectory/isSymbolicLink", () => { const s = fs.statSync("hello.txt"); return [s.isFile(), s.isDirectory(), s.isSymbolicLink()]; });
show("statSync dir isFile/isDirectory", () => { const s = fs.statSync("nested"); return [s.isFile(), s.isDirectory()]; });
show("statSync file mode bits", () => (fs.statSync("hello.txt").mode & 0o777).toString(8));
show("statSync dir mode bits", () => (fs.statSync("nested").mode & 0o777).toString(8));
show("statSync S_IFMT is S_IFREG", () => (fs.statSync("hello.txt").mode & fs.constants.S_IFMT) === fs.constants.S_IFREG);
show("statSync S_IFMT is S_IFDIR", () => (fs.statSync("nested").mode & fs.constants.S_IFMT) === fs.constants.S_IFDIR);
show("statSync instance of fs.Stats", () => fs.statSync("hello.txt") instanceof fs.Stats);
show("statSync time field types", () => { const s = fs.statSync("hello.txt"); return [typeof s.mtimeMs, s.mtime instanceof Date, typeof s.ctimeMs, s.atime instanceof Date]; });
show("statSync nlink", () => fs.statSync("hello.txt").nlink);
show("statSync through symlink", () => { const s = fs.statSync("link-to-hello"); return [s.isFile(), s.isSymbolicLink(), s.size]; });
show("lstatSync symlink", () => { const s = fs.lstatSync("link-to-hello"); return [s.isFile(), s.isSymbolicLink()]; });
show("lstatSync dangling symlink", () => fs.lstatSync("dangling").isSymbolicLink());
show("statSync missing throwIfNoEntry false", () => fs.statSync("missing.txt", { throwIfNoEntry: false }));
show("statSync bigint", () => typeof fs.statSync("hello.txt", { bigint: true }).size);
show("readlinkSync", () => fs.readlinkSync("link-to-hello"));
show("readlinkSync dir link", () => fs.readlinkSync("link-to-nested"));
show("realpathSync symlink", () => fs.realpathSync("link-to-hello") === path.join(process.cwd(), "hello.txt"));
show("realpathSync dotted", () => fs.realpathSync("nested/../nested/./deep").slice(process.cwd().length));
show("realpathSync.native", () => fs.realpathSync.native("link-to-nested").slice(process.cwd().length));
show("accessSync existing", () => fs.accessSync("hello.txt"));
show("accessSync R_OK|W_OK", () => fs.accessSync("hello.txt", fs.constants.R_OK | fs.constants.W_OK));
show("fs.constants F_OK/R_OK/W_OK/X_OK", () => [fs.constants.F_OK, fs.constants.R_OK, fs.constants.W_OK, fs.constants.X_OK]);
show("fs.constants O_ flags", () => [fs.constants.O_RDONLY, fs.constants.O_WRONLY, fs.constants.O_RDWR, fs.constants.O_CREAT, fs.constants.O_EXCL, fs.constants.O_TRUNC, fs.constants.O_APPEND]);
