"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// path.win32 and path.posix as Node's own path module has them.
// node-stderr: expected (matchesGlob's ExperimentalWarning)
const { show } = require("../show.cjs");

const path = require("path");
const { win32, posix } = path;

show("win32 and posix are objects", () => [typeof win32, typeof posix, path.posix === path, win32.win32 === win32, win32.posix === posix]);
show("path/win32 and path/posix", () => [require("path/win32") === win32, require("path/posix") === posix]);
show("win32 sep/delimiter", () => [win32.sep, win32.delimiter, posix.sep, posix.delimiter]);
show("win32 join", () => [win32.join("C:\\a", "..\\b", "c/d"), win32.join("\\\\server\\share", "x"), win32.join("a", "", "b")]);
show("win32 normalize", () => [win32.normalize("C:/a//b\\..\\c"), win32.normalize("c:"), win32.normalize("\\\\?\\C:\\x\\..\\y")]);
show("win32 isAbsolute", () => ["C:\\", "C:", "\\foo", "//server", "a\\b", "c:/"].map((p) => win32.isAbsolute(p)));
show("win32 resolve absolute", () => [win32.resolve("C:\\a", "b", "..\\c"), win32.resolve("C:\\a", "D:\\b"), win32.resolve("\\\\srv\\sh\\a", "b")]);
show("win32 relative", () => [win32.relative("C:\\orandea\\test\\aaa", "C:\\orandea\\impl\\bbb"), win32.relative("C:\\a", "D:\\b"), win32.relative("c:\\A\\b", "C:\\a\\B\\c")]);
show("win32 dirname/basename/extname", () => [win32.dirname("C:\\a\\b.txt"), win32.basename("C:\\a\\b.txt", ".txt"), win32.extname("C:\\a\\b.tar.gz"), win32.basename("C:"), win32.dirname("\\\\srv\\sh\\x")]);
show("win32 parse", () => win32.parse("C:\\path\\dir\\file.txt"));
show("win32 parse UNC", () => win32.parse("\\\\server\\share\\dir\\f.js"));
show("win32 format", () => [win32.format({ root: "C:\\", dir: "C:\\x", base: "y.z" }), win32.format({ name: "a", ext: "b" })]);
show("win32 toNamespacedPath", () => [win32.toNamespacedPath("C:\\foo"), win32.toNamespacedPath("\\\\srv\\sh\\f"), win32.toNamespacedPath("rel"), win32.toNamespacedPath(5)]);
show("posix toNamespacedPath passes anything", () => [posix.toNamespacedPath("/a"), posix.toNamespacedPath(5)]);
show("win32 bad argument", () => win32.join("a", 5));
show("win32 resolve bad argument", () => win32.resolve("a", null));
show("win32 relative bad argument", () => win32.relative("a", {}));
show("basename bad suffix", () => path.basename("a", 1));
show("format bad object", () => win32.format("x"));
show("_makeLong", () => [typeof path._makeLong, path._makeLong("/a")]);
show("matchesGlob posix", () => [path.matchesGlob("foo/bar/baz", "foo/**"), path.matchesGlob("foo/bar1/baz", "foo/bar[0-9]/baz"), path.matchesGlob("foo/bar/baz", "*")]);
show("matchesGlob win32", () => [win32.matchesGlob("foo\\bar\\baz", "foo\\[bcr]ar\\baz"), win32.matchesGlob("FOO\\bar", "foo\\*")]);
show("matchesGlob bad argument", () => path.matchesGlob(1, "x"));
