"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const fs = require("fs");
const util = require("util");

// Each step starts in the callback of the one before, so the order is fixed.
const cbLine = (label, err, value) => console.log(label, "->", err ? "error " + errLine(err) : "ok " + fmt(value));
const steps = [
  (next) => fs.readFile("hello.txt", "utf8", (err, data) => { cbLine("readFile utf8", err, data); next(); }),
  (next) => fs.readFile("hello.txt", (err, data) => { cbLine("readFile buffer", err, data); next(); }),
  (next) => fs.readFile("missing.txt", (err, data) => { cbLine("readFile missing (data)", err, data); console.log("readFile missing: err instanceof Error ->", err instanceof Error, "data undefined ->", data === undefined); next(); }),
  (next) => fs.writeFile("cb.txt", "callback", (err) => { cbLine("writeFile", err, fs.readFileSync("cb.txt", "utf8")); next(); }),
  (next) => fs.appendFile("cb.txt", "+1", (err) => { cbLine("appendFile", err, fs.readFileSync("cb.txt", "utf8")); next(); }),
  (next) => fs.stat("cb.txt", (err, s) => { cbLine("stat", err, [s.size, s.isFile()]); next(); }),
  (next) => fs.stat("missing.txt", (err) => { cbLine("stat missing", err); next(); }),
  (next) => fs.lstat("link-to-hello", (err, s) => { cbLine("lstat", err, s.isSymbolicLink()); next(); }),
  (next) => fs.readdir("nested", (err, names) => { cbLine("readdir", err, names.sort()); next(); }),
  (next) => fs.mkdir("cbdir/sub", { recursive: true }, (err, first) => { cbLine("mkdir recursive", err, first); next(); }),
  (next) => fs.mkdir("cbdir", (err) => { cbLine("mkdir existing", err); next(); }),
  (next) => fs.exists("cb.txt", (exists) => { console.log("exists callback ->", exists); next(); }),
  (next) => fs.access("missing.txt", fs.constants.F_OK, (err) => { cbLine("access missing", err); next(); }),
  (next) => fs.rename("cb.txt", "cbdir/cb.txt", (err) => { cbLine("rename", err, fs.readdirSync("cbdir").sort()); next(); }),
  (next) => fs.copyFile("hello.txt", "cbdir/h.txt", (err) => { cbLine("copyFile", err, fs.readFileSync("cbdir/h.txt", "utf8")); next(); }),
  (next) => fs.unlink("cbdir/h.txt", (err) => { cbLine("unlink", err, fs.existsSync("cbdir/h.txt")); next(); }),
  (next) => fs.realpath("link-to-nested", (err, p) => { cbLine("realpath", err, p.slice(process.cwd().length)); next(); }),
  (next) => fs.readlink("link-to-hello", (err, p) => { cbLine("readlink", err, p); next(); }),
  (next) => fs.open("hello.txt", "r", (err, fd) => {
    cbLine("open", err, typeof fd);
    const buf = Buffer.alloc(5);
    fs.read(fd, buf, 0, 5, 0, (err2, n, b) => {
      cbLine("read", err2, [n, b === buf, buf.toString()]);
      fs.close(fd, (err3) => { cbLine("close", err3); next(); });
    });
  }),
  (next) => fs.open("w.txt", "w", (err, fd) => {
    fs.write(fd, "written", (err2, n, str) => {
      cbLine("write string", err2, [n, str]);
      fs.write(fd, Buffer.from("!"), 0, 1, null, (err3, n3) => {
        cbLine("write buffer", err3, n3);
        fs.close(fd, () => { console.log("file after writes ->", fs.readFileSync("w.txt", "utf8")); next(); });
      });
    });
  }),
  (next) => fs.rm("cbdir", { recursive: true }, (err) => { cbLine("rm recursive", err, fs.existsSync("cbdir")); next(); }),
  (next) => fs.rmdir("cbdir", (err) => { cbLine("rmdir missing", err); next(); }),
  (next) => util.promisify(fs.readFile)("nested/a.txt", "utf8").then((v) => { cbLine("promisify(readFile)", null, v); next(); }),
  (next) => util.promisify(fs.stat)("missing.txt").catch((e) => { cbLine("promisify(stat) missing", e); next(); }),
  (next) => setImmediate(() => {
    // From a fresh macrotask: nextTick runs before promise jobs, I/O callbacks after both.
    const order = [];
    fs.readFile("hello.txt", () => { order.push("readFile callback"); console.log("callback ordering ->", order.join(", ")); next(); });
    process.nextTick(() => order.push("nextTick"));
    Promise.resolve().then(() => order.push("microtask"));
    order.push("sync");
  }),
  (next) => { show("readFile without callback", () => fs.readFile("hello.txt")); next(); },
  (next) => { show("readFile with non-function callback", () => fs.readFile("hello.txt", "utf8", 42)); next(); },
  (next) => {
    try {
      fs.readFile("hello.txt", () => { throw new Error("never"); });
      console.log("callback not called synchronously -> true");
    } catch (e) { console.log("callback not called synchronously -> false"); }
    // Let the throwing callback run under a handler so it does not end the program.
    process.once("uncaughtException", (e) => { console.log("throw in callback reaches uncaughtException ->", e.message); next(); });
  },
];
let i = 0;
function next() { if (i < steps.length) steps[i++](next); else console.log("all steps done"); }
next();
