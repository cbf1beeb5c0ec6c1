/**
 * The guest's `fetch` family (fetch, Headers, Request, Response) and `dns`:
 * the `network` permission asked with the request fully described (every
 * redirect hop again), the clear errors without an adapter or permission,
 * requests and responses end to end against a real local server, bodies
 * bounded by the memory limit, aborts reaching the host, the Fetch
 * Standard's Headers, and the forms of `dns.lookup`.
 *
 * Only loopback is ever contacted: the adapters here are written in this
 * file (one on the host's own fetch, refusing any host but 127.0.0.1; fakes
 * that answer from memory), and the default adapter is only given 127.0.0.1.
 */
import * as http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allowAllNetwork,
  createDefaultNetworkAdapter,
  type NetworkAccessRequest,
  type NodeDriverOptions,
  type PermissionDecision,
} from "../dist/src/index.js";
import type { DnsAddress, DnsLookupOptions, NetworkAdapter, NetworkRequest, NetworkResponse } from "../dist/src/net/types.js";
import { harness } from "./helpers.js";

// ---- running guest code -------------------------------------------------------------------------

/** Guest helpers prepended to every program: `out` is exported; `pick` describes an error. */
const PRELUDE = `
const out = {};
module.exports = out;
const pick = (e) => e && typeof e === "object"
  ? { name: e.name, message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, hostname: e.hostname,
      isTypeError: e instanceof TypeError, cause: e.cause && pick(e.cause) }
  : { name: "non-error", message: String(e) };
const settle = async (key, promise) => { try { out[key] = await promise; } catch (e) { out[key] = { error: pick(e) }; } };
const t = (key, fn) => { try { const v = fn(); out[key] = v === undefined ? "ok" : v; } catch (e) { out[key] = { error: pick(e) }; } };
`;

/** Runs `code` (an async function body, after PRELUDE) and returns `out`. */
async function guest<T = Record<string, any>>(driver: NodeDriverOptions, code: string, memoryLimit?: number): Promise<T> {
  const h = harness(memoryLimit === undefined ? {} : { memoryLimit }, driver);
  try {
    const result = await h.runtime.run(`${PRELUDE}\n(async () => {\n${code}\n})().catch((e) => { out.uncaught = pick(e); });`, "/workspace/main.js");
    expect(result.errorMessage, h.stderr()).toBeUndefined();
    expect(result.code).toBe(0);
    // A program that ends with process.exit() has no exports.
    const out = (result.exports ?? {}) as T & { uncaught?: unknown };
    expect(out.uncaught, JSON.stringify(out.uncaught)).toBeUndefined();
    return out;
  } finally {
    h.runtime.dispose();
  }
}

/** A network check that records every request and answers with `decide`. */
function recorder(decide: (r: NetworkAccessRequest) => PermissionDecision = () => ({ allow: true })) {
  const requests: NetworkAccessRequest[] = [];
  const check = (r: NetworkAccessRequest): PermissionDecision => {
    requests.push({ ...r });
    return decide(r);
  };
  return { requests, check };
}

// ---- the local server -----------------------------------------------------------------------------

type Hit = { method: string; url: string; rawHeaders: string[]; body: string };
const hits: Hit[] = [];
/** Requests to /hold wait here; `closed` resolves when their connection goes away. */
const held: Array<{ url: string; closed: Promise<void> }> = [];
let heldWaiters: Array<() => void> = [];
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", base);
      hits.push({ method: req.method ?? "", url: url.pathname + url.search, rawHeaders: req.rawHeaders, body: body.toString("base64") });
      switch (url.pathname) {
        case "/echo":
          res.setHeader("content-type", "application/json");
          res.setHeader("set-cookie", ["a=1", "b=2"]);
          res.setHeader("x-multi", ["1", "2"]);
          res.end(JSON.stringify({ method: req.method, url: req.url, rawHeaders: req.rawHeaders, body: body.toString("base64") }));
          return;
        case "/redirect":
          res.writeHead(Number(url.searchParams.get("status") ?? 302), { location: url.searchParams.get("to") ?? "/echo" });
          res.end("moving");
          return;
        case "/status":
          res.writeHead(Number(url.searchParams.get("code")), "Custom Reason");
          res.end();
          return;
        case "/bytes": {
          const n = Number(url.searchParams.get("n"));
          res.setHeader("content-type", "application/octet-stream");
          const chunk = Buffer.alloc(65536, 0x61);
          let left = n;
          const pump = (): void => {
            while (left > 0) {
              const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
              left -= piece.length;
              if (!res.write(piece)) {
                res.once("drain", pump);
                return;
              }
            }
            res.end();
          };
          res.on("close", () => (left = 0));
          pump();
          return;
        }
        case "/bom":
          res.end(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]));
          return;
        case "/hold": {
          const closed = new Promise<void>((resolve) => res.on("close", () => resolve()));
          res.writeHead(200);
          res.flushHeaders();
          held.push({ url: req.url ?? "", closed });
          for (const wake of heldWaiters) wake();
          heldWaiters = [];
          return;
        }
        default:
          res.writeHead(404);
          res.end("not found");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Resolves once the server holds a /hold request. */
function someRequestHeld(): Promise<void> {
  if (held.length > 0) return Promise.resolve();
  return new Promise((resolve) => heldWaiters.push(resolve));
}

// ---- adapters ---------------------------------------------------------------------------------------

const LOOPBACK = new Set(["127.0.0.1", "[::1]"]);

/**
 * An adapter on the host's own fetch that refuses anything but 127.0.0.1,
 * follows redirects itself (reporting each hop to `onRedirect`) and hands
 * bodies back as chunks. `dnsLookup` answers from a table; the name
 * `held.test` answers once the server holds a request (a way for the guest
 * to wait for that without timers).
 */
function loopbackAdapter(table: Record<string, DnsAddress[]> = {}) {
  const log = { requests: [] as NetworkRequest[], lookups: [] as Array<[string, DnsLookupOptions]>, aborted: [] as string[] };
  const adapter: NetworkAdapter = {
    async fetch(request) {
      log.requests.push(request);
      request.signal.addEventListener("abort", () => log.aborted.push(request.url));
      let url = request.url;
      let method = request.method;
      let body: Uint8Array | null = request.body;
      for (let hops = 0; ; hops++) {
        if (!LOOPBACK.has(new URL(url).host.replace(/:\d+$/, ""))) throw new Error(`test adapter: refusing ${url}`);
        const response = await fetch(url, { method, headers: request.headers, body: body as BodyInit | null, redirect: "manual", signal: request.signal });
        const location = response.headers.get("location");
        if (request.redirect !== "manual" && location !== null && response.status >= 300 && response.status < 400) {
          if (request.redirect === "error") throw Object.assign(new Error("unexpected redirect"), { code: "ERR_TEST_REDIRECT" });
          await response.body?.cancel();
          url = new URL(location, url).href;
          request.onRedirect?.(url);
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
            method = "GET";
            body = null;
          }
          continue;
        }
        const chunks = response.body as unknown as AsyncIterable<Uint8Array> | null;
        return {
          status: response.status,
          statusText: response.statusText,
          headers: [...(response.headers as unknown as Iterable<[string, string]>)],
          url,
          redirected: hops > 0,
          body: chunks ?? new Uint8Array(0),
        };
      }
    },
    async dnsLookup(hostname, options) {
      log.lookups.push([hostname, options]);
      if (hostname === "held.test") {
        await someRequestHeld();
        return [{ address: "127.0.0.1", family: 4 }];
      }
      if (hostname === "fail.test") throw Object.assign(new Error("resolver down"), { code: "EAI_AGAIN" });
      return table[hostname] ?? [];
    },
    async httpRequest() {
      throw new Error("test adapter: no http.request here");
    },
  };
  return { adapter, log };
}

