"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// process.stdout / process.stderr are node:stream Writables (piped: no TTY).
// node-exit-code: 3
const { show } = require("../show.cjs");
const { Writable } = require("stream");

show("stdout is a Writable", () => [process.stdout instanceof Writable, process.stderr instanceof Writable]);
show("fds", () => [process.stdout.fd, process.stderr.fd]);
show("not a TTY when piped", () => [String(process.stdout.isTTY), String(process.stderr.isTTY), String(process.stdout.columns)]);
show("writable state", () => [process.stdout.writable, typeof process.stdout._writableState, process.stdout.writableEnded, process.stdout.writableObjectMode]);
show("same object each time", () => process.stdout === process.stdout);
show("EventEmitter methods", () => { const f = () => {}; process.stdout.on("custom", f); const n = process.stdout.listenerCount("custom"); process.stdout.off("custom", f); return n; });
show("write returns true", () => process.stdout.write("chunk one, ") && process.stdout.write(Buffer.from("chunk two\n")));
show("write with encoding", () => process.stdout.write("6865782074657874210a", "hex"));
show("write bad chunk code", () => { try { process.stdout.write(5); } catch (e) { return e.code; } });
show("stdout cannot be replaced", () => { try { process.stdout = 1; return "assigned"; } catch (e) { return e.name; } });

(async () => {
  await new Promise((resolve) => process.stdout.write("before the callback\n", resolve));
  show("write callback ran", () => true);
  await new Promise((resolve) => process.stdout.write(new Uint8Array([0x75, 0x38, 0x0a]), "buffer", resolve));
  show("cork/uncork", () => { process.stdout.cork(); process.stdout.write("corked "); process.stdout.write("writes\n"); process.stdout.uncork(); return process.stdout.writableCorked; });
  // 'finish' comes after end(); nothing can be printed then, so it sets the exit code.
  process.stdout.on("finish", () => { process.exitCode = 3; });
  process.stdout.end("last line\n");
})();
