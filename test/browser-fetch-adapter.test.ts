/**
 * The browser's network adapter (src/browser/fetch-adapter.ts): how a guest
 * request is mapped onto `fetch` (method, headers with the forbidden ones
 * dropped, body, the request options), limits, timeout and abort, error
 * codes, redirects (the final URL checked through onRedirect), response
 * headers, dnsLookup without a resolver and the in-memory `listen`, with a
 * fake `fetch` that records its calls; then end to end through a NodeRuntime
 * on the Node driver with Node's own fetch underneath, against a local
 * server, next to the default adapter.
 *
 * Only loopback is ever contacted: the fakes answer from memory, and the
 * real fetch given to the adapter refuses any host but 127.0.0.1.
 */
import * as http from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { allowAllNetwork, createDefaultNetworkAdapter, type NetworkAccessRequest, type NodeDriverOptions } from "../dist/src/index.js";
import { BROWSER_NETWORK_ERROR_CODES, createBrowserNetworkAdapter } from "../src/browser/fetch-adapter.js";
import { NETWORK_ERROR_CODES } from "../src/net/network-errors.js";
import type { NetworkAdapter, NetworkRequest, NetworkResponse } from "../src/net/types.js";
import { harness } from "./helpers.js";

// ---- a fake fetch -------------------------------------------------------------------------------------

type Call = { url: string; init: RequestInit };

/** A fetch that records each call and answers with `answer`. */
function fakeFetch(answer: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return answer(call);
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

/** A Response with the fields a real fetch sets (`url`, `redirected`, `type`) as given. */
function reply(body: BodyInit | null, init: ResponseInit = {}, fields: { url?: string; redirected?: boolean; type?: ResponseType } = {}): Response {
  const response = new Response(body, init);
  for (const [key, value] of Object.entries(fields)) Object.defineProperty(response, key, { value });
  return response;
}

/** What a browser's fetch answers for a redirect with `redirect: "manual"`. */
const opaqueRedirect = (url: string): Response => Object.defineProperties(new Response(null, { status: 200 }), { type: { value: "opaqueredirect" }, status: { value: 0 }, url: { value: url } });

/** A body that sends `chunks`, then stays open (or ends if `end`); records whether it was cancelled. */
function streamOf(chunks: Uint8Array[], end = false) {
  const state = { cancelled: false, reason: undefined as unknown };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (end) controller.close();
    },
    cancel(reason) {
      state.cancelled = true;
      state.reason = reason;
    },
  });
  return { stream, state };
}

