// Shared parts of node:http and node:https that need no stream: status codes,
// methods, Node's errors and validators for tokens and header values, the
// Agent class, and the stand-in socket requests and responses expose.
// Loading this costs little; the stream-based classes live in
// internal/http_outgoing, internal/http_incoming, internal/http_client and
// internal/http_server and load on first use.
/* global require */
import { invalidArgType, outOfRange, describeReceived, codedError, abortError, connResetError } from "../shared/errors.js";

const EventEmitter = require("events");

const METHODS = [
  "ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK", "M-SEARCH", "MERGE", "MKACTIVITY",
  "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY", "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "QUERY", "REBIND",
  "REPORT", "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE",
];

const STATUS_CODES = {
  100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints",
  200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content", 205: "Reset Content",
  206: "Partial Content", 207: "Multi-Status", 208: "Already Reported", 226: "IM Used",
  300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified", 305: "Use Proxy",
  307: "Temporary Redirect", 308: "Permanent Redirect",
  400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict", 410: "Gone",
  411: "Length Required", 412: "Precondition Failed", 413: "Payload Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
  416: "Range Not Satisfiable", 417: "Expectation Failed", 418: "I'm a Teapot", 421: "Misdirected Request",
  422: "Unprocessable Entity", 423: "Locked", 424: "Failed Dependency", 425: "Too Early", 426: "Upgrade Required",
  428: "Precondition Required", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
  505: "HTTP Version Not Supported", 506: "Variant Also Negotiates", 507: "Insufficient Storage", 508: "Loop Detected",
  509: "Bandwidth Limit Exceeded", 510: "Not Extended", 511: "Network Authentication Required",
};

/** Node's default for --max-http-header-size. */
const maxHeaderSize = 16384;

// ---- errors -----------------------------------------------------------------

function headersSentError(action = "set") {
  return codedError(Error, "ERR_HTTP_HEADERS_SENT", `Cannot ${action} headers after they are sent to the client`);
}

/** What the sandbox cannot do, said plainly. */
function unsupported(what) {
  return codedError(Error, "ERR_QUICKEXEC_UNSUPPORTED", `${what} is not supported in the sandbox`);
}

// ---- validation ---------------------------------------------------------------

const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

function checkIsHttpToken(value) {
  return typeof value === "string" && TOKEN.test(value);
}

function validateHeaderName(name, label = "Header name") {
  if (typeof name !== "string" || !name || !TOKEN.test(name)) {
    throw codedError(TypeError, "ERR_INVALID_HTTP_TOKEN", `${label} must be a valid HTTP token ["${name}"]`);
  }
}

function validateHeaderValue(name, value) {
  if (value === undefined) {
    throw codedError(TypeError, "ERR_HTTP_INVALID_HEADER_VALUE", `Invalid value "${value}" for header "${name}"`);
  }
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (INVALID_HEADER_CHAR.test(String(v))) {
      throw codedError(TypeError, "ERR_INVALID_CHAR", `Invalid character in header content ["${name}"]`);
    }
  }
}

/** Node's `validatePort` (as net.connect and server.listen check ports). */
function validatePort(port, name = "Port", allowZero = true) {
  const ok = (typeof port === "number" || (typeof port === "string" && port.trim() !== "")) &&
    +port === (+port >>> 0) && +port <= 0xffff && (allowZero || +port !== 0);
  if (!ok) {
    throw codedError(RangeError, "ERR_SOCKET_BAD_PORT", `${name} should be >= 0 and < 65536.${describeReceived(port)}.`);
  }
  return +port;
}

function validateNumber(value, name) {
  if (typeof value !== "number") throw invalidArgType(name, "number", value);
}

// ---- the Agent ------------------------------------------------------------------

/**
 * http.Agent. Connections are pooled by the host's network adapter, so an
 * Agent here keeps its options and the bookkeeping fields Node exposes (all
 * empty), and names connections as Node does.
 */
