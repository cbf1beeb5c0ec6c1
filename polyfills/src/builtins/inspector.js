// node:inspector — as in a Node whose inspector cannot be opened: there is no
// debugger protocol inside the sandbox. open() and Session#connect() throw
// ERR_INSPECTOR_NOT_AVAILABLE; url() is undefined and waitForDebugger()
// throws ERR_INSPECTOR_NOT_ACTIVE, as in Node with the inspector closed;
// inspector.console and inspector.Network report to no frontend (no-ops,
// as Node's do when none is attached).
/* global require */
const EventEmitter = require("events");
const { codedError } = require("internal/errors", true);
const { E } = require("internal/crypto_errors", true);

function notAvailable() {
  return codedError(Error, "ERR_INSPECTOR_NOT_AVAILABLE", "Inspector is not available");
}

class Session extends EventEmitter {
  constructor() {
    super();
    this._connected = false;
  }
  connect() {
    throw notAvailable();
  }
  connectToMainThread() {
    throw notAvailable();
  }
  post(method, params, callback) {
    if (typeof method !== "string") throw E.invalidArgType("method", "of type string", method);
    if (!callback && typeof params === "function") {
      callback = params;
      params = null;
    }
    if (params && typeof params !== "object") throw E.invalidArgType("params", "of type object", params);
    if (callback !== undefined && typeof callback !== "function") throw E.invalidArgType("callback", "of type function", callback);
    throw codedError(Error, "ERR_INSPECTOR_NOT_CONNECTED", "Session is not connected");
  }
  disconnect() {}
}

const noop = () => {};
const consoleMethods = ["debug", "error", "info", "log", "warn", "dir", "dirxml", "table", "trace", "group", "groupCollapsed", "groupEnd", "clear", "count", "countReset", "assert", "profile", "profileEnd", "time", "timeLog", "timeEnd", "timeStamp", "context"];

export default {
  open() {
    throw notAvailable();
  },
  close: noop,
  url: () => undefined,
  waitForDebugger() {
    throw codedError(Error, "ERR_INSPECTOR_NOT_ACTIVE", "Inspector is not active");
  },
  console: Object.fromEntries(consoleMethods.map((name) => [name, noop])),
  Session,
  Network: { requestWillBeSent: noop, responseReceived: noop, loadingFinished: noop, loadingFailed: noop },
};
