"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// process: validation of the identity functions, kill, umask, cpuUsage and env,
// release, the prototype chain, the uncaught exception capture and reallyExit.
const { show } = require("../show.cjs");
const EventEmitter = require("events");

show("setuid type", () => process.setuid({}));
show("seteuid unknown user", () => process.seteuid("fhqwhgadshgnsdhjsdbkhsdabkfabkveyb"));
show("setgid type", () => process.setgid([]));
show("setgroups not an array", () => process.setgroups());
show("setgroups negative", () => process.setgroups([1, -1]));
show("setgroups bad member", () => process.setgroups([null]));
show("setgroups unknown group", () => process.setgroups([1, "fhqwhgadshgnsdhjsdbkhsdabkfabkveyb"]));
show("initgroups user type", () => process.initgroups(true));
show("initgroups extraGroup type", () => process.initgroups("foo", () => {}));
show("getgroups is an array", () => Array.isArray(process.getgroups()));
show("kill pid type", () => process.kill("SIGTERM"));
show("kill pid NaN", () => process.kill(NaN));
show("kill unknown signal", () => process.kill(0, "test"));
show("kill bad signal number", () => process.kill(0, 987));
show("kill through _kill", () => {
  const original = process._kill;
  let seen;
  process._kill = (pid, sig) => { seen = [pid, sig]; };
  try { process.kill(String(process.pid), "SIGHUP"); } finally { process._kill = original; }
  return [seen[0] === String(process.pid), seen[1]];
});
show("kill probe of self", () => process.kill(process.pid, 0));
show("umask round trip", () => { const old = process.umask(0o27); const got = process.umask(old); return [got, process.umask() === old]; });
show("umask octal string", () => { const old = process.umask("0664"); const got = process.umask(old); return got; });
show("umask ignores high bits", () => { const old = process.umask(0o10664); const got = process.umask(old); return got; });
show("umask bad string", () => process.umask("123x"));
show("umask bad type", () => process.umask({}));
show("cpuUsage bad prevValue", () => process.cpuUsage(1));
show("cpuUsage bad user", () => process.cpuUsage({ user: "a" }));
show("cpuUsage bad system", () => process.cpuUsage({ user: 3, system: null }));
show("cpuUsage negative user", () => process.cpuUsage({ user: -1, system: 2 }));
show("cpuUsage diff", () => { const d = process.cpuUsage(process.cpuUsage()); return [d.user >= 0, d.system >= 0]; });
show("setSourceMapsEnabled as string", () => { try { process.setSourceMapsEnabled(1); } catch (e) { return String(e); } });
show("config is frozen", () => { try { process.config.variables = 42; return "assigned"; } catch (e) { return e.name; } });
show("release", () => [process.release.name, process.release.lts, process.release.sourceUrl, process.release.headersUrl]);
show("env inherits Object.prototype", () => [process.env.hasOwnProperty === Object.prototype.hasOwnProperty, Object.hasOwn(process.env, "hasOwnProperty")]);
show("env symbol key", () => { const s = Symbol("s"); try { process.env[s] = 1; } catch (e) { return [e.name, s in process.env, delete process.env[s]]; } });
show("env symbol value", () => { try { process.env.QE_SYM = Symbol("v"); } catch (e) { return e.name; } });
show("env accessor", () => Object.defineProperty(process.env, "QE_GET", { get() { return "x"; } }));
show("env read-only", () => Object.defineProperty(process.env, "QE_RO", { value: "x" }));
show("env full descriptor", () => { Object.defineProperty(process.env, "QE_OK", { value: 5, configurable: true, writable: true, enumerable: true }); return process.env.QE_OK; });
show("prototype chain", () => { const proto = Object.getPrototypeOf(process); return [process instanceof process.constructor, proto instanceof EventEmitter, process.constructor.name]; });
show("capture callback type", () => process.setUncaughtExceptionCaptureCallback(42));
show("no capture callback yet", () => process.hasUncaughtExceptionCaptureCallback());

const seen = [];
process.on("uncaughtExceptionMonitor", (err, origin) => seen.push("monitor " + err.message + " " + origin));
process.setUncaughtExceptionCaptureCallback((err) => {
  seen.push("captured " + err.message);
  show("capture order", () => seen);
  show("capture set twice", () => process.setUncaughtExceptionCaptureCallback(() => {}));
  process.setUncaughtExceptionCaptureCallback(null);
  show("capture cleared", () => process.hasUncaughtExceptionCaptureCallback());
  setTimeout(() => {
    process.on("exit", (code) => console.log("exit event", code));
    process.reallyExit = (code) => console.log("reallyExit replaced", code);
    process.exit(5);
    console.log("still running after exit()");
    process.exitCode = 0;
  }, 1);
});
show("capture callback set", () => process.hasUncaughtExceptionCaptureCallback());
setTimeout(() => {
  throw new Error("from a timer");
}, 1);
