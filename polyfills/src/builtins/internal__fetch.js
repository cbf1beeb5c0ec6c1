// fetch, Headers, Request and Response: the Fetch Standard as Node (undici)
// implements it, with Node's messages. A network request is one async host op,
// `fetch.request`, checked by the `network` permission on the host (every
// redirect hop too) and carried out by the driver's network adapter; the whole
// response comes back at once (its body bounded by the sandbox's memory limit).
// `data:` URLs are answered here. `body` is a ReadableStream
// (internal/web_streams, loaded only when a body stream is asked for).
// Blob and FormData bodies, `blob()` and `formData()` come from internal/blob
// and internal/form_data, loaded only when one is used.
/* global require */

const host = require("internal/host", true);
// UTF-8 (internal/utf8) is loaded with the first body.
const utf8fromStringLoose = (text) => require("internal/utf8", true).utf8fromStringLoose(text);
const utf8toStringLoose = (bytes) => require("internal/utf8", true).utf8toStringLoose(bytes);

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const streams = () => require("internal/web_streams", true);
const events = () => require("internal/event_target", true);

// ---- WebIDL-style conversions and errors ---------------------------------------

function illegalInvocation() {
  const err = new TypeError("Illegal invocation");
  err.code = "ERR_INVALID_THIS";
  return err;
}

function argumentCount(length, min, header) {
  if (length < min) {
    throw new TypeError(`${header}: ${min} argument${min !== 1 ? "s" : ""} required, but${length ? " only" : ""} ${length} found.`);
  }
}

function shown(value) {
  return typeof value === "symbol" ? value.toString() : String(value);
}

/** A dictionary argument (RequestInit, ResponseInit): null, undefined or an object. */
function dictionary(value, header) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") {
    throw new TypeError(`${header}: Expected ${shown(value)} to be one of: Null, Undefined, Object.`);
  }
  return value;
}

function byteString(value) {
  const s = `${value}`;
  if (/[^\u0000-\u00ff]/.test(s)) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 255) throw new TypeError(`Cannot convert argument to a ByteString because the character at index ${i} has a value of ${c} which is greater than 255.`);
    }
  }
  return s;
}

function oneOf(value, allowed, header) {
  const s = `${value}`;
  if (!allowed.includes(s)) throw new TypeError(`${header}: ${s} is not an accepted type. Expected one of ${allowed.join(", ")}.`);
  return s;
}

function makeEnumerable(proto) {
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === "constructor") continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    d.enumerable = true;
    Object.defineProperty(proto, key, d);
  }
}

function printed(self, fields, options, inspect) {
  const ctor = self.constructor;
  const obj = { __proto__: { constructor: ctor } };
  for (const key of fields) obj[key] = self[key];
  return `${ctor.name} ${inspect(obj, options)}`;
}

// ---- Headers --------------------------------------------------------------------

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const BAD_VALUE = /[\0\r\n]/;

const kList = Symbol("header list");
const kGuard = Symbol("guard");
const kSorted = Symbol("sorted");

function headerName(name, method) {
  const s = byteString(name);
  if (!TOKEN.test(s)) throw new TypeError(`Headers.${method}: "${s}" is an invalid header name.`);
  return s;
}

function headerValue(value, method) {
  const s = byteString(value).replace(EDGE_WHITESPACE, "");
  if (BAD_VALUE.test(s)) throw new TypeError(`Headers.${method}: "${s}" is an invalid header value.`);
  return s;
}

function listOf(self) {
  const list = self !== null && typeof self === "object" ? self[kList] : undefined;
  if (list === undefined) throw illegalInvocation();
  return list;
}

function checkMutable(self) {
  if (self[kGuard] === "immutable") throw new TypeError("immutable");
}

/** Appends without checks (names and values already valid). */
function appendHeader(headers, name, value) {
  const list = headers[kList];
  const key = name.toLowerCase();
  const entry = list.get(key);
  headers[kSorted] = null;
  if (entry === undefined) list.set(key, key === "set-cookie" ? { name, value, cookies: [value] } : { name, value, cookies: null });
  else if (entry.cookies) entry.cookies.push(value);
  else entry.value = `${entry.value}, ${value}`;
}

