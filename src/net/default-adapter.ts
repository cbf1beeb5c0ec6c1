/**
 * The built-in network adapter, on `node:http` over sockets it opens itself:
 * every request (and every redirect hop) resolves its hostname once, refuses
 * it unless every address is public (or the host allows it), and connects to
 * exactly the address it checked, so there is no second DNS resolution for a
 * rebinding attack to slip through. Bodies are bounded, requests time out,
 * and guest servers listen on loopback only.
 * @module
 */
import type * as dnsPromises from "node:dns/promises";
import type * as http from "node:http";
import { createRequire } from "node:module";
import type * as net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type * as tls from "node:tls";
import { checkFunction, checkOptions, describe } from "../options.js";
import { ipLiteralFromHostname, isLoopbackAddress, isPublicAddress, parseIpAddress } from "./address-policy.js";
import { IPV6_LOOPBACK_NAMES, isLoopbackHostname } from "./guest-servers.js";
import { NETWORK_ERROR_CODES, networkError } from "./network-errors.js";
import { followRedirects, type Hop } from "./redirects.js";
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, integerOption, readBounded, withDeadline } from "./request-bounds.js";
import { MAX_TIMER_MS } from "../timers.js";
import type {
  DnsAddress,
  DnsLookupOptions,
  HeaderPairs,
  IncomingServerRequest,
  ListeningServer,
  ListenOptions,
  NetworkAdapter,
  NetworkRequest,
  NetworkResponse,
  ServerResponseData,
} from "./types.js";

/**
 * Node's network modules, loaded on first use rather than while quickexec is
 * imported (http and tls with their dependencies are about 4 MB and tens of
 * milliseconds of every process's start, most of which never make a request).
 */
const load = createRequire(import.meta.url);
const nodeHttp = (): typeof http => load("node:http") as typeof http;
const nodeNet = (): typeof net => load("node:net") as typeof net;
const nodeTls = (): typeof tls => load("node:tls") as typeof tls;
const lookupWithDns: typeof dnsPromises.lookup = ((...args: Parameters<typeof dnsPromises.lookup>) =>
  (load("node:dns/promises") as typeof dnsPromises).lookup(...args)) as typeof dnsPromises.lookup;

/** The `code` of each error the default adapter raises itself (defined in the node-free `network-errors` module, shared with the browser adapter). */
export { NETWORK_ERROR_CODES };

/**
 * Which non-public addresses the host allows: `true` allows them all, a
 * function decides per address (`address` as resolved, e.g. `"127.0.0.1"`;
 * `hostname` as in the URL, without IPv6 brackets) and allows it only by
 * returning `true`.
 */
export type AllowPrivateAddresses = boolean | ((address: string, hostname: string) => boolean);

/** A resolver: all addresses of `hostname` (an empty list means none). */
export type NetworkLookup = (hostname: string, options: DnsLookupOptions) => Promise<DnsAddress[]>;

/** What {@link NetworkConnector} is asked to connect to: an address that already passed the address policy. */
export interface NetworkConnectOptions {
  /** The checked IP address to connect to. */
  address: string;
  /** 4 or 6. */
  family: 4 | 6;
  /** The TCP port. */
  port: number;
  /** The URL's hostname (no IPv6 brackets), for TLS SNI and certificate checking. */
  hostname: string;
  /** Whether the connection is `https:` (TLS). */
  tls: boolean;
}

/**
 * Opens a connection, as `net.connect` / `tls.connect` do: the returned socket
 * must still be connecting (it emits `connect`, or `secureConnect` for TLS,
 * or `error`).
 */
export type NetworkConnector = (options: NetworkConnectOptions) => net.Socket | tls.TLSSocket;

