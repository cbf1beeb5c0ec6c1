"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// The legacy builtin names (_stream_*, _http_*, sys) and module.builtinModules.
// node-stderr: expected
const { show } = require("../show.cjs");
const Module = require("module");
const stream = require("stream");
const http = require("http");

const NODE22_BUILTINS = "_http_agent _http_client _http_common _http_incoming _http_outgoing _http_server _stream_duplex _stream_passthrough _stream_readable _stream_transform _stream_wrap _stream_writable _tls_common _tls_wrap assert assert/strict async_hooks buffer child_process cluster console constants crypto dgram diagnostics_channel dns dns/promises domain events fs fs/promises http http2 https inspector inspector/promises module net os path path/posix path/win32 perf_hooks process punycode querystring readline readline/promises repl stream stream/consumers stream/promises stream/web string_decoder sys timers timers/promises tls trace_events tty url util util/types v8 vm wasi worker_threads zlib".split(" ");
show("builtinModules has Node 22's list", () => NODE22_BUILTINS.filter((name) => !Module.builtinModules.includes(name)));
show("builtinModules has nothing more", () => Module.builtinModules.filter((name) => !NODE22_BUILTINS.includes(name)));
show("isBuiltin", () => ["tls", "node:tls", "v8", "sys", "_stream_wrap", "inspector/promises", "node:test", "test", "internal/errors", "nope"].map((n) => Module.isBuiltin(n)));
for (const name of NODE22_BUILTINS) {
  if (name === "_stream_wrap" || name === "wasi" || name === "sys") continue;
  show(`require ${name}`, () => typeof require(name));
  show(`require node:${name}`, () => require(`node:${name}`) === require(name));
}
show("_stream_*", () => [require("_stream_duplex") === stream.Duplex, require("_stream_readable") === stream.Readable, require("_stream_writable") === stream.Writable, require("_stream_transform") === stream.Transform, require("_stream_passthrough") === stream.PassThrough]);
show("_http_agent", () => [Object.keys(require("_http_agent")), require("_http_agent").Agent === http.Agent, require("_http_agent").globalAgent === http.globalAgent]);
show("_http_client", () => require("_http_client").ClientRequest === http.ClientRequest);
show("_http_incoming", () => [require("_http_incoming").IncomingMessage === http.IncomingMessage, typeof require("_http_incoming").readStart]);
show("_http_outgoing", () => [require("_http_outgoing").OutgoingMessage === http.OutgoingMessage, require("_http_outgoing").validateHeaderName("x-ok")]);
show("_http_outgoing bad header", () => require("_http_outgoing").validateHeaderName("bad name"));
show("_http_server", () => [require("_http_server").Server === http.Server, require("_http_server").ServerResponse === http.ServerResponse, require("_http_server").STATUS_CODES[418]]);
const common = require("_http_common");
show("_http_common methods", () => common.methods);
show("_http_common checks", () => [common._checkIsHttpToken("a b"), common._checkIsHttpToken("x-y"), common._checkInvalidHeaderChar("ok"), common._checkInvalidHeaderChar("bad\n"), common.CRLF]);
show("_http_common expressions", () => [common.chunkExpression.test("gzip, chunked"), common.continueExpression.test("100-continue"), common.isLenient()]);
show("_http_common prepareError", () => {
  const err = new Error("x");
  err.reason = "Bad thing";
  common.prepareError(err, null, Buffer.from("raw"));
  return [err.message, err.rawPacket];
});
show("sys is util", () => require("sys") === require("util"));
show("_stream_wrap", () => typeof require("_stream_wrap"));
show("sys and _stream_wrap warn once", () => [require("sys") === require("util"), typeof require("_stream_wrap")]);
process.on("warning", (w) => console.log("warning", w.name, w.code));
