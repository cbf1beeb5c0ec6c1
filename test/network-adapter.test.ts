/**
 * The built-in network adapter, host side: the address policy, refusal of
 * non-public targets before any connection (every redirect hop included),
 * requests to a real local server, redirects, limits, timeouts, aborts, DNS
 * and guest servers.
 *
 * Every packet these tests send goes to loopback (127.0.0.1 or ::1): the
 * connector used in the tests refuses anything else, so a refusal the adapter
 * failed to make shows up as a test failure, never as traffic.
 */
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ipLiteralFromHostname, isPublicAddress, parseIpAddress } from "../src/net/address-policy.js";
import {
  NETWORK_ERROR_CODES,
  createDefaultNetworkAdapter,
  type DefaultNetworkOptions,
  type NetworkConnectOptions,
  type NetworkLookup,
} from "../src/net/default-adapter.js";
import type { DnsAddress, IncomingServerRequest, NetworkAdapter, NetworkRequest, NetworkResponse } from "../src/net/types.js";

const LOOPBACK = new Set(["127.0.0.1", "::1"]);

/** A connector that records every attempt and only ever connects to loopback (anything else throws). */
function recordingConnect(): { attempts: NetworkConnectOptions[]; connect: (options: NetworkConnectOptions) => net.Socket } {
  const attempts: NetworkConnectOptions[] = [];
  return {
    attempts,
    connect: (options) => {
      attempts.push(options);
      if (!LOOPBACK.has(options.address) || options.tls) throw new Error(`test connector: refusing to connect to ${options.address}`);
      return net.connect({ host: options.address, port: options.port });
    },
  };
}

/** A resolver from a fixed table; records its calls. Unknown names resolve to nothing. */
function tableLookup(table: Record<string, string[]>): { calls: Array<[string, number]>; lookup: NetworkLookup } {
  const calls: Array<[string, number]> = [];
  return {
    calls,
    lookup: async (hostname, { family }) => {
      calls.push([hostname, family]);
      return (table[hostname] ?? []).map((address): DnsAddress => ({ address, family: address.includes(":") ? 6 : 4 }));
    },
  };
}

/** Only 127.0.0.1 may be reached (the function form of allowPrivateAddresses). */
const only127 = (address: string): boolean => address === "127.0.0.1";

/** An adapter with a recording connector. */
function adapter(options: DefaultNetworkOptions = {}): { net: NetworkAdapter; attempts: NetworkConnectOptions[] } {
  const { attempts, connect } = recordingConnect();
  return { net: createDefaultNetworkAdapter({ connect, ...options }), attempts };
}

/** A request with harmless defaults. */
function request(url: string, overrides: Partial<NetworkRequest> = {}): NetworkRequest {
  return { url, method: "GET", headers: [], body: null, redirect: "follow", signal: new AbortController().signal, ...overrides };
}

const text = (response: NetworkResponse): string => Buffer.from(response.body as Uint8Array).toString("utf8");

/** The error `promise` rejects with (fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}

// ---- the local test server ----------------------------------------------------------------------------

let server: http.Server;
let port: number;
let base: string;
/** Requests the server has seen, by path. */
const seen: Array<{ method: string; url: string; rawHeaders: string[]; body: string }> = [];
/** Sockets of /hang requests, closed when the client goes away. */
const hanging: Array<Promise<void>> = [];

