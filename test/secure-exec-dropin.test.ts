/**
 * Code written for secure-exec 0.2 runs unchanged: `loopbackExemptPorts` with
 * `useDefaultNetwork`, network adapters in secure-exec's shape,
 * `payloadLimits`, the `processConfig` fields secure-exec has; every other
 * option of its NodeRuntime / createNodeDriver API is refused with an error
 * that names it and says what to use. Only loopback servers are contacted;
 * the refusal of a private address is checked with a recording connector that
 * never opens a socket to anything but loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as http from "node:http";
import * as net from "node:net";
import { Readable } from "node:stream";
import {
  createDefaultNetworkAdapter,
  createInMemoryFileSystem,
  createNodeDriver,
  createNodeRuntimeDriverFactory,
  NodeRuntime,
  allowAllFs,
  allowAllNetwork,
  type NetworkAccessRequest,
  type NodeDriverOptions,
  type NodeRuntimeOptions,
} from "../dist/src/index.js";
import { harness } from "./helpers.js";

const PRELUDE = `
const out = {};
module.exports = out;
const pick = (e) => e && typeof e === "object"
  ? { name: e.name, message: e.message, code: e.code, cause: e.cause && pick(e.cause) }
  : { name: "non-error", message: String(e) };
const settle = async (key, promise) => { try { out[key] = await promise; } catch (e) { out[key] = { error: pick(e) }; } };
const t = (key, fn) => { try { const v = fn(); out[key] = v === undefined ? "ok" : v; } catch (e) { out[key] = { error: pick(e) }; } };
const text = (res) => res.text().then((body) => ({ status: res.status, body, type: res.headers.get("content-type") }));
`;

/** Runs `code` (an async function body) and returns its `out`. */
async function guest(driver: NodeDriverOptions, code: string, options: Partial<NodeRuntimeOptions> = {}): Promise<Record<string, any>> {
  const h = harness(options as never, driver);
  try {
    const result = await h.runtime.run(`${PRELUDE}\n(async () => {\n${code}\n})().catch((e) => { out.uncaught = pick(e); });`, "/root/main.js");
    expect(result.errorMessage, h.stderr()).toBeUndefined();
    const out = (result.exports ?? {}) as Record<string, any>;
    expect(out.uncaught, JSON.stringify(out.uncaught)).toBeUndefined();
    return out;
  } finally {
    h.runtime.dispose();
  }
}

// ---- two loopback servers: `exempt` (its port is exempted) and `other` ----------------------------------

type Hit = { server: string; method: string; url: string; body: string; headers: http.IncomingHttpHeaders };
const hits: Hit[] = [];
let exempt: http.Server;
let other: http.Server;
let exemptPort = 0;
let otherPort = 0;

function serve(name: string): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      hits.push({ server: name, method: req.method ?? "", url: req.url ?? "", body, headers: req.headers });
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/redirect") {
        res.writeHead(302, { location: url.searchParams.get("to") ?? "/" });
        res.end();
        return;
      }
      if (url.pathname === "/binary") {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(Buffer.from([0, 1, 2, 253, 254, 255]));
        return;
      }
      res.writeHead(200, { "content-type": "text/plain", "x-server": name });
      res.end(`${name} ${req.method} ${req.url} ${body}`);
    });
  });
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  exempt = serve("exempt");
  other = serve("other");
  exemptPort = await listen(exempt);
  otherPort = await listen(other);
});
afterAll(async () => {
  await new Promise((resolve) => exempt.close(resolve));
  await new Promise((resolve) => other.close(resolve));
});

function recorder(allow: (r: NetworkAccessRequest) => boolean = () => true) {
  const requests: NetworkAccessRequest[] = [];
  return { requests, check: (r: NetworkAccessRequest) => (requests.push({ ...r }), { allow: allow(r) }) };
}

// ---- loopbackExemptPorts ----------------------------------------------------------------------------------