/** Options of {@link createDefaultNetworkAdapter}; all optional. */
export interface DefaultNetworkOptions {
  /**
   * Non-public targets (private, loopback, link-local, reserved, ...; see
   * `isPublicAddress`) to allow. Default `false`: they are refused with
   * `ERR_QUICKEXEC_ADDRESS_REFUSED` before any connection is attempted.
   */
  allowPrivateAddresses?: AllowPrivateAddresses;
  /** The resolver. Default: `dns.promises.lookup` with `all: true`. */
  lookup?: NetworkLookup;
  /**
   * The connector. Default: `net.connect`, or `tls.connect` with
   * `servername` set to the hostname (SNI, and the certificate is checked
   * against it; against the address for IP-literal URLs).
   */
  connect?: NetworkConnector;
  /** Largest response body accepted, in bytes (also bounds request bodies of `listen`). Default 64 MiB. */
  maxResponseBytes?: number;
  /** Time limit of a whole request (every hop and the body), in ms. Default 30000. */
  timeoutMs?: number;
  /** Redirects `fetch` follows before failing. Default 20, as in fetch. */
  maxRedirects?: number;
  /**
   * Loopback ports the address policy lets through (e.g. a host-side RPC
   * server): a request whose URL names loopback (`localhost`, `127.x.y.z`,
   * `[::1]`) on one of these ports, and whose addresses are all loopback, is
   * not refused for being non-public. The `network` permission is still asked
   * as for any request, and every redirect hop is judged on its own: a hop
   * to another loopback port or to a private address is refused.
   */
  loopbackExemptPorts?: Iterable<number>;
  /** secure-exec's name for {@link loopbackExemptPorts}; both may be given. */
  initialExemptPorts?: Iterable<number>;
}

/** Default of {@link DefaultNetworkOptions.maxRedirects}. */
const DEFAULT_MAX_REDIRECTS = 20;

const OPTION_NAMES = [
  "allowPrivateAddresses", "lookup", "connect", "maxResponseBytes", "timeoutMs", "maxRedirects", "loopbackExemptPorts", "initialExemptPorts",
];

/** The options once checked, with defaults filled in. */
interface Config {
  allow: (address: string, hostname: string) => boolean;
  lookup: NetworkLookup;
  connect: NetworkConnector;
  maxResponseBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  /** Loopback ports exempt from the address policy. */
  exemptPorts: ReadonlySet<number>;
}

/**
 * Creates the built-in {@link NetworkAdapter}.
 *
 * - `fetch` / `httpRequest`: the URL must be `http:` or `https:`; the
 *   hostname is resolved with `lookup` (IP literals are not looked up) and
 *   the request is refused (`ERR_QUICKEXEC_ADDRESS_REFUSED`) if any address
 *   is not public and not allowed by `allowPrivateAddresses`; otherwise the
 *   connection goes to the checked addresses (in order, the next one tried if
 *   a connection is refused or unreachable). One connection per request
 *   (`Connection: close`); the body is read whole, bounded by
 *   `maxResponseBytes`, and returned as sent (no content decoding). `fetch`
 *   follows redirects as the fetch standard does when asked to, checking
 *   every hop again; `httpRequest` never follows them. See
 *   {@link NETWORK_ERROR_CODES} for the errors raised.
 * - `dnsLookup` resolves with the same `lookup` and returns every address:
 *   the address policy is about connections, not about what names resolve to.
 * - `listen` runs a guest server on loopback (`127.0.0.1`, or `::1` when the
 *   guest asked for an IPv6 loopback name), whatever host the guest asked for.
 *
 * Throws a TypeError or RangeError naming the option for a bad option.
 */
export function createDefaultNetworkAdapter(options?: DefaultNetworkOptions): NetworkAdapter {
  const config = resolveOptions(options);
  return {
    fetch: (request) => send(config, request, request.redirect),
    httpRequest: (request) => send(config, request, "manual"),
    dnsLookup: (hostname, lookupOptions) => lookupAddresses(config.lookup, hostname, lookupOptions?.family ?? 0),
    listen: (listenOptions) => listenOnLoopback(config.maxResponseBytes, listenOptions),
  };
}