/** The pairs to iterate: names lower-cased and sorted, values combined (set-cookie kept apart). */
function sortedPairs(headers) {
  let sorted = headers[kSorted];
  if (sorted) return sorted;
  sorted = [];
  const list = headers[kList];
  for (const key of [...list.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const entry = list.get(key);
    if (entry.cookies) for (const cookie of entry.cookies) sorted.push([key, cookie]);
    else sorted.push([key, entry.value]);
  }
  headers[kSorted] = sorted;
  return sorted;
}

/** The header list as sent: names as first given, in order; set-cookie values apart. */
function wirePairs(headers) {
  const pairs = [];
  for (const entry of headers[kList].values()) {
    if (entry.cookies) for (const cookie of entry.cookies) pairs.push([entry.name, cookie]);
    else pairs.push([entry.name, entry.value]);
  }
  return pairs;
}

function fillHeaders(headers, init) {
  if (init === undefined) return;
  if (init === null || (typeof init !== "object" && typeof init !== "function")) {
    throw new TypeError("Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.");
  }
  if (typeof init[Symbol.iterator] === "function") {
    let i = 0;
    for (const pair of init) {
      if (pair === null || (typeof pair !== "object" && typeof pair !== "function") || typeof pair[Symbol.iterator] !== "function") {
        throw new TypeError(`Headers contructor: init[${i}] (${shown(pair)}) is not iterable.`);
      }
      const items = [...pair];
      if (items.length !== 2) throw new TypeError(`Headers constructor: expected name/value pair to be length 2, found ${items.length}.`);
      headers.append(items[0], items[1]);
      i++;
    }
    return;
  }
  for (const key of Reflect.ownKeys(init)) {
    const d = Reflect.getOwnPropertyDescriptor(init, key);
    if (d === undefined || !d.enumerable) continue;
    if (typeof key === "symbol") throw new TypeError("Cannot convert a Symbol value to a string");
    headers.append(key, init[key]);
  }
}

class HeadersIterator {
  constructor(headers, kind) {
    Object.defineProperty(this, kList, { value: { headers, kind, index: 0 } });
  }
  next() {
    const state = this !== null && typeof this === "object" ? this[kList] : undefined;
    if (state === undefined || !(this instanceof HeadersIterator)) throw illegalInvocation();
    const pairs = sortedPairs(state.headers);
    if (state.index >= pairs.length) return { value: undefined, done: true };
    const [name, value] = pairs[state.index++];
    return { value: state.kind === "key" ? name : state.kind === "value" ? value : [name, value], done: false };
  }
  [Symbol.iterator]() {
    return this;
  }
}
Object.defineProperty(HeadersIterator.prototype, Symbol.toStringTag, { value: "Headers Iterator", configurable: true });

class Headers {
  constructor(init = undefined) {
    Object.defineProperty(this, kList, { value: new Map() });
    Object.defineProperty(this, kGuard, { value: "none", writable: true });
    Object.defineProperty(this, kSorted, { value: null, writable: true });
    fillHeaders(this, init);
  }
  append(name, value) {
    listOf(this);
    argumentCount(arguments.length, 2, "Headers.append");
    const n = headerName(name, "append");
    const v = headerValue(value, "append");
    checkMutable(this);
    appendHeader(this, n, v);
  }
  delete(name) {
    const list = listOf(this);
    argumentCount(arguments.length, 1, "Headers.delete");
    const key = headerName(name, "delete").toLowerCase();
    checkMutable(this);
    if (list.delete(key)) this[kSorted] = null;
  }
  get(name) {
    const list = listOf(this);
    argumentCount(arguments.length, 1, "Headers.get");
    const entry = list.get(headerName(name, "get").toLowerCase());
    if (entry === undefined) return null;
    return entry.cookies ? entry.cookies.join(", ") : entry.value;
  }
  has(name) {
    const list = listOf(this);
    argumentCount(arguments.length, 1, "Headers.has");
    return list.has(headerName(name, "has").toLowerCase());
  }
  set(name, value) {
    const list = listOf(this);
    argumentCount(arguments.length, 2, "Headers.set");
    const n = headerName(name, "set");
    const v = headerValue(value, "set");
    checkMutable(this);
    const key = n.toLowerCase();
    const entry = list.get(key);
    this[kSorted] = null;
    if (entry === undefined) appendHeader(this, n, v);
    else if (entry.cookies) entry.cookies = [v];
    else entry.value = v;
  }
  getSetCookie() {
    const entry = listOf(this).get("set-cookie");
    return entry ? entry.cookies.slice() : [];
  }
  keys() {
    listOf(this);
    return new HeadersIterator(this, "key");
  }
  values() {
    listOf(this);
    return new HeadersIterator(this, "value");
  }
  entries() {
    listOf(this);
    return new HeadersIterator(this, "key+value");
  }
  forEach(callback, thisArg = undefined) {
    listOf(this);
    if (typeof callback !== "function") throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    for (let i = 0; ; i++) {
      const pairs = sortedPairs(this);
      if (i >= pairs.length) break;
      callback.call(thisArg, pairs[i][1], pairs[i][0], this);
    }
  }
  [inspectCustom](depth, options, inspect) {
    const obj = { __proto__: { constructor: this.constructor } };
    for (const [name, value] of sortedPairs(this)) obj[name] = name in obj ? `${obj[name]}, ${value}` : value;
    return `${this.constructor.name} ${inspect(obj, options)}`;
  }
}
makeEnumerable(Headers.prototype);
Object.defineProperty(Headers.prototype, Symbol.iterator, { value: Headers.prototype.entries, writable: true, configurable: true });
Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: "Headers", configurable: true });