/** A request with harmless defaults. */
function request(url: string, overrides: Partial<NetworkRequest> = {}): NetworkRequest {
  return { url, method: "GET", headers: [], body: null, redirect: "follow", signal: new AbortController().signal, ...overrides };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (response: NetworkResponse): string => new TextDecoder().decode(response.body as Uint8Array);

/** The error `promise` rejects with (fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error("expected a rejection");
}

/** A fetch that never answers; rejects with the signal's reason when aborted (or never, if `deaf`). */
function hangingFetch(deaf = false) {
  return fakeFetch(
    ({ init }) =>
      new Promise<Response>((_, reject) => {
        if (!deaf) init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      }),
  );
}

// ---- the request ----------------------------------------------------------------------------------------

describe("requests", () => {
  it("maps method, URL, headers and body onto fetch, without credentials, referrer or cache; the answer comes back whole", async () => {
    const { calls, fetch } = fakeFetch(() => reply("made", { status: 201, statusText: "Made It", headers: [["Content-Type", "text/plain"], ["X-Dup", "one"], ["X-Dup", "two"]] }));
    const adapter = createBrowserNetworkAdapter({ fetch });
    const response = await adapter.fetch(
      request("https://api.test/items?q=1", { method: "POST", headers: [["Content-Type", "text/plain"], ["X-A", "1"], ["x-a", "2"]], body: bytes("payload") }),
    );
    expect(calls).toHaveLength(1);
    const { url, init } = calls[0];
    expect(url).toBe("https://api.test/items?q=1");
    expect(init).toMatchObject({ method: "POST", redirect: "follow", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer", mode: "cors" });
    expect(init.headers).toEqual([["Content-Type", "text/plain"], ["X-A", "1"], ["x-a", "2"]]);
    expect(new TextDecoder().decode(init.body as Uint8Array)).toBe("payload");
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect(response).toMatchObject({ status: 201, statusText: "Made It", url: "https://api.test/items?q=1", redirected: false });
    expect(response.headers).toEqual([["content-type", "text/plain"], ["x-dup", "one, two"]]);
    expect(response.body).toBeInstanceOf(Uint8Array);
    expect(text(response)).toBe("made");
  });

  it("drops the headers a browser forbids scripts to set, keeps the rest in order", async () => {
    const { calls, fetch } = fakeFetch(() => reply(""));
    await createBrowserNetworkAdapter({ fetch }).httpRequest(
      request("http://api.test/", {
        method: "PUT",
        body: bytes("x"),
        headers: [
          ["Host", "evil.test"],
          ["Content-Length", "1"],
          ["Connection", "keep-alive"],
          ["Transfer-Encoding", "chunked"],
          ["Cookie", "s=1"],
          ["Origin", "http://elsewhere.test"],
          ["Referer", "http://elsewhere.test/"],
          ["Accept-Encoding", "gzip"],
          ["Sec-Fetch-Mode", "cors"],
          ["Proxy-Authorization", "Basic x"],
          ["X-HTTP-Method-Override", "GET, TRACE"],
          ["X-Method-Override", "PATCH"],
          ["Authorization", "Bearer t"],
          ["User-Agent", "node"],
          ["X-Keep", "1"],
        ],
      }),
    );
    expect(calls[0].init.headers).toEqual([
      ["X-Method-Override", "PATCH"],
      ["Authorization", "Bearer t"],
      ["User-Agent", "node"],
      ["X-Keep", "1"],
    ]);
  });

  it("httpRequest never follows (redirect: manual), whatever the request says", async () => {
    const { calls, fetch } = fakeFetch(() => reply("ok"));
    await createBrowserNetworkAdapter({ fetch }).httpRequest(request("http://api.test/", { redirect: "follow" }));
    expect(calls[0].init.redirect).toBe("manual");
  });

  it("sends no body for an empty GET, refuses a GET with a body and the methods fetch forbids, before calling fetch", async () => {
    const { calls, fetch } = fakeFetch(() => reply("ok"));
    const adapter = createBrowserNetworkAdapter({ fetch });
    await adapter.httpRequest(request("http://api.test/", { body: new Uint8Array(0) }));
    expect(calls[0].init.body).toBeNull();
    const withBody = await failure(adapter.httpRequest(request("http://api.test/", { body: bytes("q") })));
    expect(withBody.code).toBe(BROWSER_NETWORK_ERROR_CODES.unsupportedRequest);
    expect(withBody.message).toContain("GET request with a body");
    for (const method of ["TRACE", "CONNECT", "TRACK"]) {
      const refused = await failure(adapter.httpRequest(request("http://api.test/", { method })));
      expect(refused.code).toBe(BROWSER_NETWORK_ERROR_CODES.unsupportedRequest);
      expect(refused.message).toContain(method);
    }
    expect(calls).toHaveLength(1);
  });

  it("copies a body held in a SharedArrayBuffer (fetch refuses those)", async () => {
    const { calls, fetch } = fakeFetch(() => reply("ok"));
    const shared = new Uint8Array(new SharedArrayBuffer(8));
    shared.set([1, 2, 3, 4, 5, 6, 7, 8]);
    await createBrowserNetworkAdapter({ fetch }).fetch(request("http://api.test/", { method: "POST", body: shared.subarray(2, 5) }));
    const sent = calls[0].init.body as Uint8Array;
    expect(sent.buffer).toBeInstanceOf(ArrayBuffer);
    expect([...sent]).toEqual([3, 4, 5]);
  });

  it("refuses URLs that are not http: or https: (a browser's fetch would read data: and blob: URLs)", async () => {
    const { calls, fetch } = fakeFetch(() => reply("ok"));
    const adapter = createBrowserNetworkAdapter({ fetch });
    for (const url of ["data:text/plain,hi", "blob:http://api.test/x", "file:///etc/passwd", "not a url"]) {
      expect((await failure(adapter.fetch(request(url)))).code, url).toBe(NETWORK_ERROR_CODES.unsupportedProtocol);
    }
    expect(calls).toHaveLength(0);
  });
});

// ---- limits, timeout, abort ---------------------------------------------------------------------------

describe("limits, timeout and abort", () => {
  it("fails a body larger than maxResponseBytes: at once when Content-Length says so, else when it passes the limit; the body is cancelled", async () => {
    const declared = streamOf([bytes("0123456789")], true);
    const declaredFetch = fakeFetch(() => reply(declared.stream, { headers: { "content-length": "10" } }));
    const tooLong = await failure(createBrowserNetworkAdapter({ fetch: declaredFetch.fetch, maxResponseBytes: 9 }).fetch(request("http://api.test/big")));
    expect(tooLong.code).toBe(NETWORK_ERROR_CODES.responseTooLarge);
    expect(tooLong.message).toContain("http://api.test/big");
    expect(declared.state.cancelled).toBe(true);

    const streamed = streamOf([bytes("aaaa"), bytes("bbbb"), bytes("cc")]); // never ends: only the limit stops it
    const streamedFetch = fakeFetch(() => reply(streamed.stream));
    const overflow = await failure(createBrowserNetworkAdapter({ fetch: streamedFetch.fetch, maxResponseBytes: 9 }).fetch(request("http://api.test/big")));
    expect(overflow.code).toBe(NETWORK_ERROR_CODES.responseTooLarge);
    expect(streamed.state.cancelled).toBe(true);
  });

  it("accepts a body of exactly maxResponseBytes, in chunks", async () => {
    const { stream } = streamOf([bytes("aaaa"), bytes("bbbb"), bytes("c")], true);
    const { fetch } = fakeFetch(() => reply(stream));
    const response = await createBrowserNetworkAdapter({ fetch, maxResponseBytes: 9 }).fetch(request("http://api.test/"));
    expect(text(response)).toBe("aaaabbbbc");
  });

  it("does not trust the Content-Length of an encoded body (the browser decodes it): the decoded size counts", async () => {
    const { fetch } = fakeFetch(() => reply("short", { headers: { "content-encoding": "gzip", "content-length": "1000" } }));
    const response = await createBrowserNetworkAdapter({ fetch, maxResponseBytes: 10 }).fetch(request("http://api.test/"));
    expect(text(response)).toBe("short");
  });

  it("times out a request fetch does not answer, and aborts fetch's signal", async () => {
    const { calls, fetch } = hangingFetch();
    const error = await failure(createBrowserNetworkAdapter({ fetch, timeoutMs: 5 }).fetch(request("http://api.test/slow")));
    expect(error.code).toBe(NETWORK_ERROR_CODES.timeout);
    expect(error.message).toBe("Request to http://api.test/slow timed out after 5 ms");
    expect(calls[0].init.signal?.aborted).toBe(true);
  });

  it("times out even when fetch ignores its signal", async () => {
    const { fetch } = hangingFetch(true);
    expect((await failure(createBrowserNetworkAdapter({ fetch, timeoutMs: 5 }).fetch(request("http://api.test/deaf")))).code).toBe(NETWORK_ERROR_CODES.timeout);
  });

  it("times out a body that never ends, and cancels it", async () => {
    const { stream, state } = streamOf([bytes("part")]);
    const { fetch } = fakeFetch(() => reply(stream));
    const error = await failure(createBrowserNetworkAdapter({ fetch, timeoutMs: 5 }).fetch(request("http://api.test/drip")));
    expect(error.code).toBe(NETWORK_ERROR_CODES.timeout);
    await vi.waitFor(() => expect(state.cancelled).toBe(true));
  });

  it("aborts with the request's signal (AbortError, ABORT_ERR), in flight or before it starts", async () => {
    const { calls, fetch } = hangingFetch();
    const adapter = createBrowserNetworkAdapter({ fetch });
    const controller = new AbortController();
    const pending = adapter.fetch(request("http://api.test/wait", { signal: controller.signal }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    controller.abort();
    const error = await failure(pending);
    expect(error).toMatchObject({ name: "AbortError", code: NETWORK_ERROR_CODES.aborted });
    expect(calls[0].init.signal?.aborted).toBe(true);

    const early = await failure(adapter.httpRequest(request("http://api.test/never", { signal: AbortSignal.abort() })));
    expect(early).toMatchObject({ name: "AbortError", code: NETWORK_ERROR_CODES.aborted });
    expect(calls).toHaveLength(1);
  });
});

// ---- errors -------------------------------------------------------------------------------------------

describe("fetch failures", () => {
  it("a browser's bare TypeError becomes ERR_QUICKEXEC_FETCH_FAILED naming the URL, with the original as cause", async () => {
    const original = new TypeError("Failed to fetch");
    const { fetch } = fakeFetch(() => Promise.reject(original));
    const error = await failure(createBrowserNetworkAdapter({ fetch }).httpRequest(request("https://down.test/x")));
    expect(error.code).toBe(BROWSER_NETWORK_ERROR_CODES.fetchFailed);
    expect(error.message).toContain("https://down.test/x");
    expect(error.message).toContain("Failed to fetch");
    expect(error.cause).toBe(original);
  });

  it("a fetch that gives the system error as cause (Node's) keeps its code and fields", async () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED", syscall: "connect", address: "127.0.0.1", port: 9 });
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError("fetch failed", { cause })));
    const error = await failure(createBrowserNetworkAdapter({ fetch }).fetch(request("http://127.0.0.1:9/")));
    expect(error).toMatchObject({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:9", syscall: "connect", address: "127.0.0.1", port: 9 });
  });

  it("a cause without a system code is a plain fetch failure", async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) })));
    expect((await failure(createBrowserNetworkAdapter({ fetch }).fetch(request("http://api.test/")))).code).toBe(BROWSER_NETWORK_ERROR_CODES.fetchFailed);
  });
});

