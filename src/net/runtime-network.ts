/**
 * `runtime.network`: how the host reaches the HTTP servers its guests run.
 * Requests go to the guest's handler directly on the host (no socket is
 * opened), and only to servers of this runtime's runs in flight: a URL that
 * names anything else is refused before anything is sent.
 * @module
 */
import { dispatchToGuestServer, isLoopbackHostname, type GuestServerRegistry } from "./guest-servers.js";
import { codedError } from "../errors.js";
import type { HeaderPairs } from "./types.js";

/** A guest server as {@link RuntimeNetwork.servers} lists it. */
export interface GuestServerInfo {
  /** The port it listens on. */
  port: number;
  /** The address it is bound to, e.g. `"127.0.0.1"`. */
  address: string;
}

/** The host's way to the HTTP servers of a runtime's guests. */
export interface RuntimeNetwork {
  /**
   * Sends a request to a guest server of one of this runtime's runs in
   * flight and resolves with its answer as a standard `Response`.
   *
   * The URL must be `http:` on `127.0.0.1` (any `127.x.y.z`), `localhost` or
   * `[::1]`, with the port of a listening guest server (see {@link servers});
   * `init` is fetch's (method, headers, body, signal). Redirects are not
   * followed. Rejects with a `TypeError` (code `ERR_QUICKEXEC_NO_GUEST_SERVER`)
   * when no guest server of this runtime listens there — nothing else is
   * ever contacted — and with the error `new Request(input, init)` raises for
   * bad input.
   * @example
   * const run = runtime.exec(`require("http").createServer((q, s) => s.end("hi")).listen(8080)`);
   * // ...once runtime.network.servers() lists port 8080:
   * const text = await (await runtime.network.fetch("http://127.0.0.1:8080/")).text(); // "hi"
   */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  /** The guest servers listening now, in every run of this runtime, oldest first. */
  servers(): GuestServerInfo[];
}

/** Statuses whose responses have no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** An error with a `code`. */
function noServer(message: string): TypeError {
  return codedError(TypeError, "ERR_QUICKEXEC_NO_GUEST_SERVER", message);
}

/** Creates `runtime.network` over the runtime's registry of guest servers. */
export function createRuntimeNetwork(registry: GuestServerRegistry): RuntimeNetwork {
  return Object.freeze({
    async fetch(input: string | URL, init?: RequestInit): Promise<Response> {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (url.protocol !== "http:") throw noServer(`runtime.network.fetch: ${url.protocol} is not supported; guest servers speak http:`);
      const port = url.port === "" ? 80 : Number(url.port);
      const server = isLoopbackHostname(url.hostname) ? registry.byPort(port) : undefined;
      if (server === undefined) {
        throw noServer(`runtime.network.fetch: no guest server of this runtime listens on ${url.host} (listening: ${describe(registry)})`);
      }
      const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
      const headers: HeaderPairs = [];
      request.headers.forEach((value, name) => headers.push([name, value]));
      const answer = await dispatchToGuestServer(server, {
        url: url.href,
        method: request.method,
        headers,
        body,
        signal: request.signal,
      });
      if (answer.status < 200 || answer.status > 599) {
        throw new TypeError(`runtime.network.fetch: the guest server answered with status ${answer.status}, which a Response cannot carry`);
      }
      const responseHeaders = new Headers();
      for (const [name, value] of answer.headers) responseHeaders.append(name, value);
      const payload = answer.body as Uint8Array<ArrayBuffer>;
      const response = new Response(NULL_BODY.has(answer.status) || request.method === "HEAD" ? null : payload, {
        status: answer.status,
        statusText: answer.statusText,
        headers: responseHeaders,
      });
      Object.defineProperty(response, "url", { value: url.href, enumerable: false, configurable: true });
      return response;
    },
    servers(): GuestServerInfo[] {
      return registry.list().map((server) => ({ port: server.port, address: server.address }));
    },
  });
}

/** The listening ports, for an error message. */
function describe(registry: GuestServerRegistry): string {
  const ports = registry.list().map((server) => server.port);
  return ports.length === 0 ? "none" : ports.join(", ");
}
