// Bodies: extracting a body from what a Request or Response is given, and reading it (text, json, arrayBuffer, stream...).
/* global require */
import { illegalInvocation, streams, utf8fromStringLoose, utf8toStringLoose } from "./webidl.js";

// ---- bodies -----------------------------------------------------------------------
// A body is { bytes, stream, used, error }: the bytes it was made from (shared
// by clones, never handed out), or a ReadableStream once one is asked for or
// given; `error` is set when the fetch's signal aborts before it is read.

const TEXT_PLAIN = "text/plain;charset=UTF-8";
const FORM_URLENCODED = "application/x-www-form-urlencoded;charset=UTF-8";

function isStream(value) {
  return value !== null && typeof value === "object" && typeof value.getReader === "function";
}

function isURLSearchParams(value) {
  return Object.prototype.toString.call(value) === "[object URLSearchParams]";
}

// Checked by tag first, so that a body of another kind loads neither module.
function isTagged(value, tag) {
  return value !== null && typeof value === "object" && value[Symbol.toStringTag] === tag;
}

function copyBytes(view) {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

function bytesBody(bytes) {
  return { bytes, stream: null, used: false, error: undefined, controller: null };
}

/** Extracts a body from what a constructor was given: the body and its content type. */
function extractBody(object) {
  if (typeof object === "string") return [bytesBody(utf8fromStringLoose(object)), TEXT_PLAIN];
  if (object instanceof ArrayBuffer) return [bytesBody(new Uint8Array(object.slice(0))), null];
  if (ArrayBuffer.isView(object)) return [bytesBody(copyBytes(object)), null];
  if (isURLSearchParams(object)) return [bytesBody(utf8fromStringLoose(object.toString())), FORM_URLENCODED];
  if (isTagged(object, "Blob") || isTagged(object, "File")) {
    const blobs = require("internal/blob", true);
    if (blobs.isBlob(object)) return [bytesBody(blobs.blobBytes(object).slice()), object.type || null];
  }
  if (isTagged(object, "FormData")) {
    const forms = require("internal/form_data", true);
    if (forms.isFormData(object)) {
      const { bytes, type } = forms.serialize(object);
      return [bytesBody(bytes), type];
    }
  }
  if (isStream(object)) {
    if (object.locked || object._disturbed === true) throw new TypeError("Response body object should not be disturbed or locked");
    return [{ bytes: null, stream: object, used: false, error: undefined, controller: null }, null];
  }
  if (object !== null && typeof object === "object" && typeof object[Symbol.asyncIterator] === "function") {
    return [{ bytes: null, stream: streams().ReadableStream.from(object), used: false, error: undefined, controller: null }, null];
  }
  return [bytesBody(utf8fromStringLoose(`${object}`)), TEXT_PLAIN];
}

function bodyUsed(body) {
  return body !== null && (body.used || (body.stream !== null && body.stream._disturbed === true));
}

/** The body's ReadableStream, made on first use from its bytes. */
function bodyStream(body) {
  if (body === null) return null;
  if (body.stream === null) {
    const bytes = body.bytes;
    body.stream = new (streams().ReadableStream)({
      type: "bytes",
      start(controller) {
        body.controller = controller;
        if (body.error !== undefined) controller.error(body.error);
      },
      pull(controller) {
        if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
        controller.close();
        body.controller = null;
      },
    });
  }
  return body.stream;
}

function unusable() {
  return new TypeError("Body is unusable: Body has already been read");
}

async function readStream(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) throw new TypeError("Received non-Uint8Array chunk");
    chunks.push(value);
    total += value.byteLength;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Reads a whole body once: its bytes (never a view others hold). */
async function consume(body) {
  if (body === null) return new Uint8Array(0);
  if (bodyUsed(body)) throw unusable();
  if (body.stream !== null) {
    if (body.stream.locked) throw unusable();
    body.used = true;
    return readStream(body.stream);
  }
  body.used = true;
  if (body.error !== undefined) throw body.error;
  return body.bytes.slice();
}

function cloneBody(body, name) {
  if (body === null) return null;
  if (bodyUsed(body) || (body.stream !== null && body.stream.locked)) throw new TypeError(`${name}.clone: Body has already been consumed.`);
  if (body.stream !== null) {
    const [mine, theirs] = body.stream.tee();
    body.stream = mine;
    return { bytes: null, stream: theirs, used: false, error: undefined, controller: null };
  }
  return { bytes: body.bytes, stream: null, used: false, error: body.error, controller: null };
}

/** Marks a body as aborted: reading it rejects with `reason`. */
function abortBody(body, reason) {
  if (body === null || body.used) return;
  body.error = reason;
  if (body.controller !== null) {
    try {
      body.controller.error(reason);
    } catch {
      // Already closed.
    }
    body.controller = null;
  }
}

function decodeText(bytes) {
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return utf8toStringLoose(start ? bytes.subarray(start) : bytes);
}

const kState = Symbol("state");

function stateOf(self, Class) {
  if (self === null || typeof self !== "object" || !(self instanceof Class) || self[kState] === undefined) throw illegalInvocation();
  return self[kState];
}

/** The body methods Request and Response share. */
function defineBodyMethods(Class) {
  const methods = {
    async arrayBuffer() {
      return (await consume(stateOf(this, Class).body)).buffer;
    },
    async bytes() {
      return consume(stateOf(this, Class).body);
    },
    async text() {
      return decodeText(await consume(stateOf(this, Class).body));
    },
    async json() {
      return JSON.parse(decodeText(await consume(stateOf(this, Class).body)));
    },
  };
  methods.blob = async function blob() {
    const state = stateOf(this, Class);
    const bytes = await consume(state.body);
    const { Blob } = require("internal/blob", true);
    return new Blob([bytes], { type: state.headers.get("content-type") || "" });
  };
  methods.formData = async function formData() {
    const state = stateOf(this, Class);
    const bytes = await consume(state.body);
    return require("internal/form_data", true).parseFormData(bytes, state.headers.get("content-type"));
  };
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(Class.prototype, name, { value: fn, writable: true, enumerable: true, configurable: true });
  }
}

export { abortBody, bodyStream, bodyUsed, bytesBody, cloneBody, consume, defineBodyMethods, extractBody, kState, stateOf };