// ---- redirects ----------------------------------------------------------------------------------------

describe("redirects", () => {
  it("follow: the browser's final URL is reported and checked once through onRedirect, before the body is read", async () => {
    const { calls, fetch } = fakeFetch(() => reply("landed", {}, { url: "https://other.test/final#frag", redirected: true }));
    const hops: Array<[string, string | undefined]> = [];
    const response = await createBrowserNetworkAdapter({ fetch }).fetch(
      request("http://api.test/start", { method: "POST", body: bytes("b"), onRedirect: (url, method) => void hops.push([url, method]) }),
    );
    expect(calls[0].init.redirect).toBe("follow");
    expect(hops).toEqual([["https://other.test/final", undefined]]);
    expect(response).toMatchObject({ url: "https://other.test/final", redirected: true });
    expect(text(response)).toBe("landed");
  });

  it("follow: a refusal in onRedirect fails the request with its error and cancels the body", async () => {
    const { stream, state } = streamOf([bytes("secret")], true);
    const { fetch } = fakeFetch(() => reply(stream, {}, { url: "http://internal.test/", redirected: true }));
    const refusal = Object.assign(new Error("EACCES: permission denied, fetch http://internal.test/"), { code: "EACCES" });
    const error = await failure(
      createBrowserNetworkAdapter({ fetch }).fetch(
        request("http://api.test/", {
          onRedirect: () => {
            throw refusal;
          },
        }),
      ),
    );
    expect(error).toBe(refusal);
    expect(state.cancelled).toBe(true);
  });

  it("follow: no check when the request ended where it started (a redirect back, or none)", async () => {
    const hops: string[] = [];
    const onRedirect = (url: string) => void hops.push(url);
    const back = fakeFetch(() => reply("", {}, { url: "http://api.test/same", redirected: true }));
    expect(await createBrowserNetworkAdapter({ fetch: back.fetch }).fetch(request("http://api.test/same", { onRedirect }))).toMatchObject({ redirected: true });
    const none = fakeFetch(() => reply("")); // a Response with no url: the request's
    expect(await createBrowserNetworkAdapter({ fetch: none.fetch }).fetch(request("http://api.test/x", { onRedirect }))).toMatchObject({ url: "http://api.test/x", redirected: false });
    expect(hops).toEqual([]);
  });

  it("manual: a browser's opaque redirect fails with ERR_QUICKEXEC_REDIRECT_HIDDEN; a visible 3xx (Node's fetch) is handed over", async () => {
    const opaque = fakeFetch(({ url }) => opaqueRedirect(url));
    const hidden = await failure(createBrowserNetworkAdapter({ fetch: opaque.fetch }).httpRequest(request("http://api.test/moved")));
    expect(hidden.code).toBe(BROWSER_NETWORK_ERROR_CODES.redirectHidden);
    expect(hidden.message).toContain("http://api.test/moved");
    expect((await failure(createBrowserNetworkAdapter({ fetch: opaque.fetch }).fetch(request("http://api.test/moved", { redirect: "manual" })))).code).toBe(
      BROWSER_NETWORK_ERROR_CODES.redirectHidden,
    );

    const visible = fakeFetch(() => reply("moved", { status: 302, statusText: "Found", headers: { location: "/elsewhere" } }));
    const response = await createBrowserNetworkAdapter({ fetch: visible.fetch }).httpRequest(request("http://api.test/moved"));
    expect(response).toMatchObject({ status: 302, statusText: "Found", url: "http://api.test/moved", redirected: false });
    expect(response.headers).toContainEqual(["location", "/elsewhere"]);
    expect(visible.calls[0].init.redirect).toBe("manual");
  });

  it("error: fetch is not let follow, and any redirect fails with ERR_QUICKEXEC_UNEXPECTED_REDIRECT", async () => {
    const opaque = fakeFetch(({ url }) => opaqueRedirect(url));
    const a = await failure(createBrowserNetworkAdapter({ fetch: opaque.fetch }).fetch(request("http://api.test/a", { redirect: "error" })));
    expect(a.code).toBe(NETWORK_ERROR_CODES.unexpectedRedirect);
    expect(opaque.calls[0].init.redirect).toBe("manual");
    const visible = fakeFetch(() => reply(null, { status: 307, headers: { location: "https://b.test/" } }));
    const b = await failure(createBrowserNetworkAdapter({ fetch: visible.fetch }).fetch(request("http://api.test/b", { redirect: "error" })));
    expect(b.code).toBe(NETWORK_ERROR_CODES.unexpectedRedirect);
    expect(b.message).toBe('http://api.test/b redirected to https://b.test/ and the request\'s redirect mode is "error"');
  });
});

