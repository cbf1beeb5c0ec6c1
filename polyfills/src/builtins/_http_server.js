// node:_http_server — the legacy module behind http.Server and
// http.ServerResponse, with the status code table.
/* global require */
const common = require("internal/http_common", true);
const server = require("internal/http_server", true);

export default {
  STATUS_CODES: common.STATUS_CODES,
  Server: server.Server,
  ServerResponse: server.ServerResponse,
  kServerResponse: Symbol("ServerResponse"),
  kConnectionsCheckingInterval: Symbol("http.server.connectionsCheckingInterval"),
};
