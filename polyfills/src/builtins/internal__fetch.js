// fetch, Headers, Request and Response: the Fetch Standard as Node (undici)
// implements it, with Node's messages. A network request is one async host op,
// `fetch.request`, checked by the `network` permission on the host (every
// redirect hop too) and carried out by the driver's network adapter; the whole
// response comes back at once (its body bounded by the sandbox's memory limit).
// `data:` URLs are answered here. `body` is a ReadableStream
// (internal/web_streams, loaded only when a body stream is asked for).
// Blob and FormData bodies, `blob()` and `formData()` come from internal/blob
// and internal/form_data, loaded only when one is used.
/* global require */
import { utf8fromStringLoose } from "../fetch/webidl.js";
import { notifyHost } from "../shared/host-notify.js";
import { Headers, appendHeader, kGuard, networkHeaders, newHeaders, wirePairs } from "../fetch/headers.js";
import { abortBody, bytesBody, consume, kState } from "../fetch/body.js";
import { Request } from "../fetch/request.js";
import { NULL_BODY_STATUS, Response, makeResponse, responseState } from "../fetch/response.js";

const host = require("internal/host", true);

// ---- fetch ----------------------------------------------------------------------------

/** Ports the Fetch Standard blocks ("bad ports"). */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Request headers undici adds when the program set none of its own. */
/** Methods undici sends `content-length: 0` for when there is no body. */
const EXPECTS_PAYLOAD = new Set(["POST", "PUT", "PATCH"]);

const DEFAULT_HEADERS = [
  ["accept", "*/*"],
  ["accept-language", "*"],
  ["sec-fetch-mode", "cors"],
  ["user-agent", "node"],
];

function fetchFailed(cause) {
  return new TypeError("fetch failed", { cause });
}

let nextRequestId = 1;

/** A Response made from the host's answer to `fetch.request`. */
function networkResponse(result, request) {
  const status = result.status;
  const nullBody = request.method === "HEAD" || NULL_BODY_STATUS.has(status);
  const body = nullBody ? null : bytesBody(new Uint8Array(result.body));
  const state = responseState(status, result.statusText, networkHeaders(result.headers), body);
  state.type = "basic";
  state.url = result.url;
  state.redirected = result.redirected === true;
  return makeResponse(state);
}

function httpFetch(request, signal, resolve, reject) {
  const id = nextRequestId++;
  let settled = false;
  let submitted = false;
  const onAbort = () => {
    if (settled) return;
    settled = true;
    reject(signal.reason);
    if (submitted) {
      try {
        const later = notifyHost(host, "fetch.abort", [id]);
        if (later !== null) later.then(undefined, () => {});
      } catch {
        // The run is ending: the host aborts it anyway.
      }
    }
  };
  if (signal) signal.addEventListener("abort", onAbort, { once: true });
  const fail = (error) => {
    if (settled) return;
    settled = true;
    if (signal) signal.removeEventListener("abort", onAbort);
    reject(fetchFailed(error));
  };
  const send = (bytes) => {
    if (settled) return undefined;
    const headers = wirePairs(request.headers);
    for (const pair of DEFAULT_HEADERS) if (!request.headers.has(pair[0])) headers.push(pair.slice());
    // As undici: a method that expects a payload says its empty one is empty.
    if (bytes === null && EXPECTS_PAYLOAD.has(request.method) && !request.headers.has("content-length")) headers.push(["content-length", "0"]);
    const args = [id, request.url.href, request.method, headers, request.redirect];
    submitted = true;
    if (bytes === null) return host.callAsync("fetch.request", ...args, null);
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
    return host.callAsyncBytes("fetch.request", 5, buffer, ...args);
  };
  const body = request.body;
  const bodyBytes = body === null ? Promise.resolve(null) : consume(body);
  bodyBytes.then(send).then((result) => {
    if (settled) return;
    settled = true;
    const response = networkResponse(result, request);
    if (signal) {
      signal.removeEventListener("abort", onAbort);
      const responseBody = response[kState].body;
      if (responseBody !== null) signal.addEventListener("abort", () => abortBody(responseBody, signal.reason), { once: true });
    }
    resolve(response);
  }, fail);
}

/** A `data:` URL's body and type (https://fetch.spec.whatwg.org/#data-url-processor), or null. */
function parseDataURL(url) {
  const href = url.href.slice(5);
  const comma = href.indexOf(",");
  if (comma < 0) return null;
  let type = href.slice(0, comma).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "");
  let data = decodePercent(href.slice(comma + 1).replace(/#.*$/, ""));
  const base64 = /;[\x20]*base64$/i.exec(type);
  if (base64) {
    type = type.slice(0, base64.index);
    data = decodeBase64(data);
    if (data === null) return null;
  }
  if (type.startsWith(";")) type = `text/plain${type}`;
  if (type === "" || !/^[^/;\s]+\/[^/;\s]+/.test(type)) type = "text/plain;charset=US-ASCII";
  return { bytes: data, type };
}

function decodePercent(text) {
  const input = utf8fromStringLoose(text);
  const out = [];
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === 0x25 && i + 2 < input.length && /^[0-9a-fA-F]{2}$/.test(String.fromCharCode(input[i + 1], input[i + 2]))) {
      out.push(parseInt(String.fromCharCode(input[i + 1], input[i + 2]), 16));
      i += 2;
    } else out.push(c);
  }
  return new Uint8Array(out);
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
function decodeBase64(bytes) {
  let text = "";
  for (const b of bytes) if (b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x20) text += String.fromCharCode(b);
  if (text.length % 4 === 0) text = text.replace(/==?$/, "");
  if (text.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(text)) return null;
  const out = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    buffer = (buffer << 6) | BASE64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return new Uint8Array(out);
}

function schemeFetch(request, resolve, reject) {
  const url = request.url;
  switch (url.protocol) {
    case "data:": {
      const parsed = parseDataURL(url);
      if (parsed === null) return reject(fetchFailed(new Error("invalid data: URL")));
      const headers = newHeaders("none");
      appendHeader(headers, "content-type", parsed.type);
      headers[kGuard] = "immutable";
      const state = responseState(200, "OK", headers, bytesBody(parsed.bytes));
      state.type = "basic";
      state.url = url.href;
      return resolve(makeResponse(state));
    }
    case "about:":
      return reject(fetchFailed(new Error("about scheme is not supported")));
    case "file:":
      return reject(fetchFailed(new Error("not implemented... yet...")));
    case "blob:":
      return reject(fetchFailed(new Error("invalid method")));
    default:
      return reject(fetchFailed(new Error("unknown scheme")));
  }
}

/** Fetches `input` (a URL, a string or a Request) with `init`; see the file's header. */
function fetch(input, init = undefined) {
  return new Promise((resolve, reject) => {
    const request = new Request(input, init)[kState];
    const signal = request.sourceSignal;
    if (signal && signal.aborted) return reject(signal.reason);
    const { protocol } = request.url;
    if (protocol !== "http:" && protocol !== "https:") return schemeFetch(request, resolve, reject);
    const port = request.url.port === "" ? (protocol === "https:" ? 443 : 80) : Number(request.url.port);
    if (BAD_PORTS.has(port)) return reject(fetchFailed(new Error("bad port")));
    return httpFetch(request, signal, resolve, reject);
  });
}

export default { fetch, Headers, Request, Response };