class Agent extends EventEmitter {
  constructor(options) {
    super();
    this.defaultPort = 80;
    this.protocol = "http:";
    this.options = { __proto__: null, ...options };
    if (this.options.noDelay === undefined) this.options.noDelay = true;
    this.options.path = null;
    this.requests = Object.create(null);
    this.sockets = Object.create(null);
    this.freeSockets = Object.create(null);
    this.keepAliveMsecs = this.options.keepAliveMsecs || 1000;
    this.keepAlive = this.options.keepAlive || false;
    this.maxSockets = this.options.maxSockets || Agent.defaultMaxSockets;
    this.maxFreeSockets = this.options.maxFreeSockets || 256;
    this.scheduling = this.options.scheduling || "lifo";
    this.maxTotalSockets = this.options.maxTotalSockets;
    this.totalSocketCount = 0;
    if (this.scheduling !== "fifo" && this.scheduling !== "lifo") {
      throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'scheduling' must be one of: 'fifo', 'lifo'. Received '${this.scheduling}'`);
    }
    if (this.maxTotalSockets !== undefined) {
      if (typeof this.maxTotalSockets !== "number") throw invalidArgType("maxTotalSockets", "number", this.maxTotalSockets);
      if (!(this.maxTotalSockets > 0)) throw outOfRange("maxTotalSockets", "> 0", this.maxTotalSockets);
    } else {
      this.maxTotalSockets = Infinity;
    }
  }

  /** The pool key of a request, as Node builds it (`host:port:localAddress:family`). */
  getName(options = {}) {
    let name = options.host || "localhost";
    name += ":";
    if (options.port) name += options.port;
    name += ":";
    if (options.localAddress) name += options.localAddress;
    if (options.family === 4 || options.family === 6) name += `:${options.family}`;
    if (options.socketPath) name += `:${options.socketPath}`;
    return name;
  }

  /** Node's agent hands the request a socket here; the host's adapter owns connections, so nothing is to do. */
  addRequest() {}

  createConnection() {
    throw unsupported("Agent.createConnection()");
  }

  keepSocketAlive() {
    return true;
  }

  reuseSocket() {}

  destroy() {}
}
Agent.defaultMaxSockets = Infinity;

const globalAgent = new Agent({ keepAlive: true, scheduling: "lifo", timeout: 5000 });

// ---- the stand-in socket ---------------------------------------------------------

/**
 * What `req.socket` / `res.socket` is: the guest has no sockets (the host's
 * adapter owns the connection), so this carries the addresses and accepts the
 * socket calls libraries make (setTimeout, setNoDelay, setKeepAlive, ref,
 * unref, destroy), forwarding timeouts and destruction to its owner.
 */
class Socket extends EventEmitter {
  constructor(info = {}, owner = null) {
    super();
    this.remoteAddress = info.remoteAddress;
    this.remotePort = info.remotePort;
    this.remoteFamily = info.remoteAddress === undefined ? undefined : info.remoteAddress.includes(":") ? "IPv6" : "IPv4";
    this.localAddress = info.localAddress;
    this.localPort = info.localPort;
    this.encrypted = info.encrypted ? true : undefined;
    this.readable = true;
    this.writable = true;
    this.destroyed = false;
    this.connecting = false;
    this.timeout = 0;
    this._owner = owner;
  }

  address() {
    return this.localAddress === undefined ? {} : { address: this.localAddress, family: this.localAddress.includes(":") ? "IPv6" : "IPv4", port: this.localPort };
  }

  setTimeout(ms, callback) {
    this.timeout = ms;
    if (callback) this.once("timeout", callback);
    if (this._owner && typeof this._owner._socketTimeout === "function") this._owner._socketTimeout(ms);
    return this;
  }

  setNoDelay() {
    return this;
  }

  setKeepAlive() {
    return this;
  }

  setEncoding() {
    return this;
  }

  ref() {
    return this;
  }

  unref() {
    return this;
  }

  pause() {
    return this;
  }

  resume() {
    return this;
  }

  end() {
    return this.destroy();
  }

  destroy(error) {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.readable = this.writable = false;
    if (this._owner && typeof this._owner.destroy === "function") this._owner.destroy(error);
    return this;
  }
}

export default { METHODS, STATUS_CODES, maxHeaderSize, codedError, invalidArgType, outOfRange, describeReceived, headersSentError, abortError, connResetError, unsupported, checkIsHttpToken, validateHeaderName, validateHeaderValue, validatePort, validateNumber, Agent, globalAgent, Socket };
