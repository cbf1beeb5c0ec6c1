// node:_http_common — the legacy module of HTTP helpers: the token and
// header-character checks, the method list and the expressions Node matches
// Transfer-Encoding and Expect with. Node's native HTTPParser (llhttp) and
// its parser pool are not part of the sandbox: requests are parsed by the
// host's network adapter, so those three names are absent.
/* global require */
const common = require("internal/http_common", true);

// llhttp's order (http.METHODS is the same names sorted).
const METHODS_IN_PARSER_ORDER = "DELETE GET HEAD POST PUT CONNECT OPTIONS TRACE COPY LOCK MKCOL MOVE PROPFIND PROPPATCH SEARCH UNLOCK BIND REBIND UNBIND ACL REPORT MKACTIVITY CHECKOUT MERGE M-SEARCH NOTIFY SUBSCRIBE UNSUBSCRIBE PATCH PURGE MKCALENDAR LINK UNLINK SOURCE QUERY".split(" ");
const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

let warnedLenient = false;
/** Whether --insecure-http-parser is on (warning once, as Node does). */
function isLenient() {
  const lenient = process.execArgv.includes("--insecure-http-parser");
  if (lenient && !warnedLenient) {
    warnedLenient = true;
    process.emitWarning("Using insecure HTTP parsing");
  }
  return lenient;
}

/** Node's prepareError: the parser's reason and the raw packet, on the error. */
function prepareError(err, parser, rawPacket) {
  err.rawPacket = rawPacket || (parser && typeof parser.getCurrentBuffer === "function" ? parser.getCurrentBuffer() : undefined);
  if (typeof err.reason === "string") err.message = `Parse Error: ${err.reason}`;
}

export default {
  _checkInvalidHeaderChar: (value) => INVALID_HEADER_CHAR.test(value),
  _checkIsHttpToken: (value) => common.checkIsHttpToken(value),
  chunkExpression: /(?:^|\W)chunked(?:$|\W)/i,
  continueExpression: /(?:^|\W)100-continue(?:$|\W)/i,
  CRLF: "\r\n",
  methods: METHODS_IN_PARSER_ORDER.slice(),
  kIncomingMessage: Symbol("IncomingMessage"),
  isLenient,
  prepareError,
};
