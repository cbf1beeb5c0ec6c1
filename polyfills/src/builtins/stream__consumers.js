// node:stream/consumers — read a whole stream (a Node stream, a web
// ReadableStream or any async iterable) into one value.
/* global require */
import { concatBytes } from "../shared/bytes.js";
const { codedError, describe, invalidArgType } = require("internal/errors", true);
const { Buffer } = require("buffer");

async function bytesOf(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk instanceof ArrayBuffer ? new Uint8Array(chunk) : ArrayBuffer.isView(chunk) ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) : null;
    if (bytes === null) {
      const err = codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "chunk" argument must be of type string or an instance of ArrayBuffer, TypedArray or DataView. Received ${typeof chunk}`);
      throw err;
    }
    chunks.push(bytes);
  }
  return concatBytes(chunks);
}

/** The stream's bytes as one ArrayBuffer. */
async function arrayBuffer(stream) {
  return (await bytesOf(stream)).buffer;
}
/** The stream's bytes as one Buffer. */
async function buffer(stream) {
  return Buffer.from(await arrayBuffer(stream));
}
/** The stream's bytes in a Blob (needs the guest's Blob). */
async function blob(stream) {
  const BlobCtor = globalThis.Blob;
  if (typeof BlobCtor !== "function") {
    const err = codedError(Error, "ERR_QUICKEXEC_UNSUPPORTED", "stream/consumers blob() needs Blob, which this sandbox does not provide");
    throw err;
  }
  return new BlobCtor([await bytesOf(stream)]);
}
/** The stream decoded as UTF-8 text (string chunks are taken as they are). */
async function text(stream) {
  const decoder = new TextDecoder();
  let out = "";
  for await (const chunk of stream) {
    if (typeof chunk === "string") out += chunk;
    else out += decoder.decode(chunk, { stream: true });
  }
  return out + decoder.decode();
}
/** The stream's text parsed as JSON. */
async function json(stream) {
  return JSON.parse(await text(stream));
}

export default { arrayBuffer, blob, buffer, text, json };
