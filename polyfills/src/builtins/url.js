// node:url — WHATWG URL and URLSearchParams (internal/url: whatwg-url), Node's
// legacy parse/format/resolve from the `url` port, and the file URL helpers as
// Node's lib/internal/url.js has them (POSIX paths, Windows ones with { windows: true }).
import whatwgUrl from "internal/url";
import * as tr46 from "tr46";
import legacy from "url/";
import path from "path";
import { codedError, describeReceived } from "../shared/errors.js";

const { URL, URLSearchParams } = whatwgUrl;

const nodeError = codedError;
function invalidArgType(name, expected, value) {
  const received = value === null ? "null" : typeof value === "object" ? "an instance of " + ((value.constructor && value.constructor.name) || "Object") : `type ${typeof value} (${String(value)})`;
  return nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" argument must be ${expected}. Received ${received}`);
}
const isURL = (value) => value instanceof URL;

// ---- format(URL, options) ---------------------------------------------------------
function format(urlObject, options) {
  if (typeof urlObject === "string") return legacy.format(urlObject);
  if (typeof urlObject !== "object" || urlObject === null) throw invalidArgType("urlObject", "one of type object or string", urlObject);
  if (!isURL(urlObject)) {
    // Node adds the ":" to a protocol before deciding whether it takes "//" (file, http, ...), and
    // gives file: its "//" even without a host; the port decides before the ":" and needs a host.
    const { protocol } = urlObject;
    if (typeof protocol === "string" && protocol !== "") {
      const withColon = protocol.endsWith(":") ? protocol : `${protocol}:`;
      const hostlessFile = withColon === "file:" && !urlObject.host && !urlObject.hostname && !urlObject.slashes;
      if (withColon !== protocol || hostlessFile) return legacy.format({ ...urlObject, protocol: withColon, ...(hostlessFile ? { slashes: true } : {}) });
    }
    return legacy.format(urlObject);
  }
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

// ---- file URLs (POSIX, and Windows with { windows: true }) ------------------------
function isWindows(options) {
  const windows = options == null ? undefined : options.windows;
  return windows == null ? process.platform === "win32" : windows;
}
function encodedSeparator(pathname, windows) {
  for (let n = 0; n < pathname.length; n++) {
    if (pathname[n] === "%") {
      const third = pathname.codePointAt(n + 2) | 0x20;
      if ((pathname[n + 1] === "2" && third === 102) || (windows && pathname[n + 1] === "5" && third === 99)) return windows ? "\\ or /" : "/";
    }
  }
  return null;
}
function fileURLToPath(input, options) {
  const windows = isWindows(options);
  const url = typeof input === "string" ? new URL(input) : input;
  if (!isURL(url)) throw invalidArgType("path", "of type string or an instance of URL", input);
  if (url.protocol !== "file:") throw nodeError(TypeError, "ERR_INVALID_URL_SCHEME", "The URL must be of scheme file");
  const bad = encodedSeparator(url.pathname, windows);
  if (bad !== null) {
    throw nodeError(TypeError, "ERR_INVALID_FILE_URL_PATH", `File URL path must not include encoded ${bad} characters`);
  }
  if (!windows) {
    if (url.hostname !== "") throw nodeError(TypeError, "ERR_INVALID_FILE_URL_HOST", `File URL host must be "localhost" or empty on ${process.platform}`);
    return decodeURIComponent(url.pathname);
  }
  const pathname = decodeURIComponent(url.pathname.replace(/\//g, "\\"));
  // A host names a UNC share: \\host\share\...
  if (url.hostname !== "") return `\\\\${domainToUnicode(url.hostname)}${pathname}`;
  const letter = pathname.codePointAt(1) | 0x20;
  if (letter < 97 || letter > 122 || pathname[2] !== ":") throw nodeError(TypeError, "ERR_INVALID_FILE_URL_PATH", "File URL path must be absolute");
  return pathname.slice(1);
}

// Characters a path may hold that a URL path must not show as they are.
function escapePath(filepath, windows) {
  let out = filepath.replace(/%/g, "%25");
  if (!windows) out = out.replace(/\\/g, "%5C");
  return out.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/\t/g, "%09");
}

/** A string as util.inspect shows it in Node's ERR_INVALID_ARG_VALUE messages. */
function quoted(value) {
  return `'${value.replace(/[\\']/g, "\\$&").replace(/\n/g, "\\n")}'`;
}

function pathToFileURL(filepath, options) {
  const windows = isWindows(options);
  if (typeof filepath !== "string") throw invalidArgType("path", "of type string", filepath);
  if (windows && filepath.startsWith("\\\\")) {
    // UNC path: \\server\share\resource
    const hostnameEnd = filepath.indexOf("\\", 2);
    if (hostnameEnd === -1) throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'path' Missing UNC resource path. Received ${quoted(filepath)}`);
    if (hostnameEnd === 2) throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'path' Empty UNC servername. Received ${quoted(filepath)}`);
    const hostname = filepath.slice(2, hostnameEnd);
    const url = new URL("file://");
    url.hostname = domainToASCII(hostname);
    url.pathname = escapePath(filepath.slice(hostnameEnd).replace(/\\/g, "/"), true);
    return url;
  }
  const pathModule = windows ? path.win32 : path.posix;
  let resolved = pathModule.resolve(filepath);
  // path.resolve strips trailing separators, which are kept.
  const last = filepath.charCodeAt(filepath.length - 1);
  if ((last === 47 || (windows && last === 92)) && resolved[resolved.length - 1] !== pathModule.sep) resolved += "/";
  if (windows) resolved = resolved.replace(/\\/g, "/");
  // ? and # would start the query and fragment: they are encoded into the path.
  resolved = escapePath(resolved, windows).replace(/\?/g, "%3F").replace(/#/g, "%23");
  return new URL(`file://${windows ? "/" : ""}${resolved}`);
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
  const escaped = escapeLateBackslashes(url);
  const parsed = legacy.parse(escaped, parseQueryString, slashesDenoteHost);
  return escaped.includes(PLACEHOLDER) ? keepBackslashes(parsed) : parsed;
}

/**
 * Node's url.parse turns backslashes into "/" only before the query or fragment starts,
 * and escapes the later ones (%5C, as its other auto-escaped characters); the port turns
 * all of them into "/".
 */
function escapeLateBackslashes(url) {
  const split = url.search(/[?#]/);
  if (split === -1 || url.indexOf("\\", split) === -1) return url;
  // javascript: URLs are not escaped: their late backslashes stay (restored after the port by keepBackslashes).
  const late = /^\s*javascript:/i.test(url) ? PLACEHOLDER : "%5C";
  return url.slice(0, split) + url.slice(split).replace(/\\/g, late);
}
const PLACEHOLDER = "\uE000";
function keepBackslashes(parsed) {
  for (const key of ["href", "path", "pathname", "search", "hash"]) {
    if (typeof parsed[key] === "string") parsed[key] = parsed[key].replaceAll(PLACEHOLDER, "\\");
  }
  if (typeof parsed.query === "string") parsed.query = parsed.query.replaceAll(PLACEHOLDER, "\\");
  return parsed;
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