describe("loopbackExemptPorts with useDefaultNetwork", () => {
  it("lets loopback requests to the exempt ports through the address policy (fetch and http), and no other port", async () => {
    const { requests, check } = recorder();
    const before = hits.length;
    const out = await guest(
      { useDefaultNetwork: true, loopbackExemptPorts: [exemptPort], permissions: { network: check } },
      `
      out.fetch = await text(await fetch("http://127.0.0.1:${exemptPort}/a", { method: "POST", body: "hi" }));
      out.localhost = await text(await fetch("http://localhost:${exemptPort}/b"));
      out.http = await new Promise((resolve, reject) => {
        require("http").get("http://127.0.0.1:${exemptPort}/c", (res) => {
          let body = ""; res.on("data", (c) => body += c); res.on("end", () => resolve({ status: res.statusCode, body }));
        }).on("error", reject);
      });
      await settle("other", fetch("http://127.0.0.1:${otherPort}/d"));
      `,
    );
    expect(out.fetch).toEqual({ status: 200, body: "exempt POST /a hi", type: "text/plain" });
    expect(out.localhost.body).toBe("exempt GET /b ");
    expect(out.http).toEqual({ status: 200, body: "exempt GET /c " });
    expect(out.other.error).toMatchObject({ message: "fetch failed", cause: { code: "ERR_QUICKEXEC_ADDRESS_REFUSED" } });
    expect(out.other.error.cause.message).toContain(`port ${otherPort} of 127.0.0.1 is not an exempt loopback port`);
    expect(hits.slice(before).map((h) => `${h.server} ${h.url}`)).toEqual(["exempt /a", "exempt /b", "exempt /c"]);
    // Every request, the exempt ones included, was asked of the network permission.
    expect(requests.map((r) => `${r.op} ${r.url}`)).toEqual([
      `fetch http://127.0.0.1:${exemptPort}/a`,
      `fetch http://localhost:${exemptPort}/b`,
      `http http://127.0.0.1:${exemptPort}/c`,
      `fetch http://127.0.0.1:${otherPort}/d`,
    ]);
  });

  it("still asks the network permission: a denied request to an exempt port is not sent", async () => {
    const before = hits.length;
    const { requests, check } = recorder(() => false);
    const out = await guest(
      { useDefaultNetwork: true, loopbackExemptPorts: [exemptPort], permissions: { network: check } },
      `await settle("denied", fetch("http://127.0.0.1:${exemptPort}/secret"));`,
    );
    expect(out.denied.error.message + " " + JSON.stringify(out.denied.error.cause)).toContain("EACCES");
    expect(requests).toHaveLength(1);
    expect(hits.length).toBe(before);
  });

  it("refuses a redirect from an exempt port to another loopback port", async () => {
    const before = hits.length;
    const out = await guest(
      { useDefaultNetwork: true, loopbackExemptPorts: [exemptPort], permissions: allowAllNetwork },
      `
      await settle("away", fetch("http://127.0.0.1:${exemptPort}/redirect?to=" + encodeURIComponent("http://127.0.0.1:${otherPort}/x")));
      out.same = await text(await fetch("http://127.0.0.1:${exemptPort}/redirect?to=/y"));
      `,
    );
    expect(out.away.error).toMatchObject({ message: "fetch failed", cause: { code: "ERR_QUICKEXEC_ADDRESS_REFUSED" } });
    expect(out.same.body).toBe("exempt GET /y ");
    expect(hits.slice(before).map((h) => `${h.server} ${h.url.split("?")[0]}`)).toEqual(["exempt /redirect", "exempt /redirect", "exempt /y"]);
  });

  it("refuses a redirect from an exempt port to a private address before connecting (recording connector)", async () => {
    const connects: string[] = [];
    const adapter = createDefaultNetworkAdapter({
      loopbackExemptPorts: [exemptPort],
      lookup: async (hostname) => (hostname === "intranet.test" ? [{ address: "10.1.2.3", family: 4 }] : []),
      connect: (target) => {
        connects.push(`${target.address}:${target.port}`);
        if (target.address !== "127.0.0.1") throw new Error(`the test connector only reaches loopback, not ${target.address}`);
        return net.connect({ host: target.address, port: target.port });
      },
    });
    const out = await guest(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      `
      await settle("ip", fetch("http://127.0.0.1:${exemptPort}/redirect?to=" + encodeURIComponent("http://10.1.2.3:${exemptPort}/")));
      await settle("name", fetch("http://127.0.0.1:${exemptPort}/redirect?to=" + encodeURIComponent("http://intranet.test:${exemptPort}/")));
      await settle("direct", fetch("http://192.168.7.7:${exemptPort}/"));
      `,
    );
    for (const key of ["ip", "name", "direct"]) expect(out[key].error, key).toMatchObject({ cause: { code: "ERR_QUICKEXEC_ADDRESS_REFUSED" } });
    expect(connects).toEqual([`127.0.0.1:${exemptPort}`, `127.0.0.1:${exemptPort}`]);
  });

  it("secure-exec's createDefaultNetworkAdapter({ initialExemptPorts }) is honoured too", async () => {
    const out = await guest(
      { networkAdapter: createDefaultNetworkAdapter({ initialExemptPorts: [exemptPort] }), permissions: allowAllNetwork },
      `out.r = await text(await fetch("http://127.0.0.1:${exemptPort}/i"));`,
    );
    expect(out.r.body).toBe("exempt GET /i ");
  });

  it("is checked: ports must be integers 1-65535, and it needs the default adapter", () => {
    expect(() => createNodeDriver({ useDefaultNetwork: true, loopbackExemptPorts: [0] })).toThrow(RangeError);
    expect(() => createNodeDriver({ useDefaultNetwork: true, loopbackExemptPorts: ["80"] as never })).toThrow(/loopbackExemptPorts must hold TCP ports/);
    expect(() => createNodeDriver({ useDefaultNetwork: true, loopbackExemptPorts: 80 as never })).toThrow(/loopbackExemptPorts must be an array/);
    expect(() => createNodeDriver({ loopbackExemptPorts: [80] })).toThrow(/loopbackExemptPorts needs useDefaultNetwork: true/);
    expect(() => createNodeDriver({ networkAdapter: createDefaultNetworkAdapter(), loopbackExemptPorts: [80] })).toThrow(
      /pass the ports to it \(createDefaultNetworkAdapter\(\{ loopbackExemptPorts \}\)\)/,
    );
  });
});

