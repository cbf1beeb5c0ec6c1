/**
 * The guest HTTP servers listening in one runtime's runs, by port.
 *
 * A guest server is reached three ways: over the network adapter (whatever
 * `listen` bound), by the same run's own clients (`http.get` or `fetch` to
 * `127.0.0.1:<port>` / `localhost:<port>`, handed to the server directly on
 * the host even though the default adapter refuses loopback), and by the
 * host through `runtime.network.fetch`. The last two go through this
 * registry and never open a socket.
 * @module
 */
import { codedError } from "../errors.js";
import type { HeaderPairs, IncomingServerRequest, NetworkRequest, NetworkResponse, ServerResponseData } from "./types.js";

/** A listening guest server, as the host reaches it. */
export interface GuestServer {
  /** The port the server listens on (as the adapter bound it). */
  readonly port: number;
  /** The address the adapter bound, e.g. `127.0.0.1`. */
  readonly address: string;
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** Hands one request to the guest's handler; resolves with its answer. */
  handle(request: IncomingServerRequest): Promise<ServerResponseData>;
}

/**
 * The guest servers of one runtime (every run in flight), each with the run
 * that owns it (any object standing for the run: the ops use the run's state).
 */
export class GuestServerRegistry {
  private readonly entries = new Map<GuestServer, object>();

  /** Adds a listening server of the run `owner`; returns the function that removes it. */
  add(owner: object, server: GuestServer): () => void {
    this.entries.set(server, owner);
    return () => void this.entries.delete(server);
  }

  /** Every listening server, oldest first. */
  list(): GuestServer[] {
    return [...this.entries.keys()];
  }

  /** The server listening on `port`: of the run `owner` only, or of any run when `owner` is omitted. */
  byPort(port: number, owner?: object): GuestServer | undefined {
    for (const [server, entryOwner] of this.entries) {
      if (server.port === port && (owner === undefined || entryOwner === owner)) return server;
    }
    return undefined;
  }

  /**
   * The server of the run `owner` that a request to `url` reaches on the host
   * directly: the URL is `http:` to a loopback name and its port is one of
   * that run's listening guest servers. Otherwise undefined (the request goes
   * to the network adapter). Callers still ask the `network` permission first.
   */
  serverFor(owner: object, url: string | URL): GuestServer | undefined {
    let parsed: URL;
    try {
      parsed = typeof url === "string" ? new URL(url) : url;
    } catch {
      return undefined;
    }
    if (parsed.protocol !== "http:" || !isLoopbackHostname(parsed.hostname)) return undefined;
    return this.byPort(portOf(parsed), owner);
  }
}

/** Hostnames for which a guest server is given the IPv6 loopback (`::1`) rather than `127.0.0.1`. */
export const IPV6_LOOPBACK_NAMES: ReadonlySet<string> = new Set(["::1", "[::1]", "localhost6", "ip6-localhost", "ip6-loopback"]);

/** Whether `hostname` (without IPv6 brackets, or with them) names this machine's loopback. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  return host === "localhost" || host === "::1" || host === "0:0:0:0:0:0:0:1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The port a URL names, with the scheme's default. */
function portOf(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** An AbortError as fetch raises it. */
function abortError(): Error {
  return codedError(Error, "ABORT_ERR", "The operation was aborted", { name: "AbortError" });
}

/** `promise`, rejected with an AbortError as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

let nextRemotePort = 49152;

/**
 * The headers a request carries as a client puts them on the wire: `Host`
 * added when it has none, and the body's `Content-Length` when it sets
 * neither that nor `Transfer-Encoding` (the body is whole here, as fetch and
 * undici send a known-length body; a server's body parser relies on it).
 */
function onTheWire(headers: HeaderPairs, url: URL, body: Uint8Array | null | undefined): HeaderPairs {
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  const out = has("host") ? [...headers] : [...headers, ["Host", url.host] as [string, string]];
  // An empty body gets no framing here: a client that frames it says so itself (fetch's `content-length: 0`), and
  // Node's http client with `setDefaultHeaders: false` sends none.
  if (body && body.byteLength > 0 && !has("content-length") && !has("transfer-encoding")) out.push(["Content-Length", String(body.byteLength)]);
  return out;
}

/**
 * The answer's headers with the framing an HTTP server would have sent: a
 * `Content-Length` when the guest set neither it nor `Transfer-Encoding`
 * (except where a response has no body).
 */
function framed(answer: ServerResponseData, method: string): HeaderPairs {
  const has = (name: string) => answer.headers.some(([n]) => n.toLowerCase() === name);
  const bodiless = method === "HEAD" || answer.status < 200 || answer.status === 204 || answer.status === 304;
  if (bodiless || has("content-length") || has("transfer-encoding")) return answer.headers;
  return [...answer.headers, ["Content-Length", String(answer.body.byteLength)]];
}

/**
 * Carries out `request` on `server` directly (no socket, no redirects
 * followed: a 3xx comes back as it is) and answers like a network adapter.
 * The fetch op uses it for a run's requests to its own servers.
 */
export async function dispatchToGuestServer(server: GuestServer, request: Pick<NetworkRequest, "url" | "method" | "headers" | "body" | "signal">): Promise<NetworkResponse> {
  const url = new URL(request.url);
  nextRemotePort = nextRemotePort >= 65535 ? 49152 : nextRemotePort + 1;
  const answer = await abortable(
    server.handle({
      method: request.method,
      url: url.pathname + url.search,
      headers: onTheWire(request.headers, url, request.body),
      body: request.body ?? new Uint8Array(0),
      httpVersion: "1.1",
      remoteAddress: server.family === 6 ? "::1" : "127.0.0.1",
      remotePort: nextRemotePort,
    }),
    request.signal,
  );
  return {
    status: answer.status,
    statusText: answer.statusText,
    headers: framed(answer, request.method),
    url: url.href,
    redirected: false,
    body: answer.body,
    httpVersion: "1.1",
  };
}
