// node:_http_incoming — the legacy module behind http.IncomingMessage, with
// Node's readStart/readStop helpers (they pause and resume the socket).
/* global require */
const { IncomingMessage } = require("internal/http_incoming", true);

function readStart(socket) {
  if (socket && !socket._paused && socket.readable && typeof socket.resume === "function") socket.resume();
}

function readStop(socket) {
  if (socket && typeof socket.pause === "function") socket.pause();
}

export default { IncomingMessage, readStart, readStop };
