/**
 * A network adapter on the browser's own `fetch`: the guest's `fetch` and
 * `http`/`https` clients go out as the page's `fetch` calls, bounded in size
 * and time like the default adapter's requests. Environment-neutral (no
 * `node:` imports): it is bundled for browsers and runs under Node with an
 * injected `fetch` for tests.
 *
 * What a page's script cannot do shapes what this adapter can do (see
 * {@link createBrowserNetworkAdapter}): the browser follows redirects out of
 * sight, hides some headers, resolves names itself, and refuses what CORS or
 * mixed-content rules forbid, without saying why.
 * @module
 */
import { checkFunction, checkOptions, describe } from "../options.js";
import { NETWORK_ERROR_CODES, networkError } from "../net/network-errors.js";
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, integerOption, readBounded, withDeadline } from "../net/request-bounds.js";
import { MAX_TIMER_MS } from "../timers.js";
import type { HeaderPairs, NetworkAdapter, NetworkRequest, NetworkResponse } from "../net/types.js";
import { DNS_UNAVAILABLE, browserDnsLookup } from "./browser-dns.js";
import { isForbiddenMethod, isForbiddenRequestHeader } from "./forbidden-headers.js";
import { createInRuntimeListen } from "./in-runtime-listen.js";

/** Options of {@link createBrowserNetworkAdapter}; all optional. */
export interface BrowserNetworkOptions {
  /** The `fetch` requests go out through. Default: `globalThis.fetch`, bound to `globalThis`. */
  fetch?: typeof fetch;
  /** Largest response body accepted, in bytes (after the browser decoded it). Default 64 MiB. */
  maxResponseBytes?: number;
  /** Time limit of a whole request (redirects and body included), in ms. Default 30000. */
  timeoutMs?: number;
}

/**
 * The `code` of each error this adapter raises itself, besides the shared
 * {@link NETWORK_ERROR_CODES} it also uses (`responseTooLarge`, `timeout`,
 * `aborted`, `unexpectedRedirect`, `unsupportedProtocol`).
 */
export const BROWSER_NETWORK_ERROR_CODES = {
  /**
   * `fetch` failed and did not say why, as browsers never do (unreachable,
   * refused, TLS, CORS, mixed content); the URL is in the message and the
   * original error is the `cause`.
   */
  fetchFailed: "ERR_QUICKEXEC_FETCH_FAILED",
  /**
   * A redirect answered a request that may not follow it (`http.request`,
   * fetch's `redirect: "manual"`), and the browser hides redirect answers
   * from scripts (status 0, no `Location`).
   */
  redirectHidden: "ERR_QUICKEXEC_REDIRECT_HIDDEN",
  /** A request `fetch` cannot send: a CONNECT / TRACE / TRACK method, or a body with GET or HEAD. */
  unsupportedRequest: "ERR_QUICKEXEC_UNSUPPORTED_REQUEST",
  /** `dnsLookup` of a name that is neither an IP address nor localhost. */
  dnsUnavailable: DNS_UNAVAILABLE,
} as const;

const OPTION_NAMES = ["fetch", "maxResponseBytes", "timeoutMs"];

/** The options once checked, with defaults filled in. */
interface Config {
  fetch: typeof fetch;
  maxResponseBytes: number;
  timeoutMs: number;
}

