/**
 * Child processes: the guest's child_process against real processes (`node`,
 * `sh`, `cat`, `sleep`) through createNodeCommandExecutor and through a
 * hand-written executor like the seed's (which only knows exit codes).
 * Every spawn asks the childProcess permission with the command, arguments,
 * resolved cwd and filtered env; children never outlive their run.
 */
import { describe, expect, it } from "vitest";
import { spawn as nodeSpawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import {
  NodeRuntime,
  allowAllChildProcess,
  createNodeDriver,
  createNodeCommandExecutor,
  createNodeRuntimeDriverFactory,
  type ChildProcessAccessRequest,
  type CommandExecutor,
  type NodeDriverOptions,
  type SpawnedProcess,
} from "../dist/src/index.js";
import { harness } from "./helpers.js";

const NODE = process.execPath;

/** The built-in executor, with `node` meaning this Node and every sandbox cwd mapped to the host's. */
const nodeExecutor = (): CommandExecutor =>
  createNodeCommandExecutor({ command: (c) => (c === "node" ? NODE : c), cwd: () => process.cwd() });

/** A hand-written executor as in the seed (resolves `code ?? 1`), recording host pids, kills and output sizes. */
function seedExecutor() {
  const pids: number[] = [];
  const kills: Array<number | undefined> = [];
  let spawnedResolve: (pid: number) => void = () => {};
  const firstSpawn = new Promise<number>((resolve) => (spawnedResolve = resolve));
  const executor: CommandExecutor = {
    spawn(command, args, options) {
      const child = nodeSpawn(command === "node" ? NODE : command, args, { cwd: process.cwd(), env: options.env, stdio: ["pipe", "pipe", "pipe"] });
      child.on("error", () => {});
      child.stdin.on("error", () => {});
      if (child.pid !== undefined) {
        pids.push(child.pid);
        spawnedResolve(child.pid);
      }
      child.stdout.on("data", (chunk: Buffer) => options.onStdout?.(chunk));
      child.stderr.on("data", (chunk: Buffer) => options.onStderr?.(chunk));
      return {
        writeStdin: (data) => void child.stdin.write(data),
        closeStdin: () => void child.stdin.end(),
        kill(signal) {
          kills.push(signal);
          child.kill(signal);
        },
        wait: () => new Promise<number>((resolve) => child.once("close", (code) => resolve(code ?? 1))),
      };
    },
  };
  return { executor, pids, kills, firstSpawn };
}

/** Runs `code` with `run()`; the program fills `out` (its exports), possibly asynchronously. */
async function guest<T = Record<string, unknown>>(driver: NodeDriverOptions, code: string): Promise<T> {
  const h = harness({}, driver);
  try {
    const result = await h.runtime.run(`const cp = require("child_process");\nconst out = {};\nmodule.exports = out;\n${code}`);
    expect(result.errorMessage, h.stderr()).toBeUndefined();
    expect(result.code).toBe(0);
    return result.exports as T;
  } finally {
    h.runtime.dispose();
  }
}

const allowed = (executor: CommandExecutor = nodeExecutor(), extra: NodeDriverOptions = {}): NodeDriverOptions => ({
  commandExecutor: executor,
  permissions: { ...allowAllChildProcess },
  ...extra,
});

/** Guest helper: what an error looks like, field by field. */
const PICK = `const pick = (e) => e && ({ name: e.name, message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path, spawnargs: e.spawnargs, signal: e.signal, killed: e.killed, cmd: e.cmd, status: e.status });\n`;

/** Resolves once `pid` no longer exists (ESRCH), false if it still does after about 5 s. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 500; i++) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") return true;
    }
    await sleep(10);
  }
  return false;
}

describe("spawning and the seed's example", () => {
  it("spawnSync('node', ['--version']) works with the built-in executor and with the seed's", async () => {
    for (const executor of [nodeExecutor(), seedExecutor().executor]) {
      const out = await guest<{ status: number; stdout: string; signal: null; pid: number; output: unknown[] }>(allowed(executor), `
        const r = cp.spawnSync("node", ["--version"], { encoding: "utf8" });
        Object.assign(out, { status: r.status, signal: r.signal, stdout: r.stdout, pid: r.pid, output: r.output, keys: Object.keys(r) });
      `);
      expect(out).toMatchObject({ status: 0, signal: null, stdout: `${process.version}\n`, keys: ["status", "signal", "output", "pid", "stdout", "stderr"] });
      expect(out.pid).toBeGreaterThan(0);
      expect(out.output).toEqual([null, `${process.version}\n`, ""]);
    }
  });

  it("spawn: a ChildProcess with pid, streams, and spawn / exit / close in Node's order", async () => {
    const out = await guest<{ log: unknown[]; pid: number; spawnfile: string; spawnargs: string[] }>(allowed(), `
      const log = [];
      const c = cp.spawn("sh", ["-c", "echo hi; echo oops >&2; exit 3"]);
      Object.assign(out, { log, pid: c.pid, spawnfile: c.spawnfile, spawnargs: c.spawnargs, isEmitter: c instanceof require("events"), isChildProcess: c instanceof cp.ChildProcess });
      c.on("spawn", () => log.push("spawn"));
      c.stdout.setEncoding("utf8");
      c.stdout.on("data", (d) => log.push("stdout " + d.trim()));
      c.stderr.on("data", (d) => log.push("stderr " + Buffer.isBuffer(d) + " " + String(d).trim()));
      c.stdout.on("end", () => log.push("stdout end"));
      c.stderr.on("end", () => log.push("stderr end"));
      c.on("exit", (code, signal) => log.push(["exit", code, signal, c.exitCode, c.signalCode]));
      c.on("close", (code, signal) => log.push(["close", code, signal]));
    `);
    expect(out.pid).toBeGreaterThan(0);
    expect(out).toMatchObject({ spawnfile: "sh", spawnargs: ["sh", "-c", "echo hi; echo oops >&2; exit 3"], isEmitter: true, isChildProcess: true });
    const log = out.log;
    expect(log[0]).toBe("spawn");
    expect(log).toContain("stdout hi");
    expect(log).toContain("stderr true oops");
    const exitAt = log.findIndex((e) => Array.isArray(e) && e[0] === "exit");
    expect(log[exitAt]).toEqual(["exit", 3, null, 3, null]);
    expect(log[log.length - 1]).toEqual(["close", 3, null]);
    expect(log.indexOf("stdout end")).toBeLessThan(log.length - 1);
    expect(log.indexOf("stderr end")).toBeLessThan(log.length - 1);
  });

  it("the shell option runs /bin/sh -c with the command line, as the permission check sees it", async () => {
    const requests: ChildProcessAccessRequest[] = [];
    const out = await guest<{ stdout: string }>(
      allowed(nodeExecutor(), { permissions: { childProcess: (r) => (requests.push(r), { allow: true }) } }),
      `out.stdout = cp.execSync("echo $((6 * 7))", { encoding: "utf8" });`,
    );
    expect(out.stdout).toBe("42\n");
    expect(requests.map((r) => [r.command, r.args])).toEqual([["/bin/sh", ["-c", "echo $((6 * 7))"]]]);
  });
});

describe("the childProcess permission", () => {
  it("sees the command, args, the cwd resolved against the guest's, and the env the child gets (filtered)", async () => {
    const requests: ChildProcessAccessRequest[] = [];
    const cwds: string[] = [];
    const executor = createNodeCommandExecutor({ cwd: (c) => (cwds.push(c), process.cwd()) });
    const out = await guest<{ pwd: string; defaultEnv: Record<string, string> }>(
      {
        commandExecutor: executor,
        permissions: { childProcess: (r) => (requests.push(r), { allow: true }), env: () => ({ allow: true }) },
        processConfig: { cwd: "/home/guest", env: { FROM_CONFIG: "1", LD_PRELOAD: "/tmp/evil.so", NODE_OPTIONS: "--require /tmp/evil.js", PATH: process.env.PATH! } },
      },
      `
        process.env.SET_BY_GUEST = "yes";
        out.pwd = cp.execFileSync("pwd", [], { cwd: "sub/../work", encoding: "utf8" }).trim();
        cp.spawnSync("true", [], { env: { ONLY: "this", BASH_ENV: "/tmp/x", LD_LIBRARY_PATH: "/tmp", DYLD_INSERT_LIBRARIES: "/x", node_options: "-r x", PYTHONPATH: "/p", N: 5 } });
      `,
    );
    expect(out.pwd).toBe(process.cwd());
    expect(cwds).toEqual(["/home/guest/work", "/home/guest"]);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toEqual({ command: "pwd", args: [], cwd: "/home/guest/work", env: { FROM_CONFIG: "1", PATH: process.env.PATH, SET_BY_GUEST: "yes" } });
    expect(requests[1]).toEqual({ command: "true", args: [], cwd: "/home/guest", env: { ONLY: "this", N: "5" } });
  });

  it("a denied spawn never reaches the executor: EACCES naming the command and the reason, in every form", async () => {
    const seed = seedExecutor();
    const out = await guest<Record<string, Record<string, unknown>>>(
      { commandExecutor: seed.executor, permissions: { childProcess: (r) => ({ allow: r.command === "node", reason: `${r.command} is not on the list` }) } },
      PICK +
        `
        const events = [];
        const c = cp.spawn("sh", ["-c", "echo no"]);
        out.spawn = { pid: c.pid, sync: events.length };
        c.on("spawn", () => events.push("spawn"));
        c.on("error", (e) => events.push(["error", pick(e)]));
        c.on("exit", () => events.push("exit"));
        c.on("close", (code, signal) => { events.push(["close", code, signal]); out.spawn.events = events; });
        const r = cp.spawnSync("sh", ["-c", "echo no"]);
        out.spawnSync = { error: pick(r.error), status: r.status, signal: r.signal, output: r.output, pid: r.pid, stdout: r.stdout };
        try { cp.execSync("echo no"); } catch (e) { out.execSync = pick(e); }
        try { cp.execFileSync("sh", ["-c", "x"]); } catch (e) { out.execFileSync = pick(e); }
        cp.exec("echo no", (err, stdout, stderr) => { out.exec = { err: pick(err), stdout, stderr }; });
      `,
    );
    expect(seed.pids).toEqual([]);
    const denial = (syscall: string, command: string, spawnargs: string[]) => ({
      name: "Error",
      code: "EACCES",
      errno: -13,
      syscall: `${syscall} ${command}`,
      path: command,
      spawnargs,
      message: `EACCES: permission denied, ${syscall} ${command} (${command} is not on the list)`,
    });
    expect(out.spawn).toEqual({ pid: undefined, sync: 0, events: [["error", denial("spawn", "sh", ["-c", "echo no"])], ["close", -13, null]] });
    expect(out.spawnSync).toEqual({ error: denial("spawnSync", "sh", ["-c", "echo no"]), status: null, signal: null, output: null, pid: 0, stdout: null });
    expect(out.execSync).toMatchObject({ ...denial("spawnSync", "/bin/sh", ["-c", "echo no"]), status: null });
    expect(out.execFileSync).toMatchObject(denial("spawnSync", "sh", ["-c", "x"]));
    expect(out.exec).toEqual({ err: { ...denial("spawn", "/bin/sh", ["-c", "echo no"]), cmd: "echo no" }, stdout: "", stderr: "" });
  });

  it("no commandExecutor, or a browser host: a clear error saying why", async () => {
    const noExecutor = await guest<Record<string, Record<string, unknown>>>({ permissions: { ...allowAllChildProcess } }, PICK + `
      const r = cp.spawnSync("node", ["--version"]);
      out.sync = pick(r.error);
      cp.spawn("node").on("error", (e) => { out.async = pick(e); });
    `);
    const expected = {
      code: "ERR_QUICKEXEC_NO_CHILD_PROCESS",
      message: "child processes are not available: no commandExecutor was given to createNodeDriver",
      path: "node",
    };
    expect(noExecutor.sync).toMatchObject({ ...expected, syscall: "spawnSync node" });
    expect(noExecutor.async).toMatchObject({ ...expected, syscall: "spawn node" });

    // A browser system driver (as createBrowserDriver makes) with an executor anyway: still no processes.
    const seed = seedExecutor();
    const browser = { ...createNodeDriver({ commandExecutor: seed.executor, permissions: { ...allowAllChildProcess } }), kind: "browser" as const };
    const runtime = new NodeRuntime({ systemDriver: browser, runtimeDriverFactory: createNodeRuntimeDriverFactory() });
    try {
      const result = await runtime.run(`const r = require("child_process").spawnSync("node", ["--version"]); module.exports = { code: r.error.code, message: r.error.message };`);
      expect(result.exports).toEqual({ code: "ERR_QUICKEXEC_NO_CHILD_PROCESS", message: "child processes are not available in the browser driver (only createNodeDriver can start them)" });
      expect(seed.pids).toEqual([]);
    } finally {
      runtime.dispose();
    }
  });
});

describe("the child's environment", () => {
  it("LD_PRELOAD, NODE_OPTIONS and the other code-loading variables never reach the child; the rest does", async () => {
    const printEnv = `process.stdout.write(JSON.stringify(process.env))`;
    const out = await guest<{ fromOptions: Record<string, string>; fromProcess: Record<string, string> }>(
      allowed(nodeExecutor(), {
        permissions: { ...allowAllChildProcess, env: () => ({ allow: true }) },
        processConfig: { env: { KEEP: "kept", LD_PRELOAD: "/nonexistent/evil.so", NODE_OPTIONS: "--require /nonexistent/evil.js", NODE_PATH: "/x" } },
      }),
      `
        out.fromProcess = JSON.parse(cp.execFileSync("node", ["-e", ${JSON.stringify(printEnv)}], { encoding: "utf8" }));
        out.fromOptions = JSON.parse(cp.execFileSync("node", ["-e", ${JSON.stringify(printEnv)}], {
          encoding: "utf8",
          env: { MINE: "1", LD_PRELOAD: "/nonexistent/evil.so", LD_AUDIT: "/a.so", NODE_OPTIONS: "--require /x.js", BASH_ENV: "/b", ENV: "/e", PERL5OPT: "-Mx", PYTHONSTARTUP: "/s.py", "BASH_FUNC_ls%%": "() { echo; }" },
        }));
      `,
    );
    expect(out.fromProcess).toEqual({ KEEP: "kept" });
    expect(out.fromOptions).toEqual({ MINE: "1" });
  });
});

describe("exit codes and signals", () => {
  it.each([
    ["the built-in executor ({ code, signal })", nodeExecutor],
    ["the seed's executor (exit codes only)", () => seedExecutor().executor],
  ])("kill() from the guest with %s: exit(null, signal), killed, false once exited, unknown signals throw", async (_name, make) => {
    const out = await guest<Record<string, unknown>>(allowed(make()), `
      const term = cp.spawn("sleep", ["30"]);
      term.on("spawn", () => { out.termKill = [term.kill(), term.killed]; });
      term.on("exit", (code, signal) => { out.term = [code, signal, term.exitCode, term.signalCode]; out.afterExit = term.kill(); });
      term.on("close", (code, signal) => { out.termClose = [code, signal]; });
      const kill = cp.spawn("sleep", ["30"]);
      try { kill.kill("SIGNOPE"); } catch (e) { out.unknown = [e.name, e.code, e.message]; }
      try { kill.kill(99); } catch (e) { out.unknownNumber = e.message; }
      out.zero = kill.kill(0);
      kill.kill("sigkill");
      kill.on("exit", (code, signal) => { out.kill = [code, signal]; });
    `);
    expect(out).toMatchObject({
      termKill: [true, true],
      term: [null, "SIGTERM", null, "SIGTERM"],
      termClose: [null, "SIGTERM"],
      afterExit: false,
      unknown: ["TypeError", "ERR_UNKNOWN_SIGNAL", "Unknown signal: SIGNOPE"],
      unknownNumber: "Unknown signal: 99",
      zero: true,
      kill: [null, "SIGKILL"],
    });
  });

  it("a signal the child raises itself and exit codes come back exactly with the built-in executor", async () => {
    const out = await guest<Record<string, unknown>>(allowed(), `
      const r = cp.spawnSync("sh", ["-c", "kill -TERM $$"]);
      out.sync = [r.status, r.signal];
      const s = cp.spawnSync("sh", ["-c", "exit 7"]);
      out.code = [s.status, s.signal];
      cp.spawn("sh", ["-c", "kill -USR1 $$"]).on("exit", (code, signal) => { out.async = [code, signal]; });
    `);
    expect(out).toEqual({ sync: [null, "SIGTERM"], code: [7, null], async: [null, "SIGUSR1"] });
  });

  it("a command that does not exist: Node's ENOENT error and close(-2)", async () => {
    const out = await guest<Record<string, unknown>>(allowed(), PICK + `
      const events = [];
      const c = cp.spawn("quickexec-no-such-command", ["a"]);
      c.on("error", (e) => events.push(pick(e)));
      c.on("close", (code, signal) => { events.push([code, signal]); out.async = events; });
      out.sync = pick(cp.spawnSync("quickexec-no-such-command", ["b"]).error);
    `);
    expect(out.sync).toMatchObject({ code: "ENOENT", errno: -2, syscall: "spawnSync quickexec-no-such-command", path: "quickexec-no-such-command", spawnargs: ["b"], message: "spawnSync quickexec-no-such-command ENOENT" });
    expect(out.async).toEqual([
      expect.objectContaining({ code: "ENOENT", errno: -2, syscall: "spawn quickexec-no-such-command", spawnargs: ["a"], message: "spawn quickexec-no-such-command ENOENT" }),
      [-2, null],
    ]);
  });
});

describe("stdin, output and encodings", () => {
  it("stdin write/end to cat, with setEncoding; a large round trip keeps every byte", async () => {
    const out = await guest<Record<string, unknown>>(allowed(), `
      const c = cp.spawn("cat");
      c.stdout.setEncoding("utf8");
      let text = "";
      c.stdout.on("data", (d) => (text += d));
      out.writeReturned = c.stdin.write("abc");
      c.stdin.end("déf", () => { out.ended = true; });
      c.on("close", (code) => { out.cat = [text, code]; });

      // A 251-byte pattern (prime): any lost, doubled or reordered chunk shows.
      const big = Buffer.alloc(1024 * 1024 + 17, Buffer.from(Array.from({ length: 251 }, (_, i) => i)));
      const copy = cp.spawn("cat");
      const chunks = [];
      copy.stdout.on("data", (d) => chunks.push(d));
      copy.stdin.end(big);
      copy.on("close", () => { out.bigEqual = Buffer.concat(chunks).equals(big); });
    `);
    expect(out).toEqual({ writeReturned: true, ended: true, cat: ["abcdéf", 0], bigEqual: true });
  });

  it("spawnSync input (string, Buffer, TypedArray), encoding, and output as Buffers by default", async () => {
    const out = await guest<Record<string, unknown>>(allowed(), `
      out.string = cp.spawnSync("cat", { input: "héllo", encoding: "utf8" }).stdout;
      const b = cp.spawnSync("cat", [], { input: Buffer.from([1, 2, 3]) }).stdout;
      out.buffer = [Buffer.isBuffer(b), [...b]];
      out.typed = [...cp.spawnSync("cat", [], { input: new Uint16Array([0x0201]) }).stdout];
      out.hex = cp.execFileSync("printf", ["AB"], { encoding: "hex" });
    `);
    expect(out).toEqual({ string: "héllo", buffer: [true, [1, 2, 3]], typed: [1, 2], hex: "4142" });
  });

  it("exec and execFile: callback (err, stdout, stderr), encoding 'buffer', errors with code/killed/signal/cmd, and util.promisify", async () => {
    const out = await guest<Record<string, unknown>>(allowed(), PICK + `
      const util = require("util");
      cp.exec("echo out; echo err >&2; exit 2", (err, stdout, stderr) => { out.failed = [pick(err), stdout, stderr]; });
      cp.execFile("sh", ["-c", "printf hi"], { encoding: "buffer" }, (err, stdout, stderr) => { out.buffer = [err, Buffer.isBuffer(stdout), String(stdout), Buffer.isBuffer(stderr)]; });
      const child = cp.execFile("node", ["-e", "console.log(1 + 1)"], (err, stdout) => { out.node = [err, stdout]; });
      out.execFileReturns = child instanceof cp.ChildProcess;
      (async () => {
        out.promisified = await util.promisify(cp.exec)("echo hi");
        const p = util.promisify(cp.execFile)("sh", ["-c", "echo o; echo e >&2; exit 5"]);
        out.promiseChild = p.child instanceof cp.ChildProcess;
        try { await p; } catch (e) { out.rejected = [e.code, e.stdout, e.stderr, e.cmd]; }
      })();
    `);
    expect(out.failed).toEqual([
      expect.objectContaining({ message: "Command failed: echo out; echo err >&2; exit 2\nerr\n", code: 2, killed: false, signal: null, cmd: "echo out; echo err >&2; exit 2" }),
      "out\n",
      "err\n",
    ]);
    expect(out).toMatchObject({
      buffer: [null, true, "hi", true],
      node: [null, "2\n"],
      execFileReturns: true,
      promisified: { stdout: "hi\n", stderr: "" },
      promiseChild: true,
      rejected: [5, "o\n", "e\n", "sh -c echo o; echo e >&2; exit 5"],
    });
  });

  it("execSync / execFileSync throw on a non-zero exit as Node does, with status, stdout and stderr", async () => {
    const h = harness({}, allowed());
    try {
      const result = await h.runtime.run(`
        const cp = require("child_process");
        const out = {};
        try { cp.execSync("echo partial; echo bad >&2; exit 3"); } catch (e) {
          out.execSync = { message: e.message, status: e.status, signal: e.signal, stdout: String(e.stdout), stderr: String(e.stderr), output: e.output.map((o) => o && String(o)), keys: Object.keys(e) };
        }
        try { cp.execFileSync("sh", ["-c", "exit 4"], { stdio: "pipe" }); } catch (e) { out.execFileSync = [e.message, e.status]; }
        out.ok = cp.execSync("echo fine").toString();
        module.exports = out;
      `);
      expect(result.code).toBe(0);
      expect(result.exports).toEqual({
        execSync: {
          message: "Command failed: echo partial; echo bad >&2; exit 3\nbad\n",
          status: 3,
          signal: null,
          stdout: "partial\n",
          stderr: "bad\n",
          output: [null, "partial\n", "bad\n"],
          keys: ["status", "signal", "output", "pid", "stdout", "stderr"],
        },
        execFileSync: ["Command failed: sh -c exit 4", 4],
        ok: "fine\n",
      });
      // Without a stdio option, execSync passes the child's stderr on to the guest's, as Node does.
      expect(h.stderr()).toBe("bad\n");
    } finally {
      h.runtime.dispose();
    }
  });

  it("stdio 'inherit' sends the child's output to the guest's stdout/stderr; 'ignore' drops it", async () => {
    const h = harness({}, allowed());
    try {
      const result = await h.runtime.run(`
        const cp = require("child_process");
        const r = cp.spawnSync("sh", ["-c", "echo sync-out; echo sync-err >&2"], { stdio: "inherit" });
        const ignored = cp.spawnSync("sh", ["-c", "echo hidden"], { stdio: "ignore" });
        const c = cp.spawn("sh", ["-c", "echo async-out"], { stdio: ["pipe", "inherit", "ignore"] });
        module.exports = { sync: [r.status, r.stdout, r.output], ignored: [ignored.status, ignored.stdout], streams: [c.stdout, c.stderr, c.stdin !== null] };
      `);
      expect(result.exports).toEqual({ sync: [0, null, [null, null, null]], ignored: [0, null], streams: [null, null, true] });
      expect(h.stdout()).toBe("sync-out\nasync-out\n");
      expect(h.stderr()).toBe("sync-err\n");
    } finally {
      h.runtime.dispose();
    }
  });
});

describe("limits: maxBuffer, timeout, abort", () => {
  it("exec past maxBuffer: the child is killed, ERR_CHILD_PROCESS_STDIO_MAXBUFFER, stdout truncated to maxBuffer", async () => {
    const out = await guest<Record<string, unknown>>(allowed(), `
      cp.exec("head -c 300000 /dev/zero", { maxBuffer: 1000 }, (err, stdout) => {
        out.err = [err.name, err.code, err.message, err.cmd, Object.keys(err)];
        out.length = stdout.length;
      });
      cp.exec("yes", { encoding: "buffer" }, (err, stdout) => { out.defaultLimit = [err.code, stdout.length]; });
    `);
    expect(out).toEqual({
      err: ["RangeError", "ERR_CHILD_PROCESS_STDIO_MAXBUFFER", "stdout maxBuffer length exceeded", "head -c 300000 /dev/zero", ["code", "cmd"]],
      length: 1000,
      defaultLimit: ["ERR_CHILD_PROCESS_STDIO_MAXBUFFER", 1024 * 1024],
    });
  });

  it("spawnSync past maxBuffer: ENOBUFS, killed with the killSignal; execSync throws it", async () => {
    const out = await guest<Record<string, unknown>>(allowed(), PICK + `
      const r = cp.spawnSync("sh", ["-c", "head -c 5000 /dev/zero; sleep 30"], { maxBuffer: 100 });
      out.spawnSync = [pick(r.error), r.status, r.signal, r.stdout.length];
      const k = cp.spawnSync("yes", [], { maxBuffer: 10, killSignal: "SIGKILL" });
      out.killSignal = [k.error.code, k.signal];
      try { cp.execSync("yes", { maxBuffer: 50 }); } catch (e) { out.execSync = [e.code, e.syscall, e.signal, e.stdout.length]; }
    `);
    expect(out.spawnSync).toEqual([
      expect.objectContaining({ code: "ENOBUFS", errno: -105, syscall: "spawnSync sh", message: "spawnSync sh ENOBUFS" }),
      null,
      "SIGTERM",
      100,
    ]);
    expect(out.killSignal).toEqual(["ENOBUFS", "SIGKILL"]);
    expect(out.execSync).toEqual(["ENOBUFS", "spawnSync /bin/sh", "SIGTERM", 50]);
  });

  it("timeouts: spawnSync ETIMEDOUT with the signal, execSync throws, exec reports killed, spawn is killed", async () => {
    const out = await guest<Record<string, unknown>>(allowed(), PICK + `
      const r = cp.spawnSync("sleep", ["30"], { timeout: 50 });
      out.spawnSync = [pick(r.error), r.status, r.signal];
      const k = cp.spawnSync("sleep", ["30"], { timeout: 50, killSignal: "SIGKILL" });
      out.killSignal = [k.error.code, k.signal];
      try { cp.execSync("sleep 30", { timeout: 50 }); } catch (e) { out.execSync = [e.code, e.message]; }
      cp.exec("sleep 30", { timeout: 50 }, (err) => { out.exec = [err.killed, err.signal, err.code, err.message]; });
      const c = cp.spawn("sleep", ["30"], { timeout: 50 });
      c.on("exit", (code, signal) => { out.spawn = [code, signal, c.killed]; });
    `);
    expect(out).toEqual({
      spawnSync: [expect.objectContaining({ code: "ETIMEDOUT", errno: -110, syscall: "spawnSync sleep", path: "sleep", spawnargs: ["30"] }), null, "SIGTERM"],
      killSignal: ["ETIMEDOUT", "SIGKILL"],
      execSync: ["ETIMEDOUT", "spawnSync /bin/sh ETIMEDOUT"],
      exec: [true, "SIGTERM", null, "Command failed: sleep 30\n"],
      spawn: [null, "SIGTERM", true],
    });
    // The seed's executor only reports exit codes: the signal the timeout sent is what the guest sees.
    const seed = await guest<Record<string, unknown>>(allowed(seedExecutor().executor), `
      const r = cp.spawnSync("sleep", ["30"], { timeout: 50, killSignal: "SIGINT" });
      out.sync = [r.error.code, r.status, r.signal];
    `);
    expect(seed.sync).toEqual(["ETIMEDOUT", null, "SIGINT"]);
  });

  it("the built-in executor ends a shell's whole command: a timeout kills what the shell started too", async () => {
    const started = Date.now();
    const out = await guest<Record<string, unknown>>(allowed(), `
      cp.exec("sleep 30; echo never", { timeout: 50 }, (err, stdout) => { out.exec = [err.killed, err.signal, stdout]; });
    `);
    expect(out.exec).toEqual([true, "SIGTERM", ""]);
    // Had sleep survived its shell, the pipes would have stayed open for 30 s.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("an AbortSignal kills the child and emits an AbortError", async () => {
    const out = await guest<Record<string, unknown>>(allowed(), `
      const ac = new AbortController();
      const c = cp.spawn("sleep", ["30"], { signal: ac.signal });
      c.on("error", (e) => { out.error = [e.name, e.code, e.message]; });
      c.on("exit", (code, signal) => { out.exit = [code, signal]; });
      c.on("spawn", () => ac.abort());
    `);
    expect(out).toEqual({ error: ["AbortError", "ABORT_ERR", "The operation was aborted"], exit: [null, "SIGTERM"] });
  });

  it("fork is refused with a clear error", async () => {
    const out = await guest<Record<string, unknown>>(allowed(), `try { cp.fork("x.js"); } catch (e) { out.fork = [e.code, e.message]; }`);
    expect(out.fork).toEqual(["ERR_QUICKEXEC_UNSUPPORTED", expect.stringContaining("no IPC channel")]);
  });
});

describe("children never outlive their run", () => {
  it("a child still running (unref'd) when the program ends is killed", async () => {
    const seed = seedExecutor();
    const out = await guest<{ pid: number }>(allowed(seed.executor), `const c = cp.spawn("sleep", ["30"]); c.unref(); out.pid = c.pid;`);
    expect(out.pid).toBeGreaterThan(0);
    expect(seed.pids).toHaveLength(1);
    expect(await gone(seed.pids[0]!)).toBe(true);
    expect(seed.kills).toEqual([9]);
  });

  it.each([
    ["spawn", `require("child_process").spawn("sleep", ["30"]); setInterval(() => {}, 1000);`],
    ["spawnSync", `require("child_process").spawnSync("sleep", ["30"]);`],
  ])("terminate() while a %s child runs kills it", async (_form, code) => {
    const seed = seedExecutor();
    const h = harness({}, allowed(seed.executor));
    try {
      const running = h.runtime.run(code);
      const pid = await seed.firstSpawn;
      h.runtime.terminate();
      const result = await running;
      expect(result.code).toBe(143);
      expect(await gone(pid)).toBe(true);
    } finally {
      h.runtime.dispose();
    }
  });

  it("a run that hits its CPU limit kills its children", async () => {
    const seed = seedExecutor();
    const h = harness({ cpuTimeLimitMs: 200 }, allowed(seed.executor));
    try {
      const result = await h.runtime.run(`require("child_process").spawn("sleep", ["30"]); for (;;) {}`);
      expect(result.code).toBe(124);
      expect(seed.pids).toHaveLength(1);
      expect(await gone(seed.pids[0]!)).toBe(true);
    } finally {
      h.runtime.dispose();
    }
  });

  it("runaway output while the guest is busy is bounded: the child is killed with ERR_QUICKEXEC_CHILD_OUTPUT_OVERFLOW", async () => {
    // `cat /dev/zero` writes as fast as it can while the guest waits in a spawnSync
    // that ends only once the host killed the flood (so nothing here depends on timing).
    let forwarded = 0;
    let forwardedAtKill = -1;
    let killedResolve: () => void = () => {};
    const killed = new Promise<void>((resolve) => (killedResolve = resolve));
    const inner = createNodeCommandExecutor();
    const executor: CommandExecutor = {
      spawn(command, args, options) {
        if (command === "wait-for-kill") {
          const waiting: SpawnedProcess = { writeStdin() {}, closeStdin() {}, kill() {}, wait: () => killed.then(() => 0) };
          return waiting;
        }
        const proc = inner.spawn(command, args, {
          ...options,
          onStdout: (data) => {
            forwarded += data.byteLength;
            options.onStdout?.(data);
          },
        });
        // Only the four methods of the interface: this executor cannot pause output.
        return {
          writeStdin: (data) => proc.writeStdin(data),
          closeStdin: () => proc.closeStdin(),
          wait: () => proc.wait(),
          kill(signal) {
            if (forwardedAtKill < 0) forwardedAtKill = forwarded;
            proc.kill(signal);
            killedResolve();
          },
        };
      },
    };
    const out = await guest<Record<string, unknown>>(allowed(executor), `
      let received = 0;
      const flood = cp.spawn("cat", ["/dev/zero"]);
      flood.stdout.on("data", (d) => { received += d.length; });
      flood.on("error", (e) => { out.error = [e.code, e.message]; });
      flood.on("close", (code, signal) => { out.close = [code, signal, received]; });
      cp.spawnSync("wait-for-kill");
    `);
    const limit = 16 * 1024 * 1024;
    expect(forwardedAtKill).toBeGreaterThan(limit);
    expect(forwardedAtKill).toBeLessThan(limit + 1024 * 1024);
    expect(out.error).toEqual(["ERR_QUICKEXEC_CHILD_OUTPUT_OVERFLOW", expect.stringContaining("16 MiB")]);
    const [code, signal, received] = out.close as [null, string, number];
    expect([code, signal]).toEqual([null, "SIGKILL"]);
    // Everything forwarded before the kill reaches the guest; nothing after it is sent.
    expect(received).toBe(forwardedAtKill);
  });
});

describe("backpressure with the built-in executor", () => {
  it("output is paused while the guest is behind (about 1 MiB queued) and resumes: a fast producer is read whole, never killed", async () => {
    let forwarded = 0;
    let forwardedAtPause = -1;
    let pausedResolve: () => void = () => {};
    const paused = new Promise<void>((resolve) => (pausedResolve = resolve));
    const inner = createNodeCommandExecutor();
    const executor = {
      spawn(command: string, args: string[], options: Parameters<CommandExecutor["spawn"]>[2]) {
        if (command === "wait-for-pause") return { writeStdin() {}, closeStdin() {}, kill() {}, wait: () => paused.then(() => 0) };
        const proc = inner.spawn(command, args, {
          ...options,
          onStdout: (data) => {
            forwarded += data.byteLength;
            options.onStdout?.(data);
          },
        }) as ReturnType<CommandExecutor["spawn"]> & { pauseOutput(): void; resumeOutput(): void };
        return {
          ...proc,
          pauseOutput() {
            if (forwardedAtPause < 0) forwardedAtPause = forwarded;
            proc.pauseOutput();
            pausedResolve();
          },
        };
      },
    } as CommandExecutor;
    const total = 40 * 1024 * 1024;
    const out = await guest<Record<string, unknown>>(allowed(executor), `
      let received = 0;
      const c = cp.spawn("head", ["-c", "${total}", "/dev/zero"]);
      c.stdout.on("data", (d) => { received += d.length; });
      c.on("error", (e) => { out.error = e.code; });
      c.on("close", (code, signal) => { out.close = [code, signal, received]; });
      cp.spawnSync("wait-for-pause");
    `);
    expect(forwardedAtPause).toBeGreaterThan(1024 * 1024);
    expect(forwardedAtPause).toBeLessThan(2 * 1024 * 1024);
    expect(out).toEqual({ close: [0, null, total] });
  });
});

describe("createNodeCommandExecutor", () => {
  it("validates its options", () => {
    expect(() => createNodeCommandExecutor({ cwd: "/tmp" } as never)).toThrow(/options.cwd must be a function/);
    expect(() => createNodeCommandExecutor({ shell: true } as never)).toThrow(/unknown option "shell"/);
  });

  it("never uses a shell and never passes the host's environment; wait() gives { code, signal }", async () => {
    const executor = createNodeCommandExecutor();
    const chunks: Uint8Array[] = [];
    const proc = executor.spawn("sh", ["-c", 'printf "%s|%s" "$HOME" "$0"; kill -KILL $$'], { env: { PATH: process.env.PATH! }, onStdout: (d) => chunks.push(d) });
    expect(await proc.wait()).toEqual({ code: null, signal: "SIGKILL" });
    expect(Buffer.concat(chunks).toString()).toBe("|sh");
    const literal = executor.spawn("echo", ["$HOME;", "`id`"], { env: { PATH: process.env.PATH! }, onStdout: (d) => chunks.push(d) });
    chunks.length = 0;
    expect(await literal.wait()).toEqual({ code: 0, signal: null });
    expect(Buffer.concat(chunks).toString()).toBe("$HOME; `id`\n");
    await expect(executor.spawn("quickexec-no-such-command", [], {}).wait()).rejects.toMatchObject({ code: "ENOENT" });
  });
});
