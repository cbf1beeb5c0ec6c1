// node:dgram — createSocket and the Socket class with Node's argument
// checks and state errors (EBADF before bind, ERR_SOCKET_DGRAM_NOT_RUNNING
// after close, ERR_SOCKET_DGRAM_NOT_CONNECTED...). UDP is not carried by the
// host's network adapter, so binding (explicit, or the implicit bind of
// send() and connect()) fails asynchronously, the way a failed bind fails in
// Node: 'error' (or send's callback) with ERR_QUICKEXEC_NO_RAW_SOCKETS.
/* global require */
const EventEmitter = require("events");
const { Buffer } = require("buffer");
const { codedError } = require("internal/errors", true);
const { E } = require("internal/crypto_errors", true);
const common = require("internal/http_common", true);

const kState = Symbol("state");

function noUdp(what) {
  return codedError(Error, "ERR_QUICKEXEC_NO_RAW_SOCKETS", `${what} cannot run: UDP sockets are not available in quickexec (the host's network adapter carries fetch and http only)`);
}

function uvError(syscall, code = "EBADF", errno = -9) {
  const err = new Error(`${syscall} ${code}`);
  err.errno = errno;
  err.code = code;
  err.syscall = syscall;
  return err;
}

/** Node's validatePort for sending and connecting: 0 is not a port to send to. */
function validatePort(port) {
  const ok = (typeof port === "number" || (typeof port === "string" && port.trim() !== "")) && +port === +port >>> 0 && +port <= 0xffff && +port !== 0;
  if (!ok) throw codedError(RangeError, "ERR_SOCKET_BAD_PORT", `Port should be > 0 and < 65536.${common.describeReceived(port)}.`);
  return +port;
}

function notRunning() {
  return codedError(Error, "ERR_SOCKET_DGRAM_NOT_RUNNING", "Not running");
}

function validateType(type) {
  if (type !== "udp4" && type !== "udp6") throw codedError(TypeError, "ERR_SOCKET_BAD_TYPE", "Bad socket type specified. Valid types are: udp4, udp6");
}

class Socket extends EventEmitter {
  constructor(type, listener) {
    super();
    let options;
    if (type !== null && typeof type === "object") {
      options = type;
      type = options.type;
    } else {
      options = {};
    }
    validateType(type);
    for (const name of ["recvBufferSize", "sendBufferSize"]) {
      if (options[name] !== undefined && typeof options[name] !== "number") throw E.invalidArgType(`options.${name}`, "of type number", options[name]);
    }
    if (options.lookup !== undefined && typeof options.lookup !== "function") throw E.invalidArgType("options.lookup", "of type function", options.lookup);
    this.type = type;
    if (typeof listener === "function") this.on("message", listener);
    Object.defineProperty(this, kState, { value: { bound: false, binding: false, closed: false, connected: false }, enumerable: false });
    if (options.signal !== undefined) {
      const signal = options.signal;
      if (signal === null || typeof signal !== "object" || !("aborted" in signal)) throw E.invalidArgType("options.signal", "an instance of AbortSignal", signal);
      const onAborted = () => {
        if (!this[kState].closed) this.close();
      };
      if (signal.aborted) onAborted();
      else signal.addEventListener("abort", onAborted, { once: true });
    }
  }
  _healthCheck() {
    if (this[kState].closed) throw notRunning();
  }
  _failBind(what, callback) {
    const state = this[kState];
    state.binding = true;
    const err = noUdp(what);
    process.nextTick(() => {
      state.binding = false;
      if (typeof callback === "function") callback(err);
      else this.emit("error", err);
    });
  }
  bind(port, address, callback) {
    this._healthCheck();
    if (this[kState].bound || this[kState].binding) throw codedError(Error, "ERR_SOCKET_ALREADY_BOUND", "Socket is already bound");
    let options = port;
    if (options === null || typeof options !== "object") options = { port, address };
    if (typeof address === "function") callback = address;
    if (typeof port === "function") {
      callback = port;
      options = {};
    }
    if (options.address !== undefined && options.address !== null && typeof options.address !== "string" && typeof options.address !== "function") {
      throw E.invalidArgType("address", "of type string", options.address);
    }
    // A listening callback never runs: the bind fails.
    this._failBind("dgram.Socket.bind()");
    return this;
  }
  connect(port, address, callback) {
    if (typeof address === "function") {
      callback = address;
      address = "";
    }
    validatePort(port);
    this._healthCheck();
    if (this[kState].connected) throw codedError(Error, "ERR_SOCKET_DGRAM_IS_CONNECTED", "Already connected");
    if (callback !== undefined && typeof callback !== "function") throw E.invalidArgType("callback", "of type function", callback);
    this._failBind("dgram.Socket.connect()", callback);
  }
  disconnect() {
    this._healthCheck();
    if (!this[kState].connected) throw codedError(Error, "ERR_SOCKET_DGRAM_NOT_CONNECTED", "Not connected");
  }
  send(buffer, offset, length, port, address, callback) {
    const list = typeof buffer === "string" || ArrayBuffer.isView(buffer) || Array.isArray(buffer);
    if (!list) throw E.invalidArgType("buffer", "of type string or an instance of Buffer, TypedArray, or DataView", buffer);
    if (typeof offset === "number" && typeof length === "number" && !Array.isArray(buffer) && typeof buffer !== "string") {
      // send(buffer, offset, length, port, address, callback)
    } else {
      callback = port;
      address = length;
      port = offset;
    }
    if (typeof address === "function") {
      callback = address;
      address = undefined;
    }
    if (!this[kState].connected) validatePort(port);
    if (address !== undefined && address !== null && typeof address !== "string") throw E.invalidArgType("address", "of type string", address);
    this._healthCheck();
    this._failBind("dgram.Socket.send()", typeof callback === "function" ? callback : undefined);
  }
  close(callback) {
    const state = this[kState];
    if (typeof callback === "function") this.once("close", callback);
    if (state.closed) throw notRunning();
    state.closed = true;
    process.nextTick(() => this.emit("close"));
    return this;
  }
  address() {
    this._healthCheck();
    throw uvError("getsockname");
  }
  remoteAddress() {
    this._healthCheck();
    throw codedError(Error, "ERR_SOCKET_DGRAM_NOT_CONNECTED", "Not connected");
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }
  getSendQueueSize() {
    return 0;
  }
  getSendQueueCount() {
    return 0;
  }
  [Symbol.asyncDispose]() {
    if (this[kState].closed) return Promise.resolve();
    return new Promise((resolve) => this.close(resolve));
  }
}

