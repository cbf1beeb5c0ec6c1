"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// cluster (the primary's side), dgram before any bind, http2's settings and
// constants, inspector with no session, trace_events, repl over streams.
const { show } = require("../show.cjs");

const cluster = require("cluster");
show("cluster", () => [Object.keys(cluster), cluster.isPrimary, cluster.isMaster, cluster.isWorker, cluster.workers, cluster.settings, cluster.SCHED_NONE, cluster.SCHED_RR, cluster.schedulingPolicy]);
cluster.on("setup", (settings) => console.log("cluster setup event", JSON.stringify(settings)));
cluster.setupPrimary({ exec: "worker.js", args: ["a"], execArgv: [] });
show("cluster settings", () => cluster.settings);
show("cluster.Worker", () => typeof cluster.Worker);

const dgram = require("dgram");
for (const [name, args] of Object.entries({ badType: ["udp5"], noType: [{}], badBufferSize: [{ type: "udp4", recvBufferSize: "x" }] })) {
  show(`dgram.createSocket ${name}`, () => dgram.createSocket(...args));
}
const sock = dgram.createSocket("udp4");
show("dgram socket", () => [Object.keys(sock), sock.type, sock instanceof dgram.Socket, sock instanceof require("events")]);
for (const method of ["address", "remoteAddress", "setBroadcast", "setMulticastLoopback", "getRecvBufferSize", "getSendBufferSize", "disconnect"]) {
  show(`dgram ${method} unbound`, () => sock[method](true));
}
show("dgram setTTL type", () => sock.setTTL("x"));
show("dgram setTTL unbound", () => sock.setTTL(5));
show("dgram ref/unref", () => [sock.ref() === sock, sock.unref() === sock, sock.getSendQueueSize(), sock.getSendQueueCount()]);
show("dgram send port 0", () => dgram.createSocket("udp4").send("x", 0, "127.0.0.1"));
show("dgram send bad buffer", () => dgram.createSocket("udp4").send(5, 1, "127.0.0.1"));
show("dgram connect bad port", () => dgram.createSocket("udp6").connect(0));
sock.close(() => console.log("dgram close callback"));
sock.on("close", () => console.log("dgram close event"));
show("dgram send after close", () => sock.send("x", 1, "127.0.0.1"));
show("dgram address after close", () => sock.address());
show("dgram close twice", () => sock.close());

const http2 = require("http2");
show("http2 exports", () => Object.keys(http2));
show("http2 getDefaultSettings", () => http2.getDefaultSettings());
show("http2 constants count", () => Object.keys(http2.constants).length);
show("http2 constants sample", () => [http2.constants.NGHTTP2_CANCEL, http2.constants.HTTP2_HEADER_STATUS, http2.constants.HTTP_STATUS_IM_A_TEAPOT, http2.constants.NGHTTP2_SETTINGS_MAX_FRAME_SIZE]);
show("http2 sensitiveHeaders", () => [typeof http2.sensitiveHeaders, http2.sensitiveHeaders.toString()]);
show("http2 getPackedSettings", () => http2.getPackedSettings({ enablePush: false, headerTableSize: 100, maxHeaderListSize: 5, enableConnectProtocol: true, initialWindowSize: 1, maxFrameSize: 20000, maxConcurrentStreams: 3 }));
show("http2 getPackedSettings none", () => [http2.getPackedSettings(), http2.getPackedSettings({})]);
for (const [name, settings] of Object.entries({ negative: { headerTableSize: -1 }, pushNumber: { enablePush: 1 }, smallFrame: { maxFrameSize: 100 }, bigWindow: { initialWindowSize: 2 ** 32 }, number: 5, customId: { customSettings: { 100000: 1 } }, customValueFirst: { customSettings: { notvalid: -777 } } })) {
  show(`http2 getPackedSettings ${name}`, () => http2.getPackedSettings(settings));
}
show("http2 getUnpackedSettings", () => http2.getUnpackedSettings(http2.getPackedSettings({ enablePush: false, headerTableSize: 100, maxHeaderListSize: 5 })));
show("http2 getUnpackedSettings custom", () => http2.getUnpackedSettings(Buffer.from("000200000005000900000007", "hex")));
show("http2 getUnpackedSettings length", () => http2.getUnpackedSettings(Buffer.alloc(5)));
show("http2 getUnpackedSettings type", () => http2.getUnpackedSettings("x"));
show("http2 classes", () => [typeof http2.Http2ServerRequest, typeof http2.Http2ServerResponse]);

const inspector = require("inspector");
show("inspector exports", () => Object.keys(inspector));
show("inspector url", () => inspector.url());
show("inspector waitForDebugger", () => inspector.waitForDebugger());
show("inspector console", () => typeof inspector.console.log);
show("inspector Network", () => Object.keys(inspector.Network));
const session = new inspector.Session();
show("inspector Session post unconnected", () => session.post("Runtime.evaluate"));
show("inspector Session post bad method", () => session.post(5));
show("inspector/promises", () => [Object.keys(require("inspector/promises")), require("inspector/promises").Session !== inspector.Session]);

const traceEvents = require("trace_events");
show("trace_events exports", () => Object.keys(traceEvents));
show("trace_events getEnabledCategories", () => traceEvents.getEnabledCategories());
show("trace_events no categories", () => traceEvents.createTracing({}));
show("trace_events empty categories", () => traceEvents.createTracing({ categories: [] }));
show("trace_events bad options", () => traceEvents.createTracing(5));
const tracing = traceEvents.createTracing({ categories: ["node.perf", "v8"] });
show("trace_events Tracing", () => [tracing.enabled, tracing.categories, Object.keys(tracing), require("util").inspect(tracing)]);

const repl = require("repl");
show("repl exports", () => Object.keys(repl));
show("repl builtinModules", () => repl.builtinModules.includes("fs") && !repl.builtinModules.includes("_stream_wrap"));
// The REPL runs once everything above has printed (its lines flow asynchronously).
setTimeout(() => {
  const { PassThrough } = require("stream");
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk) => (printed += chunk));
  const server = repl.start({ input, output, prompt: "> ", terminal: false, useGlobal: false });
  server.on("exit", () => {
    console.log("repl transcript", JSON.stringify(printed));
    // Node keeps running after a REPL over streams closes; end here.
    setImmediate(() => process.exit(0));
  });
  input.end(["1 + 2", "const x = 5", "x * 2", "'str'", "[1, 2]", "undefined", "_", "{ a: 1 }", "throw new Error('boom')", "throw new TypeError('bad')", ".exit", ""].join("\n"));
}, 20);