// ---- response headers ---------------------------------------------------------------------------------

describe("response headers", () => {
  it("lists Set-Cookie values one by one, joins the others as Headers does", async () => {
    const { fetch } = fakeFetch(() => reply(null, { headers: [["Set-Cookie", "a=1"], ["X-M", "1"], ["set-cookie", "b=2"], ["x-m", "2"]] }));
    const response = await createBrowserNetworkAdapter({ fetch }).httpRequest(request("http://api.test/"));
    expect(response.headers).toEqual([["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x-m", "1, 2"]]);
  });

  it("httpRequest: a body the browser decoded loses Content-Encoding and Content-Length; fetch keeps them, as do HEAD and unknown codings", async () => {
    const encoded = (coding: string) => fakeFetch(() => reply("plain text", { headers: { "content-encoding": coding, "content-length": "30", "content-type": "text/plain" } })).fetch;
    const http1 = await createBrowserNetworkAdapter({ fetch: encoded("gzip") }).httpRequest(request("http://api.test/"));
    expect(http1.headers).toEqual([["content-type", "text/plain"]]);
    expect(text(http1)).toBe("plain text");
    const http2 = await createBrowserNetworkAdapter({ fetch: encoded("deflate, br") }).httpRequest(request("http://api.test/"));
    expect(http2.headers).toEqual([["content-type", "text/plain"]]);

    const viaFetch = await createBrowserNetworkAdapter({ fetch: encoded("gzip") }).fetch(request("http://api.test/"));
    expect(viaFetch.headers).toContainEqual(["content-encoding", "gzip"]);
    const head = await createBrowserNetworkAdapter({ fetch: fakeFetch(() => reply(null, { headers: { "content-encoding": "gzip", "content-length": "30" } })).fetch }).httpRequest(
      request("http://api.test/", { method: "HEAD" }),
    );
    expect(head.headers).toEqual([["content-encoding", "gzip"], ["content-length", "30"]]);
    const unknown = await createBrowserNetworkAdapter({ fetch: encoded("compress") }).httpRequest(request("http://api.test/"));
    expect(unknown.headers).toContainEqual(["content-encoding", "compress"]);
  });
});

