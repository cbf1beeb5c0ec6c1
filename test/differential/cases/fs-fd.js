"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const fs = require("fs");

let fd;
show("openSync r returns a number", () => { fd = fs.openSync("hello.txt", "r"); return [typeof fd, Number.isInteger(fd), fd > 2]; });
show("readSync 5 bytes at 0", () => { const b = Buffer.alloc(5); const n = fs.readSync(fd, b, 0, 5, 0); return [n, b.toString()]; });
show("readSync position null continues from file position", () => { const b = Buffer.alloc(4); const n1 = fs.readSync(fd, b, 0, 4, null); const s1 = b.toString(); const n2 = fs.readSync(fd, b, 0, 4, null); return [n1, s1, n2, b.toString()]; });
show("readSync with buffer offset", () => { const b = Buffer.alloc(6, "."); const n = fs.readSync(fd, b, 2, 3, 7); return [n, b.toString()]; });
show("readSync options object", () => { const b = Buffer.alloc(3); const n = fs.readSync(fd, b, { position: 1 }); return [n, b.toString()]; });
show("readSync past end", () => { const b = Buffer.alloc(4); return fs.readSync(fd, b, 0, 4, 100); });
show("readSync length larger than buffer", () => fs.readSync(fd, Buffer.alloc(2), 0, 5, 0));
show("fstatSync", () => { const s = fs.fstatSync(fd); return [s.size, s.isFile()]; });
show("readFileSync(fd)", () => fs.readFileSync(fd, "utf8"));
show("closeSync", () => fs.closeSync(fd));
show("closeSync twice", () => fs.closeSync(fd));
show("readSync closed fd", () => fs.readSync(fd, Buffer.alloc(1), 0, 1, 0));
show("fstatSync closed fd", () => fs.fstatSync(fd));
show("openSync missing", () => fs.openSync("missing.txt", "r"));
show("openSync wx existing", () => fs.openSync("hello.txt", "wx"));
show("openSync bad flag", () => fs.openSync("hello.txt", "bogus"));
show("openSync numeric O_RDONLY", () => { const f = fs.openSync("hello.txt", fs.constants.O_RDONLY); const b = Buffer.alloc(5); fs.readSync(f, b, 0, 5, 0); fs.closeSync(f); return b.toString(); });
show("openSync default flag is r", () => { const f = fs.openSync("hello.txt"); const b = Buffer.alloc(2); fs.readSync(f, b); fs.closeSync(f); return b.toString(); });
show("writeSync string and buffer", () => {
  const f = fs.openSync("new.txt", "w");
  const a = fs.writeSync(f, "hello ");
  const b = fs.writeSync(f, Buffer.from("world"));
  const c = fs.writeSync(f, "é");
  fs.closeSync(f);
  return [a, b, c, fs.readFileSync("new.txt", "utf8")];
});
show("writeSync at position", () => { const f = fs.openSync("new.txt", "r+"); const n = fs.writeSync(f, "J", 0); fs.closeSync(f); return [n, fs.readFileSync("new.txt", "utf8")]; });
show("writeSync buffer with offset/length/position", () => { const f = fs.openSync("new.txt", "r+"); const n = fs.writeSync(f, Buffer.from("xxWORyy"), 2, 3, 6); fs.closeSync(f); return [n, fs.readFileSync("new.txt", "utf8")]; });
show("writeSync to read-only fd", () => { const f = fs.openSync("hello.txt", "r"); try { return fs.writeSync(f, "x"); } finally { fs.closeSync(f); } });
show("readSync from write-only fd", () => { const f = fs.openSync("new.txt", "a"); try { return fs.readSync(f, Buffer.alloc(1), 0, 1, 0); } finally { fs.closeSync(f); } });
show("append mode ignores position", () => { const f = fs.openSync("new.txt", "a"); fs.writeSync(f, "!", 0); fs.closeSync(f); return fs.readFileSync("new.txt", "utf8"); });
show("a+ read and append", () => { const f = fs.openSync("new.txt", "a+"); fs.writeSync(f, "?"); const b = Buffer.alloc(5); const n = fs.readSync(f, b, 0, 5, 0); fs.closeSync(f); return [n, b.toString(), fs.readFileSync("new.txt", "utf8")]; });
show("w truncates", () => { const f = fs.openSync("new.txt", "w"); fs.closeSync(f); return fs.statSync("new.txt").size; });
show("ftruncateSync", () => { fs.writeFileSync("trunc.txt", "123456"); const f = fs.openSync("trunc.txt", "r+"); fs.ftruncateSync(f, 3); fs.closeSync(f); return fs.readFileSync("trunc.txt", "utf8"); });
show("fsyncSync / fdatasyncSync", () => { const f = fs.openSync("trunc.txt", "r+"); const r = [fs.fsyncSync(f), fs.fdatasyncSync(f)]; fs.closeSync(f); return r.map(String); });
show("writeFileSync(fd) writes at current position", () => { const f = fs.openSync("fdw.txt", "w"); fs.writeSync(f, "ab"); fs.writeFileSync(f, "cd"); fs.closeSync(f); return fs.readFileSync("fdw.txt", "utf8"); });
show("readSync directory fd", () => { const f = fs.openSync("nested", "r"); try { return fs.readSync(f, Buffer.alloc(1), 0, 1, 0); } finally { fs.closeSync(f); } });
show("openSync directory for writing", () => fs.openSync("nested", "w"));
show("fd type check", () => fs.readSync("3", Buffer.alloc(1), 0, 1, 0));
show("closeSync negative", () => fs.closeSync(-1));