function newHeaders(guard) {
  const headers = new Headers();
  headers[kGuard] = guard;
  return headers;
}

/** Headers from the network: invalid pairs are dropped, not thrown. */
function networkHeaders(pairs) {
  const headers = newHeaders("none");
  for (const [name, value] of pairs) {
    const v = String(value).replace(EDGE_WHITESPACE, "");
    if (TOKEN.test(name) && !BAD_VALUE.test(v) && !/[^\u0000-\u00ff]/.test(v)) appendHeader(headers, name, v);
  }
  headers[kGuard] = "immutable";
  return headers;
}

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

// ---- Request ------------------------------------------------------------------------

const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const REDIRECTS = ["follow", "manual", "error"];
const MODES = ["navigate", "same-origin", "no-cors", "cors"];
const CREDENTIALS = ["omit", "same-origin", "include"];
const CACHES = ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"];

function parseURL(input) {
  const { URL } = require("internal/url", true);
  try {
    return new URL(`${input}`);
  } catch (cause) {
    throw new TypeError(`Failed to parse URL from ${shown(input)}`, { cause });
  }
}

function isAbortSignal(value) {
  return value !== null && typeof value === "object" && value instanceof events().AbortSignal;
}

/** A signal that follows `source` (or never aborts). */
function followingSignal(source) {
  const controller = new (events().AbortController)();
  if (source) {
    if (source.aborted) controller.abort(source.reason);
    else source.addEventListener("abort", () => controller.abort(source.reason), { once: true });
  }
  return controller.signal;
}

