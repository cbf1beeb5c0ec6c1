// tls.TLSSocket, tls.Server, tls.connect and tls.createServer. The sandbox has
// no sockets the guest drives (the host's network adapter carries https for
// fetch and node:http, see node:net), so no TLS handshake ever runs here:
// connect() checks its arguments as Node does, returns a TLSSocket and then
// fails it asynchronously with 'error' (ERR_QUICKEXEC_NO_RAW_SOCKETS), as a
// refused connection fails in Node; a Server can be made and configured, and
// listen() fails the same way. A TLSSocket has no handle, so its getters
// answer as Node's do for a socket without one (null).
/* global require */
const { Buffer } = require("buffer");
const net = require("net");
const { codedError } = require("internal/errors", true);
const { E, isArrayBufferView, validateFunction, validateString, validateInt32 } = require("internal/crypto_errors", true);
const common = require("internal/http_common", true);
const context = require("internal/tls_context", true);

function noTls(what) {
  return codedError(
    Error,
    "ERR_QUICKEXEC_NO_RAW_SOCKETS",
    `${what} cannot run: TLS sockets are not available in quickexec (the host makes https connections for fetch and https.request, never a socket the guest drives); use fetch or https`,
  );
}

/** A TLS client or server socket (one the sandbox never connects). */
class TLSSocket extends net.Socket {
  constructor(socket, opts) {
    super({}, null);
    const tlsOptions = { ...opts };
    if (tlsOptions.ALPNProtocols) context.convertALPNProtocols(tlsOptions.ALPNProtocols, tlsOptions);
    this._tlsOptions = tlsOptions;
    this._secureEstablished = false;
    this._securePending = false;
    this._newSessionPending = false;
    this._controlReleased = false;
    this.secureConnecting = true;
    this._SNICallback = null;
    this.servername = null;
    this.alpnProtocol = null;
    this.authorized = false;
    this.authorizationError = null;
    this.encrypted = true;
    this._handle = null;
    this.ssl = null;
    this.server = tlsOptions.server;
    this._parent = socket instanceof net.Socket ? socket : undefined;
    this.connecting = false;
  }
  disableRenegotiation() {
    this._renegotiationDisabled = true;
  }
  renegotiate(options, callback) {
    if (options === null || typeof options !== "object") throw E.invalidArgType("options", "of type object", options);
    if (callback !== undefined) validateFunction(callback, "callback");
    if (this.destroyed) return false;
    if (callback) process.nextTick(callback, noTls("tlsSocket.renegotiate()"));
    return false;
  }
  exportKeyingMaterial(length, label, ctx) {
    validateInt32(length, "length", 1, 4294967295);
    validateString(label, "label");
    if (ctx !== undefined && !isArrayBufferView(ctx)) throw E.invalidArgType("context", "an instance of Buffer, TypedArray, or DataView", ctx);
    throw codedError(Error, "ERR_TLS_INVALID_STATE", "TLS socket connection must be securely established");
  }
  setMaxSendFragment(size) {
    validateInt32(size, "size");
    return false;
  }
  setServername(name) {
    validateString(name, "name");
    if (this._tlsOptions.isServer) throw codedError(Error, "ERR_TLS_SNI_FROM_SERVER", "Cannot issue SNI from a TLS server-side socket");
    this.servername = name;
  }
  setSession(session) {
    if (typeof session === "string") session = Buffer.from(session, "latin1");
    this._session = session;
  }
  setKeyCert(ctx) {
    if (!(ctx instanceof context.SecureContext)) context.createSecureContext(ctx);
  }
  getPeerCertificate() {
    return null;
  }
  getCertificate() {
    return null;
  }
  getPeerX509Certificate() {
    return undefined;
  }
  getX509Certificate() {
    return undefined;
  }
  destroy(error) {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.readable = this.writable = false;
    this.connecting = false;
    process.nextTick(() => {
      if (error) this.emit("error", error);
      this.emit("close", Boolean(error));
    });
    return this;
  }
  connect() {
    throw noTls("tlsSocket.connect()");
  }
}
for (const name of ["getCipher", "getSharedSigalgs", "getEphemeralKeyInfo", "getFinished", "getPeerFinished", "getProtocol", "getSession", "getTLSTicket", "isSessionReused", "enableTrace"]) {
  Object.defineProperty(TLSSocket.prototype, name, {
    value: { [name]: () => null }[name],
    writable: true,
    configurable: true,
  });
}

