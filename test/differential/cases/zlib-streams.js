"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// zlib as streams, callbacks and promises, Brotli round trips and errors.
const { show, showAsync, errLine } = require("../show.cjs");
const zlib = require("zlib");
const { pipeline, Readable, Writable, PassThrough } = require("stream");
const { promisify } = require("util");

const text = Buffer.from("Streams of text, streams of bytes. ".repeat(300));
const b64 = (buf) => buf.toString("base64");
const collect = () => {
  const chunks = [];
  const sink = new Writable({ write(chunk, enc, cb) { chunks.push(chunk); cb(); } });
  sink.result = () => Buffer.concat(chunks);
  return sink;
};
const piped = (...streams) => new Promise((resolve, reject) => {
  const sink = collect();
  pipeline(Readable.from([text.subarray(0, 1000), text.subarray(1000, 5000), text.subarray(5000)]), ...streams, sink, (err) => (err ? reject(err) : resolve(sink.result())));
});
// Node's own Brotli output for a fixed text.
const nodeBrotli = Buffer.from("G6oA+B2pVZ84vAYRCpPTOmJvdHIsjS0FqUW1JMCfh+J9jXvWDSQ=", "base64");

(async () => {
  await showAsync("deflate callback", () => new Promise((res, rej) => zlib.deflate(text, (err, out) => (err ? rej(err) : res(b64(out))))));
  await showAsync("gzip callback with options", () => new Promise((res, rej) => zlib.gzip(text, { level: 1 }, (err, out) => (err ? rej(err) : res(b64(out))))));
  await showAsync("promisified inflate", async () => (await promisify(zlib.inflate)(zlib.deflateSync(text))).equals(text));
  await showAsync("promisified gunzip error", () => promisify(zlib.gunzip)(Buffer.from("nope")));
  await showAsync("callback maxOutputLength", () => new Promise((res) => zlib.inflate(zlib.deflateSync(text), { maxOutputLength: 64 }, (err) => res(errLine(err)))));
  await showAsync("callback info", () => new Promise((res) => zlib.deflate("x", { info: true }, (err, r) => res([Buffer.isBuffer(r.buffer), r.engine.bytesWritten]))));
  show("callback missing", () => zlib.deflate("x"));
  show("callback async input type", () => zlib.gunzip(5, () => {}));

  await showAsync("pipeline gzip", async () => b64(await piped(zlib.createGzip())));
  await showAsync("pipeline deflate level 9", async () => b64(await piped(zlib.createDeflate({ level: 9 }))));
  await showAsync("pipeline gzip|gunzip", async () => (await piped(zlib.createGzip(), zlib.createGunzip())).equals(text));
  await showAsync("pipeline deflateRaw|inflateRaw chunkSize 64", async () => (await piped(zlib.createDeflateRaw({ chunkSize: 64 }), zlib.createInflateRaw({ chunkSize: 64 }))).equals(text));
  await showAsync("pipeline deflate|unzip", async () => (await piped(zlib.createDeflate(), zlib.createUnzip())).equals(text));
  await showAsync("pipeline brotli round trip", async () => (await piped(zlib.createBrotliCompress(), zlib.createBrotliDecompress())).equals(text));
  await showAsync("pipeline gunzip error", () => new Promise((res) => pipeline(Readable.from([Buffer.from("garbage garbage")]), zlib.createGunzip(), collect(), (err) => res(errLine(err)))));

  await showAsync("data events and bytesWritten", () => new Promise((res) => {
    const inflate = zlib.createInflate({ chunkSize: 1024 });
    const sizes = [];
    inflate.on("data", (c) => sizes.push(c.length));
    inflate.on("end", () => res([sizes, inflate.bytesWritten]));
    inflate.end(zlib.deflateSync(text));
  }));
  await showAsync("flush emits sync-flushed data", () => new Promise((res) => {
    const deflate = zlib.createDeflate();
    const out = [];
    deflate.on("data", (c) => out.push(c));
    deflate.write("first part ");
    deflate.flush(() => {
      const flushed = Buffer.concat(out);
      res([b64(flushed), zlib.inflateSync(flushed, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString()]);
    });
  }));
  await showAsync("params changes level mid-stream", () => new Promise((res) => {
    const deflate = zlib.createDeflate({ level: 1 });
    const out = [];
    deflate.on("data", (c) => out.push(c));
    deflate.on("end", () => { const all = Buffer.concat(out); res([b64(all), zlib.inflateSync(all).equals(Buffer.concat([text, text]))]); });
    deflate.write(text);
    deflate.params(9, zlib.constants.Z_FILTERED, () => deflate.end(text));
  }));
  show("params bad level", () => zlib.createDeflate().params(11, 0, () => {}));
  await showAsync("stream error event", () => new Promise((res) => {
    const inflate = zlib.createInflate();
    inflate.on("error", (e) => res(errLine(e)));
    inflate.end(Buffer.from("definitely not zlib"));
  }));
  await showAsync("close event", () => new Promise((res) => {
    const gzip = zlib.createGzip();
    gzip.on("close", () => res(["closed", gzip._closed, gzip.destroyed]));
    gzip.resume();
    gzip.end("bye");
  }));
  await showAsync("write after end", () => new Promise((res) => {
    const gzip = zlib.createGzip();
    gzip.on("error", (e) => res(errLine(e)));
    gzip.end("a");
    gzip.write("b");
  }));
  show("reset", () => { const d = zlib.createDeflate(); d.reset(); return typeof d.reset; });
  show("stream instanceof", () => { const s = zlib.createGzip(); return [s instanceof require("stream").Transform, s instanceof zlib.Gzip, typeof s.bytesWritten]; });

  show("brotli decompress Node's bytes", () => zlib.brotliDecompressSync(nodeBrotli).toString());
  await showAsync("brotli decompress callback", () => new Promise((res) => zlib.brotliDecompress(nodeBrotli, (err, r) => res(err ? errLine(err) : r.toString().length))));
  show("brotli round trip quality 4", () => zlib.brotliDecompressSync(zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })).equals(text));
  show("brotli round trip text mode", () => zlib.brotliDecompressSync(zlib.brotliCompressSync("héllo", { params: { [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } })).toString());
  show("brotli empty round trip", () => zlib.brotliDecompressSync(zlib.brotliCompressSync("")).length);
  // (Which of the two padding errors the C decoder names is not reproduced.)
  show("brotli garbage", () => { try { zlib.brotliDecompressSync(Buffer.from([0xff, 0xff, 0xff])); } catch (e) { return [e.message, e.code.slice(0, 23)]; } });
  show("brotli truncated", () => zlib.brotliDecompressSync(nodeBrotli.subarray(0, 10)));
  show("brotli empty input", () => zlib.brotliDecompressSync(Buffer.alloc(0)));
  show("brotli maxOutputLength", () => zlib.brotliDecompressSync(nodeBrotli, { maxOutputLength: 10 }));
  show("brotli invalid param key", () => zlib.brotliCompressSync("x", { params: { 100: 1 } }));
  show("brotli param value type", () => zlib.brotliCompressSync("x", { params: { 1: "11" } }));
  show("brotli flush bound", () => zlib.brotliCompressSync("x", { flush: 4 }));
})();