/** The test server's routes. */
function route(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const url = new URL(req.url ?? "/", "http://x");
  seen.push({ method: req.method ?? "", url: req.url ?? "", rawHeaders: req.rawHeaders, body });
  switch (url.pathname) {
    case "/echo":
      res.writeHead(201, "Made It", [
        ["Content-Type", "application/json"],
        ["X-Dup", "one"],
        ["X-Dup", "two"],
      ]);
      res.end(JSON.stringify({ method: req.method, url: req.url, rawHeaders: req.rawHeaders, body }));
      return;
    case "/redirect":
      res.writeHead(Number(url.searchParams.get("status") ?? 302), { Location: url.searchParams.get("to") ?? "/echo" });
      res.end("moved");
      return;
    case "/loop":
      res.writeHead(302, { Location: "/loop" });
      res.end();
      return;
    case "/big": {
      const size = Number(url.searchParams.get("n"));
      if (url.searchParams.has("declared")) res.setHeader("Content-Length", size);
      if (url.searchParams.has("claims")) {
        // Claims a large body, sends a little of it, then drops the connection.
        res.setHeader("Content-Length", Number(url.searchParams.get("claims")));
        res.write(Buffer.alloc(size, "c"), () => res.destroy());
        return;
      }
      // Two writes: without Content-Length the body is chunked and only its size tells.
      res.write(Buffer.alloc(size >> 1, "a"));
      res.end(Buffer.alloc(size - (size >> 1), "b"));
      return;
    }
    case "/hang":
      hanging.push(new Promise((resolve) => req.socket.once("close", () => resolve())));
      return; // never answers
    default:
      res.writeHead(404);
      res.end();
  }
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => route(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// ---- address policy -----------------------------------------------------------------------------------

describe("address policy", () => {
  const notPublic = [
    "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.168.255.254",
    "127.0.0.1", "127.255.0.9", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3",
    "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "198.18.0.1", "198.19.255.255",
    "192.0.2.1", "198.51.100.7", "203.0.113.9", "192.0.0.8", "192.88.99.1",
    "::1", "::", "fe80::1", "febf::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "ff02::1", "ff05::1:3",
    "::ffff:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:a00:1", "::ffff:169.254.169.254",
    "::ffff:0:0", "::127.0.0.1", "::ffff:0:7f00:1",
    "64:ff9b::8.8.8.8", "64:ff9b::808:808", "64:ff9b:1::1", "2002:808:808::1", "2002:7f00:1::", "2001::1", "2001:0:4136:e378::1",
    "2001:2::1", "2001:10::1", "2001:db8::1", "2001:db8:ffff::1", "3fff::1", "100::1", "::2",
    // not well-formed addresses: never public
    "localhost", "example.com", "", "127.1", "0x7f.1", "2130706433", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "::g", "[::1]",
  ];
  const isPublic = ["8.8.8.8", "1.1.1.1", "93.184.215.14", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "2a00:1450:4001:80b::200e", "2001:200::1", "::ffff:8.8.8.8", "::ffff:808:808"];

  it.each(notPublic)("%s is not public", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(isPublic)("%s is public (classification only; no traffic)", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("parses addresses into bytes, IPv4-mapped and compressed IPv6 included", () => {
    expect(parseIpAddress("::ffff:7f00:1")).toEqual({ family: 6, bytes: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]) });
    expect(parseIpAddress("::ffff:127.0.0.1")?.bytes).toEqual(parseIpAddress("::ffff:7f00:1")?.bytes);
    expect(Array.from(parseIpAddress("1:2::8")!.bytes)).toEqual([0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8]);
    expect(parseIpAddress("10.1.2.3")).toEqual({ family: 4, bytes: Uint8Array.from([10, 1, 2, 3]) });
    expect(parseIpAddress("example.com")).toBeNull();
  });

  it("WHATWG URL parsing normalises odd IPv4 hostnames, and the literal is then judged", () => {
    for (const url of ["http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://017700000001/", "http://0x7f000001/", "http://127.0.0.1./"]) {
      const literal = ipLiteralFromHostname(new URL(url).hostname);
      expect(literal, url).toEqual({ address: "127.0.0.1", family: 4 });
      expect(isPublicAddress(literal!.address)).toBe(false);
    }
    expect(ipLiteralFromHostname(new URL("http://[::ffff:127.0.0.1]/").hostname)).toEqual({ address: "::ffff:7f00:1", family: 6 });
    expect(ipLiteralFromHostname(new URL("http://[0:0:0:0:0:ffff:a01:203]:81/").hostname)).toEqual({ address: "::ffff:a01:203", family: 6 });
    expect(ipLiteralFromHostname("::1")).toEqual({ address: "::1", family: 6 });
    expect(ipLiteralFromHostname("example.com")).toBeNull();
    expect(ipLiteralFromHostname("[127.0.0.1]")).toBeNull();
    expect(ipLiteralFromHostname("8.8.8.8")).toEqual({ address: "8.8.8.8", family: 4 });
  });
});

// ---- refusal before any connection ----------------------------------------------------------------------

describe("non-public targets are refused before any connection attempt", () => {
  it("loopback by default (IPv4 and IPv6 literals), for fetch and httpRequest", async () => {
    const { net: adapterNet, attempts } = adapter();
    for (const url of [`${base}/echo`, `http://[::1]:${port}/echo`, `http://2130706433:${port}/echo`, `http://[::ffff:7f00:1]:${port}/`]) {
      const error = await failure(adapterNet.fetch(request(url)));
      expect(error.code, url).toBe(NETWORK_ERROR_CODES.addressRefused);
      expect(error.code).toBe("ERR_QUICKEXEC_ADDRESS_REFUSED");
    }
    const error = await failure(adapterNet.httpRequest(request(`${base}/echo`)));
    expect(error.code).toBe(NETWORK_ERROR_CODES.addressRefused);
    expect(error.message).toContain("127.0.0.1");
    expect(attempts).toEqual([]);
    expect(seen.filter((s) => s.url === "/echo")).toEqual([]);
  });

  it("localhost through the default resolver", async () => {
    const { net: adapterNet, attempts } = adapter();
    const error = await failure(adapterNet.fetch(request(`http://localhost:${port}/echo`)));
    expect(error.code).toBe(NETWORK_ERROR_CODES.addressRefused);
    expect(error.message).toMatch(/localhost.*(127\.0\.0\.1|::1)/);
    expect(attempts).toEqual([]);
  });

  it("a hostname that resolves to a private address, naming both", async () => {
    const { lookup, calls } = tableLookup({ "internal.example": ["10.0.0.5"] });
    const { net: adapterNet, attempts } = adapter({ lookup });
    const error = await failure(adapterNet.fetch(request("http://internal.example/secret")));
    expect(error.code).toBe(NETWORK_ERROR_CODES.addressRefused);
    expect(error.message).toContain("internal.example");
    expect(error.message).toContain("10.0.0.5");
    expect(calls).toEqual([["internal.example", 0]]);
    expect(attempts).toEqual([]);
  });

  it("a hostname with one public and one private address", async () => {
    for (const addresses of [["93.184.215.14", "10.0.0.5"], ["127.0.0.1", "8.8.8.8"], ["2606:4700::1111", "fd00::1"]]) {
      const { lookup } = tableLookup({ "mixed.example": addresses });
      const { net: adapterNet, attempts } = adapter({ lookup });
      const error = await failure(adapterNet.fetch(request("https://mixed.example/")));
      expect(error.code, addresses.join()).toBe(NETWORK_ERROR_CODES.addressRefused);
      expect(attempts).toEqual([]);
    }
  });

  it("the function form allows only what it returns true for, and is told address and hostname", async () => {
    const asked: Array<[string, string]> = [];
    const { lookup } = tableLookup({ "app.test": ["192.168.1.20"] });
    const { net: adapterNet, attempts } = adapter({
      lookup,
      allowPrivateAddresses: (address, hostname) => {
        asked.push([address, hostname]);
        return (address === "127.0.0.1") as boolean;
      },
    });
    expect((await failure(adapterNet.fetch(request("http://app.test/")))).code).toBe(NETWORK_ERROR_CODES.addressRefused);
    expect((await failure(adapterNet.fetch(request(`http://[::1]:${port}/`)))).code).toBe(NETWORK_ERROR_CODES.addressRefused);
    expect(asked).toEqual([["192.168.1.20", "app.test"], ["::1", "::1"]]);
    expect(attempts).toEqual([]);
    // Only `true` allows: a truthy non-boolean does not.
    const truthy = adapter({ allowPrivateAddresses: (() => 1) as unknown as () => boolean });
    expect((await failure(truthy.net.fetch(request(`${base}/echo`)))).code).toBe(NETWORK_ERROR_CODES.addressRefused);
    expect(truthy.attempts).toEqual([]);
  });

  it("other schemes, and names that resolve to nothing", async () => {
    const { lookup } = tableLookup({});
    const { net: adapterNet, attempts } = adapter({ lookup, allowPrivateAddresses: true });
    for (const url of ["file:///etc/passwd", "ftp://127.0.0.1/", "data:text/plain,hi"]) {
      expect((await failure(adapterNet.fetch(request(url)))).code, url).toBe(NETWORK_ERROR_CODES.unsupportedProtocol);
    }
    expect((await failure(adapterNet.fetch(request("http://nowhere.test/")))).code).toBe(NETWORK_ERROR_CODES.notFound);
    expect((await failure(adapterNet.fetch(request("not a url")))).code).toBe("ERR_INVALID_URL");
    expect(attempts).toEqual([]);
  });
});

// ---- requests that are allowed ----------------------------------------------------------------------------

describe("allowed requests reach the local server", () => {
  it("GET with allowPrivateAddresses: true: status text, duplicate headers both ways, Host, one connection to the checked address", async () => {
    const { net: adapterNet, attempts } = adapter({ allowPrivateAddresses: true });
    const response = await adapterNet.fetch(request(`${base}/echo?x=1#frag`, { headers: [["X-Dup", "1"], ["X-One", "v"], ["x-dup", "2"]] }));
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made It");
    expect(response.url).toBe(`${base}/echo?x=1`);
    expect(response.redirected).toBe(false);
    expect(response.httpVersion).toBe("1.1");
    expect(response.body).toBeInstanceOf(Uint8Array);
    expect(response.headers.filter(([name]) => name === "X-Dup")).toEqual([["X-Dup", "one"], ["X-Dup", "two"]]);
    expect(response.headers).toContainEqual(["Content-Type", "application/json"]);
    const echoed = JSON.parse(text(response));
    expect(echoed.method).toBe("GET");
    expect(echoed.url).toBe("/echo?x=1");
    const pairs = headerPairs(echoed.rawHeaders);
    expect(pairs.filter(([name]) => name.toLowerCase() === "x-dup").map(([, value]) => value)).toEqual(["1", "2"]);
    expect(pairs).toContainEqual(["X-One", "v"]);
    expect(pairs).toContainEqual(["Host", `127.0.0.1:${port}`]);
    expect(pairs).toContainEqual(["Connection", "close"]);
    expect(attempts).toEqual([{ address: "127.0.0.1", family: 4, port, hostname: "127.0.0.1", tls: false }]);
  });

  it("POST with a body, allowed by the function form for 127.0.0.1 only, through a resolved name", async () => {
    const { lookup } = tableLookup({ "app.test": ["127.0.0.1"] });
    const { net: adapterNet, attempts } = adapter({ lookup, allowPrivateAddresses: only127 });
    const body = new TextEncoder().encode("hello body");
    const response = await adapterNet.httpRequest(
      request(`http://app.test:${port}/echo`, { method: "POST", body, headers: [["Content-Type", "text/plain"]] }),
    );
    expect(response.status).toBe(201);
    const echoed = JSON.parse(text(response));
    expect(echoed.method).toBe("POST");
    expect(echoed.body).toBe("hello body");
    const pairs = headerPairs(echoed.rawHeaders);
    expect(pairs).toContainEqual(["Content-Length", "10"]);
    expect(pairs).toContainEqual(["Host", `app.test:${port}`]);
    expect(attempts).toEqual([{ address: "127.0.0.1", family: 4, port, hostname: "app.test", tls: false }]);
  });

  it("tries the next checked address when a connection is refused", async () => {
    const closedPort = await freePort();
    const attempts: string[] = [];
    const { lookup } = tableLookup({ "two.test": ["::1", "127.0.0.1"] });
    const adapterNet = createDefaultNetworkAdapter({
      lookup,
      allowPrivateAddresses: true,
      // "::1" is sent to a closed port of 127.0.0.1 so the first attempt is refused.
      connect: ({ address, port: target }) => {
        attempts.push(address);
        return net.connect({ host: "127.0.0.1", port: address === "::1" ? closedPort : target });
      },
    });
    const response = await adapterNet.fetch(request(`http://two.test:${port}/echo`));
    expect(response.status).toBe(201);
    expect(attempts).toEqual(["::1", "127.0.0.1"]);
    const { lookup: deadLookup } = tableLookup({ "dead.test": ["127.0.0.1"] });
    const dead = createDefaultNetworkAdapter({ lookup: deadLookup, allowPrivateAddresses: true });
    expect((await failure(dead.fetch(request(`http://dead.test:${closedPort}/`)))).code).toBe("ECONNREFUSED");
  });
});

describe("connector and policy failures", () => {
  it("a connector that throws, or whose socket closes before connecting, fails the request (no hang)", async () => {
    const thrown = new Error("no sockets today");
    const throwing = createDefaultNetworkAdapter({ allowPrivateAddresses: true, timeoutMs: 500, connect: () => { throw thrown; } });
    expect(await failure(throwing.fetch(request(`${base}/echo`)))).toBe(thrown);
    const closing = createDefaultNetworkAdapter({
      allowPrivateAddresses: true,
      timeoutMs: 500,
      connect: () => {
        const socket = new net.Socket();
        setImmediate(() => socket.destroy());
        return socket;
      },
    });
    expect((await failure(closing.fetch(request(`${base}/echo`)))).code).toBe("ECONNRESET");
  });

  it("an allowPrivateAddresses function that throws refuses with its error, before connecting", async () => {
    const thrown = new Error("policy exploded");
    const { net: adapterNet, attempts } = adapter({ allowPrivateAddresses: () => { throw thrown; } });
    expect(await failure(adapterNet.fetch(request(`${base}/echo`)))).toBe(thrown);
    expect(attempts).toEqual([]);
  });
});

// ---- https ----------------------------------------------------------------------------------------------

/** A self-signed certificate (and its key) for secure.test, valid 2000 to 2100; the tests' own trust anchor. */
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgmsgKVkR6PhIjaqSx
yrvfQXNNlXrUyDN/OsjTdR8uPvihRANCAATdnRedLyOINotNb0hc5pXWD+cuZjcL
5DdVXYMXHrYHd/T0p+LTyoJUcbQo4mm/072l2v63BfkZwvkUiCW0j/ag
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBaDCCAQ2gAwIBAgIBATAKBggqhkjOPQQDAjAWMRQwEgYDVQQDDAtzZWN1cmUu
dGVzdDAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAwMDAwMFowFjEUMBIGA1UE
AwwLc2VjdXJlLnRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATdnRedLyOI
NotNb0hc5pXWD+cuZjcL5DdVXYMXHrYHd/T0p+LTyoJUcbQo4mm/072l2v63BfkZ
wvkUiCW0j/ago0owSDAWBgNVHREEDzANggtzZWN1cmUudGVzdDAPBgNVHRMBAf8E
BTADAQH/MB0GA1UdDgQWBBRe4EQV+z1wUTAeA50PGkTiuipU6zAKBggqhkjOPQQD
AgNJADBGAiEA578dFYoiz/c0RcBcw++y8q0bV45s0EaqAiEPIQow8PECIQDc0ex/
xF9em9IJ4idJps/LuTK6Hkkd7OsU3DduT35AHw==
-----END CERTIFICATE-----
`;

describe("https", () => {
  let secure: https.Server;
  let securePort: number;
  const sni: string[] = [];
  const { lookup } = tableLookup({ "secure.test": ["127.0.0.1"] });

  beforeAll(async () => {
    const context = tls.createSecureContext({ key: TEST_KEY, cert: TEST_CERT });
    secure = https.createServer({ key: TEST_KEY, cert: TEST_CERT, SNICallback: (name, done) => (sni.push(name), done(null, context)) }, (req, res) => {
      res.end(`secure ${req.method} ${req.url}`);
    });
    await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
    securePort = (secure.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    secure.closeAllConnections();
    await new Promise((resolve) => secure.close(resolve));
  });

  it("the default connector sends the hostname as SNI and checks the certificate (an untrusted one fails)", async () => {
    const adapterNet = createDefaultNetworkAdapter({ lookup, allowPrivateAddresses: only127 });
    sni.length = 0;
    const error = await failure(adapterNet.fetch(request(`https://secure.test:${securePort}/`)));
    expect(error.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
    expect(sni).toEqual(["secure.test"]);
  });

  it("https goes over the TLS socket the connector returns, once it is secure", async () => {
    const attempts: NetworkConnectOptions[] = [];
    const adapterNet = createDefaultNetworkAdapter({
      lookup,
      allowPrivateAddresses: only127,
      connect: (options) => {
        attempts.push(options);
        return tls.connect({ host: "127.0.0.1", port: options.port, servername: options.hostname, ca: TEST_CERT });
      },
    });
    const response = await adapterNet.fetch(request(`https://secure.test:${securePort}/path?q`));
    expect([response.status, text(response), response.url]).toEqual([200, "secure GET /path?q", `https://secure.test:${securePort}/path?q`]);
    expect(attempts).toEqual([{ address: "127.0.0.1", family: 4, port: securePort, hostname: "secure.test", tls: true }]);
  });
});

