"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:stream/web and node:stream/consumers.
const { show, showAsync } = require("../show.cjs");
const web = require("stream/web");
const consumers = require("stream/consumers");
const { Readable } = require("stream");

show("stream/web classes are the globals", () => ["ReadableStream", "WritableStream", "TransformStream", "TextEncoderStream", "TextDecoderStream", "CountQueuingStrategy", "ByteLengthQueuingStrategy"].map((k) => web[k] === globalThis[k]));
show("consumers exports", () => Object.keys(consumers).sort());
const enc = new web.TextEncoderStream();
show("TextEncoderStream", () => [enc.encoding, enc.readable instanceof web.ReadableStream, enc.writable instanceof web.WritableStream]);
const dec = new web.TextDecoderStream("utf-8", { fatal: true });
show("TextDecoderStream", () => [dec.encoding, dec.fatal, dec.ignoreBOM]);

function source(chunks) {
  return new web.ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}
(async () => {
  await showAsync("text of a Node stream", () => consumers.text(Readable.from(["a", "b", "c"])));
  await showAsync("json of a Node stream", () => consumers.json(Readable.from(['{"a"', ":[1,2]}"])));
  await showAsync("buffer of a Node stream", () => consumers.buffer(Readable.from([Buffer.from("hi "), Buffer.from("there")])));
  await showAsync("arrayBuffer of a web stream", async () => new Uint8Array(await consumers.arrayBuffer(source([new Uint8Array([1, 2]), new Uint8Array([3])]))));
  await showAsync("text of split UTF-8", () => consumers.text(source([new Uint8Array([0xc3]), new Uint8Array([0xa9, 0x21])])));
  await showAsync("text of an async generator", () => consumers.text((async function* () { yield "x"; yield "y"; })()));
  await showAsync("json of invalid text", () => consumers.json(Readable.from(["{nope"])).catch((e) => `rejects with ${e.name}`));
  await showAsync("encode then decode", () => consumers.text(source(["héllo ", "wörld 🎉"]).pipeThrough(new web.TextEncoderStream()).pipeThrough(new web.TextDecoderStream())));
  await showAsync("encoded bytes", async () => Buffer.from(await consumers.arrayBuffer(source(["é"]).pipeThrough(new web.TextEncoderStream()))).toString("hex"));
})();
