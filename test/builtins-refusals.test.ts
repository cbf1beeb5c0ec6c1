/**
 * The builtins whose work needs what the sandbox does not have (sockets the
 * guest drives, processes of its own, WebAssembly, an inspector, a tracer)
 * load, check their arguments as Node does, and then refuse with a clear
 * error code; none of them reaches the host's network. What behaves as in
 * Node is covered line by line by the differential cases (tls, dgram,
 * http2, cluster, inspector, trace_events, v8, domain, repl).
 */
import { describe, expect, it } from "vitest";
import type { NetworkAccessRequest } from "../dist/src/index.js";
import { harness } from "./helpers.js";

const GUEST = `
const out = {};
const pick = (e) => (e ? { code: e.code, name: e.name, message: e.message } : null);
const tryIt = (fn) => { try { fn(); return null; } catch (e) { return pick(e); } };
const tls = require("tls");
const sock = tls.connect({ port: 443, host: "127.0.0.1" });
out.tlsConnectReturns = sock instanceof tls.TLSSocket;
sock.on("error", (e) => { out.tlsConnect = pick(e); });
sock.on("close", (hadError) => { out.tlsClose = hadError; });
const server = tls.createServer({});
server.on("error", (e) => { out.tlsListen = pick(e); });
server.listen(0);
const udp = require("dgram").createSocket("udp4");
udp.on("error", (e) => { out.dgramBind = pick(e); udp.close(); });
udp.bind(0, "127.0.0.1");
require("dgram").createSocket("udp4").send("x", 9, "127.0.0.1", (e) => { out.dgramSend = pick(e); });
out.http2Connect = tryIt(() => require("http2").connect("https://127.0.0.1"));
out.http2Server = tryIt(() => require("http2").createServer());
out.clusterFork = tryIt(() => require("cluster").fork());
out.wasi = tryIt(() => new (require("wasi").WASI)({ version: "preview1" }));
out.inspectorOpen = tryIt(() => require("inspector").open());
out.inspectorConnect = tryIt(() => new (require("inspector").Session)().connect());
out.traceEnable = tryIt(() => require("trace_events").createTracing({ categories: ["v8"] }).enable());
out.heapSnapshot = tryIt(() => require("v8").getHeapSnapshot());
out.streamWrap = tryIt(() => new (require("_stream_wrap"))(new (require("stream").PassThrough)()));
setTimeout(() => console.log(JSON.stringify(out)), 20);
`;

describe("builtins that refuse", () => {
  it("fail with named ERR_ codes, asynchronously where Node fails connections asynchronously, and never reach the network", async () => {
    const asked: NetworkAccessRequest[] = [];
    const h = harness({}, { permissions: { network: (request: NetworkAccessRequest) => (asked.push(request), { allow: true }) } });
    try {
      const result = await h.runtime.exec(GUEST);
      expect(result.code, h.stderr()).toBe(0);
      const lines = h.stdout().trim().split("\n");
      const out = JSON.parse(lines[lines.length - 1]!) as Record<string, { code: string; message: string } | boolean>;
      const code = (key: string) => (out[key] as { code: string }).code;
      expect(out.tlsConnectReturns).toBe(true);
      expect(code("tlsConnect")).toBe("ERR_QUICKEXEC_NO_RAW_SOCKETS");
      expect((out.tlsConnect as { message: string }).message).toMatch(/^tls\.connect\(\) cannot run: TLS sockets are not available/);
      expect(out.tlsClose).toBe(true);
      expect(code("tlsListen")).toBe("ERR_QUICKEXEC_NO_RAW_SOCKETS");
      expect(code("dgramBind")).toBe("ERR_QUICKEXEC_NO_RAW_SOCKETS");
      expect((out.dgramBind as { message: string }).message).toMatch(/UDP sockets are not available/);
      expect(code("dgramSend")).toBe("ERR_QUICKEXEC_NO_RAW_SOCKETS");
      for (const key of ["http2Connect", "http2Server", "clusterFork", "wasi", "heapSnapshot"]) expect(code(key), key).toBe("ERR_QUICKEXEC_UNSUPPORTED");
      expect((out.wasi as { message: string }).message).toMatch(/no WebAssembly/);
      expect(code("inspectorOpen")).toBe("ERR_INSPECTOR_NOT_AVAILABLE");
      expect(code("inspectorConnect")).toBe("ERR_INSPECTOR_NOT_AVAILABLE");
      expect(code("traceEnable")).toBe("ERR_TRACE_EVENTS_UNAVAILABLE");
      expect(code("streamWrap")).toBe("ERR_QUICKEXEC_NO_RAW_SOCKETS");
      expect(asked).toEqual([]);
    } finally {
      h.runtime.dispose();
    }
  });
});