/** A fake adapter: `answer` makes each response; records requests. */
function fakeAdapter(answer: (request: NetworkRequest) => Promise<NetworkResponse> | NetworkResponse) {
  const requests: NetworkRequest[] = [];
  const lookups: string[] = [];
  const adapter: NetworkAdapter = {
    async fetch(request) {
      requests.push(request);
      return answer(request);
    },
    async dnsLookup(hostname) {
      lookups.push(hostname);
      return [];
    },
    async httpRequest() {
      throw new Error("not here");
    },
  };
  return { adapter, requests, lookups };
}

const okResponse = (request: NetworkRequest, body: Uint8Array | AsyncIterable<Uint8Array> = new TextEncoder().encode("fine")): NetworkResponse => ({
  status: 200,
  statusText: "OK",
  headers: [["content-type", "text/plain"]],
  url: request.url,
  redirected: false,
  body,
});

// ---- permission ---------------------------------------------------------------------------------------

describe("the network permission", () => {
  it("is asked for every fetch and lookup with the hostname filled in", async () => {
    const { adapter } = loopbackAdapter({ "known.test": [{ address: "127.0.0.1", family: 4 }] });
    const { requests, check } = recorder();
    const out = await guest(
      { networkAdapter: adapter, permissions: { network: check } },
      `
      const port = ${JSON.stringify(new URL(base).port)};
      out.get = (await fetch("http://127.0.0.1:" + port + "/echo?q=1#frag")).status;
      out.post = (await fetch(new URL("http://127.0.0.1:" + port + "/echo"), { method: "post", body: "x" })).status;
      out.dns = await require("dns").promises.lookup("known.test");
      `,
    );
    expect(out).toEqual({ get: 200, post: 200, dns: { address: "127.0.0.1", family: 4 } });
    const port = new URL(base).port;
    expect(requests).toEqual([
      { op: "fetch", url: `http://127.0.0.1:${port}/echo?q=1`, method: "GET", hostname: "127.0.0.1" },
      { op: "fetch", url: `http://127.0.0.1:${port}/echo`, method: "POST", hostname: "127.0.0.1" },
      { op: "dns", hostname: "known.test" },
    ]);
  });

  it("denied: fetch rejects with TypeError 'fetch failed' caused by EACCES, and nothing is sent", async () => {
    const fake = fakeAdapter(okResponse);
    const { requests, check } = recorder(() => ({ allow: false, reason: "no internet for you" }));
    const out = await guest(
      { networkAdapter: fake.adapter, permissions: { network: check } },
      `
      await settle("fetch", fetch("https://example.com/data"));
      await settle("dns", require("dns").promises.lookup("example.com"));
      out.callback = await new Promise((resolve) => require("dns").lookup("example.com", (err) => resolve(pick(err))));
      `,
    );
    expect(out.fetch.error).toMatchObject({ name: "TypeError", message: "fetch failed", isTypeError: true });
    expect(out.fetch.error.cause).toMatchObject({ code: "EACCES", errno: -13, syscall: "fetch" });
    expect(out.fetch.error.cause.message).toContain("https://example.com/data");
    expect(out.fetch.error.cause.message).toContain("no internet for you");
    for (const err of [out.dns.error, out.callback]) {
      expect(err).toMatchObject({ code: "EACCES", errno: -13, syscall: "dns", hostname: "example.com" });
      expect(err.message).toContain("no internet for you");
    }
    expect(requests).toEqual([
      { op: "fetch", url: "https://example.com/data", method: "GET", hostname: "example.com" },
      { op: "dns", hostname: "example.com" },
      { op: "dns", hostname: "example.com" },
    ]);
    expect(fake.requests).toEqual([]);
    expect(fake.lookups).toEqual([]);
  });

  it("checks every redirect hop again and refuses a hop it denies before it is requested", async () => {
    const { adapter, log } = loopbackAdapter();
    const { requests, check } = recorder((r) => (r.url?.includes("/echo?secret") ? { allow: false, reason: "not there" } : { allow: true }));
    const before = hits.length;
    const out = await guest(
      { networkAdapter: adapter, permissions: { network: check } },
      `
      const base = ${JSON.stringify(base)};
      const ok = await fetch(base + "/redirect?to=/echo?fine");
      out.ok = { status: ok.status, url: ok.url, redirected: ok.redirected };
      await settle("refused", fetch(base + "/redirect?to=" + encodeURIComponent("/echo?secret")));
      `,
    );
    expect(out.ok).toEqual({ status: 200, url: `${base}/echo?fine`, redirected: true });
    expect(out.refused.error).toMatchObject({ name: "TypeError", message: "fetch failed" });
    expect(out.refused.error.cause).toMatchObject({ code: "EACCES", syscall: "fetch" });
    expect(out.refused.error.cause.message).toContain("not there");
    expect(requests.map((r) => r.url)).toEqual([
      `${base}/redirect?to=/echo?fine`,
      `${base}/echo?fine`,
      `${base}/redirect?to=%2Fecho%3Fsecret`,
      `${base}/echo?secret`,
    ]);
    expect(requests.every((r) => r.op === "fetch" && r.hostname === "127.0.0.1")).toBe(true);
    // The refused hop never reached the server.
    expect(hits.slice(before).map((h) => h.url)).toEqual(["/redirect?to=/echo?fine", "/echo?fine", "/redirect?to=%2Fecho%3Fsecret"]);
    expect(log.requests).toHaveLength(2);
  });

  it("checks a final URL the adapter reached without reporting the hop, and withholds the answer if denied", async () => {
    const fake = fakeAdapter((request) => ({ ...okResponse(request), url: "https://elsewhere.test/final", redirected: true }));
    const { requests, check } = recorder((r) => ({ allow: r.hostname !== "elsewhere.test" }));
    const out = await guest({ networkAdapter: fake.adapter, permissions: { network: check } }, `await settle("r", fetch("https://start.test/"));`);
    expect(out.r.error.cause).toMatchObject({ code: "EACCES" });
    expect(requests.map((r) => r.hostname)).toEqual(["start.test", "elsewhere.test"]);
  });

  it("without an adapter: fetch fails with the clear configuration error as its cause; dns too", async () => {
    const { requests, check } = recorder();
    const out = await guest(
      { permissions: { network: check } },
      `
      await settle("fetch", fetch("http://127.0.0.1:9/x"));
      await settle("fetch2", fetch("http://127.0.0.1:8080/x"));
      await settle("dns", require("dns").promises.lookup("example.com"));
      out.literal = await require("dns").promises.lookup("::1");
      `,
    );
    expect(out.fetch.error.cause).toMatchObject({ message: "bad port" });
    expect(out.fetch2.error).toMatchObject({ name: "TypeError", message: "fetch failed" });
    expect(out.fetch2.error.cause.code).toBe("ERR_QUICKEXEC_NO_NETWORK");
    expect(out.fetch2.error.cause.message).toContain("useDefaultNetwork");
    expect(out.dns.error.code).toBe("ERR_QUICKEXEC_NO_NETWORK");
    expect(out.dns.error.message).toContain("dns.lookup is not available");
    expect(out.literal).toEqual({ address: "::1", family: 6 });
    expect(requests).toEqual([]);
  });
});

