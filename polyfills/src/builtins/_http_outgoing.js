// node:_http_outgoing — the legacy module behind http.OutgoingMessage, with
// the header validators and Node's unique-headers option parser.
/* global require */
const common = require("internal/http_common", true);
const { OutgoingMessage } = require("internal/http_outgoing", true);

/** Node's `uniqueHeaders` option: a Set of lower-cased names, or null. */
function parseUniqueHeadersOption(headers) {
  if (!Array.isArray(headers)) return null;
  const unique = new Set();
  for (const header of headers) unique.add(String(header).toLowerCase());
  return unique;
}

export default {
  kHighWaterMark: Symbol("kHighWaterMark"),
  kUniqueHeaders: Symbol("kUniqueHeaders"),
  parseUniqueHeadersOption,
  validateHeaderName: (name, label) => common.validateHeaderName(name, label),
  validateHeaderValue: (name, value) => common.validateHeaderValue(name, value),
  OutgoingMessage,
};
