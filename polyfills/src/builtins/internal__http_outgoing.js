// http.OutgoingMessage: what ClientRequest and ServerResponse share — the
// header store with Node's validation and errors, and the write()/end()
// side of a writable stream. The body is gathered in the guest and handed to
// the host whole when the message ends (`_send`, implemented by each
// subclass); the host's adapter frames it on the wire.
/* global require */
const Stream = require("stream");
const { Buffer } = require("buffer");
const common = require("internal/http_common", true);

const { codedError, invalidArgType, headersSentError, validateHeaderName, validateHeaderValue } = common;

const kOutHeaders = Symbol("kOutHeaders");

function writeAfterEnd() {
  return codedError(Error, "ERR_STREAM_WRITE_AFTER_END", "write after end");
}

function destroyedError(method) {
  return codedError(Error, "ERR_STREAM_DESTROYED", `Cannot call ${method} after a stream was destroyed`);
}

/** The chunk as a Buffer; Node's error for anything else. */
function toBuffer(chunk, encoding) {
  if (typeof chunk === "string") return Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw invalidArgType("chunk", "string or an instance of Buffer or Uint8Array", chunk);
}

class OutgoingMessage extends Stream {
  constructor() {
    super();
    this[kOutHeaders] = null;
    this._header = null;
    this._chunks = [];
    this._contentLength = 0;
    this.outputData = [];
    this.outputSize = 0;
    this.writable = true;
    this.destroyed = false;
    this.finished = false;
    this.chunkedEncoding = false;
    this.sendDate = false;
    this.useChunkedEncodingByDefault = true;
    this.shouldKeepAlive = true;
    this.maxRequestsOnConnectionReached = false;
    this.socket = null;
    this._finished = false;
    this._corked = 0;
  }

  get connection() {
    return this.socket;
  }

  get headersSent() {
    return this._header !== null;
  }

  get writableEnded() {
    return this.finished;
  }

  get writableFinished() {
    return this._finished;
  }

  get writableLength() {
    return 0;
  }

  get writableHighWaterMark() {
    return 16384;
  }

  get writableCorked() {
    return this._corked;
  }

  get writableObjectMode() {
    return false;
  }

  get writableNeedDrain() {
    return false;
  }

  cork() {
    this._corked++;
  }

  uncork() {
    if (this._corked > 0) this._corked--;
  }

  setHeader(name, value) {
    if (this._header !== null) throw headersSentError("set");
    validateHeaderName(name);
    validateHeaderValue(name, value);
    let headers = this[kOutHeaders];
    if (headers === null) this[kOutHeaders] = headers = Object.create(null);
    headers[name.toLowerCase()] = [name, value];
    return this;
  }

  appendHeader(name, value) {
    if (this._header !== null) throw headersSentError("append");
    validateHeaderName(name);
    validateHeaderValue(name, value);
    const key = name.toLowerCase();
    const headers = this[kOutHeaders];
    if (headers === null || headers[key] === undefined) return this.setHeader(name, value);
    const existing = headers[key][1];
    const added = Array.isArray(value) ? value : [value];
    headers[key][1] = (Array.isArray(existing) ? existing : [existing]).concat(added);
    return this;
  }

  setHeaders(headers) {
    if (this._header !== null) throw headersSentError("set");
    if (headers === null || typeof headers !== "object" || Array.isArray(headers)) {
      throw invalidArgType("headers", "Headers or Map", headers);
    }
    const entries = typeof headers.entries === "function" ? [...headers.entries()] : Object.entries(headers);
    const cookies = [];
    for (const [key, value] of entries) {
      if (key.toLowerCase() === "set-cookie") cookies.push(value);
      else this.setHeader(key, value);
    }
    if (cookies.length > 0) this.setHeader("set-cookie", cookies.flat());
    return this;
  }

  getHeader(name) {
    if (typeof name !== "string") throw invalidArgType("name", "string", name);
    const headers = this[kOutHeaders];
    if (headers === null) return undefined;
    const entry = headers[name.toLowerCase()];
    return entry && entry[1];
  }

  getHeaderNames() {
    return this[kOutHeaders] === null ? [] : Object.keys(this[kOutHeaders]);
  }

  getRawHeaderNames() {
    return this[kOutHeaders] === null ? [] : Object.values(this[kOutHeaders]).map((entry) => entry[0]);
  }

  getHeaders() {
    const out = Object.create(null);
    const headers = this[kOutHeaders];
    if (headers !== null) for (const key of Object.keys(headers)) out[key] = headers[key][1];
    return out;
  }

