// FormData as Node (undici) has it, and its wire forms for fetch: a
// multipart/form-data body with undici's boundary, and the parsing of
// multipart/form-data and application/x-www-form-urlencoded bodies for
// Request.formData() and Response.formData().
/* global require */
import blobModule from "internal/blob";

const { File, isBlob, blobBytes, toFile } = blobModule;
const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const kEntries = Symbol("kEntries");
const utf8 = () => require("internal/utf8", true);

function argumentCount(length, min, header) {
  if (length < min) {
    throw new TypeError(`${header}: ${min} argument${min === 1 ? "" : "s"} required, but only ${length} found.`);
  }
}

function entryOf(name, value, filename, method, count) {
  name = `${name}`;
  if (count > 2 && !isBlob(value)) {
    throw new TypeError(`Failed to execute '${method}' on 'FormData': parameter 2 is not of type 'Blob'`);
  }
  if (!isBlob(value)) return { name, value: `${value}` };
  if (!(value instanceof File) || filename !== undefined) {
    const lastModified = value instanceof File ? value.lastModified : undefined;
    value = toFile(value, filename !== undefined ? `${filename}` : value instanceof File ? value.name : "blob", lastModified);
  }
  return { name, value };
}

function entries(self) {
  if (self === null || typeof self !== "object" || self[kEntries] === undefined) {
    const err = new TypeError("Illegal invocation");
    err.code = "ERR_INVALID_THIS";
    throw err;
  }
  return self[kEntries];
}

class FormData {
  constructor(form = undefined) {
    if (form !== undefined) {
      throw new TypeError("FormData constructor: Argument 1 could not be converted to: undefined.");
    }
    this[kEntries] = [];
  }

  append(name, value, filename = undefined) {
    const list = entries(this);
    argumentCount(arguments.length, 2, "FormData.append");
    list.push(entryOf(name, value, filename, "append", arguments.length));
  }

  delete(name) {
    const list = entries(this);
    argumentCount(arguments.length, 1, "FormData.delete");
    name = `${name}`;
    this[kEntries] = list.filter((e) => e.name !== name);
  }

  get(name) {
    const list = entries(this);
    argumentCount(arguments.length, 1, "FormData.get");
    name = `${name}`;
    const found = list.find((e) => e.name === name);
    return found === undefined ? null : found.value;
  }

  getAll(name) {
    const list = entries(this);
    argumentCount(arguments.length, 1, "FormData.getAll");
    name = `${name}`;
    return list.filter((e) => e.name === name).map((e) => e.value);
  }

  has(name) {
    const list = entries(this);
    argumentCount(arguments.length, 1, "FormData.has");
    name = `${name}`;
    return list.some((e) => e.name === name);
  }

  set(name, value, filename = undefined) {
    const list = entries(this);
    argumentCount(arguments.length, 2, "FormData.set");
    const entry = entryOf(name, value, filename, "set", arguments.length);
    const at = list.findIndex((e) => e.name === entry.name);
    if (at === -1) {
      list.push(entry);
      return;
    }
    list[at] = entry;
    this[kEntries] = list.filter((e, i) => i <= at || e.name !== entry.name);
  }

  *entries() {
    for (let i = 0; i < entries(this).length; i++) {
      const e = this[kEntries][i];
      yield [e.name, e.value];
    }
  }

  *keys() {
    for (const [name] of this.entries()) yield name;
  }

  *values() {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback, thisArg = undefined) {
    entries(this);
    if (typeof callback !== "function") {
      throw new TypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
    }
    for (const [name, value] of this) callback.call(thisArg, value, name, this);
  }