// ---- network adapters in secure-exec's shape -----------------------------------------------------------

/** A Headers as a record. */
function record(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name] = value));
  return out;
}

/** secure-exec 0.2.1's NetworkAdapter declaration (its fetch/dnsLookup/httpRequest), which the drivers' option type accepts. */
interface SecureExecDeclaredAdapter {
  fetch(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | null }): Promise<{
    ok: boolean; status: number; statusText: string; headers: Record<string, string>; body: string; url: string; redirected: boolean;
  }>;
  dnsLookup(hostname: string): Promise<{ address: string; family: number } | { error: string; code: string }>;
  httpRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | null; rejectUnauthorized?: boolean }): Promise<{
    status: number; statusText: string; headers: Record<string, string>; body: string; url: string; trailers?: Record<string, string>;
  }>;
}
/** Type-level: an adapter typed as secure-exec declares it is a valid `networkAdapter`. */
export const acceptsSecureExecTypes = (adapter: SecureExecDeclaredAdapter): NodeDriverOptions => ({ networkAdapter: adapter });

describe("a network adapter written for secure-exec", () => {
  /** secure-exec's documented adapter shape, over the host's fetch to the loopback servers. */
  function secureExecAdapter(answer: (url: string, r: Response, body: Uint8Array) => { status: number } & Record<string, unknown>) {
    const calls: Array<{ url: string; startsWith: boolean; method?: string; headers?: Record<string, string>; body?: unknown }> = [];
    const adapter = {
      async fetch(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | null }) {
        calls.push({ url: String(url), startsWith: url.startsWith("http://127.0.0.1"), method: options.method, headers: options.headers, body: options.body });
        const r = await globalThis.fetch(new URL(url), { method: options.method, headers: options.headers, body: options.body ?? undefined });
        return answer(String(url), r, new Uint8Array(await r.arrayBuffer()));
      },
      async dnsLookup(hostname: string) {
        return hostname === "api.test" ? { address: "127.0.0.1", family: 4 } : { error: `getaddrinfo ENOTFOUND ${hostname}`, code: "ENOTFOUND" };
      },
      async httpRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | null }) {
        const r = await globalThis.fetch(`${url}`, { method: options.method, headers: options.headers });
        const bytes = Buffer.from(await r.arrayBuffer());
        return { status: r.status, statusText: r.statusText, headers: { "content-type": r.headers.get("content-type") ?? "", "x-body-encoding": "base64" }, body: bytes.toString("base64"), url };
      },
    };
    return { adapter, calls };
  }

  it("gets the URL (a string-like request) and { method, headers, body }; answers with record headers and a string body", async () => {
    const { adapter, calls } = secureExecAdapter((url, r, body) => ({
      ok: r.ok, status: r.status, statusText: r.statusText, headers: record(r.headers), body: new TextDecoder().decode(body), url, redirected: false,
    }));
    const out = await guest(
      { networkAdapter: adapter, permissions: allowAllNetwork },
      `
      const res = await fetch("http://127.0.0.1:${otherPort}/json", { method: "POST", headers: { "content-type": "application/json", "x-a": "1" }, body: JSON.stringify({ a: 1 }) });
      out.res = await text(res);
      out.server = res.headers.get("x-server");
      out.dns = await require("dns").promises.lookup("api.test");
      await settle("missing", require("dns").promises.lookup("nowhere.test"));
      `,
    );
    expect(out.res).toEqual({ status: 200, body: `other POST /json {"a":1}`, type: "text/plain" });
    expect(out.server).toBe("other");
    expect(out.dns).toEqual({ address: "127.0.0.1", family: 4 });
    expect(out.missing.error).toMatchObject({ code: "ENOTFOUND" });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: `http://127.0.0.1:${otherPort}/json`, startsWith: true, method: "POST", body: `{"a":1}` });
    expect(calls[0].headers).toMatchObject({ "content-type": "application/json", "x-a": "1" });
  });

  it("accepts headers as pairs, a Headers or a Map, and bodies as bytes, a web stream, a Node stream or base64", async () => {
    const shapes = [
      (r: Response, body: Uint8Array) => ({ status: r.status, headers: [["content-type", "text/plain"]], body }),
      (r: Response, body: Uint8Array) => ({ status: r.status, headers: new Headers({ "content-type": "text/plain" }), body: new Blob([body as BlobPart]).stream() }),
      (r: Response, body: Uint8Array) => ({ status: r.status, headers: new Map([["content-type", "text/plain"]]), body: Readable.from([Buffer.from(body.subarray(0, 3)), Buffer.from(body.subarray(3))]) }),
      (r: Response, body: Uint8Array) => ({ status: r.status, headers: { "content-type": "text/plain", "x-body-encoding": "base64" }, body: Buffer.from(body).toString("base64") }),
      (r: Response, body: Uint8Array) => ({ status: r.status, headers: { "content-type": ["text/plain"] }, body: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) }),
    ];
    for (const [i, shape] of shapes.entries()) {
      const { adapter } = secureExecAdapter((_url, r, body) => shape(r, body));
      const out = await guest({ networkAdapter: adapter, permissions: allowAllNetwork }, `
        const res = await fetch("http://127.0.0.1:${otherPort}/s${i}");
        out.res = await text(res);
        out.encoding = res.headers.get("x-body-encoding");
      `);
      expect(out.res, `shape ${i}`).toEqual({ status: 200, body: `other GET /s${i} `, type: "text/plain" });
      expect(out.encoding, `shape ${i}`).toBeNull();
    }
  });

  it("http.request through its httpRequest, with a base64 body marked by x-body-encoding", async () => {
    const { adapter } = secureExecAdapter(() => ({ status: 500 }));
    const out = await guest({ networkAdapter: adapter, permissions: allowAllNetwork }, `
      out.bytes = await new Promise((resolve, reject) => {
        require("http").get("http://127.0.0.1:${otherPort}/binary", (res) => {
          const chunks = []; res.on("data", (c) => chunks.push(c)); res.on("end", () => resolve([...Buffer.concat(chunks)]));
        }).on("error", reject);
      });
    `);
    expect(out.bytes).toEqual([0, 1, 2, 253, 254, 255]);
  });

  it("a body that is none of the accepted kinds fails the guest's fetch with a clear error", async () => {
    const { adapter } = secureExecAdapter((_url, r) => ({ status: r.status, body: 42 }));
    const out = await guest({ networkAdapter: adapter, permissions: allowAllNetwork }, `await settle("bad", fetch("http://127.0.0.1:${otherPort}/"));`);
    expect(JSON.stringify(out.bad.error)).toContain("returned a body that is not a string, bytes or a stream");
  });
});

