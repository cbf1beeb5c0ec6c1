// Blob and File as Node has them (the File API): immutable bytes with a MIME
// type, read with text(), arrayBuffer(), bytes() and stream(), cut with
// slice(). The bytes live in the guest; stream() loads internal/web_streams.
/* global require */
import { describeReceived } from "../shared/errors.js";

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const kBytes = Symbol("kBytes");
const kType = Symbol("kType");

const utf8 = () => require("internal/utf8", true);

function argTypeError(message) {
  const err = new TypeError(message);
  err.code = "ERR_INVALID_ARG_TYPE";
  return err;
}

function isBlob(value) {
  return value !== null && typeof value === "object" && value[kBytes] !== undefined;
}

/** A MIME type as the File API keeps it: lower-cased, or "" if not printable ASCII. */
function normalizeType(type) {
  const text = `${type}`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return "";
  }
  return text.toLowerCase();
}

function partBytes(part, endings) {
  if (isBlob(part)) return part[kBytes];
  if (part instanceof ArrayBuffer || Object.prototype.toString.call(part) === "[object ArrayBuffer]") return new Uint8Array(part.slice(0));
  if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
  let text = `${part}`;
  if (endings === "native") text = text.replace(/\r\n|\r/g, "\n");
  return utf8().utf8fromStringLoose(text);
}

