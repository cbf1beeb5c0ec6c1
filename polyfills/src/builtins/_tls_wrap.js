// node:_tls_wrap — the legacy module behind tls.TLSSocket and tls.Server.
/* global require */
const socket = require("internal/tls_socket", true);

export default { TLSSocket: socket.TLSSocket, Server: socket.Server, createServer: socket.createServer, connect: socket.connect };
