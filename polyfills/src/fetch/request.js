// Request: the Fetch Standard's request, its init and its signal.
/* global require */
import { argumentCount, byteString, dictionary, events, inspectCustom, makeEnumerable, oneOf, printed, shown } from "./webidl.js";
import { TOKEN, appendHeader, fillHeaders, newHeaders, wirePairs } from "./headers.js";
import { bodyStream, bodyUsed, cloneBody, defineBodyMethods, extractBody, kState, stateOf } from "./body.js";

// ---- Request ------------------------------------------------------------------------

const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const REDIRECTS = ["follow", "manual", "error"];
const MODES = ["navigate", "same-origin", "no-cors", "cors"];
const CREDENTIALS = ["omit", "same-origin", "include"];
const CACHES = ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"];

function parseURL(input) {
  const { URL } = require("internal/url", true);
  try {
    return new URL(`${input}`);
  } catch (cause) {
    throw new TypeError(`Failed to parse URL from ${shown(input)}`, { cause });
  }
}

function isAbortSignal(value) {
  return value !== null && typeof value === "object" && value instanceof events().AbortSignal;
}

/** A signal that follows `source` (or never aborts). */
function followingSignal(source) {
  const controller = new (events().AbortController)();
  if (source) {
    if (source.aborted) controller.abort(source.reason);
    else source.addEventListener("abort", () => controller.abort(source.reason), { once: true });
  }
  return controller.signal;
}

class Request {
  constructor(input, init = undefined) {
    argumentCount(arguments.length, 1, "Request constructor");
    init = dictionary(init, "Request constructor");
    const from = input instanceof Request ? stateOf(input, Request) : null;
    let url;
    if (from) url = from.url;
    else {
      url = parseURL(input);
      if (url.username !== "" || url.password !== "") {
        throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${shown(input)}`);
      }
    }
    const state = {
      url,
      method: from ? from.method : "GET",
      headers: null,
      body: null,
      redirect: from ? from.redirect : "follow",
      mode: from ? from.mode : "cors",
      credentials: from ? from.credentials : "same-origin",
      cache: from ? from.cache : "default",
      integrity: from ? from.integrity : "",
      keepalive: from ? from.keepalive : false,
      sourceSignal: from ? from.sourceSignal : null,
      signal: null,
    };
    if (init.method !== undefined) {
      const method = byteString(init.method);
      if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
      const upper = method.toUpperCase();
      if (FORBIDDEN_METHODS.has(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
      state.method = NORMALIZED_METHODS.has(upper) ? upper : method;
    }
    if (init.redirect !== undefined) state.redirect = oneOf(init.redirect, REDIRECTS, "Request constructor");
    if (init.mode !== undefined) {
      const mode = oneOf(init.mode, MODES, "Request constructor");
      if (mode === "navigate") throw new TypeError("Request constructor: invalid request mode navigate.");
      state.mode = mode;
    }
    if (init.credentials !== undefined) state.credentials = oneOf(init.credentials, CREDENTIALS, "Request constructor");
    if (init.cache !== undefined) state.cache = oneOf(init.cache, CACHES, "Request constructor");
    if (init.integrity !== undefined) state.integrity = `${init.integrity}`;
    if (init.keepalive !== undefined) state.keepalive = Boolean(init.keepalive);
    if (init.duplex !== undefined) oneOf(init.duplex, ["half"], "Request constructor");
    if (init.signal !== undefined) {
      if (init.signal !== null && !isAbortSignal(init.signal)) throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
      state.sourceSignal = init.signal;
    }
    const headers = newHeaders("request");
    if (init.headers !== undefined) fillHeaders(headers, init.headers);
    else if (from) for (const [name, value] of wirePairs(from.headers)) appendHeader(headers, name, value);
    state.headers = headers;

    const hasInitBody = init.body !== undefined && init.body !== null;
    if ((hasInitBody || (from && from.body !== null)) && (state.method === "GET" || state.method === "HEAD")) {
      throw new TypeError("Request with GET/HEAD method cannot have body.");
    }
    if (hasInitBody) {
      const [body, type] = extractBody(init.body);
      if (body.stream !== null && init.duplex === undefined) throw new TypeError("RequestInit: duplex option is required when sending a body.");
      if (type !== null && !headers.has("content-type")) appendHeader(headers, "content-type", type);
      state.body = body;
    } else if (from && from.body !== null) {
      if (bodyUsed(from.body)) throw new TypeError("Cannot construct a Request with a Request object that has already been used.");
      state.body = { ...from.body, controller: null };
      from.body.used = true;
    }
    Object.defineProperty(this, kState, { value: state });
  }
  get method() {
    return stateOf(this, Request).method;
  }
  get url() {
    return stateOf(this, Request).url.href;
  }
  get headers() {
    return stateOf(this, Request).headers;
  }
  get destination() {
    stateOf(this, Request);
    return "";
  }
  get referrer() {
    stateOf(this, Request);
    return "about:client";
  }
  get referrerPolicy() {
    stateOf(this, Request);
    return "";
  }
  get mode() {
    return stateOf(this, Request).mode;
  }
  get credentials() {
    return stateOf(this, Request).credentials;
  }
  get cache() {
    return stateOf(this, Request).cache;
  }
  get redirect() {
    return stateOf(this, Request).redirect;
  }
  get integrity() {
    return stateOf(this, Request).integrity;
  }
  get keepalive() {
    return stateOf(this, Request).keepalive;
  }
  get isReloadNavigation() {
    stateOf(this, Request);
    return false;
  }
  get isHistoryNavigation() {
    stateOf(this, Request);
    return false;
  }
  get signal() {
    const state = stateOf(this, Request);
    if (state.signal === null) state.signal = followingSignal(state.sourceSignal);
    return state.signal;
  }
  get body() {
    return bodyStream(stateOf(this, Request).body);
  }
  get bodyUsed() {
    return bodyUsed(stateOf(this, Request).body);
  }
  get duplex() {
    stateOf(this, Request);
    return "half";
  }
  clone() {
    const state = stateOf(this, Request);
    const body = cloneBody(state.body, "Request");
    const copy = Object.create(Request.prototype);
    const headers = newHeaders("request");
    for (const [name, value] of wirePairs(state.headers)) appendHeader(headers, name, value);
    Object.defineProperty(copy, kState, { value: { ...state, headers, body, signal: null } });
    return copy;
  }
  [inspectCustom](depth, options, inspect) {
    const fields = ["method", "url", "headers", "destination", "referrer", "referrerPolicy", "mode", "credentials", "cache", "redirect", "integrity", "keepalive", "isReloadNavigation", "isHistoryNavigation", "signal"];
    return printed(this, fields, options, inspect);
  }
}
defineBodyMethods(Request);
makeEnumerable(Request.prototype);
Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: "Request", configurable: true });

export { Request, parseURL };