function normalizeConnectArgs(listArgs) {
  let options = {};
  let cb = null;
  if (listArgs.length > 0 && typeof listArgs[listArgs.length - 1] === "function") cb = listArgs[listArgs.length - 1];
  const first = listArgs[0];
  if (first !== null && typeof first === "object") {
    options = { ...first };
  } else if (typeof first === "string" && !/^\d+$/.test(first)) {
    options.path = first;
  } else if (first !== undefined && typeof first !== "function") {
    options.port = first;
    if (typeof listArgs[1] === "string") options.host = listArgs[1];
  }
  if (listArgs[1] !== null && typeof listArgs[1] === "object") Object.assign(options, listArgs[1]);
  else if (listArgs[2] !== null && typeof listArgs[2] === "object") Object.assign(options, listArgs[2]);
  return [options, cb];
}

let ipServernameWarned = false;

/** tls.connect(): Node's argument checks, then a socket that fails with 'error' on the next tick. */
function connect(...args) {
  const tls = require("tls");
  let [options, cb] = normalizeConnectArgs(args);
  const allowUnauthorized = process.env.NODE_TLS_REJECT_UNAUTHORIZED === "0";
  options = { rejectUnauthorized: !allowUnauthorized, ciphers: tls.DEFAULT_CIPHERS, checkServerIdentity: tls.checkServerIdentity, minDHSize: 1024, ...options };
  if (!options.keepAlive) options.singleUse = true;
  if (typeof options.checkServerIdentity !== "function") throw E.invalidArgType("options.checkServerIdentity", "of type function", options.checkServerIdentity);
  if (typeof options.minDHSize !== "number") throw E.invalidArgType("options.minDHSize", "of type number", options.minDHSize);
  if (options.minDHSize < 1) throw E.outOfRange("options.minDHSize", ">= 1", options.minDHSize);
  if (!options.secureContext) context.createSecureContext(options);
  if (!options.socket) {
    if (options.port === undefined && options.path == null) {
      throw codedError(TypeError, "ERR_MISSING_ARGS", 'The "options" or "port" or "path" argument must be specified');
    }
    if (options.port !== undefined) {
      if (typeof options.port !== "number" && typeof options.port !== "string") {
        throw E.invalidArgType("options.port", "one of type number or string", options.port);
      }
      common.validatePort(options.port);
    }
  }
  const socket = new TLSSocket(options.socket, { ...options, isServer: false, server: undefined });
  socket.connecting = !options.socket;
  if (cb) socket.once("secureConnect", cb);
  if (options.servername) {
    if (!ipServernameWarned && net.isIP(options.servername)) {
      process.emitWarning("Setting the TLS ServerName to an IP address is not permitted by RFC 6066. This will be ignored in a future version.", "DeprecationWarning", "DEP0123");
      ipServernameWarned = true;
    }
    socket.setServername(options.servername);
  }
  socket.destroy(noTls("tls.connect()"));
  return socket;
}

