// node:http — the client (http.request, http.get) and server
// (http.createServer) over the host's network adapter. Every request and every
// listen is checked by the `network` permission on the host. The classes
// built on streams (ClientRequest, IncomingMessage, OutgoingMessage, Server,
// ServerResponse) load on first use, so a program that only reads
// STATUS_CODES does not pay for the stream library.
/* global require */
const common = require("internal/http_common", true);

const client = () => require("internal/http_client", true);
const server = () => require("internal/http_server", true);

function request(...args) {
  return client().request(common.globalAgent, args);
}

function get(...args) {
  const req = request(...args);
  req.end();
  return req;
}

function createServer(options, requestListener) {
  return server().createServer(options, requestListener);
}

/** Node keeps a pool of HTTP parsers; there is none here, only the argument check. */
function setMaxIdleHTTPParsers(max) {
  if (typeof max !== "number") throw common.invalidArgType("max", "number", max);
  if (!Number.isInteger(max)) throw common.outOfRange("max", "an integer", max);
  if (max < 1) throw common.outOfRange("max", ">= 1", max);
}

const lazy = (load, name) => ({
  get: () => load()[name],
  set(value) {
    Object.defineProperty(http, name, { value, writable: true, enumerable: true, configurable: true });
  },
  enumerable: true,
  configurable: true,
});
const incoming = () => require("internal/http_incoming", true);
const outgoing = () => require("internal/http_outgoing", true);

// Node's keys, in Node's order.
const http = {};
Object.defineProperties(http, {
  METHODS: { value: common.METHODS.slice(), writable: true, enumerable: true, configurable: true },
  STATUS_CODES: { value: { ...common.STATUS_CODES }, writable: true, enumerable: true, configurable: true },
  Agent: { value: common.Agent, writable: true, enumerable: true, configurable: true },
  ClientRequest: lazy(client, "ClientRequest"),
  IncomingMessage: lazy(incoming, "IncomingMessage"),
  OutgoingMessage: lazy(outgoing, "OutgoingMessage"),
  Server: lazy(server, "Server"),
  ServerResponse: lazy(server, "ServerResponse"),
});
Object.assign(http, {
  createServer,
  validateHeaderName: (name, label) => common.validateHeaderName(name, label),
  validateHeaderValue: (name, value) => common.validateHeaderValue(name, value),
  get,
  request,
  setMaxIdleHTTPParsers,
  maxHeaderSize: common.maxHeaderSize,
});
// Replacing it changes the agent requests use by default, as in Node.
Object.defineProperty(http, "globalAgent", {
  get: () => common.globalAgent,
  set(value) {
    common.globalAgent = value;
  },
  enumerable: true,
  configurable: true,
});

export default http;