// ---- redirects ----------------------------------------------------------------------------------------

describe("redirects", () => {
  const redirect = (to: string, status = 302): string => `${base}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

  it.each([
    ["a private literal", "http://10.1.2.3/", "10.1.2.3"],
    ["an IPv4-mapped IPv6 literal", "http://[::ffff:a01:203]/", "::ffff:a01:203"],
    ["a name resolving to a private address", "http://internal.test/admin", "192.168.0.1"],
    ["IPv6 loopback (only 127.0.0.1 is allowed)", "http://[::1]:9/", "::1"],
  ])("a hop to %s is refused before connecting", async (_, target, address) => {
    const { lookup } = tableLookup({ "internal.test": ["192.168.0.1"] });
    const { net: adapterNet, attempts } = adapter({ lookup, allowPrivateAddresses: only127 });
    const hops: string[] = [];
    const error = await failure(adapterNet.fetch(request(redirect(target), { onRedirect: (url) => hops.push(url) })));
    expect(error.code).toBe(NETWORK_ERROR_CODES.addressRefused);
    expect(error.message).toContain(address);
    expect(hops).toEqual([new URL(target).href]);
    expect(attempts.map((a) => a.address)).toEqual(["127.0.0.1"]);
  });

  it("a hop to another scheme fails", async () => {
    const { net: adapterNet, attempts } = adapter({ allowPrivateAddresses: true });
    expect((await failure(adapterNet.fetch(request(redirect("file:///etc/passwd"))))).code).toBe(NETWORK_ERROR_CODES.unsupportedProtocol);
    expect(attempts).toHaveLength(1);
  });

  it("303 turns a POST into a GET without body or body headers; same-origin credentials are kept", async () => {
    const { net: adapterNet, attempts } = adapter({ allowPrivateAddresses: only127 });
    const hops: string[] = [];
    const response = await adapterNet.fetch(
      request(redirect("/echo?after", 303), {
        method: "POST",
        body: new TextEncoder().encode("payload"),
        headers: [["Content-Type", "text/plain"], ["Authorization", "Bearer t"], ["X-Keep", "k"]],
        onRedirect: (url, method) => hops.push(`${method} ${url}`),
      }),
    );
    expect(response.status).toBe(201);
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${base}/echo?after`);
    expect(hops).toEqual([`GET ${base}/echo?after`]);
    const echoed = JSON.parse(text(response));
    expect(echoed.method).toBe("GET");
    expect(echoed.body).toBe("");
    const names = headerPairs(echoed.rawHeaders).map(([name]) => name.toLowerCase());
    expect(names).not.toContain("content-type");
    expect(names).not.toContain("content-length");
    expect(names).toContain("authorization");
    expect(names).toContain("x-keep");
    expect(attempts).toHaveLength(2);
  });

  it("302 turns a POST into a GET; 307 and 308 keep the method and body", async () => {
    const { net: adapterNet } = adapter({ allowPrivateAddresses: only127 });
    const post = (status: number) =>
      adapterNet.fetch(request(redirect("/echo", status), { method: "POST", body: new TextEncoder().encode("again") }));
    for (const [status, method, body] of [[301, "GET", ""], [302, "GET", ""], [307, "POST", "again"], [308, "POST", "again"]] as const) {
      const echoed = JSON.parse(text(await post(status)));
      expect([status, echoed.method, echoed.body]).toEqual([status, method, body]);
    }
    // A PUT stays a PUT on 302.
    const put = await adapterNet.fetch(request(redirect("/echo", 302), { method: "PUT", body: new TextEncoder().encode("p") }));
    expect(JSON.parse(text(put))).toMatchObject({ method: "PUT", body: "p" });
  });

  it("credentials are dropped when the origin changes", async () => {
    const { lookup } = tableLookup({ "other.test": ["127.0.0.1"] });
    const { net: adapterNet, attempts } = adapter({ lookup, allowPrivateAddresses: only127 });
    const response = await adapterNet.fetch(
      request(redirect(`http://other.test:${port}/echo`, 307), {
        headers: [["Host", `127.0.0.1:${port}`], ["Authorization", "Bearer t"], ["Cookie", "a=b"], ["Proxy-Authorization", "x"], ["X-Keep", "k"]],
      }),
    );
    expect(response.url).toBe(`http://other.test:${port}/echo`);
    const pairs = headerPairs(JSON.parse(text(response)).rawHeaders);
    const names = pairs.map(([name]) => name.toLowerCase());
    expect(names).not.toContain("authorization");
    expect(names).not.toContain("cookie");
    expect(names).not.toContain("proxy-authorization");
    expect(pairs).toContainEqual(["X-Keep", "k"]);
    expect(pairs.filter(([name]) => name.toLowerCase() === "host")).toEqual([["Host", `other.test:${port}`]]);
    expect(attempts.map((a) => a.hostname)).toEqual(["127.0.0.1", "other.test"]);
  });

  it("manual returns the 3xx as it is; httpRequest never follows", async () => {
    const { net: adapterNet, attempts } = adapter({ allowPrivateAddresses: true });
    const manual = await adapterNet.fetch(request(redirect("http://10.1.2.3/"), { redirect: "manual" }));
    expect(manual.status).toBe(302);
    expect(manual.redirected).toBe(false);
    expect(manual.headers).toContainEqual(["Location", "http://10.1.2.3/"]);
    expect(text(manual)).toBe("moved");
    const plain = await adapterNet.httpRequest(request(redirect("/echo"), { redirect: "follow" }));
    expect(plain.status).toBe(302);
    expect(attempts).toHaveLength(2);
  });

  it("error mode fails on a redirect", async () => {
    const { net: adapterNet, attempts } = adapter({ allowPrivateAddresses: true });
    const error = await failure(adapterNet.fetch(request(redirect("/echo"), { redirect: "error" })));
    expect(error.code).toBe(NETWORK_ERROR_CODES.unexpectedRedirect);
    expect(attempts).toHaveLength(1);
  });

  it("onRedirect throwing refuses the hop with its error", async () => {
    const { net: adapterNet, attempts } = adapter({ allowPrivateAddresses: true });
    const denied = Object.assign(new Error("network permission denied"), { code: "EACCES" });
    const error = await failure(adapterNet.fetch(request(redirect("/echo"), { onRedirect: () => { throw denied; } })));
    expect(error).toBe(denied);
    expect(attempts).toHaveLength(1);
  });

  it("maxRedirects bounds the hops (0 follows none)", async () => {
    const limited = adapter({ allowPrivateAddresses: true, maxRedirects: 2 });
    expect((await failure(limited.net.fetch(request(`${base}/loop`)))).code).toBe(NETWORK_ERROR_CODES.tooManyRedirects);
    expect(limited.attempts).toHaveLength(3);
    const none = adapter({ allowPrivateAddresses: true, maxRedirects: 0 });
    expect((await failure(none.net.fetch(request(redirect("/echo"))))).code).toBe(NETWORK_ERROR_CODES.tooManyRedirects);
    expect(none.attempts).toHaveLength(1);
    const one = adapter({ allowPrivateAddresses: true, maxRedirects: 1 });
    expect((await one.net.fetch(request(redirect("/echo")))).status).toBe(201);
  });
});

