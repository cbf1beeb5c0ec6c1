// node:_stream_wrap — Node's deprecated wrapper that makes a stream look
// like a net.Socket (DEP0125, warned on require as Node does). It hands the
// stream to native socket code, which the sandbox does not have: making
// one throws ERR_QUICKEXEC_NO_RAW_SOCKETS.
/* global require */
const net = require("net");
const { codedError } = require("internal/errors", true);

process.emitWarning("The _stream_wrap module is deprecated.", "DeprecationWarning", "DEP0125");

class JSStreamSocket extends net.Socket {
  constructor(stream) {
    super({}, null);
    this.stream = stream;
    throw codedError(Error, "ERR_QUICKEXEC_NO_RAW_SOCKETS", "new JSStreamSocket() cannot run: it wraps a stream for native socket code, which quickexec does not have");
  }
}

export default JSStreamSocket;
