/**
 * The network adapter: how the guest's `fetch`, `http`/`https` clients, `dns`
 * and `http.createServer` reach the host. The op layer checks the `network`
 * permission before any adapter method is called; an adapter decides how (and
 * whether) the request really goes out. `createDefaultNetworkAdapter()` is the
 * built-in one (SSRF-guarded, bounded, timed out).
 * @module
 */

/** Headers as `[name, value]` pairs, in order, duplicates kept (names as sent). */
export type HeaderPairs = Array<[string, string]>;

/** One outgoing request, as the guest made it (already checked by the `network` permission). */
export interface NetworkRequest {
  /** Absolute `http:` or `https:` URL. */
  url: string;
  /** Upper-case method, e.g. `GET`. */
  method: string;
  /** Request headers. */
  headers: HeaderPairs;
  /** The request body, or null. */
  body: Uint8Array | null;
  /**
   * What to do with a 3xx answer: `follow` (fetch's default; every hop is
   * checked again), `manual` (return it; `http.request` always uses this) or
   * `error` (fail).
   */
  redirect: "follow" | "manual" | "error";
  /** Aborted when the guest aborts the request or the run ends. */
  signal: AbortSignal;
  /**
   * Called for every redirect hop before it is followed, with the hop's URL
   * and the method it will use (a 303 turns a POST into a GET; adapters that
   * omit it are taken to keep the request's method); the op layer
   * checks the `network` permission here and throws to refuse the hop.
   */
  onRedirect?: (url: string, method?: string) => void;
}

/** The answer to a {@link NetworkRequest}. */
export interface NetworkResponse {
  /** Status code. */
  status: number;
  /** Reason phrase (may be empty). */
  statusText: string;
  /** Response headers, in order, duplicates kept. */
  headers: HeaderPairs;
  /** The final URL (after redirects). */
  url: string;
  /** Whether a redirect was followed. */
  redirected: boolean;
  /** The body: bytes, or chunks as they arrive. */
  body: Uint8Array | AsyncIterable<Uint8Array>;
  /** HTTP version, e.g. `"1.1"` (default `"1.1"`). */
  httpVersion?: string;
}

/** One address found by {@link NetworkAdapter.dnsLookup}. */
export interface DnsAddress {
  /** The address, e.g. `"93.184.215.14"` or `"2606:2800::1"`. */
  address: string;
  /** 4 or 6. */
  family: 4 | 6;
}

/** Options of {@link NetworkAdapter.dnsLookup}, as `dns.lookup` takes them. */
export interface DnsLookupOptions {
  /** 0 (any), 4 or 6. */
  family: 0 | 4 | 6;
}

/** A request that reached a guest server, as the adapter hands it to the guest. */
export interface IncomingServerRequest {
  method: string;
  /** The request target (path and query), e.g. `/users?id=1`. */
  url: string;
  headers: HeaderPairs;
  /** The request body (bounded by the adapter). */
  body: Uint8Array;
  httpVersion: string;
  remoteAddress: string;
  remotePort: number;
}

/** The guest's answer to an {@link IncomingServerRequest}. */
export interface ServerResponseData {
  status: number;
  statusText: string;
  headers: HeaderPairs;
  body: Uint8Array;
}

/** A listening guest server, as the adapter runs it. */
export interface ListeningServer {
  /** The address really bound (always loopback for the default adapter). */
  address: string;
  /** The port really bound. */
  port: number;
  /** 4 or 6. */
  family: 4 | 6;
  /** Stops accepting; requests in flight are answered 503. */
  close(): Promise<void>;
}

/** Options of {@link NetworkAdapter.listen}. */
export interface ListenOptions {
  /** The port the guest asked for; 0 for any free one. */
  port: number;
  /** The host the guest asked for (the default adapter binds loopback whatever it is). */
  hostname: string;
  /** Called for each request; resolves with the guest's response. */
  onRequest(request: IncomingServerRequest): Promise<ServerResponseData>;
}

/**
 * How the guest's network calls are carried out on the host. Every method is
 * called only after the `network` permission allowed the request; a method an
 * adapter lacks makes that guest API fail with a clear error.
 */
export interface NetworkAdapter {
  /** Carries out a guest `fetch`. */
  fetch(request: NetworkRequest): Promise<NetworkResponse>;
  /** Resolves a hostname for `dns.lookup` (and `dns.promises.lookup`). */
  dnsLookup(hostname: string, options: DnsLookupOptions): Promise<DnsAddress[]>;
  /** Carries out a guest `http.request` / `https.request` (never follows redirects). */
  httpRequest(request: NetworkRequest): Promise<NetworkResponse>;
  /** Starts a guest HTTP server (`http.createServer().listen()`); optional. */
  listen?(options: ListenOptions): Promise<ListeningServer>;
}
