// node:querystring — querystring-es3, the browserify port of Node's module.
import port from "querystring-es3";

/** Node's querystring.escape: percent-encodes as encodeURIComponent does. */
function escape(str) {
  return encodeURIComponent(typeof str === "string" ? str : `${str}`);
}
/** Node's querystring.unescape; a malformed sequence is left as it is. */
function unescape(str) {
  try {
    return decodeURIComponent(str);
  } catch {
    return str;
  }
}

export default {
  decode: port.decode,
  parse: port.parse,
  encode: port.encode,
  stringify: port.stringify,
  escape,
  unescape,
};