  [inspectCustom](depth, options, inspect) {
    if (depth < 0) return this;
    const shown = {};
    for (const e of entries(this)) {
      if (!Object.prototype.hasOwnProperty.call(shown, e.name)) shown[e.name] = e.value;
      else if (Array.isArray(shown[e.name])) shown[e.name].push(e.value);
      else shown[e.name] = [shown[e.name], e.value];
    }
    return `FormData ${inspect(shown, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}

FormData.prototype[Symbol.iterator] = FormData.prototype.entries;
Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: "FormData", configurable: true });
for (const name of ["append", "delete", "get", "getAll", "has", "set", "entries", "keys", "values", "forEach"]) {
  const d = Object.getOwnPropertyDescriptor(FormData.prototype, name);
  Object.defineProperty(FormData.prototype, name, { ...d, enumerable: true });
}

function isFormData(value) {
  return value !== null && typeof value === "object" && value[kEntries] !== undefined;
}

// ---- multipart/form-data --------------------------------------------------------

const escapeName = (name) => name.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
const normalizeLines = (value) => value.replace(/\r(?!\n)|(?<!\r)\n/g, "\r\n");

/** The multipart body of a FormData, as undici writes it: { bytes, type }. */
function serialize(formData) {
  const digits = `${Math.floor(Math.random() * 1e11)}`.padStart(11, "0");
  const boundary = `----formdata-undici-0${digits}`;
  const prefix = `--${boundary}\r\nContent-Disposition: form-data`;
  const encode = (text) => utf8().utf8fromStringLoose(text);
  const parts = [];
  for (const { name, value } of entries(formData)) {
    if (typeof value === "string") {
      parts.push(encode(`${prefix}; name="${escapeName(normalizeLines(name))}"\r\n\r\n${normalizeLines(value)}\r\n`));
    } else {
      parts.push(
        encode(
          `${prefix}; name="${escapeName(normalizeLines(name))}"` +
            `; filename="${escapeName(value.name)}"\r\n` +
            `Content-Type: ${value.type || "application/octet-stream"}\r\n\r\n`,
        ),
      );
      parts.push(blobBytes(value));
      parts.push(encode("\r\n"));
    }
  }
  parts.push(encode(`--${boundary}--\r\n`));
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return { bytes, type: `multipart/form-data; boundary=${boundary}` };
}

function indexOf(bytes, pattern, from) {
  outer: for (let i = from; i <= bytes.length - pattern.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return i;
  }
  return -1;
}

function parseFailed() {
  return new TypeError("Failed to parse body as FormData.");
}

function latin1(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function parseMultipart(bytes, boundary) {
  const form = new FormData();
  const { utf8fromStringLoose, utf8toStringLoose } = utf8();
  const delimiter = utf8fromStringLoose(`--${boundary}`);
  let at = indexOf(bytes, delimiter, 0);
  if (at === -1) throw parseFailed();
  for (;;) {
    at += delimiter.length;
    if (bytes[at] === 0x2d && bytes[at + 1] === 0x2d) return form;
    if (bytes[at] !== 0x0d || bytes[at + 1] !== 0x0a) throw parseFailed();
    at += 2;
    const headersEnd = indexOf(bytes, [0x0d, 0x0a, 0x0d, 0x0a], at);
    if (headersEnd === -1) throw parseFailed();
    let name = null;
    let filename = null;
    let type = "";
    for (const line of latin1(bytes.subarray(at, headersEnd)).split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon === -1) throw parseFailed();
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === "content-disposition") {
        const n = /(?:^|;)\s*name="([^"]*)"/i.exec(value);
        const f = /;\s*filename="([^"]*)"/i.exec(value);
        if (n) name = utf8toStringLoose(Uint8Array.from(n[1], (c) => c.charCodeAt(0)));
        if (f) filename = utf8toStringLoose(Uint8Array.from(f[1], (c) => c.charCodeAt(0)));
      } else if (key === "content-type") {
        type = value;
      }
    }
    if (name === null) throw parseFailed();
    const bodyStart = headersEnd + 4;
    const next = indexOf(bytes, utf8fromStringLoose(`\r\n--${boundary}`), bodyStart);
    if (next === -1) throw parseFailed();
    const body = bytes.slice(bodyStart, next);
    if (filename !== null) form.append(name, new File([body], filename, { type }));
    else form.append(name, utf8toStringLoose(body));
    at = next + 2;
  }
}

/** A body's FormData, from its bytes and its Content-Type header. */
function parseFormData(bytes, contentType) {
  const type = (contentType || "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const m = /;\s*boundary=("?)([^";]+)\1/i.exec(contentType);
    if (!m) throw parseFailed();
    return parseMultipart(bytes, m[2]);
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    const { URLSearchParams } = require("internal/url", true);
    const form = new FormData();
    for (const [name, value] of new URLSearchParams(utf8().utf8toStringLoose(bytes))) form.append(name, value);
    return form;
  }
  throw new TypeError(`Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".`);
}

export default { FormData, isFormData, serialize, parseFormData };