// ---- options ------------------------------------------------------------------------------------------

/** Checks the options and fills in the defaults. */
function resolveOptions(options: DefaultNetworkOptions | undefined): Config {
  checkOptions(options, OPTION_NAMES, "createDefaultNetworkAdapter options");
  const given = options ?? {};
  return {
    allow: allowance(given.allowPrivateAddresses),
    lookup: checkFunction(given.lookup, "lookup") ?? defaultLookup,
    connect: checkFunction(given.connect, "connect") ?? defaultConnect,
    maxResponseBytes: integerOption(given.maxResponseBytes, "maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES, 0, Number.MAX_SAFE_INTEGER),
    timeoutMs: integerOption(given.timeoutMs, "timeoutMs", DEFAULT_TIMEOUT_MS, 1, MAX_TIMER_MS),
    maxRedirects: integerOption(given.maxRedirects, "maxRedirects", DEFAULT_MAX_REDIRECTS, 0, Number.MAX_SAFE_INTEGER),
    exemptPorts: new Set([...portList(given.loopbackExemptPorts, "loopbackExemptPorts"), ...portList(given.initialExemptPorts, "initialExemptPorts")]),
  };
}

/** A list of TCP ports (1 to 65535), checked. */
export function portList(value: unknown, name: string): number[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== "object" || typeof (value as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${name} must be an array of port numbers, got ${describe(value)}`);
  }
  const ports = [...(value as Iterable<unknown>)];
  for (const port of ports) {
    if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new RangeError(`${name} must hold TCP ports (integers from 1 to 65535), got ${typeof port === "number" ? port : describe(port)}`);
    }
  }
  return ports as number[];
}

/** `allowPrivateAddresses` as a function. */
function allowance(value: unknown): Config["allow"] {
  if (value === undefined || typeof value === "boolean") return () => value === true;
  if (typeof value === "function") return (address, hostname) => value(address, hostname) === true;
  throw new TypeError(`allowPrivateAddresses must be a boolean or a function, got ${describe(value)}`);
}

/** The default resolver: the system's, as `dns.lookup` uses it. */
async function defaultLookup(hostname: string, options: DnsLookupOptions): Promise<DnsAddress[]> {
  const found = await lookupWithDns(hostname, { all: true, family: options.family });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

/** The default connector: plain TCP, or TLS checked against the hostname. */
function defaultConnect({ address, family, port, hostname, tls: secure }: NetworkConnectOptions): net.Socket {
  if (!secure) return nodeNet().connect({ host: address, port, family });
  // SNI cannot carry an IP address: for IP-literal URLs the certificate is checked against `host`.
  const servername = ipLiteralFromHostname(hostname) === null ? hostname : undefined;
  return nodeTls().connect({ host: address, port, servername, ALPNProtocols: ["http/1.1"] });
}

// ---- requests -----------------------------------------------------------------------------------------

/** Carries out `request` within the time limit and its signal, following redirects as `mode` says. */
async function send(config: Config, request: NetworkRequest, mode: NetworkRequest["redirect"]): Promise<NetworkResponse> {
  return withDeadline(request.signal, config.timeoutMs, request.url, (signal) => sendFollowing(config, request, mode, signal));
}

/** Sends the hops of a request until one is not a redirect to follow, and returns that one's response. */
async function sendFollowing(config: Config, request: NetworkRequest, mode: NetworkRequest["redirect"], signal: AbortSignal): Promise<NetworkResponse> {
  const first: Hop = { url: parseHttpUrl(request.url), method: request.method, headers: request.headers, body: request.body };
  const { result, hop, redirects } = await followRedirects(first, {
    mode,
    maxRedirects: config.maxRedirects,
    onRedirect: (url, method) => request.onRedirect?.(url, method),
    async send(hop, redirects) {
      if (redirects > 0) signal.throwIfAborted();
      const { response, socket } = await exchange(config, hop, signal);
      const location = response.headers.location;
      return { status: response.statusCode ?? 0, location, result: { response, socket }, release: () => socket.destroy() };
    },
  });
  try {
    const body = await readResponseBody(result.response, config.maxResponseBytes, hop.url);
    return toNetworkResponse(result.response, body, hop.url, redirects > 0);
  } finally {
    result.socket.destroy();
  }
}

/** Parses an absolute URL; only `http:` and `https:` are accepted. */
function parseHttpUrl(href: string): URL {
  const url = new URL(href);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw networkError(NETWORK_ERROR_CODES.unsupportedProtocol, `Only http: and https: URLs are supported, got ${url.protocol} (${href})`);
  }
  return url;
}

/** One hop: resolve and check the target, connect, send; resolves with the response head (the body not read yet). */
async function exchange(config: Config, hop: Hop, signal: AbortSignal): Promise<{ response: http.IncomingMessage; socket: net.Socket }> {
  const hostname = bareHostname(hop.url);
  const addresses = await checkedAddresses(config, hostname, portOf(hop.url), signal);
  const socket = await openSocket(config.connect, addresses, hop.url, hostname, signal);
  try {
    return { response: await sendRequest(socket, hop), socket };
  } catch (error) {
    socket.destroy();
    throw error;
  }
}

/** The URL's hostname without IPv6 brackets. */
function bareHostname(url: URL): string {
  return ipLiteralFromHostname(url.hostname)?.address ?? url.hostname;
}

/** The URL's port, with the scheme's default. */
function portOf(url: URL): number {
  return url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
}

/**
 * The addresses of `hostname` (itself for an IP literal), refused unless every
 * one is public or allowed, or the request goes to an exempt loopback port
 * (the hostname names loopback and every address is loopback).
 */
async function checkedAddresses(config: Config, hostname: string, port: number, signal: AbortSignal): Promise<DnsAddress[]> {
  const literal = ipLiteralFromHostname(hostname);
  const addresses = literal !== null ? [literal] : await lookupAddresses(config.lookup, hostname, 0);
  signal.throwIfAborted();
  if (addresses.length === 0) throw networkError(NETWORK_ERROR_CODES.notFound, `No address found for ${hostname}`);
  const exempt = config.exemptPorts.has(port) && isLoopbackHostname(hostname) && addresses.every(({ address }) => isLoopbackAddress(address));
  if (exempt) return addresses;
  for (const { address } of addresses) {
    if (!isPublicAddress(address) && !config.allow(address, hostname)) {
      throw networkError(
        NETWORK_ERROR_CODES.addressRefused,
        `Connection to ${hostname} refused: its address ${address} is not public (private, loopback, link-local or reserved); allowPrivateAddresses did not allow it` +
          (config.exemptPorts.size > 0 ? ` and port ${port} of ${hostname} is not an exempt loopback port (loopbackExemptPorts: ${[...config.exemptPorts].join(", ")})` : ""),
      );
    }
  }
  return addresses;
}

/** Resolves `hostname` with `lookup` and checks that it answered with IP addresses. */
async function lookupAddresses(lookup: NetworkLookup, hostname: string, family: DnsLookupOptions["family"]): Promise<DnsAddress[]> {
  const found: unknown = await lookup(hostname, { family });
  if (!Array.isArray(found)) throw new TypeError(`lookup must resolve with an array of { address, family }, got ${describe(found)}`);
  return found.map((entry: { address?: unknown } | null) => {
    const address = entry?.address;
    const parsed = typeof address === "string" ? parseIpAddress(address) : null;
    if (parsed === null) throw new TypeError(`lookup returned ${describe(address)} for ${hostname}, which is not an IP address`);
    return { address: address as string, family: parsed.family };
  });
}

/** Error codes after which the next address is tried. */
const CONNECT_FAILURES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "ETIMEDOUT"]);

/** Connects to the first of `addresses` that accepts a connection. */
async function openSocket(connect: NetworkConnector, addresses: DnsAddress[], url: URL, hostname: string, signal: AbortSignal): Promise<net.Socket> {
  const port = portOf(url);
  let failure: unknown;
  for (const { address, family } of addresses) {
    signal.throwIfAborted();
    try {
      return await connectOne(connect, { address, family, port, hostname, tls: url.protocol === "https:" }, signal);
    } catch (error) {
      if (!CONNECT_FAILURES.has((error as { code?: unknown })?.code as string)) throw error;
      failure = error;
    }
  }
  throw failure;
}

/** Opens one connection; the socket is destroyed whenever `signal` is aborted, until it closes. (Once settled, later rejections are no-ops.) */
function connectOne(connect: NetworkConnector, target: NetworkConnectOptions, signal: AbortSignal): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = connect(target);
    const onAbort = (): void => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("close", () => {
      signal.removeEventListener("abort", onAbort);
      reject(networkError("ECONNRESET", `Connection to ${target.address} port ${target.port} closed before it was established`));
    });
    // Stays attached: a later error also reaches the HTTP client's listener (reject is then a no-op).
    socket.on("error", reject);
    socket.once(target.tls ? "secureConnect" : "connect", () => resolve(socket));
  });
}

/** Sends `hop` over the connected `socket`; resolves with the response head. */
function sendRequest(socket: net.Socket, hop: Hop): Promise<http.IncomingMessage> {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    if (socket.destroyed) throw networkError("ECONNRESET", `Connection for ${hop.url.href} closed before the request was sent`);
    const request = nodeHttp().request({ method: hop.method, path: hop.url.pathname + hop.url.search, setHost: false, createConnection: () => socket });
    request.once("response", resolve);
    request.on("error", reject);
    request.once("close", () => reject(networkError("ECONNRESET", `socket hang up (${hop.url.href})`)));
    if (!hop.headers.some(([name]) => name.toLowerCase() === "host")) request.setHeader("Host", hop.url.host);
    applyHeaders(request, hop.headers);
    request.end(hop.body ?? undefined);
  });
}

/** Reads a response body whole; fails with ERR_QUICKEXEC_RESPONSE_TOO_LARGE past `limit` bytes (at once if Content-Length says so). */
async function readResponseBody(response: http.IncomingMessage, limit: number, url: URL): Promise<Uint8Array> {
  const tooLarge = (): never => {
    throw networkError(NETWORK_ERROR_CODES.responseTooLarge, `Response from ${url.href} is larger than maxResponseBytes (${limit} bytes)`);
  };
  if (Number(response.headers["content-length"]) > limit) tooLarge();
  return (await readBounded(response, limit, tooLarge)) ?? tooLarge();
}

/** The adapter's answer for a response whose body was read. */
function toNetworkResponse(response: http.IncomingMessage, body: Uint8Array, url: URL, redirected: boolean): NetworkResponse {
  const final = new URL(url.href);
  final.hash = "";
  return {
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? "",
    headers: headerPairs(response.rawHeaders),
    url: final.href,
    redirected,
    body,
    httpVersion: response.httpVersion,
  };
}

// ---- shared helpers -----------------------------------------------------------------------------------

/** `rawHeaders` (name, value, name, value, ...) as pairs. */
function headerPairs(rawHeaders: string[]): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i], rawHeaders[i + 1]]);
  return pairs;
}

/** Sets `pairs` on an outgoing message; repeated names are sent as repeated header lines, in order. */
function applyHeaders(message: http.OutgoingMessage, pairs: HeaderPairs): void {
  const groups = new Map<string, [string, string[]]>();
  for (const [name, value] of pairs) {
    const group = groups.get(name.toLowerCase());
    if (group) group[1].push(value);
    else groups.set(name.toLowerCase(), [name, [value]]);
  }
  for (const [name, values] of groups.values()) message.setHeader(name, values.length === 1 ? values[0] : values);
}

// ---- listen -------------------------------------------------------------------------------------------

/** Starts a guest server on loopback. */
async function listenOnLoopback(maxBodyBytes: number, options: ListenOptions): Promise<ListeningServer> {
  if (typeof options?.onRequest !== "function") throw new TypeError(`listen options.onRequest must be a function, got ${describe(options?.onRequest)}`);
  const inFlight = new Set<http.ServerResponse>();
  let closing = false;
  const server = nodeHttp().createServer((request, response) => {
    if (closing) return respondEmpty(response, 503);
    inFlight.add(response);
    response.once("close", () => inFlight.delete(response));
    void serve(request, response, maxBodyBytes, options.onRequest);
  });
  await bind(server, options.port, IPV6_LOOPBACK_NAMES.has(options.hostname) ? "::1" : "127.0.0.1");
  // A server error after it is bound must not become an uncaught exception on the host.
  server.on("error", () => {});
  const bound = server.address() as net.AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    address: bound.address,
    port: bound.port,
    family: (bound.family as unknown) === "IPv6" || (bound.family as unknown) === 6 ? 6 : 4,
    close: () => {
      closing = true;
      return (closed ??= shutDown(server, inFlight));
    },
  };
}

/** Listens on `host`:`port`; rejects with Node's error (EADDRINUSE, ...). */
function bind(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** Answers one request: its body (bounded, else 413), the guest's answer, or 500 if that fails. */
async function serve(request: http.IncomingMessage, response: http.ServerResponse, maxBodyBytes: number, onRequest: ListenOptions["onRequest"]): Promise<void> {
  try {
    const body = await readBounded(request, maxBodyBytes, () => {});
    if (body === null) return respondEmpty(response, 413);
    const answer = await onRequest({
      method: request.method ?? "GET",
      url: request.url ?? "/",
      headers: headerPairs(request.rawHeaders),
      body,
      httpVersion: request.httpVersion,
      remoteAddress: request.socket.remoteAddress ?? "",
      remotePort: request.socket.remotePort ?? 0,
    } satisfies IncomingServerRequest);
    if (!response.writableEnded) writeAnswer(response, answer);
  } catch {
    respondEmpty(response, 500);
  }
}

/** Writes the guest's answer. */
function writeAnswer(response: http.ServerResponse, answer: ServerResponseData): void {
  response.statusCode = answer.status;
  if (answer.statusText) response.statusMessage = answer.statusText;
  applyHeaders(response, answer.headers);
  response.end(answer.body);
}

/** Answers `status` with no body and closes the connection (unless already answered; destroys it if half answered). */
function respondEmpty(response: http.ServerResponse, status: number): void {
  if (response.writableEnded) return;
  if (response.headersSent) {
    response.destroy();
    return;
  }
  for (const name of response.getHeaderNames()) response.removeHeader(name);
  response.statusCode = status;
  response.statusMessage = nodeHttp().STATUS_CODES[status] ?? "";
  response.setHeader("Connection", "close");
  response.end();
}

/** How long `close()` lets answers in flight go out before it closes every connection. */
const CLOSE_GRACE_MS = 1000;

/**
 * Stops accepting, answers requests in flight with 503 (an answer already
 * being sent is let go out), then closes every connection, after at most
 * {@link CLOSE_GRACE_MS} even if a client does not read.
 */
async function shutDown(server: http.Server, inFlight: Set<http.ServerResponse>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sent = [...inFlight].map((response) => {
    const done = new Promise<void>((resolve) => {
      response.once("finish", resolve);
      response.once("close", resolve);
    });
    respondEmpty(response, 503);
    return done;
  });
  await Promise.race([Promise.all(sent), sleep(CLOSE_GRACE_MS, undefined, { ref: false })]);
  server.closeAllConnections();
  await closed;
}
