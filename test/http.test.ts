/**
 * The guest's `http` and `https` modules: clients over the network adapter
 * (behind the `network` permission, as `{ op: "http" }` requests), guest
 * servers (`{ op: "listen" }`, `NetworkAdapter.listen`), a guest's requests
 * to its own servers, and the host reaching guest servers through
 * `runtime.network`.
 *
 * Only loopback is ever contacted: the adapter used here is written on
 * node:http in this file, refuses any host but 127.0.0.1, and binds guest
 * servers on 127.0.0.1.
 */
import * as http from "node:http";
import * as net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allowAllNetwork,
  createDefaultNetworkAdapter,
  type NetworkAccessRequest,
  type NodeDriverOptions,
  type PermissionDecision,
} from "../dist/src/index.js";
import type {
  HeaderPairs,
  IncomingServerRequest,
  ListeningServer,
  ListenOptions,
  NetworkAdapter,
  NetworkRequest,
  NetworkResponse,
} from "../dist/src/net/types.js";
import { harness, type Harness } from "./helpers.js";

// ---- a loopback-only adapter ------------------------------------------------------------------

/** What the test adapter saw. */
type AdapterLog = {
  requests: NetworkRequest[];
  listens: ListenOptions[];
  closes: number[];
};

/** Raw header list of node:http as pairs. */
function pairsOf(raw: string[]): HeaderPairs {
  const out: HeaderPairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/** Collects a readable into one Uint8Array. */
async function collect(stream: AsyncIterable<Buffer>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A network adapter on node:http that only talks to 127.0.0.1 and records
 * what it is asked. `stream: true` gives response bodies as chunks.
 */
function loopbackAdapter(options: { stream?: boolean } = {}): { adapter: NetworkAdapter; log: AdapterLog } {
  const log: AdapterLog = { requests: [], listens: [], closes: [] };
  const adapter: NetworkAdapter = {
    fetch: async () => {
      throw new Error("the test adapter has no fetch");
    },
    dnsLookup: async () => {
      throw new Error("the test adapter has no dnsLookup");
    },
    httpRequest(request) {
      log.requests.push(request);
      const url = new URL(request.url);
      if (url.hostname !== "127.0.0.1") return Promise.reject(new Error(`test adapter: refusing ${url.hostname}`));
      return new Promise<NetworkResponse>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port: url.port, path: url.pathname + url.search, method: request.method, signal: request.signal, setHost: false, agent: false });
        for (const [name, value] of request.headers) req.appendHeader(name, value);
        req.on("error", reject);
        req.on("response", (res) => {
          const head = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers: pairsOf(res.rawHeaders), url: request.url, redirected: false, httpVersion: res.httpVersion };
          if (options.stream) resolve({ ...head, body: res });
          else collect(res).then((body) => resolve({ ...head, body }), reject);
        });
        req.end(request.body ?? undefined);
      });
    },
    async listen(listenOptions): Promise<ListeningServer> {
      log.listens.push(listenOptions);
      const server = http.createServer(async (req, res) => {
        const body = await collect(req);
        const request: IncomingServerRequest = {
          method: req.method ?? "GET",
          url: req.url ?? "/",
          headers: pairsOf(req.rawHeaders),
          body,
          httpVersion: req.httpVersion,
          remoteAddress: req.socket.remoteAddress ?? "",
          remotePort: req.socket.remotePort ?? 0,
        };
        try {
          const answer = await listenOptions.onRequest(request);
          res.writeHead(answer.status, answer.statusText, answer.headers.flat());
          res.end(answer.body);
        } catch {
          res.destroy();
        }
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(listenOptions.port, "127.0.0.1", () => resolve());
      });
      const port = (server.address() as net.AddressInfo).port;
      return {
        address: "127.0.0.1",
        port,
        family: 4,
        close: () =>
          new Promise<void>((resolve) => {
            log.closes.push(port);
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      };
    },
  };
  return { adapter, log };
}

// ---- the test's own server ----------------------------------------------------------------------