/**
 * Creates a {@link NetworkAdapter} that carries the guest's requests over
 * `fetch` (the browser's by default).
 *
 * - `fetch` / `httpRequest`: the URL must be `http:` or `https:`. The request
 *   goes out with its method, headers and body, without the page's cookies
 *   or credentials (`credentials: "omit"`), without a `Referer` and past the
 *   HTTP cache (`cache: "no-store"`). Headers a browser forbids scripts to
 *   set (`Host`, `Content-Length`, `Connection`, `Cookie`, `Origin`,
 *   `Sec-*`, `Proxy-*`, ...) are dropped, as the browser would drop them.
 *   The body is read whole, bounded by `maxResponseBytes`, and the whole
 *   request by `timeoutMs`; aborting the request's signal aborts the call.
 *   A `fetch` that fails says nothing in a browser: the error is
 *   `ERR_QUICKEXEC_FETCH_FAILED` with the URL (a `fetch` that does give a
 *   system code as its error's `cause`, as Node's does, keeps that code,
 *   e.g. `ECONNREFUSED`). There is no address policy (the browser resolves
 *   names): the `network` permission, CORS and the browser's own rules are
 *   what limit the targets.
 * - Redirects: a page cannot see the hops the browser follows, so they cannot
 *   be checked one by one before they are sent. With `redirect: "follow"` the
 *   browser follows them; when the request ended at another URL, that final
 *   URL is passed to `request.onRedirect` (once, without a method: the
 *   request's is assumed) before the body is read, so the `network`
 *   permission decides whether the guest gets the answer; if it throws, the
 *   body is dropped and the request fails with its error. Hops in between
 *   are never checked, and were already sent to. `redirect: "error"` and
 *   `"manual"` (always used by `httpRequest`) do not follow: any redirect
 *   fails with `ERR_QUICKEXEC_UNEXPECTED_REDIRECT` for `"error"`; for
 *   `"manual"` a `fetch` that shows redirect answers (Node's) hands the 3xx
 *   over as it is, while a browser's opaque redirect fails with
 *   `ERR_QUICKEXEC_REDIRECT_HIDDEN`.
 * - Responses: headers come as the `Headers` object lists them (lower-case
 *   names, repeated ones joined with ", " except `Set-Cookie`; a browser
 *   hides `Set-Cookie` and, cross-origin, what CORS does not expose). The
 *   browser decodes `Content-Encoding` itself: `fetch` answers keep the
 *   header (as Node's fetch does), `httpRequest` answers whose body was
 *   decoded lose `Content-Encoding` and `Content-Length`, so that the guest's
 *   `http` client does not decode it again. The HTTP version is unknown
 *   (reported as 1.1).
 * - `dnsLookup`: scripts cannot resolve names. IP literals answer themselves,
 *   `localhost` (and `*.localhost`) answers `127.0.0.1` / `::1` by family;
 *   any other name fails with `ENOTSUP` and no query is made. (`fetch` and
 *   `http.request` to names still work: the browser resolves them.)
 * - `listen`: nothing can listen in a page. A guest server gets a loopback
 *   address and a port reserved in memory (EADDRINUSE if this adapter
 *   already gave it out); the runtime hands it the run's own requests to
 *   that port and the host's `runtime.network.fetch`, never through this
 *   adapter.
 *
 * Throws a TypeError or RangeError naming the option for a bad option, and a
 * TypeError when no `fetch` is given and `globalThis.fetch` is missing.
 */
export function createBrowserNetworkAdapter(options?: BrowserNetworkOptions): NetworkAdapter {
  const config = resolveOptions(options);
  return {
    fetch: (request) => send(config, request, request.redirect, false),
    httpRequest: (request) => send(config, request, "manual", true),
    dnsLookup: (hostname, lookupOptions) => browserDnsLookup(hostname, lookupOptions),
    listen: createInRuntimeListen(),
  };
}

