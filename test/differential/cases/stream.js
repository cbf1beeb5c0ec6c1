"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const stream = require("stream");
const { Readable, Writable, Transform, PassThrough, Duplex, pipeline, finished } = stream;

function sink(objectMode) {
  const out = [];
  const w = new Writable({ objectMode, write(chunk, enc, cb) { out.push(objectMode ? chunk : chunk.toString()); cb(); } });
  w.out = out;
  return w;
}
const done = (s) => new Promise((resolve) => finished(s, (err) => resolve(err)));

(async () => {
  show("exports", () => [typeof Readable, typeof Writable, typeof Transform, typeof PassThrough, typeof Duplex, typeof pipeline, stream.Stream === stream, typeof stream.promises.pipeline]);
  await showAsync("Readable.from array in object mode", async () => { const out = []; for await (const x of Readable.from([1, "two", { three: 3 }])) out.push(x); return out; });
  await showAsync("Readable.from string is one chunk", async () => { const out = []; for await (const x of Readable.from("whole string")) out.push(x); return out; });
  await showAsync("push/read with events", async () => {
    const events = [];
    const r = new Readable({ read() {} });
    r.on("data", (c) => events.push("data:" + c));
    r.on("end", () => events.push("end"));
    r.on("close", () => events.push("close"));
    r.push("a"); r.push("b"); r.push(null);
    await done(r);
    await new Promise((res) => setImmediate(res));
    return events;
  });
  await showAsync("setEncoding on Readable", async () => { const r = new Readable({ read() {} }); r.setEncoding("utf8"); const got = []; r.on("data", (c) => got.push(typeof c + ":" + c)); r.push(Buffer.from("hé")); r.push(null); await done(r); return got; });
  await showAsync("pause/resume and readableFlowing", async () => { const r = new Readable({ read() {} }); const s = [r.readableFlowing]; r.pause(); s.push(r.readableFlowing); r.resume(); s.push(r.readableFlowing); r.push(null); await done(r); return s; });
  await showAsync("Transform upper-cases", async () => {
    const t = new Transform({ transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); } });
    const w = sink(false);
    await new Promise((resolve, reject) => pipeline(Readable.from(["ab", "cd"]), t, w, (e) => (e ? reject(e) : resolve())));
    return w.out;
  });
  await showAsync("Transform flush", async () => {
    const t = new Transform({ transform(c, e, cb) { cb(); }, flush(cb) { this.push("flushed"); cb(); } });
    const out = [];
    t.on("data", (c) => out.push(c.toString()));
    t.end("ignored");
    await done(t);
    return out;
  });
  await showAsync("PassThrough", async () => { const p = new PassThrough(); const out = []; p.on("data", (c) => out.push(c.toString())); p.write("x"); p.end("y"); await done(p); return out; });
  await showAsync("Writable backpressure", async () => {
    const w = new Writable({ highWaterMark: 3, write(c, e, cb) { setImmediate(cb); } });
    const r = [w.write("ab"), w.write("cd"), w.writableLength, w.writableNeedDrain];
    await new Promise((res) => w.once("drain", res));
    r.push("drained", w.writableLength);
    w.end();
    await done(w);
    return r;
  });
  await showAsync("Writable final and finish order", async () => {
    const events = [];
    const w = new Writable({ write(c, e, cb) { events.push("write:" + c); cb(); }, final(cb) { events.push("final"); cb(); } });
    w.on("finish", () => events.push("finish"));
    w.on("close", () => events.push("close"));
    w.write("1");
    w.end("2");
    await done(w);
    await new Promise((res) => setImmediate(res));
    return events;
  });
  await showAsync("write after end error", async () => {
    const w = sink(false);
    w.end();
    const err = await new Promise((resolve) => { w.on("error", resolve); w.write("late"); });
    return [err.code, err.message];
  });
  await showAsync("destroy with error", async () => {
    const r = new Readable({ read() {} });
    const events = [];
    r.on("error", (e) => events.push("error:" + e.message));
    r.on("close", () => events.push("close"));
    r.destroy(new Error("gone"));
    await new Promise((res) => setImmediate(res));
    return [events, r.destroyed];
  });
  await showAsync("pipeline propagates an error", () => new Promise((resolve) => {
    const bad = new Transform({ transform(c, e, cb) { cb(new Error("transform failed")); } });
    pipeline(Readable.from(["x"]), bad, sink(false), (err) => resolve(err ? err.message : "no error"));
  }));
  await showAsync("stream/promises pipeline", async () => {
    const w = sink(true);
    await require("stream/promises").pipeline(Readable.from([1, 2, 3]), new Transform({ objectMode: true, transform(n, e, cb) { cb(null, n * 10); } }), w);
    return w.out;
  });
  await showAsync("Duplex", async () => {
    const d = new Duplex({ read() { this.push("from read"); this.push(null); }, write(c, e, cb) { d.written = c.toString(); cb(); } });
    d.end("to write");
    const out = [];
    for await (const c of d) out.push(c.toString());
    return [out, d.written];
  });
  await showAsync("objectMode rejects null chunk", async () => { const w = sink(true); try { w.write(null); } catch (e) { return [e.code, e.message]; } });
  await showAsync("non-object mode rejects numbers", async () => { const w = sink(false); try { w.write(5); } catch (e) { return [e.code, e.message]; } });
  await showAsync("readable.pipe returns destination", async () => { const w = sink(false); const r = Readable.from(["p"]); const ret = r.pipe(w); await done(w); return [ret === w, w.out]; });
  await showAsync("Readable iterator helpers", async () => typeof Readable.prototype.map === "function" ? Readable.from([1, 2, 3]).map((x) => x * 2).toArray() : "missing");
  await showAsync("stream.Readable.toWeb exists", async () => typeof Readable.toWeb);
})();