// ---- payloadLimits ---------------------------------------------------------------------------------------

describe("payloadLimits", () => {
  async function seeded() {
    const fs = createInMemoryFileSystem();
    await fs.mkdir("/data");
    await fs.writeFile("/data/small.bin", new Uint8Array(1000));
    await fs.writeFile("/data/big.bin", new Uint8Array(6000));
    await fs.writeFile("/data/big.txt", "x".repeat(6000));
    return fs;
  }

  it("bounds binary data by its base64 length and the rest by its JSON length, with ERR_SANDBOX_PAYLOAD_TOO_LARGE", async () => {
    const out = await guest(
      { filesystem: await seeded(), permissions: allowAllFs },
      `
      const fs = require("fs");
      out.small = fs.readFileSync("/data/small.bin").length;
      t("big", () => fs.readFileSync("/data/big.bin"));
      t("write", () => fs.writeFileSync("/data/new.bin", Buffer.alloc(5000)));
      t("writeSmall", () => fs.writeFileSync("/data/new.bin", Buffer.alloc(3000)));
      t("path", () => fs.statSync("/data/" + "p".repeat(3000)));
      await settle("async", fs.promises.readFile("/data/big.bin"));
      `,
      { payloadLimits: { base64TransferBytes: 4096, jsonPayloadBytes: 2048 } },
    );
    expect(out.small).toBe(1000);
    expect(out.big.error).toMatchObject({ code: "ERR_SANDBOX_PAYLOAD_TOO_LARGE" });
    expect(out.big.error.message).toMatch(/^ERR_SANDBOX_PAYLOAD_TOO_LARGE: the result of \S+ \(binary data, as base64\) exceeds 4096 bytes \(got 8000\)$/);
    expect(out.write.error).toMatchObject({ code: "ERR_SANDBOX_PAYLOAD_TOO_LARGE" });
    expect(out.writeSmall).toBe("ok");
    expect(out.path.error).toMatchObject({ code: "ERR_SANDBOX_PAYLOAD_TOO_LARGE" });
    expect(out.async.error).toMatchObject({ code: "ERR_SANDBOX_PAYLOAD_TOO_LARGE" });
  });

  it("bounds the exports run() copies out; without payloadLimits nothing changes", async () => {
    const limited = harness({ payloadLimits: { jsonPayloadBytes: 1024 } });
    const free = harness();
    try {
      const big = await limited.runtime.run(`module.exports = { s: "y".repeat(5000) };`);
      expect(big.code).toBe(1);
      expect(big.errorMessage).toContain("ERR_SANDBOX_PAYLOAD_TOO_LARGE: the exports of run() (JSON data) exceeds 1024 bytes");
      expect((await limited.runtime.run(`module.exports = { s: "ok" };`)).exports).toEqual({ s: "ok" });
      expect(((await free.runtime.run(`module.exports = { s: "y".repeat(5000) };`)).exports as { s: string }).s).toHaveLength(5000);
    } finally {
      limited.runtime.dispose();
      free.runtime.dispose();
    }
  });

  it("is checked: known fields, integers from 1 KiB to 64 MiB", () => {
    const make = (payloadLimits: unknown) => () => harness({ payloadLimits } as never).runtime.dispose();
    expect(make({ base64TransferBytes: 100 })).toThrow(RangeError);
    expect(make({ jsonPayloadBytes: 65 * 1024 * 1024 })).toThrow(/payloadLimits.jsonPayloadBytes must be an integer from 1024 to 67108864/);
    expect(make({ jsonPayloadBytes: "1k" })).toThrow(TypeError);
    expect(make({ maxBytes: 2048 })).toThrow(/Unknown option "maxBytes" in payloadLimits/);
    expect(make({ base64TransferBytes: 10 * 1024 * 1024, jsonPayloadBytes: 5 * 1024 * 1024 })).not.toThrow();
  });
});

