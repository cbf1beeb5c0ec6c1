// node:net — address helpers (isIP, BlockList, SocketAddress) work as in Node.
// Raw TCP does not exist in the sandbox: the network adapter carries fetch,
// http requests and http servers, never a socket the guest drives byte by
// byte. So connect()/createConnection(), socket.connect() and
// server.listen() throw ERR_QUICKEXEC_NO_RAW_SOCKETS, naming why and what to
// use instead. net.Socket is the stand-in socket http gives requests
// (req.socket instanceof net.Socket holds, as in Node).
/* global require */
const { codedError, describe, invalidArgType } = require("internal/errors", true);
const EventEmitter = require("events");
const common = require("internal/http_common", true);
const { isIP, isIPv4, isIPv6, SocketAddress, BlockList } = require("internal/socket_address", true);

function noRawSockets(what) {
  return codedError(Error, "ERR_QUICKEXEC_NO_RAW_SOCKETS", `${what} cannot run: raw TCP sockets are not available in quickexec; use fetch or http`);
}

const Socket = common.Socket;
if (typeof Socket.prototype.connect !== "function") {
  Object.defineProperty(Socket.prototype, "connect", {
    value: function connect() {
      throw noRawSockets("net.Socket.connect()");
    },
    writable: true,
    configurable: true,
  });
}

/** A raw TCP server: it can be made and configured, but listening needs raw sockets. */
class Server extends EventEmitter {
  constructor(options, connectionListener) {
    super();
    if (typeof options === "function") connectionListener = options;
    if (typeof connectionListener === "function") this.on("connection", connectionListener);
    this.listening = false;
    this.maxConnections = undefined;
  }
  listen() {
    throw noRawSockets("net.Server.listen()");
  }
  address() {
    return null;
  }
  close(callback) {
    const err = codedError(Error, "ERR_SERVER_NOT_RUNNING", "Server is not running.");
    if (typeof callback === "function") process.nextTick(callback, err);
    return this;
  }
  getConnections(callback) {
    if (typeof callback === "function") process.nextTick(callback, null, 0);
    return this;
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }
}

function createServer(options, connectionListener) {
  return new Server(options, connectionListener);
}
function connect() {
  throw noRawSockets("net.connect()");
}
function createConnection() {
  throw noRawSockets("net.createConnection()");
}

let autoSelectFamily = true;
let autoSelectFamilyAttemptTimeout = 250;

export default {
  BlockList,
  SocketAddress,
  Server,
  Socket,
  Stream: Socket,
  connect,
  createConnection,
  createServer,
  isIP,
  isIPv4,
  isIPv6,
  getDefaultAutoSelectFamily: () => autoSelectFamily,
  setDefaultAutoSelectFamily(value) {
    if (typeof value !== "boolean") {
      const err = codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "value" argument must be of type boolean. Received type ${typeof value} (${String(value)})`);
      throw err;
    }
    autoSelectFamily = value;
  },
  getDefaultAutoSelectFamilyAttemptTimeout: () => autoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout(value) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
      const err = codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "value" is out of range. It must be >= 1 && <= 4294967295. Received ${String(value)}`);
      throw err;
    }
    autoSelectFamilyAttemptTimeout = value < 10 ? 10 : value;
  },
};
