"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const fs = require("fs");
const path = require("path");

function caught(fn) { try { fn(); } catch (e) { return e; } return null; }
const missing = caught(() => fs.readFileSync("missing.txt"));
show("ENOENT fields", () => [missing.code, missing.errno, missing.syscall, missing.path, missing.name]);
show("ENOENT own keys", () => Object.keys(missing).sort());
show("ENOENT message", () => missing.message);
show("ENOENT stack first line", () => String(missing.stack).split("\n")[0]);
show("ENOENT instanceof Error", () => missing instanceof Error);
show("ENOENT String(err)", () => String(missing));
show("ENOENT absolute path in message", () => caught(() => fs.readFileSync(path.join(process.cwd(), "missing.txt"))).message.replace(process.cwd(), "<cwd>"));
show("readFileSync directory", () => fs.readFileSync("nested"));
show("readFileSync under a file", () => fs.readFileSync("hello.txt/x"));
show("readFileSync trailing slash on file", () => fs.readFileSync("hello.txt/"));
show("readFileSync no args", () => fs.readFileSync());
show("readFileSync object path", () => fs.readFileSync({}));
show("readFileSync null path", () => fs.readFileSync(null));
show("readFileSync bad encoding", () => fs.readFileSync("hello.txt", "bogus-encoding"));
show("readFileSync null byte", () => fs.readFileSync("a\u0000b"));
show("readFileSync bad fd", () => fs.readFileSync(9999));
show("readFileSync empty string", () => fs.readFileSync(""));
show("readFileSync http URL", () => fs.readFileSync(new URL("http://example.com/x")));
show("mkdirSync over a file", () => fs.mkdirSync("hello.txt"));
show("unlinkSync directory", () => fs.unlinkSync("nested"));
show("rmdirSync file", () => fs.rmdirSync("hello.txt"));
show("renameSync missing", () => fs.renameSync("missing.txt", "x.txt"));
show("renameSync dir over file", () => fs.renameSync("nested", "hello.txt"));
show("renameSync file over dir", () => fs.renameSync("hello.txt", "empty"));
show("copyFileSync missing", () => fs.copyFileSync("missing.txt", "x.txt"));
show("copyFileSync directory", () => fs.copyFileSync("nested", "x.txt"));
show("symlinkSync existing", () => fs.symlinkSync("hello.txt", "link-to-hello"));
show("linkSync missing", () => fs.linkSync("missing.txt", "x.txt"));
show("linkSync existing target", () => fs.linkSync("hello.txt", "data.json"));
show("readlinkSync not a link", () => fs.readlinkSync("hello.txt"));
show("readlinkSync missing", () => fs.readlinkSync("missing.txt"));
show("realpathSync missing", () => fs.realpathSync("missing/x"));
show("realpathSync dangling", () => fs.realpathSync("dangling"));
show("readFileSync dangling symlink", () => fs.readFileSync("dangling"));
show("symlink loop", () => { fs.symlinkSync("loop", "loop"); return fs.readFileSync("loop"); });
show("statSync loop", () => fs.statSync("loop"));
show("statSync missing", () => fs.statSync("missing.txt"));
show("lstatSync missing", () => fs.lstatSync("missing.txt"));
show("accessSync missing", () => fs.accessSync("missing.txt"));
show("chmodSync missing", () => fs.chmodSync("missing.txt", 0o644));
show("utimesSync missing", () => fs.utimesSync("missing.txt", 1, 1));
show("truncateSync directory", () => fs.truncateSync("nested"));
show("truncateSync negative length", () => { fs.copyFileSync("hello.txt", "tn.txt"); fs.truncateSync("tn.txt", -1); return fs.statSync("tn.txt").size; });
show("writeFileSync bad flag", () => fs.writeFileSync("x.txt", "x", { flag: "zz" }));
show("mkdirSync bad mode", () => fs.mkdirSync("m", { mode: "abc" }));
show("readdirSync number", () => fs.readdirSync(12.5));
fs.promises.readFile("missing.txt").catch((e) => {
  show("promise ENOENT same fields", () => [e.code, e.errno, e.syscall, e.path, e.message === missing.message, Object.keys(e).sort()]);
  fs.readFile("missing.txt", (e2) => {
    show("callback ENOENT same message", () => e2.message === missing.message);
  });
});