// ---- limits, timeout, abort ---------------------------------------------------------------------------

describe("limits, timeout and abort", () => {
  it("maxResponseBytes: a larger body fails, chunked or declared; a body of exactly the limit passes", async () => {
    const { net: adapterNet } = adapter({ allowPrivateAddresses: true, maxResponseBytes: 1000 });
    for (const url of [`${base}/big?n=1001`, `${base}/big?n=5000&declared`]) {
      const error = await failure(adapterNet.fetch(request(url)));
      expect(error.code, url).toBe(NETWORK_ERROR_CODES.responseTooLarge);
      expect(error.message).toContain("maxResponseBytes");
    }
    // A Content-Length over the limit fails at once, before the body is read.
    expect((await failure(adapterNet.fetch(request(`${base}/big?n=10&claims=1000000`)))).code).toBe(NETWORK_ERROR_CODES.responseTooLarge);
    const exact = await adapterNet.fetch(request(`${base}/big?n=1000`));
    expect((exact.body as Uint8Array).length).toBe(1000);
    expect(text(exact)).toBe("a".repeat(500) + "b".repeat(500));
  });

  it("timeoutMs ends a request the server never answers, and closes its connection", async () => {
    const { net: adapterNet } = adapter({ allowPrivateAddresses: true, timeoutMs: 200 });
    const started = Date.now();
    const before = hanging.length;
    const error = await failure(adapterNet.fetch(request(`${base}/hang`)));
    expect(error.code).toBe("ETIMEDOUT");
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(900);
    expect(hanging.length).toBe(before + 1);
    await hanging[before]; // the server saw the connection close
  });

  it("an aborted signal ends the request with an AbortError and closes its connection", async () => {
    const { net: adapterNet, attempts } = adapter({ allowPrivateAddresses: true });
    const controller = new AbortController();
    const before = hanging.length;
    const pending = failure(adapterNet.fetch(request(`${base}/hang`, { signal: controller.signal })));
    while (hanging.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await pending;
    expect(error.name).toBe("AbortError");
    expect(error.code).toBe(NETWORK_ERROR_CODES.aborted);
    await hanging[before];
    expect(attempts).toHaveLength(1);
    // Already aborted: nothing is looked up or connected.
    const { lookup, calls } = tableLookup({ "app.test": ["127.0.0.1"] });
    const fresh = adapter({ lookup, allowPrivateAddresses: true });
    const early = await failure(fresh.net.fetch(request(`http://app.test:${port}/echo`, { signal: AbortSignal.abort() })));
    expect(early.name).toBe("AbortError");
    expect(calls).toEqual([]);
    expect(fresh.attempts).toEqual([]);
  });

  it("an abort during a slow lookup rejects at once and connects nowhere", async () => {
    const controller = new AbortController();
    let answer: (value: DnsAddress[]) => void = () => {};
    const { net: adapterNet, attempts } = adapter({
      allowPrivateAddresses: true,
      lookup: () => new Promise<DnsAddress[]>((resolve) => (answer = resolve)),
    });
    const pending = failure(adapterNet.fetch(request(`http://slow.test:${port}/echo`, { signal: controller.signal })));
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect((await pending).name).toBe("AbortError");
    answer([{ address: "127.0.0.1", family: 4 }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(attempts).toEqual([]);
  });
});

// ---- dnsLookup ----------------------------------------------------------------------------------------

describe("dnsLookup", () => {
  it("uses the injected resolver and does not filter (the policy is about connections)", async () => {
    const { lookup, calls } = tableLookup({ "internal.example": ["10.0.0.5", "fd00::5"] });
    const { net: adapterNet, attempts } = adapter({ lookup });
    expect(await adapterNet.dnsLookup("internal.example", { family: 6 })).toEqual([
      { address: "10.0.0.5", family: 4 },
      { address: "fd00::5", family: 6 },
    ]);
    expect(calls).toEqual([["internal.example", 6]]);
    expect(attempts).toEqual([]);
  });

  it("rejects a resolver answer that is not a list of IP addresses", async () => {
    const bad = createDefaultNetworkAdapter({ lookup: async () => [{ address: "not-an-ip", family: 4 }] });
    await expect(bad.dnsLookup("x.test", { family: 0 })).rejects.toThrow(TypeError);
    const notArray = createDefaultNetworkAdapter({ lookup: (async () => "1.2.3.4") as unknown as NetworkLookup });
    await expect(notArray.dnsLookup("x.test", { family: 0 })).rejects.toThrow(/array/);
  });

  it("the default resolver finds localhost", async () => {
    const found = await createDefaultNetworkAdapter().dnsLookup("localhost", { family: 4 });
    expect(found).toContainEqual({ address: "127.0.0.1", family: 4 });
  });
});

// ---- listen -------------------------------------------------------------------------------------------

describe("listen", () => {
  const listen = createDefaultNetworkAdapter({ maxResponseBytes: 1000 }).listen!;

  it("serves on 127.0.0.1 whatever host was asked; onRequest sees the request, its answer is sent", async () => {
    const got: IncomingServerRequest[] = [];
    const guest = await listen({
      port: 0,
      hostname: "0.0.0.0",
      onRequest: async (incoming) => {
        got.push(incoming);
        return { status: 202, statusText: "Taken", headers: [["X-A", "1"], ["X-B", "b"], ["X-A", "2"]], body: new TextEncoder().encode("answer") };
      },
    });
    try {
      expect(guest.address).toBe("127.0.0.1");
      expect(guest.family).toBe(4);
      expect(guest.port).toBeGreaterThan(0);
      const answer = await hostRequest({ port: guest.port, method: "POST", path: "/p?q=1", headers: [["X-In", "x"], ["X-In", "y"]], body: "payload" });
      expect(answer.status).toBe(202);
      expect(answer.statusMessage).toBe("Taken");
      expect(answer.body).toBe("answer");
      expect(headerPairs(answer.rawHeaders).filter(([name]) => name === "X-A")).toEqual([["X-A", "1"], ["X-A", "2"]]);
      expect(headerPairs(answer.rawHeaders)).toContainEqual(["Content-Length", "6"]);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ method: "POST", url: "/p?q=1", httpVersion: "1.1", remoteAddress: "127.0.0.1" });
      expect(Buffer.from(got[0].body).toString()).toBe("payload");
      expect(got[0].headers.filter(([name]) => name === "X-In")).toEqual([["X-In", "x"], ["X-In", "y"]]);
      expect(got[0].remotePort).toBeGreaterThan(0);
    } finally {
      await guest.close();
    }
  });

  it("binds ::1 when the guest asks for an IPv6 loopback name", async () => {
    const guest = await listen({ port: 0, hostname: "::1", onRequest: async () => ({ status: 200, statusText: "", headers: [], body: new Uint8Array() }) });
    try {
      expect([guest.address, guest.family]).toEqual(["::1", 6]);
      expect((await hostRequest({ host: "::1", port: guest.port })).status).toBe(200);
    } finally {
      await guest.close();
    }
  });

  it("answers 500 when onRequest rejects or gives an invalid answer, 413 for a body over maxResponseBytes", async () => {
    let calls = 0;
    const answers = [
      () => Promise.reject(new Error("guest crashed")),
      () => Promise.resolve({ status: 99, statusText: "", headers: [], body: new Uint8Array() }),
      () => { throw new Error("sync"); },
    ];
    const guest = await listen({ port: 0, hostname: "localhost", onRequest: () => answers[calls++]() });
    try {
      for (let i = 0; i < answers.length; i++) {
        const answer = await hostRequest({ port: guest.port });
        expect([answer.status, answer.body]).toEqual([500, ""]);
      }
      const big = await hostRequest({ port: guest.port, method: "POST", body: "x".repeat(1001) });
      expect(big.status).toBe(413);
      const fits = calls;
      expect((await hostRequest({ port: guest.port, method: "POST", body: "x".repeat(1000) })).status).toBe(500);
      expect(calls).toBe(fits + 1); // the 413 never reached onRequest, the 1000-byte body did
    } finally {
      await guest.close();
    }
  });

  it("close() answers requests in flight with 503, stops accepting, and is idempotent", async () => {
    let reached: () => void = () => {};
    const inside = new Promise<void>((resolve) => (reached = resolve));
    let late: (value: { status: number; statusText: string; headers: []; body: Uint8Array }) => void = () => {};
    const guest = await listen({
      port: 0,
      hostname: "localhost",
      onRequest: () => {
        reached();
        return new Promise((resolve) => (late = resolve));
      },
    });
    const pending = hostRequest({ port: guest.port });
    await inside;
    await guest.close();
    expect((await pending).status).toBe(503);
    late({ status: 200, statusText: "", headers: [], body: new Uint8Array() }); // too late: ignored
    await guest.close();
    await expect(hostRequest({ port: guest.port })).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("rejects with Node's error when the port is taken, and checks onRequest", async () => {
    await expect(listen({ port, hostname: "127.0.0.1", onRequest: async () => ({ status: 200, statusText: "", headers: [], body: new Uint8Array() }) })).rejects.toMatchObject({
      code: "EADDRINUSE",
    });
    await expect(listen({ port: 0, hostname: "127.0.0.1" } as never)).rejects.toThrow(/onRequest must be a function/);
  });
});

// ---- options ------------------------------------------------------------------------------------------

describe("options", () => {
  it.each([
    [null, TypeError, /createDefaultNetworkAdapter options must be an object/],
    [{ bogus: 1 }, TypeError, /Unknown option "bogus"/],
    [{ allowPrivateAddresses: "yes" }, TypeError, /allowPrivateAddresses must be a boolean or a function/],
    [{ lookup: 5 }, TypeError, /lookup must be a function/],
    [{ connect: {} }, TypeError, /connect must be a function/],
    [{ maxResponseBytes: "10" }, TypeError, /maxResponseBytes must be a number/],
    [{ maxResponseBytes: -1 }, RangeError, /maxResponseBytes must be an integer from 0/],
    [{ timeoutMs: 0 }, RangeError, /timeoutMs must be an integer from 1/],
    [{ timeoutMs: Infinity }, RangeError, /timeoutMs/],
    [{ timeoutMs: 2 ** 31 }, RangeError, /timeoutMs/],
    [{ maxRedirects: 1.5 }, RangeError, /maxRedirects must be an integer/],
    [{ maxRedirects: NaN }, RangeError, /maxRedirects/],
  ])("%o is refused", (options, type, message) => {
    expect(() => createDefaultNetworkAdapter(options as DefaultNetworkOptions)).toThrow(type);
    expect(() => createDefaultNetworkAdapter(options as DefaultNetworkOptions)).toThrow(message);
  });

  it("defaults and every documented option are accepted", () => {
    for (const adapterNet of [
      createDefaultNetworkAdapter(),
      createDefaultNetworkAdapter({}),
      createDefaultNetworkAdapter({ allowPrivateAddresses: false, maxResponseBytes: 0, timeoutMs: 1, maxRedirects: 0, lookup: async () => [], connect: () => new net.Socket() }),
    ]) {
      expect(Object.keys(adapterNet).sort()).toEqual(["dnsLookup", "fetch", "httpRequest", "listen"]);
    }
  });
});

// ---- helpers ------------------------------------------------------------------------------------------

/** `rawHeaders` as pairs. */
function headerPairs(raw: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}

/** A port of 127.0.0.1 with nothing listening on it (just released). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port: free } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

/** A request from the host to a guest server on loopback, with node's http. */
function hostRequest(options: { port: number; host?: string; method?: string; path?: string; headers?: Array<[string, string]>; body?: string }): Promise<{ status: number; statusMessage: string; rawHeaders: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: options.host ?? "127.0.0.1", port: options.port, method: options.method ?? "GET", path: options.path ?? "/", agent: false, headers: [["Host", "localhost"], ...(options.headers ?? [])].flat() },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? "", rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