// ---- the rest of secure-exec's options ----------------------------------------------------------------

describe("secure-exec's other options", () => {
  it("processConfig's uid, gid, stdin, timingMitigation and frozenTimeMs are honoured; exec's timingMitigation overrides", async () => {
    const h = harness({}, { processConfig: { uid: 1000, gid: 100, stdin: "from config", timingMitigation: "freeze", frozenTimeMs: 1700000000000 } });
    try {
      const read = `let s = ""; process.stdin.on("data", (c) => s += c); process.stdin.on("end", () => { module.exports = { s, uid: process.getuid(), gid: process.getgid(), euid: process.geteuid(), now: Date.now() }; });`;
      expect((await h.runtime.run(read)).exports).toEqual({ s: "from config", uid: 1000, gid: 100, euid: 1000, now: 1700000000000 });
      await h.runtime.exec(`process.stdout.write(String(Date.now() > 1700000000000))`, { timingMitigation: "off", stdin: "given" });
      expect(h.stdout()).toBe("true");
    } finally {
      h.runtime.dispose();
    }
  });

  it("processConfig fields are checked", () => {
    expect(() => createNodeDriver({ processConfig: { uid: -1 } })).toThrow(/processConfig.uid must be a non-negative integer/);
    expect(() => createNodeDriver({ processConfig: { timingMitigation: "slow" } as never })).toThrow(/processConfig.timingMitigation must be "freeze" or "off"/);
    expect(() => createNodeDriver({ processConfig: { shell: "bash" } as never })).toThrow(/Unknown field "shell" in processConfig/);
    expect(() => createNodeDriver({ osConfig: { kernel: "x" } as never })).toThrow(/Unknown field "kernel" in osConfig/);
  });

  it("options quickexec does not take are refused, naming them and what to use", () => {
    const factory = createNodeRuntimeDriverFactory();
    const systemDriver = createNodeDriver();
    const refusals: Array<[() => unknown, RegExp]> = [
      [() => new NodeRuntime({ systemDriver, runtimeDriverFactory: factory, resourceBudgets: { maxOutputBytes: 1 } } as never), /NodeRuntime options\.resourceBudgets \(a secure-exec option\) is not supported by quickexec: .*memoryLimit, cpuTimeLimitMs/],
      [() => createNodeRuntimeDriverFactory({ createIsolate: () => null } as never), /createIsolate .*not supported by quickexec: .*memoryLimit/],
      [() => createNodeDriver({ moduleAccess: { allowPackages: ["x"] } } as never), /moduleAccess\.allowPackages .*drop it/],
      [() => createNodeDriver({ moduleAccess: { packageRoots: [] } } as never), /moduleAccess\.packageRoots .*createModuleAccessFileSystem/],
      [() => createNodeDriver({ processConfig: { stdoutIsTTY: true } } as never), /processConfig\.stdoutIsTTY .*onStdio/],
      [() => createNodeDriver({ permissions: { network: true } } as never), /permissions\.network must be a function, got boolean \(a check .*allow: boolean/],
    ];
    for (const [make, message] of refusals) expect(make).toThrow(message);
  });

  it("exec's mode is refused when a run starts", async () => {
    const h = harness();
    try {
      await expect(h.runtime.exec("1", { mode: "run" } as never)).rejects.toThrow(/exec options\.mode .*runtime\.run\(code, filePath\)/);
    } finally {
      h.runtime.dispose();
    }
  });
});