/** Checks the options and fills in the defaults. */
function resolveOptions(options: BrowserNetworkOptions | undefined): Config {
  checkOptions(options, OPTION_NAMES, "createBrowserNetworkAdapter options");
  const given = options ?? {};
  return {
    fetch: checkFunction(given.fetch, "fetch") ?? globalFetch(),
    maxResponseBytes: integerOption(given.maxResponseBytes, "maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES, 0, Number.MAX_SAFE_INTEGER),
    timeoutMs: integerOption(given.timeoutMs, "timeoutMs", DEFAULT_TIMEOUT_MS, 1, MAX_TIMER_MS),
  };
}

/** `globalThis.fetch`, bound (a browser's fetch throws "Illegal invocation" when called on another `this`). */
function globalFetch(): typeof fetch {
  const found: unknown = (globalThis as { fetch?: unknown }).fetch;
  if (typeof found !== "function") {
    throw new TypeError(`createBrowserNetworkAdapter: globalThis.fetch is ${describe(found)}, not a function; pass options.fetch`);
  }
  return (found as typeof fetch).bind(globalThis);
}

// ---- requests -----------------------------------------------------------------------------------------

/** Statuses of a redirect. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Carries out `request` within the time limit and its signal; `forHttp` marks an `httpRequest`. */
function send(config: Config, request: NetworkRequest, mode: NetworkRequest["redirect"], forHttp: boolean): Promise<NetworkResponse> {
  return withDeadline(request.signal, config.timeoutMs, request.url, (signal) => exchange(config, request, mode, forHttp, signal));
}

/** One `fetch` call and its answer, body read. */
async function exchange(config: Config, request: NetworkRequest, mode: NetworkRequest["redirect"], forHttp: boolean, signal: AbortSignal): Promise<NetworkResponse> {
  const url = parseHttpUrl(request.url);
  const method = request.method;
  if (isForbiddenMethod(method)) {
    throw networkError(BROWSER_NETWORK_ERROR_CODES.unsupportedRequest, `A ${method} request cannot be sent by the browser's fetch (${url.href})`);
  }
  const body = requestBody(method, request.body, url);
  let response: Response;
  try {
    response = await config.fetch(url.href, {
      method,
      headers: request.headers.filter(([name, value]) => !isForbiddenRequestHeader(name, value)),
      body,
      redirect: mode === "follow" ? "follow" : "manual",
      signal,
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      mode: "cors",
    });
  } catch (error) {
    throw signal.aborted ? signal.reason : fetchFailure(error, url);
  }
  try {
    const { final, redirected } = where(response, url, mode, request);
    const decoded = decodedByFetch(response.headers);
    const bytes = await readBody(response, config.maxResponseBytes, final, decoded, signal);
    const headers = headerPairs(response.headers);
    return {
      status: response.status,
      statusText: response.statusText,
      headers: forHttp && decoded && hasBody(method, response.status) ? withoutEncoding(headers) : headers,
      url: final.href,
      redirected,
      body: bytes,
    };
  } catch (error) {
    dropBody(response, error);
    throw error;
  }
}

/** Parses an absolute URL; only `http:` and `https:` are accepted (a browser's fetch would also take `data:`, `blob:`, ...). */
function parseHttpUrl(href: string): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch (cause) {
    throw networkError(NETWORK_ERROR_CODES.unsupportedProtocol, `Only absolute http: and https: URLs are supported, got ${JSON.stringify(href)}`, undefined, cause);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw networkError(NETWORK_ERROR_CODES.unsupportedProtocol, `Only http: and https: URLs are supported, got ${url.protocol} (${href})`);
  }
  url.hash = "";
  return url;
}

/** The body as `fetch` takes it: none for an empty one with GET or HEAD (where fetch refuses any), in an unshared buffer. */
function requestBody(method: string, body: Uint8Array | null, url: URL): Uint8Array<ArrayBuffer> | null {
  if (body === null || body === undefined) return null;
  if (!(body instanceof Uint8Array)) throw new TypeError(`The request body must be a Uint8Array or null, got ${describe(body)}`);
  if (method === "GET" || method === "HEAD") {
    if (body.byteLength === 0) return null;
    throw networkError(BROWSER_NETWORK_ERROR_CODES.unsupportedRequest, `A ${method} request with a body cannot be sent by the browser's fetch (${url.href})`);
  }
  // fetch refuses views of a SharedArrayBuffer.
  return body.buffer instanceof ArrayBuffer ? (body as Uint8Array<ArrayBuffer>) : new Uint8Array(body);
}

/** The error for a `fetch` that failed on its own (not aborted by the signal). */
function fetchFailure(error: unknown, url: URL): Error {
  const cause = (error as { cause?: unknown } | null)?.cause as { code?: unknown; message?: unknown; syscall?: unknown; address?: unknown; port?: unknown } | null | undefined;
  if (cause !== null && typeof cause === "object" && typeof cause.code === "string" && /^E[A-Z0-9]+$/.test(cause.code)) {
    // A fetch that says why (Node's: the socket's error as `cause`): its code and fields, as the default adapter reports them.
    const failure = networkError(cause.code, typeof cause.message === "string" ? cause.message : `${cause.code} (${url.href})`, undefined, error);
    for (const key of ["syscall", "address", "port"] as const) {
      if (cause[key] !== undefined) Object.defineProperty(failure, key, { value: cause[key], enumerable: true, configurable: true, writable: true });
    }
    return failure;
  }
  const said = error instanceof Error ? error.message : String(error);
  return networkError(
    BROWSER_NETWORK_ERROR_CODES.fetchFailed,
    `Request to ${url.href} failed: ${said} (the browser does not say why: unreachable, refused, a TLS failure, or not allowed by CORS or mixed-content rules)`,
    undefined,
    error,
  );
}

