// node:url — WHATWG URL and URLSearchParams (internal/url: whatwg-url), Node's
// legacy parse/format/resolve from the `url` port, and the file URL helpers as
// Node's lib/internal/url.js writes them (POSIX paths).
import whatwgUrl from "internal/url";
import * as tr46 from "tr46";
import legacy from "url/";
import path from "path";
import { describeReceived } from "../shared/errors.js";

const { URL, URLSearchParams } = whatwgUrl;

function nodeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}
function invalidArgType(name, expected, value) {
  const received = value === null ? "null" : typeof value === "object" ? "an instance of " + ((value.constructor && value.constructor.name) || "Object") : `type ${typeof value} (${String(value)})`;
  return nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" argument must be ${expected}. Received ${received}`);
}
const isURL = (value) => value instanceof URL;

// ---- format(URL, options) ---------------------------------------------------------
function format(urlObject, options) {
  if (typeof urlObject === "string") return legacy.format(urlObject);
  if (typeof urlObject !== "object" || urlObject === null) throw invalidArgType("urlObject", "one of type object or string", urlObject);
  if (!isURL(urlObject)) return legacy.format(urlObject);
  let fragment = true;
  let unicode = false;
  let search = true;
  let auth = true;
  if (options) {
    if (typeof options !== "object") throw invalidArgType("options", "of type object", options);
    if (options.fragment != null) fragment = Boolean(options.fragment);
    if (options.unicode != null) unicode = Boolean(options.unicode);
    if (options.search != null) search = Boolean(options.search);
    if (options.auth != null) auth = Boolean(options.auth);
  }
  const url = new URL(urlObject.href);
  if (!auth) {
    url.username = "";
    url.password = "";
  }
  if (!search) url.search = "";
  if (!fragment) url.hash = "";
  if (!unicode || url.hostname === "") return url.href;
  const host = url.host;
  const at = url.href.indexOf(host, url.protocol.length);
  return url.href.slice(0, at) + domainToUnicode(url.hostname) + (url.port ? `:${url.port}` : "") + url.href.slice(at + host.length);
}

// ---- domains ----------------------------------------------------------------------
function hostOf(domain) {
  const record = whatwgUrl.parseURL("ws://x");
  if (whatwgUrl.basicURLParse(`${domain}`, { url: record, stateOverride: "hostname" }) === null) return null;
  return record.host;
}
function domainToASCII(domain) {
  if (arguments.length < 1) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "domain" argument must be specified');
  const host = hostOf(domain);
  return host === null ? "" : whatwgUrl.serializeHost(host);
}
function domainToUnicode(domain) {
  if (arguments.length < 1) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "domain" argument must be specified');
  const host = hostOf(domain);
  if (host === null) return "";
  const ascii = whatwgUrl.serializeHost(host);
  if (typeof host !== "string") return ascii;
  return tr46.toUnicode(ascii, { checkHyphens: false, checkBidi: true, checkJoiners: true, useSTD3ASCIIRules: false, transitionalProcessing: false }).domain;
}

// ---- file URLs (POSIX) ----------------------------------------------------------
function fileURLToPath(input) {
  const url = typeof input === "string" ? new URL(input) : input;
  if (!isURL(url)) throw invalidArgType("path", "one of type string or an instance of URL", input);
  if (url.protocol !== "file:") throw nodeError(TypeError, "ERR_INVALID_URL_SCHEME", "The URL must be of scheme file");
  if (url.hostname !== "") throw nodeError(TypeError, "ERR_INVALID_FILE_URL_HOST", `File URL host must be "localhost" or empty on ${process.platform}`);
  const pathname = url.pathname;
  for (let n = 0; n < pathname.length; n++) {
    if (pathname[n] === "%") {
      const third = pathname.codePointAt(n + 2) | 0x20;
      if (pathname[n + 1] === "2" && third === 102) {
        throw nodeError(TypeError, "ERR_INVALID_FILE_URL_PATH", "File URL path must not include encoded / characters");
      }
    }
  }
  return decodeURIComponent(pathname);
}

function pathToFileURL(filepath) {
  if (typeof filepath !== "string") throw invalidArgType("path", "of type string", filepath);
  let resolved = path.resolve(filepath);
  // path.resolve strips trailing slashes, which are kept.
  if (filepath.charCodeAt(filepath.length - 1) === 47 && resolved[resolved.length - 1] !== "/") resolved += "/";
  resolved = resolved
    .replace(/%/g, "%25")
    .replace(/\\/g, "%5C")
    .replace(/\n/g, "%0A")
    .replace(/\r/g, "%0D")
    .replace(/\t/g, "%09")
    .replace(/\?/g, "%3F")
    .replace(/#/g, "%23");
  return new URL(`file://${resolved}`);
}

function urlToHttpOptions(url) {
  const { hostname, pathname, port, username, password, search } = url;
  const options = {
    __proto__: null,
    ...url,
    protocol: url.protocol,
    hostname: hostname && hostname[0] === "[" ? hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search,
    pathname,
    path: `${pathname || ""}${search || ""}`,
    href: url.href,
  };
  if (port !== "") options.port = Number(port);
  if (username || password) options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  return options;
}

/** url.parse: a Url passes through; anything but a string is ERR_INVALID_ARG_TYPE, as in Node. */
function parse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof legacy.Url) return url;
  if (typeof url !== "string") {
    throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "url" argument must be of type string.${describeReceived(url)}`);
  }
  return legacy.parse(url, parseQueryString, slashesDenoteHost);
}

export default {
  Url: legacy.Url,
  parse,
  resolve: legacy.resolve,
  resolveObject: legacy.resolveObject,
  format,
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  pathToFileURL,
  fileURLToPath,
  urlToHttpOptions,
};