// ---- dns ----------------------------------------------------------------------------------------------

describe("dnsLookup", () => {
  const { calls, fetch } = fakeFetch(() => reply(""));
  const adapter = createBrowserNetworkAdapter({ fetch });

  it("answers IP literals with themselves, of the family asked for", async () => {
    expect(await adapter.dnsLookup("93.184.215.14", { family: 0 })).toEqual([{ address: "93.184.215.14", family: 4 }]);
    expect(await adapter.dnsLookup("2606:2800::1", { family: 6 })).toEqual([{ address: "2606:2800::1", family: 6 }]);
    expect(await adapter.dnsLookup("[::1]", { family: 0 })).toEqual([{ address: "::1", family: 6 }]);
    expect(await adapter.dnsLookup("::ffff:10.0.0.1", { family: 0 })).toEqual([{ address: "::ffff:10.0.0.1", family: 6 }]);
    expect(await adapter.dnsLookup("10.0.0.1", { family: 6 })).toEqual([]);
  });

  it("answers localhost (and *.localhost) with the loopback addresses", async () => {
    expect(await adapter.dnsLookup("localhost", { family: 0 })).toEqual([
      { address: "127.0.0.1", family: 4 },
      { address: "::1", family: 6 },
    ]);
    expect(await adapter.dnsLookup("LOCALHOST.", { family: 4 })).toEqual([{ address: "127.0.0.1", family: 4 }]);
    expect(await adapter.dnsLookup("app.localhost", { family: 6 })).toEqual([{ address: "::1", family: 6 }]);
  });

  it("refuses every other name with ENOTSUP, making no request", async () => {
    for (const name of ["example.com", "localhost.example.com", "127.1", "1.2.3.04", "fe80::1%eth0"]) {
      const error = await failure(adapter.dnsLookup(name, { family: 0 }));
      expect(error, name).toMatchObject({ code: BROWSER_NETWORK_ERROR_CODES.dnsUnavailable, errno: -95, syscall: "getaddrinfo", hostname: name });
      expect(error.message).toContain("DNS lookups are not available in the browser driver");
    }
    expect(calls).toHaveLength(0);
  });

  it("rejects a bad hostname or family with a TypeError", async () => {
    expect(await failure(adapter.dnsLookup("", { family: 0 }))).toBeInstanceOf(TypeError);
    expect(await failure(adapter.dnsLookup("localhost", { family: 5 as 4 }))).toBeInstanceOf(TypeError);
  });
});

