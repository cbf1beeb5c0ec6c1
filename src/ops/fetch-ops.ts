/**
 * The guest's `fetch`: one async op carries a request to the network
 * adapter and brings the whole answer back (its body bounded by the sandbox's
 * memory limit); a second op aborts a request in flight. Every request, and
 * every redirect hop, is checked by the `network` permission as
 * `{ op: "fetch", url, method, hostname }`.
 * @module
 */
import type { HeaderPairs, NetworkAdapter, NetworkRequest, NetworkResponse } from "../net/types.js";
import { dispatchToGuestServer } from "../net/guest-servers.js";
import { followRedirects, type Hop } from "../net/redirects.js";
import { concatBytes, ownedBytes } from "../bytes.js";
import { codedError, ERR_RESPONSE_TOO_LARGE, invalidArgType } from "../errors.js";
import { headerPairsArg, httpUrlArg, intArg, redirectArg, stringArg } from "./coerce.js";
import { adapterFor, demandNetwork, hostnameOf } from "./net-access.js";
import type { Op, OpContext, OpFamily } from "./op-context.js";

/** What `fetch.request` resolves with (the body arrives in the guest as an ArrayBuffer). */
export interface FetchResult {
  /** Status code (any from 100 to 999: `redirect: "manual"` hands over 3xx answers). */
  status: number;
  /** Reason phrase (may be empty). */
  statusText: string;
  /** Response headers as the adapter gave them. */
  headers: HeaderPairs;
  /** The final URL, without fragment (checked by the permission like every hop). */
  url: string;
  /** Whether a redirect was followed. */
  redirected: boolean;
  /** The whole body, at most the sandbox's memory limit. */
  body: Uint8Array;
}

/** A guest URL, absolute http(s), without its fragment (never sent). */
function requestUrl(value: unknown): URL {
  const url = httpUrlArg(value);
  url.hash = "";
  return url;
}

/** Checks the `network` permission for a fetch of `url`. */
function demandFetch(ctx: OpContext, url: URL, method: string): void {
  demandNetwork(ctx, { op: "fetch", url: url.href, method, hostname: hostnameOf(url) });
}

function tooLarge(url: string, limit: number): RangeError {
  return codedError(RangeError, ERR_RESPONSE_TOO_LARGE, `Response body from ${url} is larger than the sandbox's memory limit (${limit} bytes)`);
}

/** Reads a response body whole, failing as soon as it passes `limit` bytes. */
async function readBody(body: NetworkResponse["body"] | null | undefined, limit: number, url: string): Promise<Uint8Array> {
  if (body === null || body === undefined) return new Uint8Array(0);
  if (body instanceof Uint8Array) {
    if (body.byteLength > limit) throw tooLarge(url, limit);
    // A view of a larger buffer (a pooled Buffer) would carry the whole buffer across threads.
    return ownedBytes(body);
  }
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== "function") {
    throw new TypeError("The network adapter returned a response body that is neither a Uint8Array nor an async iterable of Uint8Arrays");
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError("The network adapter's response body yielded a chunk that is not a Uint8Array");
    total += chunk.byteLength;
    if (total > limit) throw tooLarge(url, limit);
    chunks.push(chunk);
  }
  return concatBytes(chunks, total);
}

/** Checks the adapter's answer and copies it into plain data. */
function responseHead(response: NetworkResponse, requested: URL): Omit<FetchResult, "body"> {
  if (response === null || typeof response !== "object") throw new TypeError("The network adapter's fetch() did not resolve with a response object");
  const { status } = response;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 999) {
    throw new TypeError(`The network adapter returned an invalid status: ${String(status)}`);
  }
  const headers: HeaderPairs = [];
  for (const pair of Array.isArray(response.headers) ? response.headers : []) {
    if (Array.isArray(pair) && pair.length === 2) headers.push([String(pair[0]), String(pair[1])]);
  }
  let url = requested.href;
  if (typeof response.url === "string" && response.url !== "") {
    const final = requestUrl(response.url);
    url = final.href;
  }
  return {
    status,
    statusText: typeof response.statusText === "string" ? response.statusText : "",
    headers,
    url,
    redirected: response.redirected === true,
  };
}

/** Hops fetch follows between the run's own servers (as fetch's limit). */
const MAX_OWN_REDIRECTS = 20;