class Request {
  constructor(input, init = undefined) {
    argumentCount(arguments.length, 1, "Request constructor");
    init = dictionary(init, "Request constructor");
    const from = input instanceof Request ? stateOf(input, Request) : null;
    let url;
    if (from) url = from.url;
    else {
      url = parseURL(input);
      if (url.username !== "" || url.password !== "") {
        throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${shown(input)}`);
      }
    }
    const state = {
      url,
      method: from ? from.method : "GET",
      headers: null,
      body: null,
      redirect: from ? from.redirect : "follow",
      mode: from ? from.mode : "cors",
      credentials: from ? from.credentials : "same-origin",
      cache: from ? from.cache : "default",
      integrity: from ? from.integrity : "",
      keepalive: from ? from.keepalive : false,
      sourceSignal: from ? from.sourceSignal : null,
      signal: null,
    };
    if (init.method !== undefined) {
      const method = byteString(init.method);
      if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
      const upper = method.toUpperCase();
      if (FORBIDDEN_METHODS.has(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
      state.method = NORMALIZED_METHODS.has(upper) ? upper : method;
    }
    if (init.redirect !== undefined) state.redirect = oneOf(init.redirect, REDIRECTS, "Request constructor");
    if (init.mode !== undefined) {
      const mode = oneOf(init.mode, MODES, "Request constructor");
      if (mode === "navigate") throw new TypeError("Request constructor: invalid request mode navigate.");
      state.mode = mode;
    }
    if (init.credentials !== undefined) state.credentials = oneOf(init.credentials, CREDENTIALS, "Request constructor");
    if (init.cache !== undefined) state.cache = oneOf(init.cache, CACHES, "Request constructor");
    if (init.integrity !== undefined) state.integrity = `${init.integrity}`;
    if (init.keepalive !== undefined) state.keepalive = Boolean(init.keepalive);
    if (init.duplex !== undefined) oneOf(init.duplex, ["half"], "Request constructor");
    if (init.signal !== undefined) {
      if (init.signal !== null && !isAbortSignal(init.signal)) throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
      state.sourceSignal = init.signal;
    }
    const headers = newHeaders("request");
    if (init.headers !== undefined) fillHeaders(headers, init.headers);
    else if (from) for (const [name, value] of wirePairs(from.headers)) appendHeader(headers, name, value);
    state.headers = headers;

    const hasInitBody = init.body !== undefined && init.body !== null;
    if ((hasInitBody || (from && from.body !== null)) && (state.method === "GET" || state.method === "HEAD")) {
      throw new TypeError("Request with GET/HEAD method cannot have body.");
    }
    if (hasInitBody) {
      const [body, type] = extractBody(init.body);
      if (body.stream !== null && init.duplex === undefined) throw new TypeError("RequestInit: duplex option is required when sending a body.");
      if (type !== null && !headers.has("content-type")) appendHeader(headers, "content-type", type);
      state.body = body;
    } else if (from && from.body !== null) {
      if (bodyUsed(from.body)) throw new TypeError("Cannot construct a Request with a Request object that has already been used.");
      state.body = { ...from.body, controller: null };
      from.body.used = true;
    }
    Object.defineProperty(this, kState, { value: state });
  }
  get method() {
    return stateOf(this, Request).method;
  }
  get url() {
    return stateOf(this, Request).url.href;
  }
  get headers() {
    return stateOf(this, Request).headers;
  }
  get destination() {
    stateOf(this, Request);
    return "";
  }
  get referrer() {
    stateOf(this, Request);
    return "about:client";
  }
  get referrerPolicy() {
    stateOf(this, Request);
    return "";
  }
  get mode() {
    return stateOf(this, Request).mode;
  }
  get credentials() {
    return stateOf(this, Request).credentials;
  }
  get cache() {
    return stateOf(this, Request).cache;
  }
  get redirect() {
    return stateOf(this, Request).redirect;
  }
  get integrity() {
    return stateOf(this, Request).integrity;
  }
  get keepalive() {
    return stateOf(this, Request).keepalive;
  }
  get isReloadNavigation() {
    stateOf(this, Request);
    return false;
  }
  get isHistoryNavigation() {
    stateOf(this, Request);
    return false;
  }
  get signal() {
    const state = stateOf(this, Request);
    if (state.signal === null) state.signal = followingSignal(state.sourceSignal);
    return state.signal;
  }
  get body() {
    return bodyStream(stateOf(this, Request).body);
  }
  get bodyUsed() {
    return bodyUsed(stateOf(this, Request).body);
  }
  get duplex() {
    stateOf(this, Request);
    return "half";
  }
  clone() {
    const state = stateOf(this, Request);
    const body = cloneBody(state.body, "Request");
    const copy = Object.create(Request.prototype);
    const headers = newHeaders("request");
    for (const [name, value] of wirePairs(state.headers)) appendHeader(headers, name, value);
    Object.defineProperty(copy, kState, { value: { ...state, headers, body, signal: null } });
    return copy;
  }
  [inspectCustom](depth, options, inspect) {
    const fields = ["method", "url", "headers", "destination", "referrer", "referrerPolicy", "mode", "credentials", "cache", "redirect", "integrity", "keepalive", "isReloadNavigation", "isHistoryNavigation", "signal"];
    return printed(this, fields, options, inspect);
  }
}
defineBodyMethods(Request);
makeEnumerable(Request.prototype);
Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: "Request", configurable: true });

// ---- Response -----------------------------------------------------------------------

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

function makeResponse(state) {
  const response = Object.create(Response.prototype);
  Object.defineProperty(response, kState, { value: state });
  return response;
}

function responseState(status, statusText, headers, body) {
  return { status, statusText, headers, body, url: "", urlList: [], redirected: false, type: "default" };
}

/** ResponseInit applied to a new response (the constructor's and Response.json's checks). */
function initResponse(init, body, type, header) {
  init = dictionary(init, header);
  let status = 200;
  if (init.status !== undefined) {
    const n = Number(init.status);
    status = Number.isFinite(n) ? ((Math.trunc(n) % 65536) + 65536) % 65536 : 0;
    if (status < 200 || status > 599) throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  let statusText = "";
  if (init.statusText !== undefined) {
    statusText = byteString(init.statusText);
    if (!REASON_PHRASE.test(statusText)) throw new TypeError("Invalid statusText");
  }
  const headers = newHeaders("response");
  if (init.headers !== undefined) fillHeaders(headers, init.headers);
  if (body !== null) {
    if (NULL_BODY_STATUS.has(status)) throw new TypeError(`Response constructor: Invalid response status code ${status}`);
    if (type !== null && !headers.has("content-type")) appendHeader(headers, "content-type", type);
  }
  return responseState(status, statusText, headers, body);
}

class Response {
  constructor(body = null, init = undefined) {
    let extracted = null;
    let type = null;
    if (body !== null && body !== undefined) [extracted, type] = extractBody(body);
    Object.defineProperty(this, kState, { value: initResponse(init, extracted, type, "Response constructor") });
  }
  static error() {
    const state = responseState(0, "", newHeaders("immutable"), null);
    state.type = "error";
    return makeResponse(state);
  }
  static json(data, init = undefined) {
    argumentCount(arguments.length, 1, "Response.json");
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError("Value is not JSON serializable");
    return makeResponse(initResponse(init, bytesBody(utf8fromStringLoose(text)), "application/json", "Response.json"));
  }
  static redirect(url, status = 302) {
    argumentCount(arguments.length, 1, "Response.redirect");
    const target = parseURL(url);
    const code = Number(status);
    if (!REDIRECT_STATUS.has(code)) throw new RangeError(`Invalid status code ${shown(status)}`);
    const headers = newHeaders("immutable");
    appendHeader(headers, "location", target.href);
    headers[kGuard] = "immutable";
    return makeResponse(responseState(code, "", headers, null));
  }
  get type() {
    return stateOf(this, Response).type;
  }
  get url() {
    return stateOf(this, Response).url;
  }
  get redirected() {
    return stateOf(this, Response).redirected;
  }
  get status() {
    return stateOf(this, Response).status;
  }
  get ok() {
    const { status } = stateOf(this, Response);
    return status >= 200 && status <= 299;
  }
  get statusText() {
    return stateOf(this, Response).statusText;
  }
  get headers() {
    return stateOf(this, Response).headers;
  }
  get body() {
    return bodyStream(stateOf(this, Response).body);
  }
  get bodyUsed() {
    return bodyUsed(stateOf(this, Response).body);
  }
  clone() {
    const state = stateOf(this, Response);
    const body = cloneBody(state.body, "Response");
    const headers = newHeaders(state.headers[kGuard]);
    for (const [name, value] of wirePairs(state.headers)) appendHeader(headers, name, value);
    headers[kGuard] = state.headers[kGuard];
    return makeResponse({ ...state, headers, body });
  }
  [inspectCustom](depth, options, inspect) {
    const fields = ["status", "statusText", "headers", "body", "bodyUsed", "ok", "redirected", "type", "url"];
    return printed(this, fields, options, inspect);
  }
}
defineBodyMethods(Response);
makeEnumerable(Response.prototype);
for (const name of ["error", "json", "redirect"]) {
  Object.defineProperty(Response, name, { ...Object.getOwnPropertyDescriptor(Response, name), enumerable: true });
}
Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: "Response", configurable: true });

// ---- fetch ----------------------------------------------------------------------------

/** Ports the Fetch Standard blocks ("bad ports"). */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Request headers undici adds when the program set none of its own. */
const DEFAULT_HEADERS = [
  ["accept", "*/*"],
  ["accept-language", "*"],
  ["sec-fetch-mode", "cors"],
  ["user-agent", "node"],
];

function fetchFailed(cause) {
  return new TypeError("fetch failed", { cause });
}

let nextRequestId = 1;

/** A Response made from the host's answer to `fetch.request`. */
function networkResponse(result, request) {
  const status = result.status;
  const nullBody = request.method === "HEAD" || NULL_BODY_STATUS.has(status);
  const body = nullBody ? null : bytesBody(new Uint8Array(result.body));
  const state = responseState(status, result.statusText, networkHeaders(result.headers), body);
  state.type = "basic";
  state.url = result.url;
  state.redirected = result.redirected === true;
  return makeResponse(state);
}

function httpFetch(request, signal, resolve, reject) {
  const id = nextRequestId++;
  let settled = false;
  let submitted = false;
  const onAbort = () => {
    if (settled) return;
    settled = true;
    reject(signal.reason);
    if (submitted) {
      try {
        host.call("fetch.abort", id);
      } catch {
        // The run is ending: the host aborts it anyway.
      }
    }
  };
  if (signal) signal.addEventListener("abort", onAbort, { once: true });
  const fail = (error) => {
    if (settled) return;
    settled = true;
    if (signal) signal.removeEventListener("abort", onAbort);
    reject(fetchFailed(error));
  };
  const send = (bytes) => {
    if (settled) return undefined;
    const headers = wirePairs(request.headers);
    for (const pair of DEFAULT_HEADERS) if (!request.headers.has(pair[0])) headers.push(pair.slice());
    const args = [id, request.url.href, request.method, headers, request.redirect];
    submitted = true;
    if (bytes === null) return host.callAsync("fetch.request", ...args, null);
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
    return host.callAsyncBytes("fetch.request", 5, buffer, ...args);
  };
  const body = request.body;
  const bodyBytes = body === null ? Promise.resolve(null) : consume(body);
  bodyBytes.then(send).then((result) => {
    if (settled) return;
    settled = true;
    const response = networkResponse(result, request);
    if (signal) {
      signal.removeEventListener("abort", onAbort);
      const responseBody = response[kState].body;
      if (responseBody !== null) signal.addEventListener("abort", () => abortBody(responseBody, signal.reason), { once: true });
    }
    resolve(response);
  }, fail);
}

/** A `data:` URL's body and type (https://fetch.spec.whatwg.org/#data-url-processor), or null. */
function parseDataURL(url) {
  const href = url.href.slice(5);
  const comma = href.indexOf(",");
  if (comma < 0) return null;
  let type = href.slice(0, comma).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "");
  let data = decodePercent(href.slice(comma + 1).replace(/#.*$/, ""));
  const base64 = /;[\x20]*base64$/i.exec(type);
  if (base64) {
    type = type.slice(0, base64.index);
    data = decodeBase64(data);
    if (data === null) return null;
  }
  if (type.startsWith(";")) type = `text/plain${type}`;
  if (type === "" || !/^[^/;\s]+\/[^/;\s]+/.test(type)) type = "text/plain;charset=US-ASCII";
  return { bytes: data, type };
}

function decodePercent(text) {
  const input = utf8fromStringLoose(text);
  const out = [];
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === 0x25 && i + 2 < input.length && /^[0-9a-fA-F]{2}$/.test(String.fromCharCode(input[i + 1], input[i + 2]))) {
      out.push(parseInt(String.fromCharCode(input[i + 1], input[i + 2]), 16));
      i += 2;
    } else out.push(c);
  }
  return new Uint8Array(out);
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
function decodeBase64(bytes) {
  let text = "";
  for (const b of bytes) if (b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x20) text += String.fromCharCode(b);
  if (text.length % 4 === 0) text = text.replace(/==?$/, "");
  if (text.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(text)) return null;
  const out = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    buffer = (buffer << 6) | BASE64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return new Uint8Array(out);
}

function schemeFetch(request, resolve, reject) {
  const url = request.url;
  switch (url.protocol) {
    case "data:": {
      const parsed = parseDataURL(url);
      if (parsed === null) return reject(fetchFailed(new Error("invalid data: URL")));
      const headers = newHeaders("none");
      appendHeader(headers, "content-type", parsed.type);
      headers[kGuard] = "immutable";
      const state = responseState(200, "OK", headers, bytesBody(parsed.bytes));
      state.type = "basic";
      state.url = url.href;
      return resolve(makeResponse(state));
    }
    case "about:":
      return reject(fetchFailed(new Error("about scheme is not supported")));
    case "file:":
      return reject(fetchFailed(new Error("not implemented... yet...")));
    case "blob:":
      return reject(fetchFailed(new Error("invalid method")));
    default:
      return reject(fetchFailed(new Error("unknown scheme")));
  }
}

/** Fetches `input` (a URL, a string or a Request) with `init`; see the file's header. */
function fetch(input, init = undefined) {
  return new Promise((resolve, reject) => {
    const request = new Request(input, init)[kState];
    const signal = request.sourceSignal;
    if (signal && signal.aborted) return reject(signal.reason);
    const { protocol } = request.url;
    if (protocol !== "http:" && protocol !== "https:") return schemeFetch(request, resolve, reject);
    const port = request.url.port === "" ? (protocol === "https:" ? 443 : 80) : Number(request.url.port);
    if (BAD_PORTS.has(port)) return reject(fetchFailed(new Error("bad port")));
    return httpFetch(request, signal, resolve, reject);
  });
}

export default { fetch, Headers, Request, Response };