// ---- listen -------------------------------------------------------------------------------------------

describe("listen (nothing bound: the runtime hands guest servers their requests)", () => {
  const onRequest = async () => ({ status: 200, statusText: "OK", headers: [], body: new Uint8Array(0) });

  it("gives out ports in memory: any free one for 0, EADDRINUSE for one taken, free again once closed", async () => {
    const listen = createBrowserNetworkAdapter({ fetch: fakeFetch(() => reply("")).fetch }).listen!;
    const a = await listen({ port: 0, hostname: "0.0.0.0", onRequest });
    const b = await listen({ port: 0, hostname: "localhost", onRequest });
    expect(a).toMatchObject({ address: "127.0.0.1", family: 4 });
    expect(b.port).not.toBe(a.port);
    const fixed = await listen({ port: 8080, hostname: "::1", onRequest });
    expect(fixed).toMatchObject({ address: "::1", port: 8080, family: 6 });
    expect(await failure(listen({ port: 8080, hostname: "127.0.0.1", onRequest }))).toMatchObject({ code: "EADDRINUSE", syscall: "listen", port: 8080 });
    await fixed.close();
    await fixed.close();
    expect((await listen({ port: 8080, hostname: "127.0.0.1", onRequest })).port).toBe(8080);
    expect(await failure(listen({ port: 70000, hostname: "127.0.0.1", onRequest }))).toBeInstanceOf(RangeError);
  });
});

// ---- options ------------------------------------------------------------------------------------------

