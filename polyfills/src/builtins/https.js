// node:https — the client half of node:http for https: URLs. TLS is the host
// adapter's business (it makes the connection); the guest cannot run a TLS
// server, so https.createServer / new https.Server fail with a clear error.
/* global require */
const common = require("internal/http_common", true);

class Agent extends common.Agent {
  constructor(options) {
    super(options);
    this.defaultPort = 443;
    this.protocol = "https:";
    this.maxCachedSessions = this.options.maxCachedSessions === undefined ? 100 : this.options.maxCachedSessions;
    this._sessionCache = { map: {}, list: [] };
  }
}

const globalAgent = new Agent({ keepAlive: true, scheduling: "lifo", timeout: 5000 });

function request(...args) {
  return require("internal/http_client", true).request(https.globalAgent, args);
}

function get(...args) {
  const req = request(...args);
  req.end();
  return req;
}

function noTlsServer() {
  return common.unsupported("https.createServer() (a TLS server)");
}

function Server() {
  throw noTlsServer();
}

function createServer() {
  throw noTlsServer();
}

const https = { Agent, globalAgent, Server, createServer, get, request };

export default https;