/**
 * Where the request ended, after the redirect rules: `follow` takes the
 * browser's final URL and, when it differs, has `onRedirect` check it;
 * `manual` and `error` refuse what they cannot hand over.
 */
function where(response: Response, url: URL, mode: NetworkRequest["redirect"], request: NetworkRequest): { final: URL; redirected: boolean } {
  if (mode !== "follow") {
    const hidden = response.type === "opaqueredirect" || response.status === 0;
    const location = response.headers.get("location");
    const visible = REDIRECT_STATUSES.has(response.status) && location !== null;
    if (mode === "error" && (hidden || visible)) {
      const target = visible ? ` to ${new URL(location, url).href}` : "";
      throw networkError(NETWORK_ERROR_CODES.unexpectedRedirect, `${url.href} redirected${target} and the request's redirect mode is "error"`);
    }
    if (hidden) {
      throw networkError(
        BROWSER_NETWORK_ERROR_CODES.redirectHidden,
        `${url.href} answered with a redirect, which the browser hides from scripts (no status, no Location): it cannot be handed over to http.request or to fetch with redirect: "manual"; fetch with redirect: "follow" follows it`,
      );
    }
    return { final: url, redirected: false };
  }
  const final = response.url === "" ? url : parseHttpUrl(response.url);
  const moved = final.href !== url.href;
  if (moved) request.onRedirect?.(final.href);
  return { final, redirected: moved || response.redirected === true };
}

/** Content codings browsers (and Node's fetch) decode before a script sees the body. */
const DECODED_CODINGS = new Set(["gzip", "x-gzip", "deflate", "br", "zstd"]);

/** Whether the response's `Content-Encoding` names only codings `fetch` decoded. */
function decodedByFetch(headers: Headers): boolean {
  const codings = (headers.get("content-encoding") ?? "")
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  return codings.length > 0 && codings.every((coding) => DECODED_CODINGS.has(coding));
}

/** Whether a response to `method` with `status` carries a body. */
function hasBody(method: string, status: number): boolean {
  return method !== "HEAD" && status >= 200 && status !== 204 && status !== 304;
}

/** The headers without those describing the encoded body (`Content-Encoding`, `Content-Length`). */
function withoutEncoding(headers: HeaderPairs): HeaderPairs {
  return headers.filter(([name]) => name !== "content-encoding" && name !== "content-length");
}

/** The response headers as pairs, as `Headers` lists them. */
function headerPairs(headers: Headers): HeaderPairs {
  const pairs: HeaderPairs = [];
  headers.forEach((value, name) => pairs.push([name, value]));
  return pairs;
}

/**
 * Reads the body whole; fails with ERR_QUICKEXEC_RESPONSE_TOO_LARGE past
 * `limit` bytes (at once when an unencoded body's Content-Length says so).
 */
async function readBody(response: Response, limit: number, url: URL, decoded: boolean, signal: AbortSignal): Promise<Uint8Array> {
  const tooLarge = (): never => {
    throw networkError(NETWORK_ERROR_CODES.responseTooLarge, `Response from ${url.href} is larger than maxResponseBytes (${limit} bytes)`);
  };
  // An encoded body's length says little about the decoded one.
  if (!decoded && Number(response.headers.get("content-length")) > limit) tooLarge();
  const stream = response.body;
  if (stream === null) return new Uint8Array(0);
  return (await readBounded(chunksOf(stream, signal), limit, tooLarge)) ?? tooLarge();
}

/** The chunks of `stream` (through a reader: not every browser iterates streams); cancelled when `signal` aborts or reading stops early. */
async function* chunksOf(stream: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  const onAbort = (): void => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      signal.throwIfAborted();
      if (done) return;
      if (!ArrayBuffer.isView(value)) throw new TypeError(`The response body yielded ${describe(value)}, not bytes`);
      yield new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    // A no-op once the stream ended; stops the download when reading stopped early.
    await reader.cancel().catch(() => {});
  }
}

/** Cancels a body nobody will read (one being read is cancelled by its reader). */
function dropBody(response: Response, reason: unknown): void {
  const stream = response.body;
  if (stream !== null && !stream.locked) stream.cancel(reason).catch(() => {});
}