let server: http.Server;
let port: number;
/** Requests the test server received, as "METHOD url". */
const seen: string[] = [];
/** Responses to /hang, held until the test ends. */
const hanging: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const body = Buffer.from(await collect(req)).toString();
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/echo") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    } else if (path === "/dups") {
      res.writeHead(200, "Fine", [
        ["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"], ["X-Multi", "one"], ["X-Multi", "two"],
        ["Content-Type", "text/plain"], ["Content-Type", "text/html"], ["ETag", "first"], ["ETag", "second"],
      ]);
      res.end("dups");
    } else if (path === "/chunks") {
      res.write("alpha,");
      setTimeout(() => res.write("beta,"), 5);
      setTimeout(() => res.end("gamma"), 10);
    } else if (path === "/hang") {
      hanging.push(res);
    } else if (path === "/big") {
      // One byte more than a 16 MiB sandbox may take in, in 1 MiB chunks.
      const mib = Buffer.alloc(1 << 20, 120);
      for (let i = 0; i < 16; i++) res.write(mib);
      res.end("!");
    } else if (path === "/redirect") {
      res.writeHead(302, { location: "/echo" });
      res.end();
    } else {
      res.writeHead(404);
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

// ---- running guests -----------------------------------------------------------------------------

/** Permission checks that record every network request and allow them (or as `decide` says). */
function recordingNetwork(decide: (r: NetworkAccessRequest) => PermissionDecision = () => ({ allow: true })) {
  const asked: NetworkAccessRequest[] = [];
  return { asked, network: (r: NetworkAccessRequest) => (asked.push(r), decide(r)) };
}

/** Runs `code` with exec; the guest prints its result as the last stdout line (JSON). */
async function guest<T = Record<string, unknown>>(driver: NodeDriverOptions, code: string, memoryLimit?: number): Promise<{ out: T; h: Harness }> {
  const h = harness(memoryLimit === undefined ? {} : { memoryLimit }, driver);
  try {
    const result = await h.runtime.exec(code);
    expect(result.errorMessage, h.stderr()).toBeUndefined();
    expect(result.code, h.stderr()).toBe(0);
    const lines = h.stdout().trim().split("\n");
    return { out: JSON.parse(lines[lines.length - 1]) as T, h };
  } finally {
    h.runtime.dispose();
  }
}

/** Guest helpers: `pick` (an error's Node fields), `done` (prints the result). */
const PRELUDE = `
const http = require("http");
const pick = (e) => ({ name: e.name, code: e.code, errno: e.errno, syscall: e.syscall, address: e.address, port: e.port, message: e.message });
const done = (v) => console.log(JSON.stringify(v));
`;

/** Polls `fn` until it returns a value (the guest is running concurrently). */
async function until<T>(fn: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = fn();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// ---- client --------------------------------------------------------------------------------------

describe("http client", () => {
  it("asks the network permission as { op: 'http', url, method, hostname } and sends the request through the adapter", async () => {
    const { adapter, log } = loopbackAdapter();
    const { asked, network } = recordingNetwork();
    const { out } = await guest<{ status: number; echoed: { method: string; url: string; headers: Record<string, string>; body: string } }>(
      { networkAdapter: adapter, permissions: { network } },
      PRELUDE + `
      const req = http.request("http://127.0.0.1:${port}/echo?x=1", { method: "post", headers: { "X-Custom": "yes" }, auth: "user:pa ss" }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => done({ status: res.statusCode, echoed: JSON.parse(text) }));
      });
      req.setHeader("Content-Type", "text/plain");
      req.write("hello ");
      req.end("world");
      `,
    );
    expect(asked).toEqual([{ op: "http", url: `http://127.0.0.1:${port}/echo?x=1`, method: "POST", hostname: "127.0.0.1" }]);
    expect(log.requests).toHaveLength(1);
    expect(log.requests[0].redirect).toBe("manual");
    expect(out.status).toBe(200);
    expect(out.echoed.method).toBe("POST");
    expect(out.echoed.url).toBe("/echo?x=1");
    expect(out.echoed.body).toBe("hello world");
    expect(out.echoed.headers["x-custom"]).toBe("yes");
    expect(out.echoed.headers["content-type"]).toBe("text/plain");
    expect(out.echoed.headers.host).toBe(`127.0.0.1:${port}`);
    expect(out.echoed.headers.authorization).toBe("Basic " + Buffer.from("user:pa ss").toString("base64"));
  });

  it("a denied request fails with EACCES naming the URL and the reason; the adapter is not called", async () => {
    const { adapter, log } = loopbackAdapter();
    const { network } = recordingNetwork(() => ({ allow: false, reason: "no http here" }));
    const before = seen.length;
    const { out } = await guest<{ events: string[]; error: Record<string, unknown> }>(
      { networkAdapter: adapter, permissions: { network } },
      PRELUDE + `
      const events = [];
      const req = http.get("http://127.0.0.1:${port}/echo", () => events.push("response"));
      req.on("error", (e) => { events.push("error"); globalThis.error = pick(e); });
      req.on("close", () => { events.push("close"); done({ events, error: globalThis.error }); });
      `,
    );
    expect(out.events).toEqual(["error", "close"]);
    expect(out.error).toMatchObject({ code: "EACCES", syscall: "http" });
    expect(out.error.message).toBe(`EACCES: permission denied, http http://127.0.0.1:${port}/echo (no http here)`);
    expect(log.requests).toHaveLength(0);
    expect(seen.length).toBe(before);
  });

  it("without a network adapter, a request fails with a clear error", async () => {
    const { out } = await guest<Record<string, string>>(
      { permissions: allowAllNetwork },
      PRELUDE + `http.get("http://127.0.0.1:${port}/echo").on("error", (e) => done(pick(e)));`,
    );
    expect(out.code).toBe("ERR_QUICKEXEC_NO_NETWORK");
    expect(out.message).toMatch(/^http\.request\(\) is not available: network access is not configured/);
  });

  it("response headers follow Node's rules: set-cookie array, others joined, some duplicates dropped; rawHeaders keep all", async () => {
    const { adapter } = loopbackAdapter();
    const { out } = await guest<{ status: number; message: string; headers: Record<string, unknown>; distinct: Record<string, string[]>; raw: string[]; version: string; body: string }>(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      PRELUDE + `
      http.get({ host: "127.0.0.1", port: ${port}, path: "/dups" }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => done({
          status: res.statusCode, message: res.statusMessage, headers: res.headers, distinct: res.headersDistinct,
          raw: res.rawHeaders.slice(0, 16), version: res.httpVersion, body: Buffer.concat(chunks).toString(),
        }));
      });
      `,
    );
    expect(out.status).toBe(200);
    expect(out.message).toBe("Fine");
    expect(out.version).toBe("1.1");
    expect(out.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(out.headers["x-multi"]).toBe("one, two");
    expect(out.headers["content-type"]).toBe("text/plain");
    expect(out.headers.etag).toBe("first");
    expect(out.distinct["content-type"]).toEqual(["text/plain", "text/html"]);
    expect(out.raw).toEqual([
      "Set-Cookie", "a=1", "Set-Cookie", "b=2", "X-Multi", "one", "X-Multi", "two",
      "Content-Type", "text/plain", "Content-Type", "text/html", "ETag", "first", "ETag", "second",
    ]);
    expect(out.body).toBe("dups");
  });

  it("a 3xx comes back as it is (no redirect followed)", async () => {
    const { adapter } = loopbackAdapter();
    const { out } = await guest<{ status: number; location: string }>(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      PRELUDE + `http.get("http://127.0.0.1:${port}/redirect", (res) => { res.resume(); done({ status: res.statusCode, location: res.headers.location }); });`,
    );
    expect(out).toEqual({ status: 302, location: "/echo" });
  });

  it("a streamed response arrives chunk by chunk as a Readable: data/end, setEncoding, pipe", async () => {
    const { adapter } = loopbackAdapter({ stream: true });
    const { out } = await guest<{ chunks: string[]; piped: string; ended: boolean; complete: boolean; order: string[] }>(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      PRELUDE + `
      const { Writable, Readable } = require("stream");
      const order = [];
      const req = http.get("http://127.0.0.1:${port}/chunks", (res) => {
        const chunks = [];
        res.setEncoding("utf8");
        res.on("data", (d) => chunks.push(d));
        res.on("end", () => order.push("end"));
        res.on("close", () => {
          order.push("res close");
          let piped = "";
          http.get("http://127.0.0.1:${port}/chunks", (res2) => {
            res2.pipe(new Writable({ write(c, e, cb) { piped += c; cb(); }, final(cb) { done({ chunks, piped, ended: res.readableEnded, complete: res.complete, order, isReadable: res instanceof Readable }); cb(); } }));
          });
        });
      });
      req.on("close", () => order.push("req close"));
      `,
    );
    expect(out.chunks.join("")).toBe("alpha,beta,gamma");
    expect(out.chunks.length).toBeGreaterThan(1);
    expect(out.piped).toBe("alpha,beta,gamma");
    expect(out.ended).toBe(true);
    expect(out.complete).toBe(true);
    expect(out.order).toEqual(["end", "req close", "res close"]);
  });

  it("a refused connection to a closed loopback port fails like Node's ECONNREFUSED", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { adapter } = loopbackAdapter();
    const { out } = await guest<{ error: Record<string, unknown>; events: string[] }>(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      PRELUDE + `
      const events = [];
      const req = http.get({ host: "127.0.0.1", port: ${deadPort} });
      req.on("socket", () => events.push("socket"));
      req.on("error", (e) => { events.push("error"); globalThis.error = pick(e); });
      req.on("close", () => { events.push("close"); done({ error: globalThis.error, events }); });
      `,
    );
    expect(out.events).toEqual(["socket", "error", "close"]);
    expect(out.error).toEqual({
      name: "Error", code: "ECONNREFUSED", errno: -111, syscall: "connect", address: "127.0.0.1", port: deadPort,
      message: `connect ECONNREFUSED 127.0.0.1:${deadPort}`,
    });
  });

  it("destroy() aborts the host request: 'socket hang up', then close", async () => {
    const { adapter, log } = loopbackAdapter();
    const { out } = await guest<{ events: string[]; error: Record<string, unknown> }>(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      PRELUDE + `
      const events = [];
      const req = http.get("http://127.0.0.1:${port}/hang", () => events.push("response"));
      req.on("finish", () => { events.push("finish"); req.destroy(); });
      req.on("error", (e) => { events.push("error"); globalThis.error = pick(e); });
      req.on("close", () => { events.push("close"); done({ events, error: globalThis.error, destroyed: req.destroyed }); });
      `,
    );
    expect(out.events).toEqual(["finish", "error", "close"]);
    expect(out.error).toMatchObject({ code: "ECONNRESET", message: "socket hang up" });
    expect(log.requests).toHaveLength(1);
    expect(log.requests[0].signal.aborted).toBe(true);
  });

  it("abort() emits 'abort' and 'close' without an error; an AbortSignal destroys with AbortError", async () => {
    const { adapter, log } = loopbackAdapter();
    const { out } = await guest<{ first: string[]; second: unknown[] }>(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      PRELUDE + `
      const first = [], second = [];
      const a = http.get("http://127.0.0.1:${port}/hang");
      a.on("finish", () => a.abort());
      a.on("error", (e) => first.push("error " + e.message));
      a.on("abort", () => first.push("abort"));
      a.on("close", () => {
        first.push("close " + a.aborted);
        const controller = new AbortController();
        const b = http.get("http://127.0.0.1:${port}/hang", { signal: controller.signal });
        b.on("finish", () => controller.abort());
        b.on("error", (e) => second.push([e.name, e.code, e.message]));
        b.on("close", () => { second.push("close"); done({ first, second }); });
      });
      `,
    );
    expect(out.first).toEqual(["abort", "close true"]);
    expect(out.second).toEqual([["AbortError", "ABORT_ERR", "The operation was aborted"], "close"]);
    expect(log.requests.map((r) => r.signal.aborted)).toEqual([true, true]);
  });

  it("setTimeout emits 'timeout' when the host is silent; the guest then destroys the request", async () => {
    const { adapter, log } = loopbackAdapter();
    const { out } = await guest<{ events: string[] }>(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      PRELUDE + `
      const events = [];
      const req = http.get("http://127.0.0.1:${port}/hang", { timeout: 30 });
      req.on("timeout", () => { events.push("timeout"); req.destroy(new Error("gave up")); });
      req.on("error", (e) => events.push("error " + e.message));
      req.on("close", () => { events.push("close"); done({ events }); });
      `,
    );
    expect(out.events).toEqual(["timeout", "error gave up", "close"]);
    expect(log.requests[0].signal.aborted).toBe(true);
  });

  it("a response body larger than the sandbox memory limit fails clearly, whole or streamed", async () => {
    const code = PRELUDE + `
      const out = {};
      http.get("http://127.0.0.1:${port}/big", () => (out.whole = "response")).on("error", (e) => {
        out.whole = [e.code, e.message];
        http.get("http://127.0.0.1:${port}/big", (res) => {
          let bytes = 0;
          res.on("data", (d) => (bytes += d.length));
          res.on("error", (e) => { out.streamed = [e.code, e.message, res.aborted]; out.partial = bytes > 0 && bytes <= 16 * 1048576; done(out); });
        });
      });
    `;
    const whole = loopbackAdapter();
    const streamed = loopbackAdapter({ stream: true });
    // The first request goes through the whole-body adapter, the second through the streaming one.
    const adapter: NetworkAdapter = { ...whole.adapter, httpRequest: (r) => (whole.log.requests.length === 0 ? whole.adapter : streamed.adapter).httpRequest(r) };
    const { out } = await guest<{ whole: string[]; streamed: unknown[]; partial: boolean }>({ networkAdapter: adapter, permissions: allowAllNetwork }, code, 16);
    const message = `The response body is larger than the sandbox memory limit (${16 * 1048576} bytes)`;
    expect(out.whole).toEqual(["ERR_QUICKEXEC_RESPONSE_TOO_LARGE", message]);
    expect(out.streamed).toEqual(["ERR_QUICKEXEC_RESPONSE_TOO_LARGE", message, true]);
    expect(out.partial).toBe(true);
    expect(streamed.log.requests[0].signal.aborted).toBe(true);
  });

  it("validates like Node: protocol, method, path, headers, port, agent", async () => {
    const { out } = await guest<Record<string, unknown>>(
      { permissions: allowAllNetwork },
      PRELUDE + `
      const https = require("https");
      const t = (f) => { try { f(); return "no error"; } catch (e) { return [e.name, e.code, e.message]; } };
      const req = http.request("http://127.0.0.1:1/");
      req.on("error", () => {});
      done({
        ftp: t(() => http.request("ftp://x/")),
        httpsOnHttp: t(() => https.request("http://127.0.0.1/")),
        method: t(() => http.request({ method: "G T" })),
        path: t(() => http.request({ path: "/a b" })),
        port: t(() => http.request({ port: 70000 })),
        agent: t(() => http.request({ agent: 5 })),
        host: t(() => http.request({ host: 5 })),
        headerName: t(() => req.setHeader("x y", "1")),
        headerValue: t(() => req.setHeader("x", "a\\nb")),
        headerUndefined: t(() => http.validateHeaderValue("x", undefined)),
        headers: (req.setHeader("X-Foo", ["a", "b"]), [req.getHeaders(), req.getHeaderNames(), req.getRawHeaderNames(), req.hasHeader("x-foo"), req.getHeader("X-FOO")]),
        statusCodes: [http.STATUS_CODES[418], http.METHODS.length, http.maxHeaderSize],
        agentOptions: [http.globalAgent.keepAlive, http.globalAgent.options.timeout, new http.Agent({ maxSockets: 3 }).maxSockets, https.globalAgent.defaultPort, http.globalAgent.getName({ host: "a", port: 8 })],
      });
      req.destroy();
      `,
    );
    expect(out.ftp).toEqual(["TypeError", "ERR_INVALID_PROTOCOL", 'Protocol "ftp:" not supported. Expected "http:"']);
    expect(out.httpsOnHttp).toEqual(["TypeError", "ERR_INVALID_PROTOCOL", 'Protocol "http:" not supported. Expected "https:"']);
    expect(out.method).toEqual(["TypeError", "ERR_INVALID_HTTP_TOKEN", 'Method must be a valid HTTP token ["G T"]']);
    expect(out.path).toEqual(["TypeError", "ERR_UNESCAPED_CHARACTERS", "Request path contains unescaped characters"]);
    expect(out.port).toEqual(["RangeError", "ERR_SOCKET_BAD_PORT", "Port should be >= 0 and < 65536. Received type number (70000)."]);
    expect(out.agent).toEqual(["TypeError", "ERR_INVALID_ARG_TYPE", 'The "options.agent" property must be one of Agent-like Object, undefined, or false. Received type number (5)']);
    expect(out.host).toEqual(["TypeError", "ERR_INVALID_ARG_TYPE", 'The "options.host" property must be of type string or one of undefined or null. Received type number (5)']);
    expect(out.headerName).toEqual(["TypeError", "ERR_INVALID_HTTP_TOKEN", 'Header name must be a valid HTTP token ["x y"]']);
    expect(out.headerValue).toEqual(["TypeError", "ERR_INVALID_CHAR", 'Invalid character in header content ["x"]']);
    expect(out.headerUndefined).toEqual(["TypeError", "ERR_HTTP_INVALID_HEADER_VALUE", 'Invalid value "undefined" for header "x"']);
    expect(out.headers).toEqual([{ host: "127.0.0.1:1", "x-foo": ["a", "b"] }, ["host", "x-foo"], ["Host", "X-Foo"], true, ["a", "b"]]);
    expect(out.statusCodes).toEqual(["I'm a Teapot", 35, 16384]);
    expect(out.agentOptions).toEqual([true, 5000, 3, 443, "a:8:"]);
  });

  it("https.request sends an https: URL through the adapter; https.createServer is refused clearly", async () => {
    const log: NetworkRequest[] = [];
    const adapter: NetworkAdapter = {
      fetch: async () => { throw new Error("unused"); },
      dnsLookup: async () => [],
      // Answers itself: the test never opens a TLS connection.
      httpRequest: async (request) => {
        log.push(request);
        return { status: 200, statusText: "OK", headers: [["Content-Type", "text/plain"]], url: request.url, redirected: false, body: new TextEncoder().encode("secure") };
      },
    };
    const { asked, network } = recordingNetwork();
    const { out } = await guest<{ body: string; encrypted: boolean; server: unknown[] }>(
      { networkAdapter: adapter, permissions: { network } },
      PRELUDE + `
      const https = require("https");
      let server;
      try { https.createServer(); } catch (e) { server = [e.code, e.message]; }
      https.get("https://127.0.0.1:8443/s", (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => done({ body, encrypted: res.socket.encrypted === true, server }));
      });
      `,
    );
    expect(out).toEqual({ body: "secure", encrypted: true, server: ["ERR_QUICKEXEC_UNSUPPORTED", "https.createServer() (a TLS server) is not supported in the sandbox"] });
    expect(asked).toEqual([{ op: "http", url: "https://127.0.0.1:8443/s", method: "GET", hostname: "127.0.0.1" }]);
    expect(log[0].headers).toEqual([["Host", "127.0.0.1:8443"]]);
  });
});

// ---- servers -------------------------------------------------------------------------------------

describe("http server", () => {
  it("listen asks the network permission as { op: 'listen' }; a denial is the server's 'error'", async () => {
    const { adapter, log } = loopbackAdapter();
    const { asked, network } = recordingNetwork((r) => ({ allow: r.op !== "listen", reason: "no servers" }));
    const { out } = await guest<Record<string, unknown>>(
      { networkAdapter: adapter, permissions: { network } },
      PRELUDE + `
      const server = http.createServer();
      server.on("listening", () => done("listening"));
      server.on("error", (e) => done({ ...pick(e), listening: server.listening, address: server.address() }));
      server.listen(8080, "localhost");
      `,
    );
    expect(asked).toEqual([{ op: "listen", url: "http://127.0.0.1:8080", hostname: "localhost" }]);
    expect(out).toMatchObject({ code: "EACCES", syscall: "listen", listening: false, address: null });
    expect(out.message).toBe("EACCES: permission denied, listen http://127.0.0.1:8080 (no servers)");
    expect(log.listens).toHaveLength(0);
  });

  it("a guest server sees its own run's requests framed as undici and Node's http send them (Content-Length for a whole body)", async () => {
    const { adapter } = loopbackAdapter();
    const { network } = recordingNetwork();
    const { out } = await guest<unknown[]>(
      { networkAdapter: adapter, permissions: { network } },
      PRELUDE + `
      const seen = [];
      const server = http.createServer((req, res) => {
        let body = "";
        req.setEncoding("utf8");
        req.on("data", (c) => (body += c));
        req.on("end", () => { seen.push([req.method, req.headers["content-length"] ?? null, req.headers["transfer-encoding"] ?? null, body]); res.end("ok"); });
      });
      server.listen(0, "127.0.0.1", async () => {
        const base = "http://127.0.0.1:" + server.address().port + "/";
        await (await fetch(base, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ a: 1 }) })).text();
        await (await fetch(base)).text();
        await (await fetch(base, { method: "PUT", body: new Uint8Array([1, 2, 3]) })).text();
        await (await fetch(base, { method: "POST" })).text();
        await (await fetch(base, { method: "POST", body: new URLSearchParams({ q: "x y" }) })).text();
        await new Promise((resolve) => http.request(base, { method: "POST" }, (res) => { res.resume(); res.on("end", resolve); }).end("whole body"));
        await new Promise((resolve) => {
          const req = http.request(base, { method: "POST", headers: { "Content-Length": 4 } }, (res) => { res.resume(); res.on("end", resolve); });
          req.write("ab");
          req.end("cd");
        });
        server.close();
        done(seen);
      });
      `,
    );
    // What Node 20/22 prints for the same program (fetch is undici).
    expect(out).toEqual([
      ["POST", "7", null, '{"a":1}'],
      ["GET", null, null, ""],
      ["PUT", "3", null, "\u0001\u0002\u0003"],
      ["POST", "0", null, ""],
      ["POST", "5", null, "q=x+y"],
      ["POST", "10", null, "whole body"],
      ["POST", "4", null, "abcd"],
    ]);
  });

  it("a guest server answers the host through runtime.network.fetch, then closes after one request", async () => {
    const { adapter, log } = loopbackAdapter();
    const { asked, network } = recordingNetwork();
    const h = harness({}, { networkAdapter: adapter, permissions: { network } });
    try {
      const run = h.runtime.exec(PRELUDE + `
      const server = http.createServer((req, res) => {
        const chunks = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => {
          res.setHeader("Set-Cookie", ["s=1", "t=2"]);
          res.setHeader("X-Seen", [req.method, req.url, req.headers["x-in"], req.httpVersion, req.socket.remoteAddress].join(" "));
          res.writeHead(201, "Made It", { "Content-Type": "text/plain" });
          res.on("finish", () => console.log("finish " + res.writableEnded + " " + res.headersSent));
          res.on("close", () => console.log("res close"));
          res.end("got " + Buffer.concat(chunks).toString());
          server.close(() => console.log("closed"));
        });
      });
      server.listen(0, () => console.log("listening " + JSON.stringify(server.address())));
      `);
      const [listening] = await until(() => {
        const servers = h.runtime.network.servers();
        return servers.length > 0 ? servers : undefined;
      }, "the guest server");
      expect(listening.address).toBe("127.0.0.1");
      const response = await h.runtime.network.fetch(`http://localhost:${listening.port}/path?q=1`, { method: "POST", body: "payload", headers: { "X-In": "header" } });
      expect(response.status).toBe(201);
      expect(response.statusText).toBe("Made It");
      expect(response.headers.get("content-type")).toBe("text/plain");
      expect(response.headers.getSetCookie()).toEqual(["s=1", "t=2"]);
      expect(response.headers.get("x-seen")).toBe("POST /path?q=1 header 1.1 127.0.0.1");
      expect(response.headers.get("date")).toMatch(/GMT$/);
      expect(await response.text()).toBe("got payload");
      const result = await run;
      expect(result.code, h.stderr()).toBe(0);
      expect(h.stdout()).toBe(`listening {"address":"127.0.0.1","family":"IPv4","port":${listening.port}}\nfinish true true\nres close\nclosed\n`);
      expect(asked).toEqual([{ op: "listen", url: "http://127.0.0.1:0", hostname: "127.0.0.1" }]);
      expect(log.listens.map((l) => [l.port, l.hostname])).toEqual([[0, "127.0.0.1"]]);
      expect(log.closes).toEqual([listening.port]);
      expect(h.runtime.network.servers()).toEqual([]);
    } finally {
      h.runtime.dispose();
    }
  });

  it("runtime.network.fetch refuses a URL naming no guest server of this runtime, and contacts nothing", async () => {
    const h = harness({}, {});
    const before = seen.length;
    try {
      await expect(h.runtime.network.fetch(`http://127.0.0.1:${port}/echo`)).rejects.toMatchObject({
        name: "TypeError",
        code: "ERR_QUICKEXEC_NO_GUEST_SERVER",
        message: `runtime.network.fetch: no guest server of this runtime listens on 127.0.0.1:${port} (listening: none)`,
      });
      await expect(h.runtime.network.fetch("https://localhost/")).rejects.toMatchObject({ code: "ERR_QUICKEXEC_NO_GUEST_SERVER" });
      expect(seen.length).toBe(before);
    } finally {
      h.runtime.dispose();
    }
  });

  it("the guest's own client reaches its server directly (still asking the permission), over the real adapter too", async () => {
    const { adapter, log } = loopbackAdapter();
    const { asked, network } = recordingNetwork();
    const { out } = await guest<{ own: unknown; viaLocalhost: unknown; head: unknown }>(
      { networkAdapter: adapter, permissions: { network } },
      PRELUDE + `
      const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => {
          if (req.method === "HEAD") res.setHeader("X-Head", "yes");
          res.end(req.method + " " + req.url + " " + body + " " + req.headers.host);
        });
      });
      const get = (opts, body) => new Promise((resolve, reject) => {
        const req = http.request(opts, (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve([res.statusCode, text, res.headers["x-head"] || null]));
        });
        req.on("error", reject);
        req.end(body);
      });
      server.listen(0, "127.0.0.1", async () => {
        const { port } = server.address();
        const own = await get({ host: "127.0.0.1", port, path: "/a", method: "PUT" }, "data");
        const viaLocalhost = await get("http://localhost:" + port + "/b");
        const head = await get({ host: "127.0.0.1", port, method: "HEAD" });
        server.close(() => done({ own, viaLocalhost, head, port }));
      });
      `,
    );
    const guestPort = (out as unknown as { port: number }).port;
    expect(out.own).toEqual([200, `PUT /a data 127.0.0.1:${guestPort}`, null]);
    expect(out.viaLocalhost).toEqual([200, `GET /b  localhost:${guestPort}`, null]);
    expect(out.head).toEqual([200, "", "yes"]);
    expect(log.requests).toHaveLength(0);
    expect(asked.map((r) => [r.op, r.method, r.hostname])).toEqual([
      ["listen", undefined, "127.0.0.1"],
      ["http", "PUT", "127.0.0.1"],
      ["http", "GET", "localhost"],
      ["http", "HEAD", "127.0.0.1"],
    ]);
  });

  it("a request reaching a guest server is an IncomingMessage with Node's header rules, its body a stream", async () => {
    const { adapter } = loopbackAdapter();
    const { out } = await guest<Record<string, unknown>>(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      PRELUDE + `
      const server = http.createServer(async (req, res) => {
        const seen = { complete: req.complete, headers: req.headers, raw: req.rawHeaders.length, version: [req.httpVersionMajor, req.httpVersionMinor] };
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        seen.body = Buffer.concat(chunks).toString();
        seen.completeAfter = req.complete;
        res.end(JSON.stringify(seen));
      });
      server.listen(0, "127.0.0.1", () => {
        const req = http.request({
          port: server.address().port, host: "127.0.0.1", method: "POST",
          headers: ["Cookie", "a=1", "Cookie", "b=2", "X-D", "1", "X-D", "2", "Content-Type", "text/x", "Content-Type", "text/y"],
        }, (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => server.close(() => done({ ...JSON.parse(text), length: res.headers["content-length"], textLength: Buffer.byteLength(text) })));
        });
        req.end("streamed body");
      });
      `,
    );
    expect(out).toMatchObject({
      complete: false,
      completeAfter: true,
      body: "streamed body",
      version: [1, 1],
      // The six pairs given, Host, and Content-Length (end() with the whole body, as Node's client sends it).
      raw: 16,
      headers: { cookie: "a=1; b=2", "x-d": "1, 2", "content-type": "text/x", "content-length": "13" },
    });
    expect(out.length).toBe(String(out.textLength));
  });

  it("a guest handler that throws ends the run; the request it held is answered 503", async () => {
    const { adapter } = loopbackAdapter();
    const h = harness({}, { networkAdapter: adapter, permissions: allowAllNetwork });
    try {
      const run = h.runtime.exec(PRELUDE + `http.createServer(() => { throw new Error("handler broke"); }).listen(0);`);
      const [{ port: guestPort }] = await until(() => {
        const servers = h.runtime.network.servers();
        return servers.length > 0 ? servers : undefined;
      }, "the guest server");
      const response = await h.runtime.network.fetch(`http://127.0.0.1:${guestPort}/`);
      expect(response.status).toBe(503);
      const result = await run;
      expect(result.code).toBe(1);
      expect(result.errorMessage).toMatch(/handler broke/);
      expect(h.runtime.network.servers()).toEqual([]);
    } finally {
      h.runtime.dispose();
    }
  });

  it("a guest server is reached over the adapter's socket; ServerResponse behaves like Node's", async () => {
    const { adapter } = loopbackAdapter();
    const h = harness({}, { networkAdapter: adapter, permissions: allowAllNetwork });
    try {
      const run = h.runtime.exec(PRELUDE + `
      const t = (f) => { try { f(); return "no error"; } catch (e) { return [e.code, e.message]; } };
      const server = http.createServer((req, res) => {
        const checks = {};
        checks.badStatus = t(() => res.writeHead(99));
        res.setHeader("X-List", ["1", "2"]);
        checks.getHeader = res.getHeader("x-list");
        checks.names = res.getHeaderNames();
        checks.before = res.headersSent;
        res.statusCode = 202;
        res.write("part1,");
        checks.after = res.headersSent;
        checks.setAfter = t(() => res.setHeader("a", "b"));
        res.end("part2", () => {
          checks.ended = [res.writableEnded, res.writableFinished, res.finished];
          console.log(JSON.stringify(checks));
          server.close();
        });
      });
      server.listen(0, "127.0.0.1");
      `);
      const [{ port: guestPort }] = await until(() => {
        const servers = h.runtime.network.servers();
        return servers.length > 0 ? servers : undefined;
      }, "the guest server");
      const answer = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        http.get({ host: "127.0.0.1", port: guestPort, path: "/", agent: false }, (res) => {
          collect(res).then((body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.from(body).toString() }), reject);
        }).on("error", reject);
      });
      expect(answer.status).toBe(202);
      expect(answer.headers["x-list"]).toBe("1, 2");
      expect(answer.body).toBe("part1,part2");
      const result = await run;
      expect(result.code, h.stderr()).toBe(0);
      expect(JSON.parse(h.stdout())).toEqual({
        badStatus: ["ERR_HTTP_INVALID_STATUS_CODE", "Invalid status code: 99"],
        getHeader: ["1", "2"],
        names: ["x-list"],
        before: false,
        after: true,
        setAfter: ["ERR_HTTP_HEADERS_SENT", "Cannot set headers after they are sent to the client"],
        ended: [true, true, true],
      });
    } finally {
      h.runtime.dispose();
    }
  });

  it("a server still listening when the run ends is closed (terminate), and one unref'd lets the program end", async () => {
    const { adapter, log } = loopbackAdapter();
    const h = harness({}, { networkAdapter: adapter, permissions: allowAllNetwork });
    try {
      const run = h.runtime.exec(PRELUDE + `http.createServer((req, res) => res.end("up")).listen(0);`);
      const [{ port: guestPort }] = await until(() => {
        const servers = h.runtime.network.servers();
        return servers.length > 0 ? servers : undefined;
      }, "the guest server");
      expect(await (await h.runtime.network.fetch(`http://127.0.0.1:${guestPort}/`)).text()).toBe("up");
      h.runtime.terminate();
      const result = await run;
      expect(result.code).toBe(143);
      expect(h.runtime.network.servers()).toEqual([]);
      expect(log.closes).toEqual([guestPort]);
      const refused = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: "127.0.0.1", port: guestPort });
        socket.on("connect", () => (socket.destroy(), resolve("connected")));
        socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      });
      expect(refused).toBe("ECONNREFUSED");

      const unrefed = await h.runtime.exec(PRELUDE + `
        const server = http.createServer().listen(0, () => console.log("up " + server.listening));
        server.unref();
      `);
      expect(unrefed.code).toBe(0);
      expect(log.listens).toHaveLength(2);
      expect(log.closes).toHaveLength(2);
      expect(h.runtime.network.servers()).toEqual([]);
    } finally {
      h.runtime.dispose();
    }
  });

  it("listening on a port in use fails with Node's EADDRINUSE; listen/close misuse throws Node's errors", async () => {
    const { adapter } = loopbackAdapter();
    const { out } = await guest<Record<string, unknown>>(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      PRELUDE + `
      const t = (f) => { try { f(); return "no error"; } catch (e) { return [e.code, e.message]; } };
      const checks = {
        badPort: t(() => http.createServer().listen(70000)),
        noPort: t(() => http.createServer().listen({})),
        pipe: t(() => http.createServer().listen("/tmp/sock")),
      };
      const busy = http.createServer();
      busy.on("error", (e) => {
        checks.error = pick(e);
        checks.twice = t(() => { const s = http.createServer(); s.listen(0); s.listen(0); });
        http.createServer().close((e) => { checks.notRunning = [e.code, e.message]; done(checks); process.exit(0); });
      });
      busy.listen(${port}, "127.0.0.1");
      `,
    );
    expect(out.error).toEqual({
      name: "Error", code: "EADDRINUSE", errno: -98, syscall: "listen", address: "127.0.0.1", port,
      message: `listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
    });
    expect(out.badPort).toEqual(["ERR_SOCKET_BAD_PORT", "options.port should be >= 0 and < 65536. Received type number (70000)."]);
    expect(out.noPort).toEqual(["ERR_INVALID_ARG_VALUE", `The argument 'options' must have the property "port" or "path". Received {}`]);
    expect(out.pipe).toEqual(["ERR_QUICKEXEC_UNSUPPORTED", "server.listen() on a Unix socket or pipe is not supported in the sandbox"]);
    expect(out.twice).toEqual(["ERR_SERVER_ALREADY_LISTEN", "Listen method has been called more than once without closing."]);
    expect(out.notRunning).toEqual(["ERR_SERVER_NOT_RUNNING", "Server is not running."]);
  });
});

// ---- with the built-in adapter -------------------------------------------------------------------

describe("with the built-in network adapter", () => {
  it("refuses loopback targets unless allowed, but a guest's own server is reached on loopback", async () => {
    const before = seen.length;
    const code = PRELUDE + `
      const out = {};
      const get = (url) => new Promise((resolve) => {
        http.get(url, (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve([res.statusCode, text]));
        }).on("error", (e) => resolve([e.code]));
      });
      const server = http.createServer((req, res) => res.end("own " + req.url));
      server.listen(0, async () => {
        out.external = await get("http://127.0.0.1:${port}/echo");
        out.own = await get("http://localhost:" + server.address().port + "/mine");
        out.address = server.address().address;
        server.close(() => done(out));
      });
    `;
    const refused = await guest<Record<string, unknown[]>>({ useDefaultNetwork: true, permissions: allowAllNetwork }, code);
    expect(refused.out.external).toEqual(["ERR_QUICKEXEC_ADDRESS_REFUSED"]);
    expect(refused.out.own[1]).toBe("own /mine");
    expect(refused.out.address).toBe("127.0.0.1");
    expect(seen.length).toBe(before);

    const adapter = createDefaultNetworkAdapter({ allowPrivateAddresses: (address) => address === "127.0.0.1" });
    const allowed = await guest<Record<string, unknown[]>>({ networkAdapter: adapter, permissions: allowAllNetwork }, code);
    expect(allowed.out.external[0]).toBe(200);
    expect(JSON.parse(allowed.out.external[1] as string)).toMatchObject({ method: "GET", url: "/echo" });
    expect(allowed.out.own).toEqual([200, "own /mine"]);
    expect(seen.length).toBe(before + 1);
  });

  it("a guest's fetch reaches its own server (redirects among its servers followed, each hop checked) while loopback stays refused", async () => {
    const checked: string[] = [];
    const code = PRELUDE + `
      const out = {};
      const server = http.createServer((req, res) => {
        if (req.url === "/hop") { res.writeHead(303, { location: "/final" }); return res.end(); }
        if (req.url === "/away") { res.writeHead(302, { location: "http://127.0.0.1:${port}/echo" }); return res.end(); }
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => res.end(req.method + " " + req.url + " " + body));
      });
      server.listen(0, async () => {
        const base = "http://localhost:" + server.address().port;
        const post = await fetch(base + "/direct", { method: "POST", body: "payload" });
        out.direct = [post.status, await post.text(), post.redirected];
        const hop = await fetch(base + "/hop", { method: "POST", body: "dropped" });
        out.hop = [hop.status, await hop.text(), hop.redirected, hop.url.endsWith("/final")];
        out.away = await fetch(base + "/away").then((r) => [r.status], (e) => [e.message, e.cause && e.cause.code]);
        server.close(() => done(out));
      });
    `;
    const before = seen.length;
    const permissions = { network: (r: NetworkAccessRequest): PermissionDecision => (checked.push(`${r.op} ${r.method} ${r.url ?? r.hostname}`), { allow: true }) };
    const { out } = await guest<Record<string, unknown[]>>({ useDefaultNetwork: true, permissions }, code);
    expect(out.direct).toEqual([200, "POST /direct payload", false]);
    expect(out.hop).toEqual([200, "GET /final ", true, true]);
    expect(out.away).toEqual(["fetch failed", "ERR_QUICKEXEC_ADDRESS_REFUSED"]);
    expect(seen.length).toBe(before);
    expect(checked.filter((c) => c.startsWith("fetch")).map((c) => c.replace(/:\d+\//, ":P/"))).toEqual([
      "fetch POST http://localhost:P/direct",
      "fetch POST http://localhost:P/hop",
      "fetch GET http://localhost:P/final",
      "fetch GET http://localhost:P/away",
      "fetch GET http://127.0.0.1:P/echo",
    ]);
  });

  it("a guest server on the built-in adapter answers a host client over loopback", async () => {
    const h = harness({}, { useDefaultNetwork: true, permissions: allowAllNetwork });
    try {
      const run = h.runtime.exec(PRELUDE + `
        const server = http.createServer((req, res) => {
          res.writeHead(200, { "Content-Type": "text/plain" });
          res.end(req.method + " " + req.url + " " + req.headers["x-from"]);
          server.close();
        }).listen(0);
      `);
      const [{ port: guestPort }] = await until(() => {
        const servers = h.runtime.network.servers();
        return servers.length > 0 ? servers : undefined;
      }, "the guest server");
      const answer = await new Promise<string>((resolve, reject) => {
        http.get({ host: "127.0.0.1", port: guestPort, path: "/over/tcp", headers: { "X-From": "host" }, agent: false }, (res) => {
          collect(res).then((body) => resolve(`${res.statusCode} ${res.headers["content-type"]} ${Buffer.from(body).toString()}`), reject);
        }).on("error", reject);
      });
      expect(answer).toBe("200 text/plain GET /over/tcp host");
      expect((await run).code, h.stderr()).toBe(0);
    } finally {
      h.runtime.dispose();
    }
  });
});
