/**
 * The one redirect follower (src/net/redirects.ts): how a hop is rebuilt
 * (method, body and body headers, credentials across origins, Host), modes
 * and limits, what is released, and that both users of it behave the same:
 * the default adapter over its sockets and fetch among a run's own servers.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowAllNetwork, createDefaultNetworkAdapter } from "../dist/src/index.js";
import { followRedirects, redirectedHop, type Hop, type HopAnswer } from "../dist/src/net/redirects.js";
import { harness } from "./helpers.js";

const hop = (url: string, method = "POST", headers: Array<[string, string]> = []): Hop => ({
  url: new URL(url),
  method,
  headers,
  body: method === "GET" || method === "HEAD" ? null : new Uint8Array([1, 2, 3]),
});

const ALL_HEADERS: Array<[string, string]> = [
  ["Host", "a.test"],
  ["Authorization", "Bearer t"],
  ["Proxy-Authorization", "Basic p"],
  ["Cookie", "c=1"],
  ["Content-Type", "text/plain"],
  ["Content-Length", "3"],
  ["Transfer-Encoding", "chunked"],
  ["X-Keep", "k"],
];
const names = (h: Hop) => h.headers.map(([name]) => name);

describe("redirectedHop", () => {
  it("301/302 turn a POST into a GET without body or the headers describing it (Transfer-Encoding included); 307/308 keep all", () => {
    for (const status of [301, 302]) {
      const next = redirectedHop(hop("http://a.test/x", "POST", ALL_HEADERS), status, new URL("http://a.test/y"));
      expect(next.method).toBe("GET");
      expect(next.body).toBeNull();
      expect(names(next)).toEqual(["Authorization", "Proxy-Authorization", "Cookie", "X-Keep"]);
    }
    for (const status of [307, 308]) {
      const next = redirectedHop(hop("http://a.test/x", "POST", ALL_HEADERS), status, new URL("http://a.test/y"));
      expect(next.method).toBe("POST");
      expect(next.body).toEqual(new Uint8Array([1, 2, 3]));
      expect(names(next)).toEqual(["Authorization", "Proxy-Authorization", "Cookie", "Content-Type", "Content-Length", "Transfer-Encoding", "X-Keep"]);
    }
    expect(redirectedHop(hop("http://a.test/x", "PUT"), 302, new URL("http://a.test/y")).method).toBe("PUT");
  });

  it("303 turns anything but GET and HEAD into a GET", () => {
    expect(redirectedHop(hop("http://a.test/x", "PUT"), 303, new URL("http://a.test/y")).method).toBe("GET");
    expect(redirectedHop(hop("http://a.test/x", "HEAD"), 303, new URL("http://a.test/y")).method).toBe("HEAD");
  });

  it("a hop to another origin (host, port or scheme) drops Authorization, Proxy-Authorization and Cookie; Host is never carried over", () => {
    for (const other of ["http://b.test/y", "http://a.test:8080/y", "https://a.test/y"]) {
      expect(names(redirectedHop(hop("http://a.test/x", "GET", ALL_HEADERS), 307, new URL(other)))).toEqual([
        "Content-Type", "Content-Length", "Transfer-Encoding", "X-Keep",
      ]);
    }
    expect(names(redirectedHop(hop("http://a.test/x", "GET", ALL_HEADERS), 307, new URL("http://a.test/z")))).not.toContain("Host");
  });
});

describe("followRedirects", () => {
  /** A sender answering from a table of url -> [status, location]; records hops and releases. */
  function sender(table: Record<string, [number, string?]>) {
    const sent: string[] = [];
    const released: string[] = [];
    const send = async (h: Hop): Promise<HopAnswer<string>> => {
      sent.push(`${h.method} ${h.url.href}`);
      const [status, location] = table[h.url.href] ?? [200];
      return { status, location, result: `${status} ${h.url.href}`, release: () => void released.push(h.url.href) };
    };
    return { send, sent, released };
  }

  it("follows until an answer is not a redirect, reporting each hop; releases followed answers, never the final one", async () => {
    const s = sender({ "http://a.test/1": [302, "/2#frag"], "http://a.test/2": [301, "http://b.test/3"] });
    const hops: string[] = [];
    const out = await followRedirects(hop("http://a.test/1", "GET"), { mode: "follow", maxRedirects: 20, send: s.send, onRedirect: (url, method) => hops.push(`${method} ${url}`) });
    expect(out.result).toBe("200 http://b.test/3");
    expect(out.redirects).toBe(2);
    expect(out.hop.url.href).toBe("http://b.test/3");
    expect(hops).toEqual(["GET http://a.test/2", "GET http://b.test/3"]);
    expect(s.released).toEqual(["http://a.test/1", "http://a.test/2"]);
  });

  it("manual hands the redirect back; error fails with ERR_QUICKEXEC_UNEXPECTED_REDIRECT; the limit with ERR_QUICKEXEC_TOO_MANY_REDIRECTS", async () => {
    const loop = sender({ "http://a.test/1": [307, "/1"] });
    const manual = await followRedirects(hop("http://a.test/1", "GET"), { mode: "manual", maxRedirects: 20, send: loop.send });
    expect(manual).toMatchObject({ result: "307 http://a.test/1", redirects: 0 });
    await expect(followRedirects(hop("http://a.test/1", "GET"), { mode: "error", maxRedirects: 20, send: loop.send })).rejects.toMatchObject({
      code: "ERR_QUICKEXEC_UNEXPECTED_REDIRECT",
    });
    await expect(followRedirects(hop("http://a.test/1", "GET"), { mode: "follow", maxRedirects: 3, send: loop.send })).rejects.toMatchObject({
      code: "ERR_QUICKEXEC_TOO_MANY_REDIRECTS",
    });
    expect(loop.sent.filter((s) => s === "GET http://a.test/1")).toHaveLength(1 + 1 + 4);
    // Every answer that was not handed back was released, the failed ones included.
    expect(loop.released).toHaveLength(1 + 4);
  });

  it("refuses a Location that is not http(s), and a refusal by onRedirect stops before the hop is sent", async () => {
    const s = sender({ "http://a.test/1": [302, "file:///etc/passwd"], "http://a.test/2": [302, "http://evil.test/"] });
    await expect(followRedirects(hop("http://a.test/1", "GET"), { mode: "follow", maxRedirects: 20, send: s.send })).rejects.toMatchObject({
      code: "ERR_QUICKEXEC_UNSUPPORTED_PROTOCOL",
    });
    const refuse = (url: string) => {
      if (url.includes("evil")) throw new Error("denied");
    };
    await expect(followRedirects(hop("http://a.test/2", "GET"), { mode: "follow", maxRedirects: 20, send: s.send, onRedirect: refuse })).rejects.toThrow("denied");
    expect(s.sent).not.toContain("GET http://evil.test/");
  });
});

