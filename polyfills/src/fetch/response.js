// Response: the Fetch Standard's response, Response.error/json/redirect.
/* global require */
import { argumentCount, byteString, dictionary, inspectCustom, makeEnumerable, printed, shown, utf8fromStringLoose } from "./webidl.js";
import { appendHeader, fillHeaders, kGuard, newHeaders, wirePairs } from "./headers.js";
import { bodyStream, bodyUsed, bytesBody, cloneBody, defineBodyMethods, extractBody, kState, stateOf } from "./body.js";
import { parseURL } from "./request.js";

// ---- Response -----------------------------------------------------------------------

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

function makeResponse(state) {
  const response = Object.create(Response.prototype);
  Object.defineProperty(response, kState, { value: state });
  return response;
}

function responseState(status, statusText, headers, body) {
  return { status, statusText, headers, body, url: "", urlList: [], redirected: false, type: "default" };
}

/** ResponseInit applied to a new response (the constructor's and Response.json's checks). */
function initResponse(init, body, type, header) {
  init = dictionary(init, header);
  let status = 200;
  if (init.status !== undefined) {
    const n = Number(init.status);
    status = Number.isFinite(n) ? ((Math.trunc(n) % 65536) + 65536) % 65536 : 0;
    if (status < 200 || status > 599) throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  let statusText = "";
  if (init.statusText !== undefined) {
    statusText = byteString(init.statusText);
    if (!REASON_PHRASE.test(statusText)) throw new TypeError("Invalid statusText");
  }
  const headers = newHeaders("response");
  if (init.headers !== undefined) fillHeaders(headers, init.headers);
  if (body !== null) {
    if (NULL_BODY_STATUS.has(status)) throw new TypeError(`Response constructor: Invalid response status code ${status}`);
    if (type !== null && !headers.has("content-type")) appendHeader(headers, "content-type", type);
  }
  return responseState(status, statusText, headers, body);
}

class Response {
  constructor(body = null, init = undefined) {
    let extracted = null;
    let type = null;
    if (body !== null && body !== undefined) [extracted, type] = extractBody(body);
    Object.defineProperty(this, kState, { value: initResponse(init, extracted, type, "Response constructor") });
  }
  static error() {
    const state = responseState(0, "", newHeaders("immutable"), null);
    state.type = "error";
    return makeResponse(state);
  }
  static json(data, init = undefined) {
    argumentCount(arguments.length, 1, "Response.json");
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError("Value is not JSON serializable");
    return makeResponse(initResponse(init, bytesBody(utf8fromStringLoose(text)), "application/json", "Response.json"));
  }
  static redirect(url, status = 302) {
    argumentCount(arguments.length, 1, "Response.redirect");
    const target = parseURL(url);
    const code = Number(status);
    if (!REDIRECT_STATUS.has(code)) throw new RangeError(`Invalid status code ${shown(status)}`);
    const headers = newHeaders("immutable");
    appendHeader(headers, "location", target.href);
    headers[kGuard] = "immutable";
    return makeResponse(responseState(code, "", headers, null));
  }
  get type() {
    return stateOf(this, Response).type;
  }
  get url() {
    return stateOf(this, Response).url;
  }
  get redirected() {
    return stateOf(this, Response).redirected;
  }
  get status() {
    return stateOf(this, Response).status;
  }
  get ok() {
    const { status } = stateOf(this, Response);
    return status >= 200 && status <= 299;
  }
  get statusText() {
    return stateOf(this, Response).statusText;
  }
  get headers() {
    return stateOf(this, Response).headers;
  }
  get body() {
    return bodyStream(stateOf(this, Response).body);
  }
  get bodyUsed() {
    return bodyUsed(stateOf(this, Response).body);
  }
  clone() {
    const state = stateOf(this, Response);
    const body = cloneBody(state.body, "Response");
    const headers = newHeaders(state.headers[kGuard]);
    for (const [name, value] of wirePairs(state.headers)) appendHeader(headers, name, value);
    headers[kGuard] = state.headers[kGuard];
    return makeResponse({ ...state, headers, body });
  }
  [inspectCustom](depth, options, inspect) {
    const fields = ["status", "statusText", "headers", "body", "bodyUsed", "ok", "redirected", "type", "url"];
    return printed(this, fields, options, inspect);
  }
}
defineBodyMethods(Response);
makeEnumerable(Response.prototype);
for (const name of ["error", "json", "redirect"]) {
  Object.defineProperty(Response, name, { ...Object.getOwnPropertyDescriptor(Response, name), enumerable: true });
}
Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: "Response", configurable: true });

export { NULL_BODY_STATUS, Response, makeResponse, responseState };
