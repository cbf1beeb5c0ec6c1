// http.Server and http.ServerResponse. listen() asks the host to start a
// server (`server.listen`, checked as a `listen` network request there); the
// host pushes each request to the server's handle as a "request" event, and
// res.end() answers it (`server.respond`). A listening server's handle is
// ref'd, keeping the program alive until close() or unref().
/* global require */
import { errorFromData } from "../shared/errors.js";
import { notifyHost } from "../shared/host-notify.js";

const host = require("internal/host", true);
const EventEmitter = require("events");
const common = require("internal/http_common", true);
const { OutgoingMessage, kOutHeaders } = require("internal/http_outgoing", true);
const { IncomingMessage } = require("internal/http_incoming", true);

const { codedError, invalidArgType, STATUS_CODES, validatePort, validateHeaderName, validateHeaderValue, unsupported } = common;

const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

function invalidArgValue(name, value, reason = "is invalid") {
  let shown;
  try {
    shown = require("util").inspect(value);
  } catch {
    shown = String(value);
  }
  return codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument '${name}' ${reason}. Received ${shown}`);
}

function isNumeric(value) {
  return typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value));
}

function serverNotRunning() {
  return codedError(Error, "ERR_SERVER_NOT_RUNNING", "Server is not running.");
}

/**
 * The error listen() reports: a failure to listen (syscall "listen", with
 * the address) gets the fields in Node's order for it (code before errno,
 * as libuv's listen errors have them); any other (a denial, no network)
 * stays as the host raised it.
 */
function listenError(err) {
  if (err === null || typeof err !== "object" || err.syscall !== "listen" || typeof err.address !== "string") return err;
  return errorFromData(err, ["code", "errno", "syscall", "address", "port"]);
}

class ServerResponse extends OutgoingMessage {
  constructor(req, options) {
    super();
    this.req = req;
    this.statusCode = 200;
    this.statusMessage = undefined;
    this.sendDate = true;
    this.strictContentLength = false;
    this.useChunkedEncodingByDefault = true;
    this._writeHeadPairs = [];
    this._server = null;
    this._serverId = 0;
    this._requestId = 0;
    this._closed = false;
    if (options && options.highWaterMark !== undefined) this._highWaterMark = options.highWaterMark;
  }

  _hasBody() {
    return !this.req || this.req.method !== "HEAD";
  }

  writeHead(statusCode, reason, obj) {
    if (this._header !== null) throw common.headersSentError("write");
    const original = statusCode;
    statusCode |= 0;
    if (statusCode < 100 || statusCode > 999) throw codedError(RangeError, "ERR_HTTP_INVALID_STATUS_CODE", `Invalid status code: ${original}`);
    if (typeof reason === "string") {
      this.statusMessage = reason;
    } else {
      if (!this.statusMessage) this.statusMessage = STATUS_CODES[statusCode] || "unknown";
      if (obj === undefined || obj === null) obj = reason;
    }
    this.statusCode = statusCode;
    const pairs = [];
    const add = (name, value) => {
      validateHeaderName(name);
      validateHeaderValue(name, value);
      if (Array.isArray(value)) for (const v of value) pairs.push([name, String(v)]);
      else pairs.push([name, String(value)]);
    };
    if (this[kOutHeaders] !== null) {
      // Headers set before are merged with these (these win), as in Node.
      if (Array.isArray(obj)) {
        if (obj.length % 2 !== 0) throw invalidArgValue("headers", obj);
        for (let n = 0; n < obj.length; n += 2) if (obj[n]) this.setHeader(obj[n], obj[n + 1]);
      } else if (obj) {
        for (const key of Object.keys(obj)) if (key) this.setHeader(key, obj[key]);
      }
    } else if (Array.isArray(obj)) {
      if (obj.length > 0 && Array.isArray(obj[0])) for (const entry of obj) add(entry[0], entry[1]);
      else {
        if (obj.length % 2 !== 0) throw invalidArgValue("headers", obj);
        for (let n = 0; n < obj.length; n += 2) add(obj[n], obj[n + 1]);
      }
    } else if (obj) {
      for (const key of Object.keys(obj)) add(key, obj[key]);
    }
    if (INVALID_HEADER_CHAR.test(this.statusMessage)) throw codedError(TypeError, "ERR_INVALID_CHAR", "Invalid character in statusMessage");
    this._writeHeadPairs = pairs;
    this._header = `HTTP/1.1 ${statusCode} ${this.statusMessage}\r\n`;
    return this;
  }

  _implicitHeader() {
    this.writeHead(this.statusCode);
  }

  writeContinue(callback) {
    if (callback) process.nextTick(callback);
  }

  writeProcessing(callback) {
    if (callback) process.nextTick(callback);
  }

  writeEarlyHints(hints, callback) {
    if (callback) process.nextTick(callback);
  }

  assignSocket(socket) {
    this.socket = socket;
    this.emit("socket", socket);
  }

  detachSocket() {
    this.socket = null;
  }

  /** Hands the response to the host, which answers the request with it. */
  _send(body) {
    const status = this.statusCode;
    const noBody = !this._hasBody() || status === 204 || status === 304 || (status >= 100 && status < 200);
    const pairs = this._headerPairs().concat(this._writeHeadPairs);
    if (this.sendDate && !pairs.some(([name]) => name.toLowerCase() === "date")) pairs.push(["Date", new Date().toUTCString()]);
    const bytes = noBody || body.length === 0 ? new ArrayBuffer(0) : body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
    const server = this._server;
    if (server !== null) {
      try {
        const later = notifyHost(host, "server.respond", [this._serverId, this._requestId, status, this.statusMessage, pairs], 5, bytes);
        if (later !== null) later.then(undefined, (err) => this.emit("error", err));
      } catch (err) {
        process.nextTick(() => this.emit("error", err));
      }
      server._requestDone();
    }
    process.nextTick(() => {
      this._onSent();
      this._emitClose();
      if (this.req && !this.req._consuming && !this.req.readableEnded) this.req._dump();
    });
  }

  _destroy() {
    const server = this._server;
    if (!this.finished && server !== null) {
      try {
        const later = notifyHost(host, "server.abort", [this._serverId, this._requestId]);
        if (later !== null) later.then(undefined, () => {});
      } catch {
        // The server is already gone on the host: nothing is waiting for this response.
      }
      server._requestDone();
    }
    if (this.req && !this.req.destroyed) this.req.destroy();
    process.nextTick(() => this._emitClose());
  }

  _emitClose() {
    if (this._closed) return;
    this._closed = true;
    this.emit("close");
  }
}

class Server extends EventEmitter {
  constructor(options, requestListener) {
    super();
    if (typeof options === "function") {
      requestListener = options;
      options = {};
    } else if (options === undefined || options === null) {
      options = {};
    } else if (typeof options !== "object") {
      throw invalidArgType("options", "object", options);
    }
    this._IncomingMessage = options.IncomingMessage || IncomingMessage;
    this._ServerResponse = options.ServerResponse || ServerResponse;
    this.joinDuplicateHeaders = options.joinDuplicateHeaders;
    this.insecureHTTPParser = options.insecureHTTPParser;
    this.requireHostHeader = options.requireHostHeader === undefined ? true : Boolean(options.requireHostHeader);
    this.requestTimeout = options.requestTimeout === undefined ? 300000 : options.requestTimeout;
    this.headersTimeout = options.headersTimeout === undefined ? 60000 : options.headersTimeout;
    this.keepAliveTimeout = options.keepAliveTimeout === undefined ? 5000 : options.keepAliveTimeout;
    this.connectionsCheckingInterval = options.connectionsCheckingInterval === undefined ? 30000 : options.connectionsCheckingInterval;
    this.maxHeadersCount = null;
    this.maxRequestsPerSocket = 0;
    this.timeout = 0;
    this.listening = false;
    this._handle = null;
    this._address = null;
    this._refed = true;
    this._pending = 0;
    this._closing = false;
    this._early = [];
    if (requestListener) this.on("request", requestListener);
  }

  listen(...args) {
    let options = {};
    const first = args[0];
    if (first !== null && typeof first === "object") options = first;
    else if (typeof first === "string" && !isNumeric(first)) options = { path: first };
    else if (args.length > 0 && typeof first !== "function") {
      options = { port: first };
      if (args.length > 1 && typeof args[1] === "string") options.host = args[1];
    }
    const cb = typeof args[args.length - 1] === "function" ? args[args.length - 1] : null;
    if (this._handle !== null) throw codedError(Error, "ERR_SERVER_ALREADY_LISTEN", "Listen method has been called more than once without closing.");
    if (options._handle || options.handle || options.fd !== undefined) throw unsupported("server.listen() on a handle or file descriptor");
    if (args.length === 0 || typeof first === "function" || (options.port === undefined && "port" in options) || options.port === null) {
      options = { ...options, port: 0 };
    }
    if (typeof options.port === "number" || typeof options.port === "string") {
      const port = validatePort(options.port, "options.port");
      if (cb !== null) this.once("listening", cb);
      this._start(port, typeof options.host === "string" && options.host ? options.host : "", options.signal);
      return this;
    }
    if (options.path) throw unsupported("server.listen() on a Unix socket or pipe");
    if (!("port" in options) && !("path" in options)) throw invalidArgValue("options", options, 'must have the property "port" or "path"');
    throw invalidArgValue("options", options);
  }

  _start(port, hostName, signal) {
    const handle = host.openHandle((name, value) => this._onHostEvent(name, value));
    if (!this._refed) handle.unref();
    this._handle = handle;
    this._closing = false;
    if (signal !== undefined && signal !== null) {
      const onAbort = () => this.close();
      if (signal.aborted) process.nextTick(onAbort);
      else signal.addEventListener("abort", onAbort, { once: true });
    }
    host.callAsync("server.listen", handle.id, port, hostName).then(
      (result) => {
        if (this._handle !== handle) return;
        this._address = { address: result.address, family: result.family === 6 ? "IPv6" : "IPv4", port: result.port };
        this.listening = true;
        const early = this._early;
        this._early = [];
        if (this._closing) this._finishClose(handle);
        else this.emit("listening");
        for (const data of early) this._onHostEvent("request", data);
      },
      (err) => {
        if (this._handle === handle) this._failListen(handle, listenError(err));
      },
    );
  }

  _failListen(handle, err) {
    handle.close();
    this._handle = null;
    this.emit("error", err);
  }

  _onHostEvent(name, data) {
    if (name !== "request") return;
    // Ahead of the listen result: served once the server is listening.
    if (this._address === null) return void this._early.push(data);
    // Requests the host sent before a close() are still served, as on Node's open connections.
    const address = this._address;
    const socket = new common.Socket({ remoteAddress: data.remoteAddress, remotePort: data.remotePort, localAddress: address.address, localPort: address.port });
    const req = new this._IncomingMessage(socket);
    req.method = data.method;
    req.url = data.url;
    req.joinDuplicateHeaders = Boolean(this.joinDuplicateHeaders);
    req._setHead(data.httpVersion, data.headers);
    const res = new this._ServerResponse(req, {});
    res._server = this;
    res._serverId = this._handle.id;
    res._requestId = data.id;
    res.socket = socket;
    socket._owner = res;
    this._pending++;
    this.emit("connection", socket);
    this.emit("request", req, res);
    // As Node parses the body after the head: the handler runs first, with `complete` still false.
    req._pushBody(data.body);
    req._pushEnd();
  }

  /** One response went to the host; a closing server finishes once none is left. */
  _requestDone() {
    if (this._pending > 0) this._pending--;
  }

  address() {
    return this.listening && this._address !== null ? { ...this._address } : null;
  }

  close(callback) {
    if (typeof callback === "function") {
      if (this._handle === null) this.once("close", () => callback(serverNotRunning()));
      else this.once("close", callback);
    }
    const handle = this._handle;
    if (handle === null) {
      process.nextTick(() => this.emit("close"));
      return this;
    }
    if (this._closing) return this;
    this._closing = true;
    this.listening = false;
    // Still starting: closed as soon as the host has it.
    if (this._address === null) return this;
    this._finishClose(handle);
    return this;
  }

  _finishClose(handle) {
    this.listening = false;
    handle.unref();
    const done = () => {
      handle.close();
      if (this._handle === handle) this._handle = null;
      this._address = null;
      this.emit("close");
    };
    host.callAsync("server.close", handle.id).then(done, done);
  }

  closeAllConnections() {}

  closeIdleConnections() {}

  getConnections(callback) {
    if (typeof callback === "function") process.nextTick(callback, null, this._pending);
    return this;
  }

  setTimeout(msecs, callback) {
    this.timeout = msecs;
    if (callback) this.on("timeout", callback);
    return this;
  }

  ref() {
    this._refed = true;
    if (this._handle !== null && !this._closing) this._handle.ref();
    return this;
  }

  unref() {
    this._refed = false;
    if (this._handle !== null) this._handle.unref();
    return this;
  }
}
if (typeof Symbol.asyncDispose === "symbol") {
  Object.defineProperty(Server.prototype, Symbol.asyncDispose, {
    value() {
      return new Promise((resolve, reject) => this.close((err) => (err ? reject(err) : resolve())));
    },
    writable: true,
    configurable: true,
  });
}

function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

export default { Server, ServerResponse, createServer };
