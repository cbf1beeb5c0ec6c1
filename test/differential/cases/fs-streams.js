"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const fs = require("fs");

function collect(stream) {
  return new Promise((resolve) => {
    const events = [];
    const chunks = [];
    stream.on("open", (fd) => events.push("open:" + typeof fd));
    stream.on("ready", () => events.push("ready"));
    stream.on("data", (c) => { chunks.push(c); events.push("data"); });
    stream.on("end", () => events.push("end"));
    stream.on("error", (e) => { events.push("error"); resolve({ events, chunks, error: e }); });
    stream.on("close", () => { events.push("close"); resolve({ events, chunks }); });
  });
}
const squash = (events) => events.join(",").replace(/(data,)+data/g, "data*");

async function main() {
  await showAsync("createReadStream utf8 content", async () => (await collect(fs.createReadStream("lines.txt", { encoding: "utf8" }))).chunks.join(""));
  await showAsync("createReadStream event order", async () => squash((await collect(fs.createReadStream("lines.txt"))).events));
  await showAsync("createReadStream chunks are Buffers", async () => (await collect(fs.createReadStream("hello.txt"))).chunks.map((c) => Buffer.isBuffer(c)));
  await showAsync("createReadStream highWaterMark 16 chunk sizes", async () => (await collect(fs.createReadStream("lines.txt", { highWaterMark: 16 }))).chunks.map((c) => c.length));
  await showAsync("createReadStream start/end inclusive", async () => (await collect(fs.createReadStream("hello.txt", { start: 7, end: 11, encoding: "utf8" }))).chunks.join(""));
  await showAsync("createReadStream setEncoding multi-byte across chunks", async () => {
    const s = fs.createReadStream("utf8.txt", { highWaterMark: 3 });
    s.setEncoding("utf8");
    return (await collect(s)).chunks.join("");
  });
  await showAsync("createReadStream missing", async () => {
    const r = await collect(fs.createReadStream("missing.txt"));
    return [r.events.join(","), errLine(r.error)];
  });
  await showAsync("createReadStream bytesRead/path", async () => {
    const s = fs.createReadStream("lines.txt");
    await collect(s);
    return [s.bytesRead, s.path, s.destroyed];
  });
  await showAsync("ReadStream instanceof", () => { const s = fs.createReadStream("hello.txt"); s.destroy(); return [s instanceof fs.ReadStream, s instanceof require("stream").Readable]; });
  await showAsync("for await over createReadStream", async () => {
    let text = "";
    for await (const chunk of fs.createReadStream("lines.txt", { encoding: "utf8", highWaterMark: 20 })) text += chunk;
    return text.split("\n").length;
  });
  await showAsync("createWriteStream events and content", async () => {
    const w = fs.createWriteStream("ws.txt");
    const events = [];
    w.on("open", () => events.push("open"));
    w.on("ready", () => events.push("ready"));
    w.on("finish", () => events.push("finish"));
    const done = new Promise((resolve) => w.on("close", () => { events.push("close"); resolve(); }));
    const r1 = w.write("one ");
    w.write(Buffer.from("two "));
    w.end("three");
    await done;
    return [r1, events.join(","), w.bytesWritten, fs.readFileSync("ws.txt", "utf8")];
  });
  await showAsync("createWriteStream flags a", async () => {
    const w = fs.createWriteStream("ws.txt", { flags: "a" });
    await new Promise((resolve) => { w.on("close", resolve); w.end("+appended"); });
    return fs.readFileSync("ws.txt", "utf8");
  });
  await showAsync("createWriteStream into missing dir", async () => {
    const w = fs.createWriteStream("no/such/dir/x.txt");
    const e = await new Promise((resolve) => w.on("error", resolve));
    return errLine(e);
  });
  await showAsync("write after end", async () => {
    const w = fs.createWriteStream("ws2.txt");
    w.on("error", () => {});
    w.end("x");
    const e = await new Promise((resolve) => w.write("y", resolve));
    return errLine(e);
  });
  await showAsync("pipe read -> write", async () => {
    const w = fs.createWriteStream("piped.txt");
    fs.createReadStream("utf8.txt").pipe(w);
    await new Promise((resolve) => w.on("finish", resolve));
    return fs.readFileSync("piped.txt", "utf8");
  });
  await showAsync("stream.pipeline", async () => {
    const { pipeline } = require("stream");
    await new Promise((resolve, reject) => pipeline(fs.createReadStream("lines.txt"), fs.createWriteStream("pl.txt"), (e) => (e ? reject(e) : resolve())));
    return fs.statSync("pl.txt").size;
  });
  await showAsync("stream/promises pipeline with missing source", () =>
    require("stream/promises").pipeline(fs.createReadStream("missing.txt"), fs.createWriteStream("pl2.txt")));
}
main().then(() => console.log("done"));