function concat(parts) {
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function bytesOf(sources, options, name) {
  if (sources === undefined) return new Uint8Array(0);
  if (sources === null || typeof sources !== "object" || typeof sources[Symbol.iterator] !== "function") {
    throw argTypeError(`The "${name}" argument must be a sequence.${describeReceived(sources)}`);
  }
  let endings = "transparent";
  if (options !== undefined && options !== null && options.endings !== undefined) {
    endings = `${options.endings}`;
    if (endings !== "transparent" && endings !== "native") {
      const err = new TypeError(`The property 'options.endings' is invalid. Received '${endings}'`);
      err.code = "ERR_INVALID_ARG_VALUE";
      throw err;
    }
  }
  const parts = [];
  for (const part of sources) parts.push(partBytes(part, endings));
  return concat(parts);
}

function checkOptions(options) {
  if (options !== undefined && options !== null && typeof options !== "object" && typeof options !== "function") {
    throw argTypeError(`The "options" argument must be of type object.${describeReceived(options)}`);
  }
}

function thisBlob(self) {
  if (!isBlob(self)) {
    const err = new TypeError("Invalid this value");
    err.code = "ERR_INVALID_THIS";
    throw err;
  }
  return self;
}

class Blob {
  constructor(sources = undefined, options = undefined) {
    checkOptions(options);
    this[kBytes] = bytesOf(sources, options, "sources");
    this[kType] = options && options.type !== undefined ? normalizeType(options.type) : "";
  }

  get size() {
    return thisBlob(this)[kBytes].byteLength;
  }

  get type() {
    return thisBlob(this)[kType];
  }

  slice(start = 0, end = undefined, contentType = "") {
    const bytes = thisBlob(this)[kBytes];
    const size = bytes.byteLength;
    const clamp = (n) => {
      n = Math.trunc(Number(n)) || 0;
      return n < 0 ? Math.max(size + n, 0) : Math.min(n, size);
    };
    const from = clamp(start);
    const to = end === undefined ? size : clamp(end);
    const blob = new Blob();
    blob[kBytes] = bytes.slice(from, Math.max(from, to));
    blob[kType] = normalizeType(contentType === undefined ? "" : contentType);
    return blob;
  }

  async text() {
    return utf8().utf8toStringLoose(thisBlob(this)[kBytes]);
  }

  async arrayBuffer() {
    return thisBlob(this)[kBytes].slice().buffer;
  }

  async bytes() {
    return thisBlob(this)[kBytes].slice();
  }

  stream() {
    const bytes = thisBlob(this)[kBytes];
    const { ReadableStream } = require("internal/web_streams", true);
    let offset = 0;
    return new ReadableStream({
      type: "bytes",
      pull(controller) {
        if (offset >= bytes.byteLength) {
          controller.close();
          return;
        }
        // Chunks of at most 64 KiB, as Node reads a Blob.
        const end = Math.min(offset + 65536, bytes.byteLength);
        controller.enqueue(bytes.slice(offset, end));
        offset = end;
      },
    });
  }

  [inspectCustom](depth, options, inspect) {
    if (depth < 0) return this;
    return `Blob ${inspect({ size: this.size, type: this.type }, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}

Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: "Blob", configurable: true });
for (const name of ["size", "type", "slice", "text", "arrayBuffer", "bytes", "stream"]) {
  const d = Object.getOwnPropertyDescriptor(Blob.prototype, name);
  Object.defineProperty(Blob.prototype, name, { ...d, enumerable: true });
}

const kName = Symbol("kName");
const kLastModified = Symbol("kLastModified");

class File extends Blob {
  constructor(fileBits, fileName, options = undefined) {
    if (arguments.length < 2) {
      const err = new TypeError('The "fileBits" and "fileName" arguments must be specified');
      err.code = "ERR_MISSING_ARGS";
      throw err;
    }
    super(fileBits, options);
    this[kName] = `${fileName}`;
    // Read once; converted with unary + as Node does (a BigInt or a throwing toPrimitive throws).
    const given = options === undefined || options === null ? undefined : options.lastModified;
    let lastModified = given !== undefined ? +given : Date.now();
    if (Number.isNaN(lastModified)) lastModified = 0;
    this[kLastModified] = lastModified;
  }

  get name() {
    if (this === null || typeof this !== "object" || this[kName] === undefined) throw thisBlob(undefined);
    return this[kName];
  }

  get lastModified() {
    if (this === null || typeof this !== "object" || this[kName] === undefined) throw thisBlob(undefined);
    return this[kLastModified];
  }

  [inspectCustom](depth, options, inspect) {
    if (depth < 0) return this;
    const shown = { size: this.size, type: this.type, name: this.name, lastModified: this.lastModified };
    return `File ${inspect(shown, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}

Object.defineProperty(File.prototype, Symbol.toStringTag, { value: "File", configurable: true });
for (const name of ["name", "lastModified"]) {
  const d = Object.getOwnPropertyDescriptor(File.prototype, name);
  Object.defineProperty(File.prototype, name, { ...d, enumerable: true });
}

/** The bytes of a Blob (no copy: callers must not change them). */
function blobBytes(blob) {
  return blob[kBytes];
}

/** A File named `name` holding a Blob's bytes and type (FormData's conversion). */
function toFile(blob, name, lastModified) {
  const file = new File([], name, lastModified === undefined ? undefined : { lastModified });
  file[kBytes] = blob[kBytes];
  file[kType] = blob[kType];
  return file;
}

// ---- blob: URLs (URL.createObjectURL, URL.revokeObjectURL, buffer.resolveObjectURL) ----

const objectURLs = new Map();

function randomUUID() {
  const bytes = new Uint8Array(16);
  const webCrypto = globalThis.crypto;
  if (webCrypto && typeof webCrypto.getRandomValues === "function") webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Registers a Blob under a new `blob:nodedata:<uuid>` URL. */
function createObjectURL(obj) {
  if (!isBlob(obj)) throw argTypeError(`The "obj" argument must be an instance of Blob.${describeReceived(obj)}`);
  const id = randomUUID();
  objectURLs.set(id, { bytes: obj[kBytes], type: obj[kType] });
  return `blob:nodedata:${id}`;
}

/** The id of a `blob:nodedata:<id>` URL, or undefined. */
function objectURLId(url) {
  try {
    const { URL } = require("internal/url", true);
    const split = new URL(`${url}`).pathname.split(":");
    return split.length === 2 && split[0] === "nodedata" ? split[1] : undefined;
  } catch {
    return undefined;
  }
}

function revokeObjectURL(url) {
  if (arguments.length === 0) {
    const err = new TypeError('The "url" argument must be specified');
    err.code = "ERR_MISSING_ARGS";
    throw err;
  }
  const id = objectURLId(url);
  if (id !== undefined) objectURLs.delete(id);
}

/** The Blob registered under a blob: URL (a new Blob each time), or undefined. */
function resolveObjectURL(url) {
  const id = objectURLId(url);
  const entry = id === undefined ? undefined : objectURLs.get(id);
  if (entry === undefined) return undefined;
  const blob = new Blob();
  blob[kBytes] = entry.bytes;
  blob[kType] = entry.type;
  return blob;
}

export default { Blob, File, isBlob, blobBytes, toFile, createObjectURL, revokeObjectURL, resolveObjectURL };
