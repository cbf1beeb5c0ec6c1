/**
 * What a browser's `fetch` will not send, per the Fetch Standard: forbidden
 * request headers (which a browser drops silently, so they are dropped here
 * before the call, whatever `fetch` is underneath) and forbidden methods
 * (which make `fetch` throw).
 * @see https://fetch.spec.whatwg.org/#forbidden-request-header
 * @module
 */

/** Header names a script may not set (lower case); `proxy-*` and `sec-*` are forbidden too. */
const FORBIDDEN_NAMES = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
]);

/** Headers that are forbidden when their value names a forbidden method. */
const METHOD_OVERRIDES = new Set(["x-http-method", "x-http-method-override", "x-method-override"]);

/** Methods `fetch` refuses to send (upper case). */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/** Whether `fetch` refuses to send `method` (compared case-insensitively). */
export function isForbiddenMethod(method: string): boolean {
  return FORBIDDEN_METHODS.has(method.toUpperCase());
}

/**
 * Whether a browser refuses to send the header `name: value` from a script
 * (`Host`, `Content-Length`, `Connection`, `Cookie`, `Sec-*`, `Proxy-*`, ...,
 * and `X-HTTP-Method-Override` naming a forbidden method).
 */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const key = name.toLowerCase();
  if (FORBIDDEN_NAMES.has(key) || key.startsWith("proxy-") || key.startsWith("sec-")) return true;
  return METHOD_OVERRIDES.has(key) && value.split(",").some((method) => isForbiddenMethod(method.trim()));
}
