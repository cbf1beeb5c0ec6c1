"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const path = require("path");
const cwd = process.cwd();

show("join", () => path.join("/a/b", "../c", "./d", "e/"));
show("join empty", () => [path.join(), path.join(""), path.join("", "")]);
show("join relative with ..", () => path.join("a", "..", "..", "b"));
show("resolve relative uses cwd", () => path.resolve("x/y", "../z") === cwd + "/x/z");
show("resolve no args is cwd", () => path.resolve() === cwd);
show("resolve absolute wins", () => path.resolve("a", "/b", "c"));
show("resolve strips trailing slash", () => path.resolve("/foo/bar/"));
show("normalize", () => [path.normalize("/a//b/../c/."), path.normalize("a/../.."), path.normalize(""), path.normalize("./"), path.normalize("//x")]);
show("dirname", () => [path.dirname("/a/b/c.txt"), path.dirname("/a"), path.dirname("a"), path.dirname("/"), path.dirname("a/b/")]);
show("basename", () => [path.basename("/a/b/c.txt"), path.basename("/a/b/c.txt", ".txt"), path.basename("/a/b/"), path.basename("c.txt", "c.txt"), path.basename("")]);
show("extname", () => [path.extname("a.txt"), path.extname("a.tar.gz"), path.extname(".bashrc"), path.extname("a."), path.extname("a"), path.extname("a/.b.c")]);
show("relative", () => [path.relative("/a/b/c", "/a/d"), path.relative("/a", "/a"), path.relative("/a/b", "/a/b/c/d"), path.relative("x", "y")]);
show("relative from cwd", () => path.relative(cwd, cwd + "/nested/deep"));
show("parse", () => path.parse("/home/u/file.tar.gz"));
show("parse relative", () => path.parse("./a/.hidden"));
show("format", () => [path.format({ dir: "/x", base: "y.js" }), path.format({ root: "/", name: "n", ext: ".e" }), path.format({ name: "n", ext: "e" })]);
show("isAbsolute", () => [path.isAbsolute("/a"), path.isAbsolute("a"), path.isAbsolute(""), path.isAbsolute("./a")]);
show("sep/delimiter", () => [path.sep, path.delimiter]);
show("posix is path", () => path.posix === path);
show("win32.join", () => path.win32.join("C:\\a", "..", "b"));
show("win32.basename", () => path.win32.basename("C:\\foo\\bar.txt"));
show("toNamespacedPath", () => path.toNamespacedPath("/a/b"));
show("join non-string", () => path.join("a", 1));
show("resolve null", () => path.resolve(null));
show("basename ext non-string", () => path.basename("a", 1));
show("require('node:path') same", () => require("node:path") === path && require("path/posix") === path.posix);