  hasHeader(name) {
    if (typeof name !== "string") throw invalidArgType("name", "string", name);
    return this[kOutHeaders] !== null && this[kOutHeaders][name.toLowerCase()] !== undefined;
  }

  removeHeader(name) {
    if (typeof name !== "string") throw invalidArgType("name", "string", name);
    if (this._header !== null) throw headersSentError("remove");
    if (this[kOutHeaders] !== null) delete this[kOutHeaders][name.toLowerCase()];
  }

  /** The headers to send, as `[name, value]` pairs (an array value becomes one line per item). */
  _headerPairs() {
    const pairs = [];
    const headers = this[kOutHeaders];
    if (headers === null) return pairs;
    for (const key of Object.keys(headers)) {
      const [name, value] = headers[key];
      if (Array.isArray(value)) for (const v of value) pairs.push([name, String(v)]);
      else pairs.push([name, String(value)]);
    }
    return pairs;
  }

  flushHeaders() {
    if (this._header === null) this._implicitHeader();
  }

  write(chunk, encoding, callback) {
    if (typeof encoding === "function") {
      callback = encoding;
      encoding = undefined;
    }
    return this._write(chunk, encoding, callback, false);
  }

  _write(chunk, encoding, callback, fromEnd) {
    if (chunk === null) throw codedError(TypeError, "ERR_STREAM_NULL_VALUES", "May not write null values to stream");
    const buffer = toBuffer(chunk, encoding);
    let error = null;
    if (this.finished && !fromEnd) error = writeAfterEnd();
    else if (this.destroyed) error = destroyedError(fromEnd ? "end" : "write");
    if (error !== null) {
      if (!this.destroyed) process.nextTick(() => this.emit("error", error));
      if (typeof callback === "function") process.nextTick(callback, error);
      return false;
    }
    if (this._header === null) this._implicitHeader();
    if (buffer.length > 0 && this._hasBody()) {
      this._chunks.push(buffer);
      this._contentLength += buffer.length;
    }
    if (typeof callback === "function") process.nextTick(callback);
    return true;
  }

  /** Whether this message may carry a body (HEAD responses, 204 and 304 may not). */
  _hasBody() {
    return true;
  }

  end(chunk, encoding, callback) {
    if (typeof chunk === "function") {
      callback = chunk;
      chunk = undefined;
    } else if (typeof encoding === "function") {
      callback = encoding;
      encoding = undefined;
    }
    if (this.finished) {
      if (typeof callback === "function") {
        if (!this._finished) this.once("finish", callback);
        else process.nextTick(callback, codedError(Error, "ERR_STREAM_ALREADY_FINISHED", "Cannot call end after a stream was finished"));
      }
      return this;
    }
    if (chunk !== undefined && chunk !== null) {
      if (this.destroyed) {
        const err = destroyedError("end");
        if (typeof callback === "function") process.nextTick(callback, err);
        return this;
      }
      this._write(chunk, encoding, undefined, true);
    } else if (this._header === null) {
      this._implicitHeader();
    }
    if (typeof callback === "function") this.once("finish", callback);
    this.finished = true;
    this.writable = false;
    const body = this._chunks.length === 1 ? this._chunks[0] : Buffer.concat(this._chunks, this._contentLength);
    this._chunks = [];
    this.emit("prefinish");
    this._send(body);
    return this;
  }

  /** Called by the subclass once the host took the message: 'finish', then the subclass's 'close'. */
  _onSent() {
    if (this._finished) return;
    this._finished = true;
    this.emit("finish");
  }

  setTimeout(msecs, callback) {
    if (callback) this.once("timeout", callback);
    return this;
  }

  destroy(error) {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.writable = false;
    this._destroy(error);
    return this;
  }

  /** What destroying means for the subclass. */
  _destroy() {}

  addTrailers() {}

  /** Subclasses: mark the headers sent (`_header`) with their first line. */
  _implicitHeader() {
    throw codedError(Error, "ERR_METHOD_NOT_IMPLEMENTED", "The _implicitHeader() method is not implemented");
  }

  /** Subclasses: hand the whole message to the host. */
  _send() {
    throw codedError(Error, "ERR_METHOD_NOT_IMPLEMENTED", "The _send() method is not implemented");
  }
}

function validateHeaders(headers) {
  if (headers === null || typeof headers !== "object") return;
  for (const key of Object.keys(headers)) {
    validateHeaderName(key);
    validateHeaderValue(key, headers[key]);
  }
}

export default { kOutHeaders, OutgoingMessage, validateHeaders };
