"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const fs = require("fs");
const path = require("path");
const cwd = process.cwd();

show("Stats own keys", () => Object.keys(fs.statSync("hello.txt")).sort());
show("Stats numeric field types", () => { const s = fs.statSync("hello.txt"); return ["dev", "ino", "mode", "nlink", "uid", "gid", "rdev", "size", "blksize", "blocks"].map((k) => k + ":" + typeof s[k]); });
show("Stats time fields agree", () => { const s = fs.statSync("hello.txt"); return [Math.abs(s.mtime.getTime() - s.mtimeMs) < 1, s.isFIFO(), s.isSocket(), s.isBlockDevice(), s.isCharacterDevice()]; });
show("symlink with absolute target", () => { fs.symlinkSync(path.join(cwd, "hello.txt"), "abs-link"); return [fs.readlinkSync("abs-link") === path.join(cwd, "hello.txt"), fs.readFileSync("abs-link", "utf8")]; });
show("symlink with relative target climbing", () => { fs.symlinkSync("../" + path.basename(cwd) + "/nested/a.txt", "climb-link"); return [fs.readlinkSync("climb-link").replace(path.basename(cwd), "<work>"), fs.readFileSync("climb-link", "utf8")]; });
show("symlink to directory, then .. through it is physical", () => { fs.symlinkSync("nested/deep", "link-to-deep"); return fs.readdirSync("link-to-deep/..").sort(); });
show("realpath through nested links", () => { fs.symlinkSync("link-to-nested/deep", "link-chain"); return fs.realpathSync("link-chain/file.txt").slice(cwd.length); });
show("lstat of chained link", () => [fs.lstatSync("link-chain").isSymbolicLink(), fs.statSync("link-chain").isDirectory()]);
show("unlink symlink keeps target", () => { fs.unlinkSync("abs-link"); return [fs.existsSync("abs-link"), fs.existsSync("hello.txt")]; });
show("rmSync recursive on dir symlink keeps target", () => { fs.rmSync("link-to-deep", { recursive: true }); return [fs.existsSync("link-to-deep"), fs.readdirSync("nested/deep")]; });
show("writeFileSync mode on create", () => { fs.writeFileSync("private.txt", "s", { mode: 0o600 }); return (fs.statSync("private.txt").mode & 0o777).toString(8); });
show("appendFileSync through symlink", () => { fs.symlinkSync("private.txt", "private-link"); fs.appendFileSync("private-link", "+"); return [fs.readFileSync("private.txt", "utf8"), fs.lstatSync("private-link").isSymbolicLink()]; });
show("renameSync onto itself", () => { fs.renameSync("private.txt", "private.txt"); return fs.readFileSync("private.txt", "utf8"); });
show("renameSync a symlink moves the link", () => { fs.renameSync("private-link", "nested/moved-link"); return [fs.readlinkSync("nested/moved-link"), fs.existsSync("nested/moved-link")]; });
show("cpSync copies a file", () => { fs.cpSync("hello.txt", "cp.txt"); return fs.readFileSync("cp.txt", "utf8"); });
show("cpSync dir without recursive", () => fs.cpSync("nested", "nested2"));
show("large file round trip", () => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 7);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
  fs.writeFileSync("big.bin", big);
  const back = fs.readFileSync("big.bin");
  let sum = 0;
  for (let i = 0; i < back.length; i += 997) sum = (sum + back[i] * i) % 1000003;
  return [fs.statSync("big.bin").size, back.length, back.equals(big), sum];
});
show("large readSync at an offset", () => { const fd = fs.openSync("big.bin", "r"); const b = Buffer.alloc(100000); const n = fs.readSync(fd, b, 0, b.length, 2 * 1024 * 1024); fs.closeSync(fd); return [n, b[0], b[99999]]; });
show("readdir recursive with types", () => fs.readdirSync("nested", { recursive: true, withFileTypes: true }).map((d) => path.relative(cwd, path.join(d.parentPath || d.path, d.name)) + (d.isDirectory() ? "/" : d.isSymbolicLink() ? "@" : "")).sort());
show("readdirSync through trailing dot", () => fs.readdirSync("nested/.").sort());
show("existsSync with trailing slash on file", () => [fs.existsSync("hello.txt/"), fs.existsSync("nested/")]);
show("openSync O_CREAT|O_EXCL numeric", () => { const fd = fs.openSync("excl.txt", fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY); fs.closeSync(fd); return fs.openSync("excl.txt", fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY); });
(async () => {
  await showAsync("createReadStream large file chunk sizes", async () => {
    const sizes = [];
    for await (const c of fs.createReadStream("big.bin")) sizes.push(c.length);
    return [sizes.length, sizes[0], sizes[sizes.length - 1], sizes.reduce((a, b) => a + b, 0)];
  });
  await showAsync("promises readdir recursive", async () => (await fs.promises.readdir("lib", { recursive: true })).sort());
  await showAsync("promises stat bigint", async () => typeof (await fs.promises.stat("hello.txt", { bigint: true })).mtimeNs);
  await showAsync("promises writeFile with AbortSignal already aborted", () => fs.promises.writeFile("ab.txt", "x", { signal: AbortSignal.abort() }));
})();
