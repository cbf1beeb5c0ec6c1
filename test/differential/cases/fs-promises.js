"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const fs = require("fs");
const fsp = require("fs/promises");

async function main() {
  show("fs.promises === require('fs/promises')", () => fs.promises === fsp);
  show("node:fs/promises same object", () => require("node:fs/promises") === fsp);
  show("readFile returns a Promise", () => { const p = fsp.readFile("hello.txt"); p.catch(() => {}); return p instanceof Promise; });
  await showAsync("readFile utf8", () => fsp.readFile("hello.txt", "utf8"));
  await showAsync("readFile buffer", () => fsp.readFile("nested/a.txt"));
  await showAsync("readFile multi-byte", () => fsp.readFile("utf8.txt", { encoding: "utf8" }));
  await showAsync("writeFile then readFile", async () => { await fsp.writeFile("p.txt", "promised"); return fsp.readFile("p.txt", "utf8"); });
  await showAsync("writeFile resolves undefined", () => fsp.writeFile("p.txt", "again"));
  await showAsync("appendFile", async () => { await fsp.appendFile("p.txt", "+more"); return fsp.readFile("p.txt", "utf8"); });
  await showAsync("stat", async () => { const s = await fsp.stat("hello.txt"); return [s.size, s.isFile(), s.isDirectory()]; });
  await showAsync("lstat symlink", async () => (await fsp.lstat("link-to-hello")).isSymbolicLink());
  await showAsync("readdir", async () => (await fsp.readdir("nested")).sort());
  await showAsync("readdir withFileTypes", async () => (await fsp.readdir("nested", { withFileTypes: true })).map((d) => [d.name, d.isDirectory()]).sort());
  await showAsync("mkdir recursive", async () => { return fsp.mkdir("pa/pb", { recursive: true }); });
  await showAsync("mkdir existing", () => fsp.mkdir("pa"));
  await showAsync("access existing", () => fsp.access("hello.txt"));
  await showAsync("access missing", () => fsp.access("missing.txt"));
  await showAsync("readFile missing", () => fsp.readFile("missing.txt"));
  await showAsync("readFile directory", () => fsp.readFile("nested"));
  await showAsync("rename", async () => { await fsp.rename("p.txt", "pa/p.txt"); return fsp.readdir("pa"); });
  await showAsync("copyFile", async () => { await fsp.copyFile("hello.txt", "pa/copy.txt"); return fsp.readFile("pa/copy.txt", "utf8"); });
  await showAsync("unlink", async () => { await fsp.unlink("pa/copy.txt"); return fs.existsSync("pa/copy.txt"); });
  await showAsync("unlink missing", () => fsp.unlink("pa/copy.txt"));
  await showAsync("realpath", async () => (await fsp.realpath("link-to-nested")).slice(process.cwd().length));
  await showAsync("readlink", () => fsp.readlink("link-to-hello"));
  await showAsync("symlink", async () => { await fsp.symlink("hello.txt", "plink"); return fsp.readFile("plink", "utf8"); });
  await showAsync("rm recursive", async () => { await fsp.rm("pa", { recursive: true }); return fs.existsSync("pa"); });
  await showAsync("rmdir missing", () => fsp.rmdir("pa"));
  await showAsync("mkdtemp", async () => { const d = await fsp.mkdtemp("ptmp-"); return [d.length, d.startsWith("ptmp-")]; });
  await showAsync("truncate", async () => { await fsp.writeFile("t.txt", "abcdef"); await fsp.truncate("t.txt", 3); return fsp.readFile("t.txt", "utf8"); });
  await showAsync("utimes", async () => { await fsp.utimes("t.txt", 10, 20); return (await fsp.stat("t.txt")).mtimeMs; });
  await showAsync("chmod", async () => { await fsp.chmod("t.txt", 0o640); return ((await fsp.stat("t.txt")).mode & 0o777).toString(8); });
  await showAsync("FileHandle read", async () => {
    const fh = await fsp.open("hello.txt", "r");
    const b = Buffer.alloc(5);
    const r = await fh.read(b, 0, 5, 0);
    await fh.close();
    return [typeof fh.fd, r.bytesRead, r.buffer === b, b.toString()];
  });
  await showAsync("FileHandle readFile/stat", async () => {
    const fh = await fsp.open("utf8.txt");
    const s = await fh.stat();
    const text = await fh.readFile("utf8");
    await fh.close();
    return [s.size, text];
  });
  await showAsync("FileHandle write/writeFile", async () => {
    const fh = await fsp.open("fh.txt", "w");
    const w = await fh.write("head-");
    await fh.writeFile("tail");
    await fh.close();
    return [w.bytesWritten, w.buffer, await fsp.readFile("fh.txt", "utf8")];
  });
  await showAsync("FileHandle close twice", async () => { const fh = await fsp.open("fh.txt"); await fh.close(); return fh.close(); });
  await showAsync("FileHandle fd after close", async () => { const fh = await fsp.open("fh.txt"); await fh.close(); return fh.fd; });
  await showAsync("open missing", () => fsp.open("missing.txt"));
  await showAsync("open wx existing", () => fsp.open("fh.txt", "wx"));
  await showAsync("readFile bad arg", () => fsp.readFile(42.5));
  show("order: sync before then", () => "end of main");
}
main().then(() => console.log("main resolved"));