function handleCall(syscall, check) {
  return function (...args) {
    if (check) check(...args);
    this._healthCheck();
    throw uvError(syscall);
  };
}
const isNumber = (name) => (value) => {
  if (typeof value !== "number") throw E.invalidArgType(name, "of type number", value);
};
const isString = (name) => (value) => {
  if (typeof value !== "string") throw E.invalidArgType(name, "of type string", value);
};
Object.assign(Socket.prototype, {
  setBroadcast: handleCall("setBroadcast"),
  setTTL: handleCall("setTTL", isNumber("ttl")),
  setMulticastTTL: handleCall("setMulticastTTL", isNumber("ttl")),
  setMulticastLoopback: handleCall("setMulticastLoopback"),
  setMulticastInterface: handleCall("setMulticastInterface", isString("interfaceAddress")),
  addMembership: handleCall("addMembership", isString("multicastAddress")),
  dropMembership: handleCall("dropMembership", isString("multicastAddress")),
  addSourceSpecificMembership: handleCall("addSourceSpecificMembership", isString("sourceAddress")),
  dropSourceSpecificMembership: handleCall("dropSourceSpecificMembership", isString("sourceAddress")),
});
for (const [name, syscall] of [["getRecvBufferSize", "uv_recv_buffer_size"], ["setRecvBufferSize", "uv_recv_buffer_size"], ["getSendBufferSize", "uv_send_buffer_size"], ["setSendBufferSize", "uv_send_buffer_size"]]) {
  Socket.prototype[name] = function () {
    this._healthCheck();
    const err = codedError(Error, "ERR_SOCKET_BUFFER_SIZE", `Could not get or set buffer size: ${syscall} returned EBADF (bad file descriptor)`);
    err.name = "SystemError";
    err.info = { errno: -9, code: "EBADF", message: "bad file descriptor", syscall };
    err.errno = -9;
    err.syscall = syscall;
    throw err;
  };
}

function createSocket(type, listener) {
  return new Socket(type, listener);
}

function _createSocketHandle() {
  throw noUdp("dgram._createSocketHandle()");
}

export default { _createSocketHandle, createSocket, Socket };
