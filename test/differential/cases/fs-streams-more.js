"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// fs.ReadStream/WriteStream as functions, FileHandle events, readv/writev.
const { show, showAsync } = require("../show.cjs");
const fs = require("fs");
const path = require("path");
const os = require("os");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qe-fsm-"));
const file = path.join(dir, "f.txt");
fs.writeFileSync(file, "hello world");
show("ReadStream without new", () => { const s = fs.ReadStream(file); const ok = s instanceof fs.ReadStream; s.destroy(); return ok; });
show("WriteStream without new", () => { const s = fs.WriteStream(path.join(dir, "w.txt")); const ok = s instanceof fs.WriteStream && s instanceof require("stream").Writable; s.destroy(); return ok; });
show("ES5 subclass of ReadStream", () => {
  function MyStream(p) { fs.ReadStream.call(this, p); }
  Object.setPrototypeOf(MyStream.prototype, fs.ReadStream.prototype);
  const s = new MyStream(file);
  const out = [s instanceof fs.ReadStream, s.path === file];
  s.destroy();
  return out;
});
(async () => {
  const fh = await fs.promises.open(file, "r+");
  let closed = 0;
  fh.on("close", () => closed++);
  const { bytesRead, buffers } = await fh.readv([Buffer.alloc(5), Buffer.alloc(3)], 0);
  show("readv", () => [bytesRead, buffers.map((b) => b.toString())]);
  const w = await fh.writev([Buffer.from("HE"), Buffer.from("LLO")], 0);
  show("writev", () => w.bytesWritten);
  await fh.close();
  show("close event", () => [closed, fs.readFileSync(file, "utf8")]);
  show("asyncDispose", () => typeof fh[Symbol.asyncDispose]);
  fs.rmSync(dir, { recursive: true });
})();