/**
 * Sends a request to the run's own guest server when it names one (loopback,
 * one of the run's ports: the adapter, which may refuse loopback, is not
 * involved), following redirects among them with the one redirect follower;
 * anything else, and any hop that leaves the run's servers, goes to the
 * adapter, which follows the rest itself.
 */
async function fetchVia(ctx: OpContext, adapter: NetworkAdapter, request: NetworkRequest): Promise<NetworkResponse> {
  const first: Hop = { url: new URL(request.url), method: request.method, headers: request.headers, body: request.body };
  const { result } = await followRedirects<NetworkResponse>(first, {
    mode: request.redirect,
    maxRedirects: MAX_OWN_REDIRECTS,
    onRedirect: (url, method) => request.onRedirect?.(url, method),
    async send(hop, redirects) {
      const server = ctx.run.guestServers.serverFor(ctx.run, hop.url);
      if (server === undefined) {
        const sent = { ...request, url: hop.url.href, method: hop.method, headers: hop.headers, body: hop.body };
        const response = await adapter.fetch(sent);
        return { status: response.status, location: undefined, result: redirects === 0 ? response : { ...response, redirected: true }, final: true };
      }
      const response = await dispatchToGuestServer(server, { ...hop, url: hop.url.href, signal: request.signal });
      const location = response.headers.find(([name]) => name.toLowerCase() === "location")?.[1];
      return { status: response.status, location, result: { ...response, url: hop.url.href, redirected: redirects > 0 } };
    },
  });
  return result;
}

/**
 * `fetch.request(id, url, method, headers, redirect, body)`: carries out a
 * guest fetch. `id` names the request for `fetch.abort`; `body` is bytes or
 * null. Resolves with {@link FetchResult}.
 */
const fetchRequest: Op = async (ctx, args) => {
  const id = intArg(args[0], "id");
  const url = requestUrl(args[1]);
  const method = stringArg(args[2], "method").toUpperCase();
  const headers = headerPairsArg(args[3], "headers");
  const redirect = redirectArg(args[4]);
  const rawBody = args[5];
  if (rawBody !== null && rawBody !== undefined && !(rawBody instanceof Uint8Array)) {
    throw invalidArgType(`The "body" argument must be bytes or null`);
  }
  const body = rawBody ?? null;
  const adapter = adapterFor(ctx, "fetch", "fetch");
  demandFetch(ctx, url, method);

  const requests = ctx.run.fetches;
  const controller = new AbortController();
  if (requests.abortedEarly.delete(id)) controller.abort();
  requests.inFlight.set(id, controller);
  const unregister = ctx.onRunEnd(() => controller.abort());
  // Every URL the permission allowed; a final URL the adapter reached
  // without reporting the hop is checked before anything is handed over.
  const allowed = new Set([url.href]);
  const request: NetworkRequest = {
    url: url.href,
    method,
    headers,
    body,
    redirect,
    signal: controller.signal,
    onRedirect(hop: string, hopMethod?: string) {
      const next = requestUrl(hop);
      // An adapter that does not say the hop's method: the request's.
      demandFetch(ctx, next, typeof hopMethod === "string" && hopMethod !== "" ? hopMethod.toUpperCase() : method);
      allowed.add(next.href);
    },
  };
  try {
    controller.signal.throwIfAborted();
    const response = await fetchVia(ctx, adapter, request);
    const head = responseHead(response, url);
    if (!allowed.has(head.url)) demandFetch(ctx, new URL(head.url), method);
    const result: FetchResult = { ...head, body: await readBody(response.body, ctx.maxReadBytes, head.url) };
    return result;
  } catch (error) {
    controller.abort();
    throw error;
  } finally {
    requests.inFlight.delete(id);
    unregister();
  }
};

/** `fetch.abort(id)`: aborts the guest's request `id` if it is still in flight. */
const fetchAbort: Op = (ctx, args) => {
  const id = intArg(args[0], "id");
  const requests = ctx.run.fetches;
  const controller = requests.inFlight.get(id);
  if (controller) controller.abort();
  else requests.abortedEarly.add(id);
};

/** The fetch ops by name. */
export const fetchOps: OpFamily = { "fetch.request": fetchRequest, "fetch.abort": fetchAbort };
