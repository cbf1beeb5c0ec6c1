/**
 * The one redirect follower, per the Fetch standard's HTTP-redirect fetch:
 * used by the default adapter (over its sockets) and by the fetch op for the
 * run's own guest servers. Each hop is sent by the caller; the follower
 * decides whether the answer is a redirect to follow, checks the mode and the
 * hop limit, and builds the next hop: 301/302 turn a POST into a GET and 303
 * anything but GET/HEAD, dropping the body and the headers that describe it
 * (`Transfer-Encoding` included); a hop to another origin drops credentials
 * (`Authorization`, `Proxy-Authorization`, `Cookie`); `Host` is never carried
 * over (each hop sends its own). Environment-neutral (no `node:` imports).
 * @module
 */
import { NETWORK_ERROR_CODES, networkError } from "./network-errors.js";
import type { HeaderPairs, NetworkRequest } from "./types.js";

/** One request on the wire: a hop of a (possibly redirected) request. */
export interface Hop {
  url: URL;
  method: string;
  headers: HeaderPairs;
  body: Uint8Array | null;
}

/** What sending one hop gave: its status and `Location`, and the caller's own answer. */
export interface HopAnswer<R> {
  status: number;
  /** The `Location` header, if any. */
  location: string | undefined;
  /** The caller's answer (handed back when it is the final one). */
  result: R;
  /** The answer is final whatever its status (another party already followed its redirects). */
  final?: boolean;
  /** Frees what a followed (or failed) answer holds, e.g. its socket. Not called for the final answer. */
  release?(): void;
}

/** How {@link followRedirects} follows. */
export interface FollowOptions<R> {
  /** The request's redirect mode. */
  mode: NetworkRequest["redirect"];
  /** Redirects followed before failing with ERR_QUICKEXEC_TOO_MANY_REDIRECTS. */
  maxRedirects: number;
  /** Sends one hop (`redirects` hops were followed before it). */
  send(hop: Hop, redirects: number): Promise<HopAnswer<R>>;
  /** Called with every hop about to be sent after a redirect (the permission check throws to refuse it). */
  onRedirect?(url: string, method: string): void;
}

/** The final answer, the hop that got it and how many redirects were followed. */
export interface Followed<R> {
  result: R;
  hop: Hop;
  redirects: number;
}

/** Statuses that redirect. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body, dropped when a redirect turns the request into a GET without one. */
const BODY_HEADERS = new Set(["content-encoding", "content-language", "content-location", "content-type", "content-length", "transfer-encoding"]);
/** Headers not sent on to another origin. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

/** Where a redirect answer leads (without fragment), or null when it is not a redirect to follow. */
export function redirectTarget(status: number, location: string | undefined, base: URL): URL | null {
  if (!REDIRECT_STATUSES.has(status) || location === undefined) return null;
  const next = new URL(location, base);
  next.hash = "";
  return next;
}

/** The hop a redirect with `status` from `hop` to `next` leads to. */
export function redirectedHop(hop: Hop, status: number, next: URL): Hop {
  const toGet = status === 303 ? hop.method !== "GET" && hop.method !== "HEAD" : (status === 301 || status === 302) && hop.method === "POST";
  const crossOrigin = next.origin !== hop.url.origin;
  const headers = hop.headers.filter(([name]) => {
    const key = name.toLowerCase();
    return key !== "host" && !(toGet && BODY_HEADERS.has(key)) && !(crossOrigin && CREDENTIAL_HEADERS.has(key));
  });
  return { url: next, method: toGet ? "GET" : hop.method, headers, body: toGet ? null : hop.body };
}

/**
 * Sends `first`, then every redirect hop the mode lets it follow, and
 * resolves with the final answer. Fails with ERR_QUICKEXEC_UNEXPECTED_REDIRECT
 * (mode `error`), ERR_QUICKEXEC_TOO_MANY_REDIRECTS, or
 * ERR_QUICKEXEC_UNSUPPORTED_PROTOCOL for a `Location` that is not http(s).
 */
export async function followRedirects<R>(first: Hop, options: FollowOptions<R>): Promise<Followed<R>> {
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const answer = await options.send(hop, redirects);
    let next: Hop;
    try {
      const target = answer.final || options.mode === "manual" ? null : redirectTarget(answer.status, answer.location, hop.url);
      if (target === null) return { result: answer.result, hop, redirects };
      if (options.mode === "error") {
        throw networkError(NETWORK_ERROR_CODES.unexpectedRedirect, `${hop.url.href} redirected to ${target.href} and the request's redirect mode is "error"`);
      }
      if (redirects >= options.maxRedirects) {
        throw networkError(NETWORK_ERROR_CODES.tooManyRedirects, `Too many redirects (more than ${options.maxRedirects}) from ${first.url.href}`);
      }
      if (target.protocol !== "http:" && target.protocol !== "https:") {
        throw networkError(NETWORK_ERROR_CODES.unsupportedProtocol, `Only http: and https: URLs are supported, got ${target.protocol} (${target.href})`);
      }
      next = redirectedHop(hop, answer.status, target);
      options.onRedirect?.(next.url.href, next.method);
    } catch (error) {
      answer.release?.();
      throw error;
    }
    answer.release?.();
    hop = next;
  }
}