describe("both users of the follower drop credentials on a cross-origin hop", () => {
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/away") {
        res.writeHead(307, { location: `http://localhost:${port}/echo` });
        return res.end();
      }
      if (req.url === "/same") {
        res.writeHead(307, { location: "/echo" });
        return res.end();
      }
      res.end(JSON.stringify({ authorization: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null, keep: req.headers["x-keep"] ?? null }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("the default adapter: 127.0.0.1 -> localhost is another origin; a same-origin hop keeps them", async () => {
    const adapter = createDefaultNetworkAdapter({ allowPrivateAddresses: true });
    const headers: Array<[string, string]> = [["Authorization", "Bearer t"], ["Cookie", "c=1"], ["X-Keep", "k"]];
    const text = async (path: string) => {
      const request = { url: `http://127.0.0.1:${port}${path}`, method: "GET", headers, body: null, redirect: "follow" as const, signal: new AbortController().signal };
      const response = await adapter.fetch(request);
      return JSON.parse(new TextDecoder().decode(response.body as Uint8Array));
    };
    expect(await text("/away")).toEqual({ authorization: null, cookie: null, keep: "k" });
    expect(await text("/same")).toEqual({ authorization: "Bearer t", cookie: "c=1", keep: "k" });
  });

  it("fetch among a run's own servers: a hop to another of its servers (another port) drops them, a same-origin hop keeps them", async () => {
    const h = harness({}, { useDefaultNetwork: true, permissions: allowAllNetwork });
    try {
      const result = await h.runtime.exec(`
        const http = require("http");
        const echo = (req, res) => res.end(JSON.stringify({ authorization: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null, keep: req.headers["x-keep"] ?? null }));
        const other = http.createServer(echo);
        other.listen(0, () => {
          const target = "http://127.0.0.1:" + other.address().port + "/echo";
          const hopper = http.createServer((req, res) => {
            if (req.url === "/echo") return echo(req, res);
            res.writeHead(307, { location: req.url === "/away" ? target : "/echo" });
            res.end();
          });
          hopper.listen(0, async () => {
            const base = "http://127.0.0.1:" + hopper.address().port;
            const headers = { authorization: "Bearer t", cookie: "c=1", "x-keep": "k" };
            const away = await (await fetch(base + "/away", { headers })).json();
            const same = await (await fetch(base + "/same", { headers })).json();
            console.log(JSON.stringify({ away, same }));
            other.close();
            hopper.close();
          });
        });
      `);
      expect(result.code, h.stderr()).toBe(0);
      expect(JSON.parse(h.stdout().trim())).toEqual({
        away: { authorization: null, cookie: null, keep: "k" },
        same: { authorization: "Bearer t", cookie: "c=1", keep: "k" },
      });
    } finally {
      h.runtime.dispose();
    }
  });
});
