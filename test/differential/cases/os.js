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
show("tmpdir follows TMPDIR/TMP/TEMP", () => {
  const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  const out = [];
  process.env.TMPDIR = "/tmpdir/"; out.push(os.tmpdir());
  process.env.TMPDIR = ""; process.env.TMP = "/tmp2"; out.push(os.tmpdir());
  process.env.TMP = ""; process.env.TEMP = "/temp"; out.push(os.tmpdir());
  process.env.TEMP = ""; out.push(os.tmpdir());
  process.env.TMPDIR = "/x\\"; out.push(os.tmpdir());
  for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  return out;
});
show("homedir follows HOME", () => { const saved = process.env.HOME; process.env.HOME = "/home/someone"; const h = os.homedir(); process.env.HOME = saved; return [h, os.homedir() === saved]; });
show("functions as primitives", () => [`${os.tmpdir}` === os.tmpdir(), `${os.homedir}` === os.homedir(), `${os.arch}` === os.arch(), `${os.platform}` === os.platform(), `${os.endianness}`]);
show("EOL is read-only", () => { try { os.EOL = "x"; return "no throw"; } catch (e) { return e.name; } });
show("EOL descriptor", () => { const d = Object.getOwnPropertyDescriptor(os, "EOL"); return [d.writable, d.enumerable, d.configurable]; });
show("setPriority/getPriority own process", () => { const before = os.getPriority(); os.setPriority(10); const a = os.getPriority(); os.setPriority(0, 12); const b = os.getPriority(process.pid); return [before, a, b]; });
show("getPriority bad pid type", () => os.getPriority("x"));
show("getPriority pid not integer", () => os.getPriority(3.5));
show("setPriority priority out of range", () => os.setPriority(0, 20));
show("setPriority priority bad type", () => os.setPriority(0, "1"));
show("userInfo buffer encoding", () => { const u = os.userInfo({ encoding: "buffer" }); return [Buffer.isBuffer(u.username), Buffer.isBuffer(u.homedir)]; });
show("userInfo ignores a non-object", () => typeof os.userInfo(5).username);
