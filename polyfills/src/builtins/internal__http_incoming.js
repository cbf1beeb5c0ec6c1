// http.IncomingMessage: a response to a ClientRequest, or a request that
// reached a guest server. A Readable stream fed by the host (whole bodies
// pushed at once, streamed bodies chunk by chunk), with Node's header object
// rules: set-cookie kept as an array, cookie joined with "; ", some fields
// keeping only their first value, the rest joined with ", ".
/* global require */
const { Readable } = require("stream");
const { Buffer } = require("buffer");
const { connResetError } = require("internal/http_common", true);

/** Fields whose later duplicates Node drops (it keeps the first value). */
const FIRST_ONLY = new Set([
  "age", "authorization", "content-length", "content-type", "etag", "expires", "from", "host", "if-modified-since",
  "if-unmodified-since", "last-modified", "location", "max-forwards", "proxy-authorization", "referer", "retry-after",
  "server", "user-agent",
]);

/** Adds one header line to `dest` as Node's IncomingMessage does. */
function addHeaderLine(field, value, dest, joinDuplicates) {
  const key = field.toLowerCase();
  if (key === "set-cookie") {
    if (dest[key] !== undefined) dest[key].push(value);
    else dest[key] = [value];
  } else if (key === "cookie" || !FIRST_ONLY.has(key)) {
    if (typeof dest[key] === "string") dest[key] += (key === "cookie" ? "; " : ", ") + value;
    else dest[key] = value;
  } else if (joinDuplicates) {
    if (dest[key] === undefined) dest[key] = value;
    else dest[key] += ", " + value;
  } else if (dest[key] === undefined) {
    dest[key] = value;
  }
}

/** The `headers` object of a flat raw header list (`[name, value, name, value, ...]`). */
function headersOf(raw, joinDuplicates) {
  const dest = {};
  for (let i = 0; i + 1 < raw.length; i += 2) addHeaderLine(raw[i], raw[i + 1], dest, joinDuplicates);
  return dest;
}

function distinctOf(raw) {
  const dest = Object.create(null);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i].toLowerCase();
    if (dest[key] === undefined) dest[key] = [raw[i + 1]];
    else dest[key].push(raw[i + 1]);
  }
  return dest;
}

class IncomingMessage extends Readable {
  constructor(socket) {
    super();
    this.socket = socket === undefined ? null : socket;
    this.httpVersionMajor = null;
    this.httpVersionMinor = null;
    this.httpVersion = null;
    this.complete = false;
    this.rawHeaders = [];
    this.rawTrailers = [];
    this.joinDuplicateHeaders = false;
    this.aborted = false;
    this.upgrade = null;
    this.url = "";
    this.method = null;
    this.statusCode = null;
    this.statusMessage = null;
    this._headers = null;
    this._headersDistinct = null;
    this._trailers = null;
    this._consuming = false;
    this._dumped = false;
    /** Called when the guest destroys the message before it completed (the owner aborts the host side). */
    this._onAbort = null;
  }

  get connection() {
    return this.socket;
  }

  set connection(value) {
    this.socket = value;
  }

  get headers() {
    if (this._headers === null) this._headers = headersOf(this.rawHeaders, this.joinDuplicateHeaders);
    return this._headers;
  }

  set headers(value) {
    this._headers = value;
  }

  get headersDistinct() {
    if (this._headersDistinct === null) this._headersDistinct = distinctOf(this.rawHeaders);
    return this._headersDistinct;
  }

  set headersDistinct(value) {
    this._headersDistinct = value;
  }

  get trailers() {
    if (this._trailers === null) this._trailers = headersOf(this.rawTrailers, this.joinDuplicateHeaders);
    return this._trailers;
  }

  set trailers(value) {
    this._trailers = value;
  }

  get trailersDistinct() {
    return distinctOf(this.rawTrailers);
  }

  setTimeout(msecs, callback) {
    if (callback) this.on("timeout", callback);
    if (this.socket) this.socket.setTimeout(msecs);
    return this;
  }

  _read() {
    this._consuming = true;
  }

  /** Sets the head from plain host data: `rawHeaders` as `[name, value]` pairs. */
  _setHead(httpVersion, pairs) {
    const version = typeof httpVersion === "string" && httpVersion ? httpVersion : "1.1";
    this.httpVersion = version;
    const [major, minor] = version.split(".");
    this.httpVersionMajor = Number(major) || 1;
    this.httpVersionMinor = Number(minor) || 0;
    const raw = [];
    for (const [name, value] of pairs) raw.push(name, value);
    this.rawHeaders = raw;
  }

  /** Feeds body bytes (an ArrayBuffer or Uint8Array from the host). */
  _pushBody(bytes) {
    if (this.destroyed) return;
    const chunk = bytes instanceof ArrayBuffer ? Buffer.from(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (chunk.length > 0) this.push(chunk);
  }

  /** The body is complete. */
  _pushEnd() {
    if (this.destroyed) return;
    this.complete = true;
    this.push(null);
  }

  /** Nobody reads the message: let it flow to its end so 'end' and 'close' come. */
  _dump() {
    if (!this._dumped) {
      this._dumped = true;
      this.removeAllListeners("data");
      this.resume();
    }
  }

  /**
   * The body broke off before it was complete: 'aborted', then the error
   * (Node's ECONNRESET "aborted" unless the host said more).
   */
  _abort(error) {
    if (this.complete || this.destroyed) return;
    this.destroy(error || connResetError("aborted"));
  }

  _destroy(error, callback) {
    if (!this.readableEnded || !this.complete) {
      this.aborted = true;
      this.emit("aborted");
    }
    if (!this.complete && typeof this._onAbort === "function") this._onAbort();
    // As Node: the error is emitted only to listeners already there.
    process.nextTick(() => callback(this.listenerCount("error") === 0 ? undefined : error));
  }
}

export default { IncomingMessage, headersOf };