describe("options", () => {
  it("names a bad option", () => {
    expect(() => createBrowserNetworkAdapter({ fetch: "no" as unknown as typeof fetch })).toThrow(/fetch must be a function/);
    expect(() => createBrowserNetworkAdapter({ maxResponseBytes: -1 })).toThrow(RangeError);
    expect(() => createBrowserNetworkAdapter({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createBrowserNetworkAdapter({ retries: 1 } as never)).toThrow(/Unknown option "retries"/);
  });

  it("uses globalThis.fetch by default, called on globalThis; without one it says so", async () => {
    const receivers: unknown[] = [];
    vi.stubGlobal("fetch", function (this: unknown) {
      receivers.push(this);
      return Promise.resolve(reply("from global"));
    });
    try {
      const adapter = createBrowserNetworkAdapter();
      expect(text(await adapter.fetch(request("http://api.test/")))).toBe("from global");
      expect(receivers).toEqual([globalThis]);
      vi.stubGlobal("fetch", undefined);
      expect(() => createBrowserNetworkAdapter()).toThrow(/globalThis\.fetch is undefined, not a function; pass options\.fetch/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

// ---- end to end: a NodeRuntime on the Node driver, Node's fetch underneath ---------------------------------

describe("end to end through a NodeRuntime, with Node's own fetch", () => {
  let server: http.Server;
  let base = "";

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://x");
        if (url.pathname === "/echo") {
          res.writeHead(200, "Fine Thanks", { "Content-Type": "application/json", "X-Reply": "yes" });
          res.end(JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString("utf8"), xTest: req.headers["x-test"] ?? null, type: req.headers["content-type"] ?? null }));
        } else if (url.pathname === "/redirect") {
          res.writeHead(302, { Location: "/echo?from=redirect" });
          res.end("moving");
        } else if (url.pathname === "/gzip") {
          res.writeHead(200, { "Content-Type": "text/plain", "Content-Encoding": "gzip" });
          res.end(gzipSync("unzipped by fetch"));
        } else {
          res.writeHead(404);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Node's fetch, refusing anything but 127.0.0.1 (the adapter under test follows redirects through it). */
  const loopbackFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.hostname !== "127.0.0.1") return Promise.reject(new Error(`test fetch: refusing ${url.href}`));
    return fetch(input, init);
  }) as typeof fetch;

  /** Runs `code` (an async function body with `out`, `base` and `http` in scope) and returns `out`. */
  async function guest(driver: NodeDriverOptions, code: string): Promise<Record<string, any>> {
    const h = harness({}, driver);
    try {
      const program = `const out = {}; module.exports = out; const base = ${JSON.stringify(base)}; const http = require("http");
        const pick = (e) => ({ name: e.name, message: e.message, code: e.code, cause: e.cause && pick(e.cause) });
        const settle = async (key, promise) => { try { out[key] = await promise; } catch (e) { out[key] = { error: pick(e) }; } };
        const get = (url, options = {}, body) => new Promise((resolve, reject) => {
          const req = http.request(url, options, (res) => {
            let data = ""; res.setEncoding("utf8");
            res.on("data", (c) => (data += c));
            res.on("end", () => resolve({ status: res.statusCode, message: res.statusMessage, type: res.headers["content-type"],
              reply: res.headers["x-reply"], encoding: res.headers["content-encoding"] ?? null, location: res.headers.location ?? null, body: data }));
          });
          req.on("error", reject);
          req.end(body);
        });
        (async () => {\n${code}\n})().catch((e) => { out.uncaught = pick(e); });`;
      const result = await h.runtime.run(program, "/workspace/main.js");
      expect(result.errorMessage, h.stderr()).toBeUndefined();
      const out = (result.exports ?? {}) as Record<string, any>;
      expect(out.uncaught, JSON.stringify(out.uncaught)).toBeUndefined();
      return out;
    } finally {
      h.runtime.dispose();
    }
  }

  const SIMPLE = `
    const viaFetch = async (url, init) => {
      const res = await fetch(url, init);
      return { status: res.status, statusText: res.statusText, url: res.url, redirected: res.redirected,
        type: res.headers.get("content-type"), reply: res.headers.get("x-reply"), body: await res.json() };
    };
    out.fetchGet = await viaFetch(base + "/echo?x=1", { headers: { "x-test": "get" } });
    out.fetchPost = await viaFetch(base + "/echo", { method: "POST", body: "posted", headers: { "content-type": "text/plain", "x-test": "post" } });
    out.httpGet = await get(base + "/echo?y=2", { headers: { "x-test": "http-get" } });
    out.httpPost = await get(base + "/echo", { method: "POST", headers: { "content-type": "text/plain" } }, "http body");
  `;

  it("the guest sees the same simple GETs and POSTs (fetch and http.request) as with the default adapter", async () => {
    const viaBrowser = await guest({ networkAdapter: createBrowserNetworkAdapter({ fetch: loopbackFetch }), permissions: allowAllNetwork }, SIMPLE);
    const viaDefault = await guest(
      { networkAdapter: createDefaultNetworkAdapter({ allowPrivateAddresses: (address: string) => address === "127.0.0.1" }), permissions: allowAllNetwork },
      SIMPLE,
    );
    expect(viaBrowser).toEqual(viaDefault);
    expect(viaBrowser.fetchGet).toEqual({
      status: 200,
      statusText: "Fine Thanks",
      url: `${base}/echo?x=1`,
      redirected: false,
      type: "application/json",
      reply: "yes",
      body: { method: "GET", url: "/echo?x=1", body: "", xTest: "get", type: null },
    });
    expect(viaBrowser.fetchPost.body).toEqual({ method: "POST", url: "/echo", body: "posted", xTest: "post", type: "text/plain" });
    expect(viaBrowser.httpGet).toMatchObject({ status: 200, message: "Fine Thanks", reply: "yes" });
    expect(JSON.parse(viaBrowser.httpGet.body)).toMatchObject({ method: "GET", url: "/echo?y=2", xTest: "http-get" });
    expect(JSON.parse(viaBrowser.httpPost.body)).toMatchObject({ method: "POST", body: "http body", type: "text/plain" });
  });

  it("redirects, decoded bodies, dns and a guest server, as the browser driver gives them", async () => {
    const checks: NetworkAccessRequest[] = [];
    const out = await guest(
      {
        networkAdapter: createBrowserNetworkAdapter({ fetch: loopbackFetch }),
        permissions: { network: (r: NetworkAccessRequest) => (checks.push({ ...r }), { allow: true }) },
      },
      `
      const res = await fetch(base + "/redirect", { method: "POST", body: "x" });
      out.followed = { status: res.status, url: res.url, redirected: res.redirected, body: await res.json() };
      out.manual = await get(base + "/redirect");
      out.gzip = await get(base + "/gzip");
      out.localhost = await require("dns").promises.lookup("localhost", { all: true });
      await settle("name", require("dns").promises.lookup("example.com"));
      const server = http.createServer((req, res) => res.end("guest server says " + req.url));
      await new Promise((resolve) => server.listen(0, resolve));
      out.own = await (await fetch("http://127.0.0.1:" + server.address().port + "/hi")).text();
      await new Promise((resolve) => server.close(resolve));
      `,
    );
    expect(out.followed).toEqual({ status: 200, url: `${base}/echo?from=redirect`, redirected: true, body: expect.objectContaining({ method: "GET", url: "/echo?from=redirect" }) });
    // The request, then where it ended (checked with the request's method: the hop's is not known).
    expect(checks.filter((c) => c.op === "fetch").slice(0, 2)).toEqual([
      { op: "fetch", url: `${base}/redirect`, method: "POST", hostname: "127.0.0.1" },
      { op: "fetch", url: `${base}/echo?from=redirect`, method: "POST", hostname: "127.0.0.1" },
    ]);
    // Node's fetch shows manual redirects (a browser's would fail with ERR_QUICKEXEC_REDIRECT_HIDDEN).
    expect(out.manual).toMatchObject({ status: 302, location: "/echo?from=redirect", body: "moving" });
    expect(out.gzip).toMatchObject({ status: 200, encoding: null, body: "unzipped by fetch" });
    expect(out.localhost).toEqual([
      { address: "127.0.0.1", family: 4 },
      { address: "::1", family: 6 },
    ]);
    expect(out.name.error).toMatchObject({ code: "ENOTSUP" });
    expect(out.name.error.message).toContain("DNS lookups are not available in the browser driver");
    expect(out.own).toBe("guest server says /hi");
  });
});
