// http.ClientRequest: Node's argument handling, validation and events over
// one host op. The body is gathered in the guest; end() hands the request to
// the host (`http.request`, checked by the `network` permission there),
// whose answer becomes the IncomingMessage of 'response' — whole, or streamed
// as events on the request's host handle. destroy()/abort() abort the host
// side (`http.abort`).
/* global require */
import { errorFromData } from "../shared/errors.js";
import { notifyHost } from "../shared/host-notify.js";

const host = require("internal/host", true);
const { Buffer } = require("buffer");
const { urlToHttpOptions } = require("url");
const common = require("internal/http_common", true);
const { OutgoingMessage } = require("internal/http_outgoing", true);
const { IncomingMessage } = require("internal/http_incoming", true);

const { codedError, invalidArgType, outOfRange, abortError, connResetError, checkIsHttpToken, validatePort, validateNumber, unsupported } = common;

const INVALID_PATH = /[^\u0021-\u00ff]/;
/** Characters that cannot be in a host name; Node's resolver would not find such a host. */
const INVALID_HOST = /[\s/?#@\\%<>^`{|}]/;
const NO_CHUNKED = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"]);

function isURL(value) {
  return value !== null && typeof value === "object" && typeof value.href === "string" && typeof value.protocol === "string" &&
    value.auth === undefined && value.path === undefined;
}

function validateHost(value, name) {
  if (value !== null && value !== undefined && typeof value !== "string") {
    throw invalidArgType(`options.${name}`, "string or one of undefined or null", value);
  }
  return value;
}

function timerDuration(value, name) {
  validateNumber(value, name);
  if (!(value >= 0 && value <= 2147483647)) throw outOfRange(name, ">= 0 && <= 2147483647", value);
  return value;
}

/** Node's getaddrinfo error for a host name no resolver would look up (its fields in Node's order). */
function notFoundError(hostname) {
  return errorFromData({ message: `getaddrinfo ENOTFOUND ${hostname}`, errno: -3008, code: "ENOTFOUND", syscall: "getaddrinfo", hostname }, ["errno", "code", "syscall", "hostname"]);
}

class ClientRequest extends OutgoingMessage {
  constructor(input, options, cb) {
    super();
    if (typeof input === "string") input = urlToHttpOptions(new URL(input));
    else if (isURL(input)) input = urlToHttpOptions(input);
    else {
      cb = options;
      options = input;
      input = null;
    }
    if (typeof options === "function") {
      cb = options;
      options = input || {};
    } else {
      options = Object.assign(input || {}, options);
    }

    const defaultAgent = options._defaultAgent || common.globalAgent;
    let agent = options.agent;
    if (agent === false) agent = new defaultAgent.constructor();
    else if (agent === null || agent === undefined) agent = defaultAgent;
    else if (typeof agent.addRequest !== "function") throw agentTypeError(agent);
    this.agent = agent;

    const protocol = options.protocol || defaultAgent.protocol;
    const expectedProtocol = agent && agent.protocol ? agent.protocol : defaultAgent.protocol;
    if (options.path) {
      const path = String(options.path);
      if (INVALID_PATH.test(path)) throw codedError(TypeError, "ERR_UNESCAPED_CHARACTERS", "Request path contains unescaped characters");
    }
    if (protocol !== expectedProtocol) {
      throw codedError(TypeError, "ERR_INVALID_PROTOCOL", `Protocol "${protocol}" not supported. Expected "${expectedProtocol}"`);
    }
    const defaultPort = options.defaultPort || (agent && agent.defaultPort);
    const port = options.port || defaultPort || 80;
    const hostName = validateHost(options.hostname, "hostname") || validateHost(options.host, "host") || "localhost";
    const setHost = options.setHost === undefined || Boolean(options.setHost);
    if (options.socketPath !== undefined && options.socketPath !== null) throw unsupported("http.request() over a Unix socket (options.socketPath)");
    if (options.timeout !== undefined) this.timeout = timerDuration(options.timeout, "timeout");

    let method = options.method;
    if (method !== null && method !== undefined && typeof method !== "string") throw invalidArgType("options.method", "string", method);
    if (typeof method === "string" && method) {
      if (!checkIsHttpToken(method)) throw codedError(TypeError, "ERR_INVALID_HTTP_TOKEN", `Method must be a valid HTTP token ["${method}"]`);
      method = method.toUpperCase();
    } else {
      method = "GET";
    }
    this.method = method;
    const maxHeaderSize = options.maxHeaderSize;
    if (maxHeaderSize !== undefined) {
      validateNumber(maxHeaderSize, "maxHeaderSize");
      if (!Number.isInteger(maxHeaderSize)) throw outOfRange("maxHeaderSize", "an integer", maxHeaderSize);
      if (maxHeaderSize < 0 || maxHeaderSize > Number.MAX_SAFE_INTEGER) throw outOfRange("maxHeaderSize", ">= 0 && <= 9007199254740991", maxHeaderSize);
    }
    this.maxHeaderSize = maxHeaderSize;
    this.insecureHTTPParser = options.insecureHTTPParser === undefined ? undefined : Boolean(options.insecureHTTPParser);
    this.joinDuplicateHeaders = options.joinDuplicateHeaders;
    this.path = options.path || "/";
    if (cb) this.once("response", cb);
    this.useChunkedEncodingByDefault = !NO_CHUNKED.has(method);
    this.host = hostName;
    this.protocol = protocol;
    this.socketPath = undefined;
    this.res = null;
    this.aborted = false;
    this.timeoutCb = null;
    this.upgradeOrConnect = false;
    this.parser = null;
    this.maxHeadersCount = null;
    this.reusedSocket = false;
    this._port = validatePort(port);
    this._rawHeaders = null;
    this._handle = null;
    this._closed = false;
    this._timer = null;
    this._timeoutMs = 0;
    this._early = null;

    if (Array.isArray(options.headers)) {
      const raw = options.headers;
      const pairs = [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        common.validateHeaderName(raw[i]);
        common.validateHeaderValue(raw[i], raw[i + 1]);
        pairs.push([String(raw[i]), String(raw[i + 1])]);
      }
      this._rawHeaders = pairs;
      this._header = `${method} ${this.path} HTTP/1.1\r\n`;
    } else {
      if (options.headers) for (const key of Object.keys(options.headers)) this.setHeader(key, options.headers[key]);
      if (hostName && !this.getHeader("host") && setHost) {
        let hostHeader = hostName;
        const colon = hostHeader.indexOf(":");
        if (colon !== -1 && hostHeader.includes(":", colon + 1) && hostHeader[0] !== "[") hostHeader = `[${hostHeader}]`;
        if (port && +port !== defaultPort) hostHeader += ":" + port;
        this.setHeader("Host", hostHeader);
      }
      if (options.auth && !this.getHeader("Authorization")) {
        this.setHeader("Authorization", "Basic " + Buffer.from(options.auth).toString("base64"));
      }
    }

    const signal = options.signal;
    if (signal !== undefined) {
      if (signal === null || typeof signal !== "object" || !("aborted" in signal)) throw invalidArgType("signal", "an instance of AbortSignal", signal);
      const onAbort = () => this.destroy(abortError(signal.reason));
      if (signal.aborted) process.nextTick(onAbort);
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        this.once("close", () => signal.removeEventListener("abort", onAbort));
      }
    }
    process.nextTick(() => this._assignSocket());
  }

  _assignSocket() {
    if (this.destroyed) return;
    this.socket = new common.Socket({ remoteAddress: this.host, remotePort: this._port, encrypted: this.protocol === "https:" }, this);
    this.emit("socket", this.socket);
    if (this.timeout !== undefined) this.setTimeout(this.timeout);
    // The host's adapter sends the whole request at once: a client waiting for "100 Continue" may go on.
    const expect = this.getHeader("expect");
    if (typeof expect === "string" && /100-continue/i.test(expect)) process.nextTick(() => this.destroyed || this.emit("continue"));
  }

  _implicitHeader() {
    this._header = `${this.method} ${this.path} HTTP/1.1\r\n`;
  }

  _hasBody() {
    return true;
  }

  /** The request as the host op takes it: absolute URL, header pairs. */
  _target() {
    const hostPart = this.host.includes(":") && this.host[0] !== "[" ? `[${this.host}]` : this.host;
    const path = this.path[0] === "/" ? this.path : "/" + this.path;
    return `${this.protocol}//${hostPart}:${this._port}${path}`;
  }

  _send(body) {
    if (this.destroyed) return;
    if (INVALID_HOST.test(this.host) || this.host === "") {
      const err = notFoundError(this.host);
      process.nextTick(() => this._fail(err));
      return;
    }
    const headers = this._headerPairs();
    if (this._rawHeaders !== null) headers.push(...this._rawHeaders);
    const handle = host.openHandle((name, value) => this._onHostEvent(name, value));
    this._handle = handle;
    let pending;
    try {
      pending = body.length > 0
        ? host.callAsyncBytes("http.request", 4, body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength), handle.id, this._target(), this.method, headers)
        : host.callAsync("http.request", handle.id, this._target(), this.method, headers, null);
    } catch (err) {
      this._closeHandle();
      process.nextTick(() => this._fail(err));
      return;
    }
    pending.then((result) => this._onHead(result), (err) => this._onFailure(err));
    process.nextTick(() => this._onSent());
  }

  /** The host answered with the response head (and the whole body unless it streams). */
  _onHead(result) {
    if (this.destroyed) return this._closeHandle();
    const res = new IncomingMessage(this.socket);
    res.req = this;
    res.statusCode = result.status;
    res.statusMessage = result.statusText;
    res.joinDuplicateHeaders = Boolean(this.joinDuplicateHeaders);
    res._setHead(result.httpVersion, result.headers);
    res._onAbort = () => this._abortHost();
    res.on("end", () => {
      this._clearTimer();
      // As Node frees the socket: the request closes after 'end', before the response's 'close'.
      process.nextTick(() => this._emitClose());
    });
    this.res = res;
    this._touch();
    if (!this.emit("response", res)) res._dump();
    if (!result.streaming) {
      this._closeHandle();
      if (result.body !== null && result.body !== undefined) res._pushBody(result.body);
      res._pushEnd();
    } else if (this._early) {
      const early = this._early;
      this._early = null;
      for (const [name, value] of early) this._onHostEvent(name, value);
    }
  }

  /**
   * The host op failed: a network error as Node's (`connect ECONNREFUSED
   * 127.0.0.1:1` with its address and port), a denial, a bad argument. A
   * request destroyed meanwhile reports its own error instead.
   */
  _onFailure(err) {
    if (this.destroyed) return this._closeHandle();
    this._fail(err);
  }

  /** Body chunks and the end of a streamed response. */
  _onHostEvent(name, value) {
    const res = this.res;
    if (res === null) {
      // Arrived ahead of the head: replayed once the response exists.
      (this._early || (this._early = [])).push([name, value]);
      return;
    }
    if (name === "data") {
      this._touch();
      res._pushBody(value);
    } else if (name === "end") {
      this._closeHandle();
      res._pushEnd();
    } else if (name === "error") {
      this._closeHandle();
      if (!res.complete) {
        res._abort(value && value.code && value.code !== "ECONNRESET" ? value : undefined);
        this._emitClose();
      }
    }
  }

  _fail(err) {
    this._closeHandle();
    if (this._closed) return;
    this._clearTimer();
    if (!this.destroyed) this.destroyed = true;
    this.emit("error", err);
    this._emitClose();
  }

  _emitClose() {
    if (this._closed) return;
    this._closed = true;
    this._clearTimer();
    this.emit("close");
  }

  _closeHandle() {
    if (this._handle !== null) {
      this._handle.close();
      this._handle = null;
    }
  }

  /** Stops the host's side of the request (nothing happens if it already finished). */
  _abortHost() {
    if (this._handle !== null) {
      const id = this._handle.id;
      this._closeHandle();
      const later = notifyHost(host, "http.abort", [id]);
      if (later !== null) later.then(undefined, () => {});
    }
  }

  abort() {
    if (this.aborted) return;
    this.aborted = true;
    process.nextTick(() => this.emit("abort"));
    this.destroy();
  }

  destroy(err) {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.writable = false;
    const res = this.res;
    if (res) res._dump();
    this._abortHost();
    this._clearTimer();
    if (this.socket) this.socket.destroyed = true;
    process.nextTick(() => {
      if (err) this.emit("error", err);
      else if (!res && !this.aborted) this.emit("error", connResetError("socket hang up"));
      if (res && !res.complete) res.destroy(connResetError("aborted"));
      this._emitClose();
    });
    return this;
  }

  setTimeout(msecs, callback) {
    if (callback) this.once("timeout", callback);
    this.timeout = timerDuration(msecs, "msecs");
    if (this.socket) this._socketTimeout(this.timeout);
    return this;
  }

  /** The idle timer (the stand-in socket's timeout): 'timeout' after `ms` without news from the host. */
  _socketTimeout(ms) {
    this._timeoutMs = ms;
    this._touch();
  }

  _touch() {
    this._clearTimer();
    if (this._timeoutMs > 0 && !this._closed && !this.destroyed) {
      this._timer = setTimeout(() => {
        this._timer = null;
        if (this.socket) this.socket.emit("timeout");
        this.emit("timeout");
      }, this._timeoutMs);
      if (this._timer && typeof this._timer.unref === "function") this._timer.unref();
    }
  }

  _clearTimer() {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  setNoDelay() {}

  setSocketKeepAlive() {}

  clearTimeout(callback) {
    this.setTimeout(0, callback);
  }
}

function agentTypeError(agent) {
  return codedError(TypeError, "ERR_INVALID_ARG_TYPE",
    `The "options.agent" property must be one of Agent-like Object, undefined, or false.${common.describeReceived(agent)}`);
}

/** `http.request(url?, options?, callback?)` with the given default agent (https passes its own). */
function request(defaultAgent, args) {
  let options = {};
  if (typeof args[0] === "string") options = urlToHttpOptions(new URL(args.shift()));
  else if (isURL(args[0])) options = urlToHttpOptions(args.shift());
  if (args[0] && typeof args[0] !== "function") Object.assign(options, args.shift());
  options._defaultAgent = defaultAgent;
  return new ClientRequest(options, args[0]);
}

export default { ClientRequest, request };