// ---- requests and responses end to end ---------------------------------------------------------------

/** What the echo route reports, decoded. */
const ECHO = `
const echo = async (res) => {
  const j = await res.json();
  const headers = {};
  for (let i = 0; i < j.rawHeaders.length; i += 2) headers[j.rawHeaders[i]] = j.rawHeaders[i + 1];
  return { method: j.method, url: j.url, headers, body: Buffer.from(j.body, "base64").toString("latin1") };
};
`;

describe("fetch end to end (a real local server)", () => {
  const driver = (): NodeDriverOptions => ({ networkAdapter: loopbackAdapter().adapter, permissions: allowAllNetwork });

  it("sends methods, headers and every kind of body", async () => {
    const out = await guest(
      driver(),
      `${ECHO}
      const url = ${JSON.stringify(base)} + "/echo";
      out.get = await echo(await fetch(url, { headers: { "X-Custom": "yes", Accept: "text/plain" } }));
      out.text = await echo(await fetch(url, { method: "POST", body: "héllo" }));
      out.json = await echo(await fetch(url, { method: "PUT", body: JSON.stringify({ a: 1 }), headers: [["Content-Type", "application/json"]] }));
      out.u8 = await echo(await fetch(url, { method: "POST", body: new Uint8Array([1, 2, 255]) }));
      out.ab = await echo(await fetch(url, { method: "POST", body: new Uint8Array([7, 8]).buffer }));
      out.dv = await echo(await fetch(url, { method: "POST", body: new DataView(new Uint8Array([0, 9, 10, 0]).buffer, 1, 2) }));
      out.buf = await echo(await fetch(url, { method: "POST", body: Buffer.from("buffer!") }));
      out.form = await echo(await fetch(url, { method: "POST", body: new URLSearchParams({ a: "1 2", b: "&" }) }));
      const h = new Headers(); h.append("X-Dup", "1"); h.append("x-dup", "2");
      out.headersObj = await echo(await fetch(url, { method: "DELETE", headers: h }));
      const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("str")); c.enqueue(new TextEncoder().encode("eam")); c.close(); } });
      out.stream = await echo(await fetch(url, { method: "POST", body: stream, duplex: "half" }));
      const req = new Request(url, { method: "PATCH", body: "from a Request", headers: { "X-R": "r" } });
      out.request = await echo(await fetch(req));
      out.requestUsed = req.bodyUsed;
      `,
    );
    expect(out.get).toMatchObject({ method: "GET", url: "/echo", body: "" });
    expect(out.get.headers).toMatchObject({ "X-Custom": "yes", Accept: "text/plain", "user-agent": "node", "accept-language": "*" });
    expect(out.text).toMatchObject({ method: "POST", body: Buffer.from("héllo").toString("latin1") });
    expect(out.text.headers["content-type"]).toBe("text/plain;charset=UTF-8");
    expect(out.json).toMatchObject({ method: "PUT", body: '{"a":1}' });
    expect(out.json.headers["Content-Type"]).toBe("application/json");
    expect(out.json.headers["content-type"]).toBeUndefined();
    expect(out.u8.body).toBe("\x01\x02\xff");
    expect(out.u8.headers["content-type"]).toBeUndefined();
    expect(out.ab.body).toBe("\x07\x08");
    expect(out.dv.body).toBe("\x09\x0a");
    expect(out.buf.body).toBe("buffer!");
    expect(out.form.body).toBe("a=1+2&b=%26");
    expect(out.form.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(out.headersObj).toMatchObject({ method: "DELETE" });
    // (The test adapter's own fetch lower-cases the name of a combined header.)
    expect(out.headersObj.headers["X-Dup"] ?? out.headersObj.headers["x-dup"]).toBe("1, 2");
    expect(out.stream.body).toBe("stream");
    expect(out.request).toMatchObject({ method: "PATCH", body: "from a Request" });
    expect(out.request.headers["X-R"]).toBe("r");
    expect(out.requestUsed).toBe(true);
  });

  it("gives the response's status, headers, URL and body through every body method", async () => {
    const out = await guest(
      driver(),
      `
      const base = ${JSON.stringify(base)};
      const res = await fetch(base + "/echo");
      out.head = { status: res.status, ok: res.ok, statusText: res.statusText, url: res.url, redirected: res.redirected, type: res.type, bodyUsed: res.bodyUsed };
      out.contentType = res.headers.get("Content-Type");
      out.cookies = res.headers.getSetCookie();
      out.cookieJoined = res.headers.get("set-cookie");
      out.multi = res.headers.get("x-multi");
      t("immutable", () => res.headers.set("a", "b"));
      const copy = res.clone();
      out.json = (await res.json()).method;
      out.usedAfter = res.bodyUsed;
      await settle("again", res.text());
      t("cloneUsed", () => res.clone());
      out.cloneText = JSON.parse(await copy.text()).url;
      out.ab = await (await fetch(base + "/bom")).arrayBuffer().then((b) => [b.constructor.name, b.byteLength]);
      out.bytes = await (await fetch(base + "/bom")).bytes().then((b) => [b.constructor.name, Array.from(b)]);
      out.bomText = await (await fetch(base + "/bom")).text();
      const streamed = await fetch(base + "/bom");
      const chunks = [];
      for await (const chunk of streamed.body) chunks.push(...chunk);
      out.streamed = { chunks, used: streamed.bodyUsed };
      const s204 = await fetch(base + "/status?code=204");
      out.s204 = { status: s204.status, ok: s204.ok, statusText: s204.statusText, body: s204.body, text: await s204.text() };
      const s404 = await fetch(base + "/nope");
      out.s404 = { status: s404.status, ok: s404.ok, text: await s404.text() };
      const head = await fetch(base + "/echo", { method: "HEAD" });
      out.head2 = { status: head.status, body: head.body };
      const manual = await fetch(base + "/redirect?to=/echo", { redirect: "manual" });
      out.manual = { status: manual.status, location: manual.headers.get("location"), redirected: manual.redirected, text: await manual.text() };
      await settle("errorMode", fetch(base + "/redirect?to=/echo", { redirect: "error" }));
      const post303 = await fetch(base + "/redirect?status=303&to=/echo", { method: "POST", body: "x" });
      out.post303 = (await post303.json()).method;
      `,
    );
    expect(out.head).toEqual({ status: 200, ok: true, statusText: "OK", url: `${base}/echo`, redirected: false, type: "basic", bodyUsed: false });
    expect(out.contentType).toBe("application/json");
    expect(out.cookies).toEqual(["a=1", "b=2"]);
    expect(out.cookieJoined).toBe("a=1, b=2");
    expect(out.multi).toBe("1, 2");
    expect(out.immutable.error).toMatchObject({ name: "TypeError", message: "immutable" });
    expect(out.json).toBe("GET");
    expect(out.usedAfter).toBe(true);
    expect(out.again.error).toMatchObject({ name: "TypeError", message: "Body is unusable: Body has already been read" });
    expect(out.cloneUsed.error).toMatchObject({ name: "TypeError", message: "Response.clone: Body has already been consumed." });
    expect(out.cloneText).toBe("/echo");
    expect(out.ab).toEqual(["ArrayBuffer", 5]);
    expect(out.bytes).toEqual(["Uint8Array", [0xef, 0xbb, 0xbf, 0x68, 0x69]]);
    expect(out.bomText).toBe("hi");
    expect(out.streamed).toEqual({ chunks: [0xef, 0xbb, 0xbf, 0x68, 0x69], used: true });
    expect(out.s204).toEqual({ status: 204, ok: true, statusText: "Custom Reason", body: null, text: "" });
    expect(out.s404).toEqual({ status: 404, ok: false, text: "not found" });
    expect(out.head2).toEqual({ status: 200, body: null });
    expect(out.manual).toEqual({ status: 302, location: "/echo", redirected: false, text: "moving" });
    expect(out.errorMode.error).toMatchObject({ name: "TypeError", message: "fetch failed" });
    expect(out.errorMode.error.cause).toMatchObject({ message: "unexpected redirect" });
    expect(out.post303).toBe("GET");
  });

  it("caps a response body at the sandbox's memory limit", async () => {
    const limit = 16 * 1048576;
    const streamed = await guest(
      driver(),
      `
      const base = ${JSON.stringify(base)};
      await settle("over", fetch(base + "/bytes?n=${limit + 1}"));
      const fits = await fetch(base + "/bytes?n=${1048576}");
      out.fits = (await fits.arrayBuffer()).byteLength;
      `,
      16,
    );
    expect(streamed.over.error).toMatchObject({ name: "TypeError", message: "fetch failed" });
    expect(streamed.over.error.cause.code).toBe("ERR_QUICKEXEC_RESPONSE_TOO_LARGE");
    expect(streamed.over.error.cause.message).toContain(`memory limit (${limit} bytes)`);
    expect(streamed.fits).toBe(1048576);
    // The same bound when the adapter hands over the body whole.
    const fake = fakeAdapter((request) => okResponse(request, new Uint8Array(limit + 1)));
    const whole = await guest({ networkAdapter: fake.adapter, permissions: allowAllNetwork }, `await settle("over", fetch("https://big.test/"));`, 16);
    expect(whole.over.error.cause.code).toBe("ERR_QUICKEXEC_RESPONSE_TOO_LARGE");
  });

  it("aborts: before the request, while the host waits for the server, and after the response", async () => {
    const { adapter, log } = loopbackAdapter();
    held.length = 0;
    const out = await guest(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      `
      const base = ${JSON.stringify(base)};
      const dns = require("dns").promises;
      const early = new AbortController();
      early.abort(new Error("not today"));
      await settle("early", fetch(base + "/echo", { signal: early.signal }));
      const c = new AbortController();
      const pending = fetch(base + "/hold", { signal: c.signal });
      await dns.lookup("held.test");  // answers once the server holds the request
      c.abort();
      try { await pending; out.pending = "resolved"; } catch (e) { out.pending = { ...pick(e), isDOMException: e instanceof DOMException, legacyCode: e.code }; }
      const late = new AbortController();
      const res = await fetch(base + "/echo", { signal: late.signal });
      late.abort();
      await settle("late", res.text());
      `,
    );
    expect(out.early.error).toMatchObject({ name: "Error", message: "not today" });
    expect(out.pending).toMatchObject({ name: "AbortError", message: "This operation was aborted", isDOMException: true, legacyCode: 20 });
    expect(out.late.error).toMatchObject({ name: "AbortError" });
    // The host request was aborted and the server saw its connection go.
    expect(log.aborted).toContain(`${base}/hold`);
    await held[0]!.closed;
    expect(log.requests.map((r) => new URL(r.url).pathname)).toEqual(["/hold", "/echo"]);
  });

  it("aborts a request still in flight when the run ends", async () => {
    const signals: AbortSignal[] = [];
    const fake = fakeAdapter(
      (request) =>
        new Promise<NetworkResponse>((_, reject) => {
          signals.push(request.signal);
          request.signal.addEventListener("abort", () => reject(new Error("aborted")));
        }),
    );
    await guest(
      { networkAdapter: fake.adapter, permissions: allowAllNetwork },
      `
      fetch("https://slow.test/").catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 0));
      await new Promise((resolve) => setTimeout(resolve, 0));
      process.exit(0);
      `,
    );
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
  });
});

// ---- the fake adapter: request shape ------------------------------------------------------------------

describe("the NetworkRequest the adapter gets", () => {
  it("is absolute, upper-case, without fragment, with the guest's headers and body bytes", async () => {
    const fake = fakeAdapter(okResponse);
    const out = await guest(
      { networkAdapter: fake.adapter, permissions: allowAllNetwork },
      `
      const r = await fetch("https://api.test:8443/p?q=1#x", { method: "Post", body: "abc", headers: { "X-A": "1", accept: "application/json" }, redirect: "manual" });
      out.text = await r.text();
      out.type = r.headers.get("content-type");
      `,
    );
    expect(out).toEqual({ text: "fine", type: "text/plain" });
    const [request] = fake.requests;
    expect(request).toMatchObject({ url: "https://api.test:8443/p?q=1", method: "POST", redirect: "manual" });
    expect(new TextDecoder().decode(request!.body!)).toBe("abc");
    expect(request!.headers).toEqual([
      ["X-A", "1"],
      ["accept", "application/json"],
      ["content-type", "text/plain;charset=UTF-8"],
      ["accept-language", "*"],
      ["sec-fetch-mode", "cors"],
      ["user-agent", "node"],
    ]);
    expect(request!.signal.aborted).toBe(false);
    expect(typeof request!.onRedirect).toBe("function");
  });

  it("takes bodies given as async iterables", async () => {
    async function* chunks() {
      yield new TextEncoder().encode("one,");
      yield new TextEncoder().encode("two");
    }
    const fake = fakeAdapter((request) => okResponse(request, chunks()));
    const out = await guest({ networkAdapter: fake.adapter, permissions: allowAllNetwork }, `out.text = await (await fetch("https://x.test/")).text();`);
    expect(out.text).toBe("one,two");
  });

  it("answers data: URLs in the guest, and refuses other schemes and relative URLs as Node does", async () => {
    const { requests, check } = recorder();
    const out = await guest(
      { permissions: { network: check } },
      `
      const d = await fetch("data:text/plain;base64,aGk=");
      out.data = { status: d.status, statusText: d.statusText, type: d.headers.get("content-type"), text: await d.text(), url: d.url };
      out.plain = await (await fetch("data:,a%20b")).text();
      await settle("file", fetch("file:///etc/passwd"));
      await settle("ftp", fetch("ftp://example.com/"));
      await settle("relative", fetch("/relative"));
      await settle("none", fetch());
      await settle("creds", fetch("http://user:pw@example.com/"));
      await settle("getBody", fetch("http://example.com/", { body: "x" }));
      await settle("badHeader", fetch("http://example.com/", { headers: { "a b": "1" } }));
      await settle("badSignal", fetch("http://example.com/", { signal: {} }));
      `,
    );
    expect(out.data).toEqual({ status: 200, statusText: "OK", type: "text/plain", text: "hi", url: "data:text/plain;base64,aGk=" });
    expect(out.plain).toBe("a b");
    expect(out.file.error).toMatchObject({ message: "fetch failed", cause: { message: "not implemented... yet..." } });
    expect(out.ftp.error).toMatchObject({ message: "fetch failed", cause: { message: "unknown scheme" } });
    expect(out.relative.error).toMatchObject({ name: "TypeError", message: "Failed to parse URL from /relative", cause: { code: "ERR_INVALID_URL" } });
    expect(out.none.error).toMatchObject({ name: "TypeError", message: "Failed to parse URL from undefined" });
    expect(out.creds.error.message).toBe("Request cannot be constructed from a URL that includes credentials: http://user:pw@example.com/");
    expect(out.getBody.error.message).toBe("Request with GET/HEAD method cannot have body.");
    expect(out.badHeader.error.message).toBe('Headers.append: "a b" is an invalid header name.');
    expect(out.badSignal.error.message).toBe("Failed to construct 'Request': member signal is not of type AbortSignal.");
    expect(requests).toEqual([]);
  });
});

// ---- Headers, Request, Response ----------------------------------------------------------------------

describe("Headers, Request and Response (Fetch Standard, Node's messages)", () => {
  it("Headers: case-insensitive, combined, set-cookie apart, sorted lower-case iteration, validation", async () => {
    const out = await guest(
      {},
      `
      const h = new Headers([["Set-Cookie", "a=1"], ["set-cookie", "b=2"], ["X-A", "1"], ["x-a", " 2 "], ["B", "3"]]);
      out.entries = [...h];
      out.keys = [...h.keys()];
      out.values = [...h.values()];
      out.get = [h.get("X-A"), h.get("set-cookie"), h.get("missing"), h.has("x-A"), h.has("nope")];
      out.cookies = h.getSetCookie();
      h.set("X-A", "only"); h.delete("b"); h.append("a-first", "0");
      out.after = [...h.entries()];
      const seen = []; h.forEach((value, name, self) => seen.push([name, value, self === h])); out.forEach = seen;
      const live = new Headers([["b", "1"], ["a", "2"]]); const it = live[Symbol.iterator](); live.append("0", "x"); out.live = [...it];
      out.record = [...new Headers({ Zeta: "z", alpha: "\\t a \\n" })];
      out.copy = [...new Headers(new Headers({ q: "1" }))];
      out.tag = [Object.prototype.toString.call(h), h.keys()[Symbol.toStringTag]];
      out.inspect = require("util").inspect(new Headers({ b: "1", a: "2" }));
      t("badName", () => new Headers({ "a b": "x" }));
      t("badValue", () => new Headers().append("a", "x\\0y"));
      t("byteString", () => new Headers({ a: "€" }));
      t("pair", () => new Headers([["a"]]));
      t("notIterable", () => new Headers([5]));
      t("init", () => new Headers(5));
      t("count", () => new Headers().append("a"));
      t("count0", () => new Headers().get());
      t("this", () => Headers.prototype.get.call({}, "a"));
      t("forEachFn", () => new Headers().forEach(5));
      t("call", () => Headers());
      `,
    );
    expect(out.entries).toEqual([["b", "3"], ["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x-a", "1, 2"]]);
    expect(out.keys).toEqual(["b", "set-cookie", "set-cookie", "x-a"]);
    expect(out.values).toEqual(["3", "a=1", "b=2", "1, 2"]);
    expect(out.get).toEqual(["1, 2", "a=1, b=2", null, true, false]);
    expect(out.cookies).toEqual(["a=1", "b=2"]);
    expect(out.after).toEqual([["a-first", "0"], ["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x-a", "only"]]);
    expect(out.forEach).toEqual([["a-first", "0", true], ["set-cookie", "a=1", true], ["set-cookie", "b=2", true], ["x-a", "only", true]]);
    expect(out.live).toEqual([["0", "x"], ["a", "2"], ["b", "1"]]);
    expect(out.record).toEqual([["alpha", "a"], ["zeta", "z"]]);
    expect(out.copy).toEqual([["q", "1"]]);
    expect(out.tag).toEqual(["[object Headers]", "Headers Iterator"]);
    expect(out.inspect).toBe("Headers { a: '2', b: '1' }");
    expect(out.badName.error).toMatchObject({ isTypeError: true, message: 'Headers.append: "a b" is an invalid header name.' });
    expect(out.badValue.error.message).toBe('Headers.append: "x\0y" is an invalid header value.');
    expect(out.byteString.error.message).toBe("Cannot convert argument to a ByteString because the character at index 0 has a value of 8364 which is greater than 255.");
    expect(out.pair.error.message).toBe("Headers constructor: expected name/value pair to be length 2, found 1.");
    expect(out.notIterable.error.message).toBe("Headers contructor: init[0] (5) is not iterable.");
    expect(out.init.error.message).toBe("Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.");
    expect(out.count.error.message).toBe("Headers.append: 2 arguments required, but only 1 found.");
    expect(out.count0.error.message).toBe("Headers.get: 1 argument required, but 0 found.");
    expect(out.this.error).toMatchObject({ code: "ERR_INVALID_THIS", message: "Illegal invocation" });
    expect(out.forEachFn.error.message).toBe("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    expect(out.call.error.isTypeError).toBe(true);
  });

  it("Request: defaults, method normalisation, validation, clone and body methods", async () => {
    const out = await guest(
      {},
      `
      const r = new Request("http://a.test/p#frag");
      out.defaults = { method: r.method, url: r.url, redirect: r.redirect, mode: r.mode, credentials: r.credentials, cache: r.cache,
        body: r.body, bodyUsed: r.bodyUsed, aborted: r.signal.aborted, referrer: r.referrer, duplex: r.duplex, keepalive: r.keepalive };
      out.methods = ["get", "post", "delete", "patch", "Head"].map((m) => new Request("http://a.test/", { method: m }).method);
      t("connect", () => new Request("http://a.test/", { method: "CONNECT" }));
      t("track", () => new Request("http://a.test/", { method: "track" }));
      t("badMethod", () => new Request("http://a.test/", { method: "bad method" }));
      t("redirect", () => new Request("http://a.test/", { redirect: "x" }));
      t("navigate", () => new Request("http://a.test/", { mode: "navigate" }));
      t("init", () => new Request("http://a.test/", 5));
      t("noArgs", () => new Request());
      t("streamNoDuplex", () => new Request("http://a.test/", { method: "POST", body: new ReadableStream() }));
      const post = new Request("http://a.test/", { method: "POST", body: "payload", headers: { "X-K": "v" } });
      out.postType = post.headers.get("content-type");
      const clone = post.clone();
      out.cloneText = await clone.text();
      out.text = await post.text();
      out.used = [post.bodyUsed, clone.bodyUsed];
      t("reuse", () => new Request(post));
      const c = new AbortController();
      const followed = new Request("http://a.test/", { signal: c.signal });
      c.abort("why");
      out.followed = [followed.signal.aborted, followed.signal.reason];
      out.inspect = require("util").inspect(new Request("http://a.test/"), { breakLength: Infinity });
      `,
    );
    expect(out.defaults).toEqual({
      method: "GET", url: "http://a.test/p#frag", redirect: "follow", mode: "cors", credentials: "same-origin", cache: "default",
      body: null, bodyUsed: false, aborted: false, referrer: "about:client", duplex: "half", keepalive: false,
    });
    expect(out.methods).toEqual(["GET", "POST", "DELETE", "patch", "HEAD"]);
    expect(out.connect.error.message).toBe("'CONNECT' HTTP method is unsupported.");
    expect(out.track.error.message).toBe("'track' HTTP method is unsupported.");
    expect(out.badMethod.error.message).toBe("'bad method' is not a valid HTTP method.");
    expect(out.redirect.error.message).toBe("Request constructor: x is not an accepted type. Expected one of follow, manual, error.");
    expect(out.navigate.error.message).toBe("Request constructor: invalid request mode navigate.");
    expect(out.init.error.message).toBe("Request constructor: Expected 5 to be one of: Null, Undefined, Object.");
    expect(out.noArgs.error.message).toBe("Request constructor: 1 argument required, but 0 found.");
    expect(out.streamNoDuplex.error.message).toBe("RequestInit: duplex option is required when sending a body.");
    expect(out.postType).toBe("text/plain;charset=UTF-8");
    expect(out.cloneText).toBe("payload");
    expect(out.text).toBe("payload");
    expect(out.used).toEqual([true, true]);
    expect(out.reuse.error.message).toBe("Cannot construct a Request with a Request object that has already been used.");
    expect(out.followed).toEqual([true, "why"]);
    expect(out.inspect).toMatch(/^Request \{ method: 'GET', url: 'http:\/\/a.test\/', headers: Headers \{\}, .*signal: AbortSignal \{ aborted: false \} \}$/);
  });

  it("Response: constructor, static json/error/redirect, bodies, clone", async () => {
    const out = await guest(
      {},
      `
      const r = new Response("x", { status: 201, statusText: "Created", headers: { A: "1" } });
      out.r = { status: r.status, ok: r.ok, statusText: r.statusText, type: r.type, url: r.url, redirected: r.redirected, headers: [...r.headers] };
      const empty = new Response();
      out.empty = { status: empty.status, body: empty.body, text: await empty.text(), used: empty.bodyUsed };
      out.u8 = [new Response(new Uint8Array(1)).headers.get("content-type"), new Response({}).headers.get("content-type"), await new Response({}).text()];
      t("range", () => new Response("x", { status: 99 }));
      t("nullBody", () => new Response("x", { status: 204 }));
      t("statusText", () => new Response(null, { statusText: "a\\nb" }));
      out.trunc = new Response("x", { status: 200.5 }).status;
      const j = Response.json({ a: [1] }, { status: 202 });
      out.json = [j.status, j.headers.get("content-type"), await j.json()];
      t("jsonUndefined", () => Response.json(undefined));
      const e = Response.error();
      out.error = [e.status, e.type, e.ok, e.statusText, e.body];
      t("errorImmutable", () => e.headers.append("a", "b"));
      const red = Response.redirect("http://a.test/next", 307);
      out.redirect = [red.status, red.headers.get("location"), red.type];
      t("redirectStatus", () => Response.redirect("http://a.test/", 200));
      t("redirectRelative", () => Response.redirect("/x"));
      const s = new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.close(); } }));
      const sc = s.clone();
      out.stream = [await s.text(), await sc.text()];
      await settle("nonBytes", new Response(new ReadableStream({ start(c) { c.enqueue("str"); c.close(); } })).text());
      const locked = new Response("abc"); locked.body.getReader();
      await settle("locked", locked.text());
      t("lockedClone", () => locked.clone());
      await settle("badJson", new Response("{").json());
      t("this", () => Object.getOwnPropertyDescriptor(Response.prototype, "status").get.call({}));
      await settle("thisAsync", Response.prototype.text.call({}));
      out.keys = Object.keys(Response).sort();
      out.inspect = require("util").inspect(new Response("hi"), { breakLength: Infinity });
      `,
    );
    expect(out.r).toEqual({ status: 201, ok: true, statusText: "Created", type: "default", url: "", redirected: false, headers: [["a", "1"], ["content-type", "text/plain;charset=UTF-8"]] });
    expect(out.empty).toEqual({ status: 200, body: null, text: "", used: false });
    expect(out.u8).toEqual([null, "text/plain;charset=UTF-8", "[object Object]"]);
    expect(out.range.error).toMatchObject({ name: "RangeError", message: 'init["status"] must be in the range of 200 to 599, inclusive.' });
    expect(out.nullBody.error.message).toBe("Response constructor: Invalid response status code 204");
    expect(out.statusText.error.message).toBe("Invalid statusText");
    expect(out.trunc).toBe(200);
    expect(out.json).toEqual([202, "application/json", { a: [1] }]);
    expect(out.jsonUndefined.error.message).toBe("Value is not JSON serializable");
    expect(out.error).toEqual([0, "error", false, "", null]);
    expect(out.errorImmutable.error.message).toBe("immutable");
    expect(out.redirect).toEqual([307, "http://a.test/next", "default"]);
    expect(out.redirectStatus.error).toMatchObject({ name: "RangeError", message: "Invalid status code 200" });
    expect(out.redirectRelative.error.message).toBe("Failed to parse URL from /x");
    expect(out.stream).toEqual(["hi", "hi"]);
    expect(out.nonBytes.error.message).toBe("Received non-Uint8Array chunk");
    expect(out.locked.error.message).toBe("Body is unusable: Body has already been read");
    expect(out.lockedClone.error.message).toBe("Response.clone: Body has already been consumed.");
    expect(out.badJson.error.name).toBe("SyntaxError");
    expect(out.this.error).toMatchObject({ code: "ERR_INVALID_THIS" });
    expect(out.thisAsync.error).toMatchObject({ code: "ERR_INVALID_THIS" });
    expect(out.keys).toEqual(["error", "json", "redirect"]);
    expect(out.inspect).toMatch(/^Response \{ status: 200, statusText: '', headers: Headers \{ 'content-type': 'text\/plain;charset=UTF-8' \}, body: ReadableStream.*, bodyUsed: false, ok: true, redirected: false, type: 'default', url: '' \}$/);
  });

  it("globals: fetch is enumerable, the classes and stream globals are not, and none loads until used", async () => {
    const out = await guest(
      {},
      `
      const d = (k) => { const x = Object.getOwnPropertyDescriptor(globalThis, k); return [x.enumerable, "get" in x]; };
      out.before = ["fetch", "Headers", "Request", "Response", "ReadableStream", "WritableStream", "TransformStream"].map(d);
      out.types = [typeof fetch, typeof Headers, typeof ReadableStream, typeof WritableStream, typeof TransformStream, typeof CountQueuingStrategy];
      out.after = ["fetch", "Headers"].map(d);
      out.lengths = [fetch.length, Headers.length, Request.length, Response.length, fetch.name];
      const ts = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
      const w = ts.writable.getWriter(); w.write("abc"); w.close();
      out.transformed = (await ts.readable.getReader().read()).value;
      `,
    );
    expect(out.before).toEqual([[true, true], [false, true], [false, true], [false, true], [false, true], [false, true], [false, true]]);
    expect(out.types).toEqual(["function", "function", "function", "function", "function", "function"]);
    expect(out.after).toEqual([[true, false], [false, false]]);
    expect(out.lengths).toEqual([1, 0, 1, 0, "fetch"]);
    expect(out.transformed).toBe("ABC");
  });
});

// ---- dns -----------------------------------------------------------------------------------------------

describe("dns", () => {
  const table = {
    "dual.test": [
      { address: "::1", family: 6 as const },
      { address: "127.0.0.1", family: 4 as const },
      { address: "127.0.0.2", family: 4 as const },
    ],
  };

  it("lookup: callback and promise forms, family, all, order; literals and empty names answered without asking", async () => {
    const { adapter, log } = loopbackAdapter(table);
    const { requests, check } = recorder();
    const out = await guest(
      { networkAdapter: adapter, permissions: { network: check } },
      `
      const dns = require("dns");
      const cb = (...args) => new Promise((resolve) => dns.lookup(...args, (...res) => resolve(res)));
      out.plain = await cb("dual.test");
      out.family4 = await cb("dual.test", 4);
      out.opts6 = await cb("dual.test", { family: "IPv6" });
      out.all = await cb("dual.test", { all: true });
      out.v4first = await cb("dual.test", { all: true, order: "ipv4first" });
      out.verbatimFalse = await cb("dual.test", { verbatim: false });
      out.literal = await cb("127.0.0.1", 6);
      out.literal6 = await cb("::1", { all: true });
      out.empty = await cb("", {});
      out.emptyAll = await cb(null, { all: true });
      out.promise = await dns.promises.lookup("dual.test", { family: 4, all: true });
      out.promiseOne = await dns.promises.lookup("dual.test");
      out.promiseLiteral = await dns.promises.lookup("10.0.0.1");
      out.samePromises = require("dns/promises") === dns.promises && require("node:dns/promises") === dns.promises;
      dns.setDefaultResultOrder("ipv6first");
      out.defaultOrder = [dns.getDefaultResultOrder(), (await dns.promises.lookup("dual.test", { family: 0, all: true }))[0].family];
      let sync = true; const order = new Promise((resolve) => dns.lookup("127.0.0.1", () => resolve(sync))); sync = false;
      out.async = await order;
      `,
    );
    expect(out.plain).toEqual([null, "::1", 6]);
    expect(out.family4).toEqual([null, "127.0.0.1", 4]);
    expect(out.opts6).toEqual([null, "::1", 6]);
    expect(out.all).toEqual([null, table["dual.test"]]);
    expect(out.v4first).toEqual([null, [table["dual.test"][1], table["dual.test"][2], table["dual.test"][0]]]);
    expect(out.verbatimFalse).toEqual([null, "127.0.0.1", 4]);
    expect(out.literal).toEqual([null, "127.0.0.1", 4]);
    expect(out.literal6).toEqual([null, [{ address: "::1", family: 6 }]]);
    expect(out.empty).toEqual([null, null, 4]);
    expect(out.emptyAll).toEqual([null, []]);
    expect(out.promise).toEqual([{ address: "127.0.0.1", family: 4 }, { address: "127.0.0.2", family: 4 }]);
    expect(out.promiseOne).toEqual({ address: "::1", family: 6 });
    expect(out.promiseLiteral).toEqual({ address: "10.0.0.1", family: 4 });
    expect(out.samePromises).toBe(true);
    expect(out.defaultOrder).toEqual(["ipv6first", 6]);
    expect(out.async).toBe(false);
    // Literals and empty names asked nobody.
    expect(requests.every((r) => r.op === "dns" && r.hostname === "dual.test")).toBe(true);
    expect(log.lookups.map(([name, options]) => [name, options.family])).toEqual([
      ["dual.test", 0], ["dual.test", 4], ["dual.test", 6], ["dual.test", 0], ["dual.test", 0], ["dual.test", 0],
      ["dual.test", 4], ["dual.test", 0], ["dual.test", 0],
    ]);
  });

  it("lookup failures are shaped as Node's getaddrinfo errors", async () => {
    const { adapter } = loopbackAdapter(table);
    const out = await guest(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      `
      const dns = require("dns");
      out.cb = await new Promise((resolve) => dns.lookup("missing.test", (err, address, family) => resolve([pick(err), address, family, Object.keys(err)])));
      await settle("promise", dns.promises.lookup("missing.test", { all: true }));
      await settle("again", dns.promises.lookup("fail.test"));
      await settle("family6", dns.promises.lookup("missing.test", 6));
      `,
    );
    const notFound = { name: "Error", message: "getaddrinfo ENOTFOUND missing.test", code: "ENOTFOUND", errno: -3008, syscall: "getaddrinfo", hostname: "missing.test" };
    expect(out.cb.slice(0, 3)).toEqual([expect.objectContaining(notFound), undefined, undefined]);
    expect(out.cb[3]).toEqual(expect.arrayContaining(["code", "errno", "syscall", "hostname"]));
    expect(out.promise.error).toMatchObject(notFound);
    expect(out.again.error).toMatchObject({ message: "getaddrinfo EAI_AGAIN fail.test", code: "EAI_AGAIN", errno: -3001, syscall: "getaddrinfo", hostname: "fail.test" });
    expect(out.family6.error).toMatchObject(notFound);
  });

  it("invalid arguments throw Node's errors synchronously", async () => {
    const { adapter, log } = loopbackAdapter(table);
    const out = await guest(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      `
      const dns = require("dns");
      const f = () => {};
      t("hostname", () => dns.lookup(5, f));
      t("noCallback", () => dns.lookup("a.test"));
      t("family", () => dns.lookup("a.test", 7, f));
      t("optsFamily", () => dns.lookup("a.test", { family: 5 }, f));
      t("all", () => dns.lookup("a.test", { all: "x" }, f));
      t("verbatim", () => dns.lookup("a.test", { verbatim: 1 }, f));
      t("order", () => dns.lookup("a.test", { order: "x" }, f));
      t("hints", () => dns.lookup("a.test", { hints: -1 }, f));
      t("options", () => dns.lookup("a.test", "x", f));
      t("promiseHostname", () => dns.promises.lookup(5));
      t("resolveName", () => dns.resolve4(5, f));
      t("rrtype", () => dns.resolve("a.test", "BOGUS", f));
      t("setOrder", () => dns.setDefaultResultOrder("x"));
      t("lookupService", () => dns.lookupService("not-an-ip", 80, f));
      `,
    );
    expect(out.hostname.error).toMatchObject({ code: "ERR_INVALID_ARG_TYPE", message: 'The "hostname" argument must be of type string. Received type number (5)' });
    expect(out.noCallback.error).toMatchObject({ code: "ERR_INVALID_ARG_TYPE", message: 'The "callback" argument must be of type function. Received undefined' });
    expect(out.family.error).toMatchObject({ code: "ERR_INVALID_ARG_VALUE", message: "The argument 'family' must be one of: 0, 4, 6. Received 7" });
    expect(out.optsFamily.error.message).toBe("The property 'options.family' must be one of: 0, 4, 6. Received 5");
    expect(out.all.error.message).toBe(`The "options.all" property must be of type boolean. Received type string ('x')`);
    expect(out.verbatim.error.message).toBe(`The "options.verbatim" property must be of type boolean. Received type number (1)`);
    expect(out.order.error.message).toBe("The property 'options.order' must be one of: 'verbatim', 'ipv4first', 'ipv6first'. Received 'x'");
    expect(out.hints.error.message).toBe("The argument 'hints' is invalid. Received 4294967295");
    expect(out.options.error.message).toBe(`The "options" argument must be of type object or integer. Received type string ('x')`);
    expect(out.promiseHostname.error.code).toBe("ERR_INVALID_ARG_TYPE");
    expect(out.resolveName.error.message).toBe('The "name" argument must be of type string. Received type number (5)');
    expect(out.rrtype.error).toMatchObject({ code: "ERR_INVALID_ARG_VALUE", message: "The argument 'rrtype' is invalid. Received 'BOGUS'" });
    expect(out.setOrder.error.code).toBe("ERR_INVALID_ARG_VALUE");
    expect(out.lookupService.error.code).toBe("ERR_INVALID_ARG_VALUE");
    expect(log.lookups).toEqual([]);
  });

  it("resolve4/resolve6 use the host's resolver; other records, reverse and lookupService are ENOTIMP; constants", async () => {
    const { adapter } = loopbackAdapter(table);
    const out = await guest(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      `
      const dns = require("dns");
      out.r4 = await dns.promises.resolve4("dual.test");
      out.r6 = await new Promise((resolve) => dns.resolve6("dual.test", (err, a) => resolve([err, a])));
      out.rA = await new Promise((resolve) => dns.resolve("dual.test", (err, a) => resolve([err, a])));
      out.rAAAA = await dns.promises.resolve("dual.test", "AAAA");
      await settle("missing", dns.promises.resolve4("missing.test"));
      await settle("mx", dns.promises.resolveMx("dual.test"));
      await settle("ttl", dns.promises.resolve4("dual.test", { ttl: true }));
      out.txt = await new Promise((resolve) => dns.resolveTxt("dual.test", (err) => resolve(pick(err))));
      await settle("reverse", dns.promises.reverse("127.0.0.1"));
      await settle("service", dns.promises.lookupService("127.0.0.1", 22));
      const resolver = new dns.promises.Resolver();
      const pending = resolver.resolve4("held-never.test");
      resolver.cancel();
      await settle("cancelled", pending);
      out.servers = [dns.getServers(), new dns.Resolver().getServers()];
      t("setServers", () => dns.setServers(["127.0.0.1"]));
      out.constants = [dns.ADDRCONFIG, dns.V4MAPPED, dns.ALL, dns.NOTFOUND, dns.NODATA, dns.CANCELLED, dns.promises.NOTIMP];
      out.keys = Object.keys(dns);
      `,
    );
    expect(out.r4).toEqual(["127.0.0.1", "127.0.0.2"]);
    expect(out.r6).toEqual([null, ["::1"]]);
    expect(out.rA).toEqual([null, ["127.0.0.1", "127.0.0.2"]]);
    expect(out.rAAAA).toEqual(["::1"]);
    expect(out.missing.error).toMatchObject({ message: "queryA ENOTFOUND missing.test", code: "ENOTFOUND", syscall: "queryA", hostname: "missing.test" });
    expect(out.mx.error).toMatchObject({ code: "ENOTIMP", syscall: "queryMx", hostname: "dual.test" });
    expect(out.mx.error.message).toMatch(/^queryMx ENOTIMP dual.test \(MX records is not available in the sandbox/);
    expect(out.ttl.error).toMatchObject({ code: "ENOTIMP", syscall: "queryA" });
    expect(out.txt).toMatchObject({ code: "ENOTIMP", syscall: "queryTxt" });
    expect(out.reverse.error).toMatchObject({ code: "ENOTIMP", syscall: "getHostByAddr", hostname: "127.0.0.1" });
    expect(out.service.error).toMatchObject({ code: "ENOTIMP", syscall: "getnameinfo" });
    expect(out.cancelled.error).toMatchObject({ code: "ECANCELLED", message: "queryA ECANCELLED held-never.test" });
    expect(out.servers).toEqual([[], []]);
    expect(out.setServers.error.code).toBe("ERR_QUICKEXEC_NOT_SUPPORTED");
    expect(out.constants).toEqual([1024, 2048, 256, "ENOTFOUND", "ENODATA", "ECANCELLED", "ENOTIMP"]);
    expect(out.keys).toEqual([
      "lookup", "lookupService", "Resolver", "getDefaultResultOrder", "setDefaultResultOrder", "setServers", "ADDRCONFIG", "ALL", "V4MAPPED",
      "NODATA", "FORMERR", "SERVFAIL", "NOTFOUND", "NOTIMP", "REFUSED", "BADQUERY", "BADNAME", "BADFAMILY", "BADRESP", "CONNREFUSED", "TIMEOUT",
      "EOF", "FILE", "NOMEM", "DESTRUCTION", "BADSTR", "BADFLAGS", "NONAME", "BADHINTS", "NOTINITIALIZED", "LOADIPHLPAPI", "ADDRGETNETWORKPARAMS",
      "CANCELLED", "getServers", "resolve", "resolve4", "resolve6", "resolveAny", "resolveCaa", "resolveCname", "resolveMx", "resolveNaptr",
      "resolveNs", "resolvePtr", "resolveSoa", "resolveSrv", "resolveTxt", "reverse", "promises",
    ]);
  });
});

// ---- the default adapter --------------------------------------------------------------------------------

describe("with the default network adapter", () => {
  it("fetches from the local server (127.0.0.1 allowed, names from a table), follows a redirect, resolves names through it", async () => {
    const port = new URL(base).port;
    const adapter = createDefaultNetworkAdapter({
      allowPrivateAddresses: (address: string) => address === "127.0.0.1",
      lookup: async (hostname: string) => (hostname === "local.test" ? [{ address: "127.0.0.1", family: 4 }] : []),
    });
    const { requests, check } = recorder();
    const out = await guest(
      { networkAdapter: adapter, permissions: { network: check } },
      `${ECHO}
      const res = await fetch("http://local.test:${port}/redirect?to=/echo", { method: "POST", body: "q" });
      out.res = { status: res.status, url: res.url, redirected: res.redirected, echo: await echo(res) };
      out.dns = await require("dns").promises.lookup("local.test");
      await settle("missing", require("dns").promises.lookup("missing.test"));
      await settle("refused", fetch("http://127.0.0.2:${port}/echo"));
      `,
    );
    expect(out.res).toMatchObject({ status: 200, url: `http://local.test:${port}/echo`, redirected: true, echo: { method: "GET", url: "/echo" } });
    expect(out.dns).toEqual({ address: "127.0.0.1", family: 4 });
    expect(out.missing.error).toMatchObject({ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND missing.test", hostname: "missing.test" });
    expect(out.refused.error).toMatchObject({ message: "fetch failed", cause: { code: "ERR_QUICKEXEC_ADDRESS_REFUSED" } });
    expect(requests).toEqual([
      { op: "fetch", url: `http://local.test:${port}/redirect?to=/echo`, method: "POST", hostname: "local.test" },
      // The 302 turns the POST into a GET: the hop is checked with the method it will use.
      { op: "fetch", url: `http://local.test:${port}/echo`, method: "GET", hostname: "local.test" },
      { op: "dns", hostname: "local.test" },
      { op: "dns", hostname: "missing.test" },
      { op: "fetch", url: `http://127.0.0.2:${port}/echo`, method: "GET", hostname: "127.0.0.2" },
    ]);
  });

  it("useDefaultNetwork: the guest's fetch goes through the built-in adapter, which refuses loopback before connecting", async () => {
    const { requests, check } = recorder();
    const before = hits.length;
    const out = await guest(
      { useDefaultNetwork: true, permissions: { network: check } },
      `
      await settle("refused", fetch(${JSON.stringify(base)} + "/echo"));
      out.literal = await require("dns").promises.lookup("127.0.0.1");
      `,
    );
    expect(out.refused.error).toMatchObject({ name: "TypeError", message: "fetch failed", cause: { code: "ERR_QUICKEXEC_ADDRESS_REFUSED" } });
    expect(out.literal).toEqual({ address: "127.0.0.1", family: 4 });
    expect(requests).toEqual([{ op: "fetch", url: `${base}/echo`, method: "GET", hostname: "127.0.0.1" }]);
    expect(hits.length).toBe(before);
  });
});
