"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const fs = require("fs");
const path = require("path");

const rel = (p) => (typeof p === "string" && p.startsWith(process.cwd()) ? "<cwd>" + p.slice(process.cwd().length) : p);
show("readdirSync . sorted", () => fs.readdirSync(".").sort());
show("readdirSync nested sorted", () => fs.readdirSync("nested").sort());
show("readdirSync empty", () => fs.readdirSync("empty"));
show("readdirSync trailing slash", () => fs.readdirSync("nested/").sort());
show("readdirSync absolute", () => fs.readdirSync(path.join(process.cwd(), "nested", "deep")));
show("readdirSync through dir symlink", () => fs.readdirSync("link-to-nested").sort());
show("readdirSync withFileTypes", () =>
  fs.readdirSync(".", { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((d) => d.name + ":" + (d.isDirectory() ? "d" : d.isFile() ? "f" : d.isSymbolicLink() ? "l" : "?")));
show("Dirent instance", () => fs.readdirSync("nested", { withFileTypes: true })[0] instanceof fs.Dirent);
show("readdirSync recursive", () => fs.readdirSync("nested", { recursive: true }).sort());
show("readdirSync buffer encoding", () => fs.readdirSync("nested/deep", { encoding: "buffer" }));
show("readdirSync on file", () => fs.readdirSync("hello.txt"));
show("readdirSync missing", () => fs.readdirSync("missing"));
show("mkdirSync", () => { const r = fs.mkdirSync("made"); return [String(r), fs.statSync("made").isDirectory()]; });
show("mkdirSync existing", () => fs.mkdirSync("made"));
show("mkdirSync existing recursive", () => fs.mkdirSync("made", { recursive: true }));
show("mkdirSync recursive returns first created", () => rel(fs.mkdirSync("x/y/z", { recursive: true })));
show("mkdirSync recursive partially existing", () => rel(fs.mkdirSync("x/y/w/v", { recursive: true })));
show("mkdirSync missing parent", () => fs.mkdirSync("missing/child"));
show("mkdirSync under a file", () => fs.mkdirSync("hello.txt/sub", { recursive: true }));
show("mkdirSync mode", () => { fs.mkdirSync("moded", { mode: 0o700 }); return (fs.statSync("moded").mode & 0o777).toString(8); });
show("rmdirSync non-empty", () => fs.rmdirSync("nested"));
show("rmdirSync empty", () => { fs.rmdirSync("empty"); return fs.existsSync("empty"); });
show("rmdirSync missing", () => fs.rmdirSync("empty"));
show("rmdirSync file", () => fs.rmdirSync("hello.txt"));
show("rmSync dir without recursive", () => fs.rmSync("x"));
show("rmSync recursive", () => { fs.rmSync("x", { recursive: true }); return fs.existsSync("x"); });
show("rmSync recursive force missing", () => fs.rmSync("x", { recursive: true, force: true }));
show("renameSync dir", () => { fs.renameSync("made", "renamed"); return [fs.existsSync("made"), fs.statSync("renamed").isDirectory()]; });
show("renameSync dir into non-empty dir", () => fs.renameSync("renamed", "nested"));
show("mkdtempSync", () => { const d = fs.mkdtempSync("tmp-"); return [d.length, d.startsWith("tmp-"), fs.statSync(d).isDirectory(), fs.readdirSync(d)]; });
show("cpSync recursive", () => { fs.cpSync("nested", "nested-copy", { recursive: true }); return fs.readdirSync("nested-copy", { recursive: true }).sort(); });
show("cpSync content", () => fs.readFileSync("nested-copy/deep/file.txt", "utf8"));
show("opendirSync", () => {
  const d = fs.opendirSync("nested");
  const names = [];
  let e;
  while ((e = d.readSync()) !== null) names.push(e.name + (e.isDirectory() ? "/" : ""));
  d.closeSync();
  return [rel(d.path), names.sort()];
});
show("final listing", () => fs.readdirSync(".").filter((n) => !n.startsWith("tmp-")).sort());
