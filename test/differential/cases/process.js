"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node-exit-code: 3
const { fmt, errLine, show, showAsync } = require("../show.cjs");

// The harness runs Node with exactly these variables in its environment and
// passes the same ones to quickexec (processConfig.env, argv, execPath, version).
show("cwd", () => process.cwd());
show("platform/arch", () => [process.platform, process.arch]);
show("version", () => process.version);
show("versions.node matches version", () => process.versions.node === process.version.slice(1));
show("release.name", () => process.release.name);
show("argv", () => process.argv);
show("argv[1] is __filename", () => process.argv[1] === __filename);
show("argv0/execPath", () => [process.argv0, process.execPath]);
show("execArgv", () => process.execArgv);
show("__filename/__dirname", () => [__filename, __dirname]);
show("env read", () => [process.env.QE_DIFF_A, process.env.QE_DIFF_B, process.env.QE_DIFF_MISSING]);
show("env keys", () => Object.keys(process.env).sort());
show("env in / hasOwnProperty", () => ["QE_DIFF_A" in process.env, "NOPE" in process.env, Object.prototype.hasOwnProperty.call(process.env, "QE_DIFF_B")]);
show("env assignment coerces to string", () => { process.env.QE_NEW = 42; process.env.QE_BOOL = true; process.env.QE_UNDEF = undefined; return [process.env.QE_NEW, typeof process.env.QE_NEW, process.env.QE_BOOL, process.env.QE_UNDEF]; });
show("env delete", () => { delete process.env.QE_NEW; return ["QE_NEW" in process.env, process.env.QE_NEW]; });
show("env JSON", () => JSON.stringify(process.env) === JSON.stringify(Object.assign({}, process.env)));
show("chdir relative", () => { process.chdir("nested"); return process.cwd().slice(__dirname.length); });
show("relative fs after chdir", () => require("fs").readFileSync("a.txt", "utf8"));
show("path.resolve after chdir", () => require("path").resolve("x").slice(__dirname.length));
show("chdir ..", () => { process.chdir(".."); return process.cwd() === __dirname; });
show("chdir absolute", () => { process.chdir(__dirname + "/nested/deep"); const c = process.cwd(); process.chdir(__dirname); return c.slice(__dirname.length); });
show("chdir missing", () => process.chdir("missing-dir"));
show("chdir to file", () => process.chdir("hello.txt"));
show("chdir non-string", () => process.chdir(5));
show("hrtime shape", () => { const t = process.hrtime(); return [Array.isArray(t), t.length, Number.isInteger(t[0]), Number.isInteger(t[1])]; });
show("hrtime diff shape", () => { const d = process.hrtime(process.hrtime()); return [d.length, d[0] >= 0, d[1] >= 0]; });
show("hrtime.bigint type", () => typeof process.hrtime.bigint());
show("hrtime bad arg", () => process.hrtime([1]));
show("uptime/memoryUsage types", () => [typeof process.uptime(), typeof process.memoryUsage().heapUsed, typeof process.memoryUsage.rss()]);
show("cpuUsage shape", () => Object.keys(process.cpuUsage()).sort());
show("typeof pid/ppid", () => [typeof process.pid, typeof process.ppid]);
show("exitCode initially", () => process.exitCode);
show("process is EventEmitter", () => process instanceof require("events").EventEmitter);
show("nextTick args", () => { process.nextTick((a, b) => console.log("nextTick args -> " + a + "," + b), "x", "y"); return "scheduled"; });
show("nextTick non-function", () => process.nextTick(5));
show("emitWarning type", () => typeof process.emitWarning);
show("stdout/stderr write types", () => [typeof process.stdout.write, typeof process.stderr.write, process.stdout.fd, process.stderr.fd]);
show("process.stdout.write returns", () => process.stdout.write("raw write without newline... ") && "true");
show("umask type", () => typeof process.umask());
show("kill/abort types", () => [typeof process.kill, typeof process.abort]);
show("getuid type", () => typeof process.getuid);
show("features/config types", () => [typeof process.features, typeof process.config]);
show("process.title type", () => typeof process.title);
show("Symbol.toStringTag", () => Object.prototype.toString.call(process));

const order = [];
setTimeout(() => order.push("timeout"), 0);
Promise.resolve().then(() => order.push("promise"));
process.nextTick(() => order.push("nextTick"));
queueMicrotask(() => order.push("queueMicrotask"));
order.push("sync");
setTimeout(() => {
  show("scheduling order", () => order);
  const inner = [];
  setImmediate(() => inner.push("immediate"));
  setTimeout(() => inner.push("timeout"), 0);
  process.nextTick(() => inner.push("tick"));
  setTimeout(() => {
    // Inside a timer callback, an immediate runs before a 0 ms timer.
    show("order inside a timer", () => inner);
    process.on("beforeExit", (code) => { if (!process.beforeExitSeen) { process.beforeExitSeen = true; console.log("beforeExit -> " + code); } });
    process.on("exit", (code) => { console.log("exit event -> " + code + " exitCode=" + process.exitCode); setTimeout(() => console.log("timer in exit handler must not run"), 0); });
    process.exitCode = 3;
    show("exitCode set", () => process.exitCode);
  }, 5);
}, 2);
