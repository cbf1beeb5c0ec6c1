"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const os = require("os");

// The harness passes this machine's values into quickexec's osConfig, so
// configurable values must match exactly.
show("EOL", () => os.EOL);
show("devNull", () => os.devNull);
show("platform", () => os.platform());
show("arch", () => os.arch());
show("type", () => os.type());
show("release", () => os.release());
show("version", () => os.version());
show("machine", () => os.machine());
show("hostname", () => os.hostname());
show("homedir", () => os.homedir());
show("tmpdir", () => os.tmpdir());
show("endianness", () => os.endianness());
show("cpus length", () => os.cpus().length);
show("cpus entry shape", () => Object.keys(os.cpus()[0]).sort().concat(Object.keys(os.cpus()[0].times).sort()));
show("totalmem", () => os.totalmem());
show("freemem type", () => [typeof os.freemem(), os.freemem() > 0, os.freemem() <= os.totalmem()]);
show("uptime type", () => typeof os.uptime());
show("loadavg shape", () => [os.loadavg().length, os.loadavg().every((n) => typeof n === "number")]);
show("availableParallelism type", () => [typeof os.availableParallelism(), os.availableParallelism() >= 1]);
show("userInfo username/homedir", () => { const u = os.userInfo(); return [u.username, u.homedir, typeof u.uid, typeof u.shell]; });
show("networkInterfaces type", () => typeof os.networkInterfaces());
show("constants.signals", () => [os.constants.signals.SIGINT, os.constants.signals.SIGTERM, os.constants.signals.SIGKILL, os.constants.signals.SIGHUP]);
show("constants.errno", () => [os.constants.errno.ENOENT, os.constants.errno.EACCES, os.constants.errno.EEXIST]);
show("constants.priority", () => [os.constants.priority.PRIORITY_LOW, os.constants.priority.PRIORITY_HIGHEST]);
show("getPriority type", () => typeof os.getPriority());
show("node:os same module", () => require("node:os") === os);
show("platform matches process.platform", () => os.platform() === process.platform && os.arch() === process.arch);