/** tls.Server: holds its options and secure context; listen() fails with 'error'. */
class TLSServer extends net.Server {
  constructor(options, listener) {
    if (typeof options === "function") {
      listener = options;
      options = {};
    } else if (options == null || typeof options === "object") {
      options = options ?? {};
    } else {
      throw E.invalidArgType("options", "of type object", options);
    }
    super(options);
    this._contexts = [];
    this.requestCert = options.requestCert === true;
    this.rejectUnauthorized = options.rejectUnauthorized !== false;
    if (options.ALPNCallback !== undefined) validateFunction(options.ALPNCallback, "options.ALPNCallback");
    this.ALPNCallback = options.ALPNCallback;
    if (options.ALPNCallback && options.ALPNProtocols) {
      throw codedError(TypeError, "ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS", "The ALPNCallback and ALPNProtocols TLS options are mutually exclusive");
    }
    if (options.sessionTimeout) this.sessionTimeout = options.sessionTimeout;
    if (options.ALPNProtocols) context.convertALPNProtocols(options.ALPNProtocols, this);
    this.setSecureContext(options);
    this._handshakeTimeout = options.handshakeTimeout || 120 * 1000;
    if (typeof this._handshakeTimeout !== "number") throw E.invalidArgType("options.handshakeTimeout", "of type number", options.handshakeTimeout);
    if (options.SNICallback && typeof options.SNICallback !== "function") throw E.invalidArgType("options.SNICallback", "of type function", options.SNICallback);
    if (listener) this.on("secureConnection", listener);
  }
  setSecureContext(options) {
    if (options === null || typeof options !== "object") throw E.invalidArgType("options", "of type object", options);
    for (const key of ["pfx", "key", "passphrase", "cert", "clientCertEngine", "ca", "minVersion", "maxVersion", "secureProtocol", "crl", "sigalgs", "ciphers", "ecdhCurve", "dhparam", "honorCipherOrder", "secureOptions", "sessionIdContext", "privateKeyIdentifier", "privateKeyEngine"]) {
      this[key] = key === "honorCipherOrder" ? Boolean(options[key]) : options[key];
    }
    this._sharedCreds = context.createSecureContext(options);
    this._ticketKeys = options.ticketKeys ? Buffer.from(options.ticketKeys) : require("crypto").randomBytes(48);
  }
  addContext(servername, ctx) {
    if (!servername) throw codedError(Error, "ERR_TLS_REQUIRED_SERVER_NAME", '"servername" is required parameter for Server.addContext');
    const re = new RegExp("^" + servername.replace(/([.^$+?\-\\[\]{}])/g, "\\$1").replace(/\*/g, "[^.]*") + "$");
    this._contexts.push([re, ctx instanceof context.SecureContext ? ctx : context.createSecureContext(ctx)]);
  }
  getTicketKeys() {
    return Buffer.from(this._ticketKeys);
  }
  setTicketKeys(keys) {
    if (!isArrayBufferView(keys)) throw E.invalidArgType("buffer", "an instance of Buffer, TypedArray, or DataView", keys);
    if (keys.byteLength !== 48) {
      // Node checks this with an internal assertion, and says so.
      throw codedError(
        Error,
        "ERR_INTERNAL_ASSERTION",
        "Session ticket keys must be a 48-byte buffer\nThis is caused by either a bug in Node.js or incorrect usage of Node.js internals.\nPlease open an issue with this stack trace at https://github.com/nodejs/node/issues\n",
      );
    }
    this._ticketKeys = Buffer.from(keys.buffer, keys.byteOffset, keys.byteLength);
  }
  listen() {
    const err = noTls("tls.Server.listen()");
    process.nextTick(() => this.emit("error", err));
    return this;
  }
}

// As in Node, tls.Server may be called without `new`.
function Server(options, listener) {
  return Reflect.construct(TLSServer, [options, listener], new.target || Server);
}
Server.prototype = TLSServer.prototype;
Object.defineProperty(TLSServer.prototype, "constructor", { value: Server, writable: true, configurable: true });
Object.setPrototypeOf(Server, net.Server);

function createServer(options, listener) {
  return new Server(options, listener);
}

let pairWarned = false;
/** tls.createSecurePair (DEP0064): a TLS engine over two streams, which the sandbox lacks. */
function createSecurePair() {
  if (!pairWarned) {
    pairWarned = true;
    process.emitWarning("tls.createSecurePair() is deprecated. Please use tls.TLSSocket instead.", "DeprecationWarning", "DEP0064");
  }
  throw noTls("tls.createSecurePair()");
}

export default { TLSSocket, Server, connect, createServer, createSecurePair };
