// Attack cases (issue 6): disclosure. What the guest can learn about its host: environment variables, host
// paths (in errors, stack traces and module metadata), the real clock, process ids and machine figures.
// Each case states what "contained" means and checks exactly that.
import * as nodeFs from "node:fs";
import * as os from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allowAll,
  allowAllEnv,
  createHostFileSystem,
  createInMemoryFileSystem,
  createNodeCommandExecutor,
  type CommandExecutor,
  type CommandSpawnOptions,
  type NodeDriverOptions,
  type RunResult,
  type SpawnedProcess,
} from "../../dist/src/index.js";
import { harness, type Harness } from "../helpers.js";

/** A host environment variable the guest must never see: its name and value are unique to this test process. */
const HOST_VAR = `QE_DISCLOSURE_SECRET_${process.pid}`;
const HOST_VALUE = `host-only-value-${process.pid}-${Math.random().toString(36).slice(2)}`;

let base: string;
let root: string;
let project: string;
beforeAll(() => {
  process.env[HOST_VAR] = HOST_VALUE;
  base = nodeFs.realpathSync(nodeFs.mkdtempSync(join(os.tmpdir(), "qe-disclosure-")));
  root = join(base, "root");
  project = join(base, "project");
  nodeFs.mkdirSync(join(root, "root", "lib"), { recursive: true });
  nodeFs.writeFileSync(join(root, "root", "lib", "bad.js"), "module.exports = {;");
  nodeFs.writeFileSync(join(root, "root", "lib", "bad.json"), "{ not json");
  nodeFs.writeFileSync(join(root, "root", "lib", "bad.mjs"), "export const = 1;");
  nodeFs.writeFileSync(join(root, "root", "lib", "throws.js"), "throw new Error('thrown while loading');");
  nodeFs.writeFileSync(join(root, "root", "lib", "ok.mjs"), "export const url = import.meta.url;");
  nodeFs.symlinkSync("loop-b", join(root, "root", "lib", "loop-a"));
  nodeFs.symlinkSync("loop-a", join(root, "root", "lib", "loop-b"));
  const pkg = join(project, "node_modules", "pkg");
  nodeFs.mkdirSync(pkg, { recursive: true });
  nodeFs.writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "pkg", main: "index.js" }));
  nodeFs.writeFileSync(join(pkg, "index.js"), "exports.where = [__filename, __dirname, module.paths]; exports.boom = () => { throw new Error('boom in a package'); };");
  nodeFs.writeFileSync(join(pkg, "broken.js"), "module.exports = ;");
});
afterAll(() => {
  delete process.env[HOST_VAR];
  nodeFs.rmSync(base, { recursive: true, force: true });
});

/**
 * Host paths the guest must never see: the test's temp tree (the filesystem's root and the overlay's
 * project), the repository, its dist, node_modules and src. (The host's home directory is `/root` on a
 * machine that runs as root, the same as the sandbox's default: the metadata case points HOME elsewhere.)
 */
function hostPaths(): string[] {
  return [base, root, project, resolve("."), resolve("dist"), resolve("node_modules"), resolve("src"), join(os.tmpdir(), "qe-disclosure-")];
}

/** Everything a run gave back, as one string: exports, output and error message. */
function everything(result: RunResult, h: Harness): string {
  return JSON.stringify(result.exports, (_k, v) => (typeof v === "bigint" ? String(v) : v)) + h.stdout() + h.stderr() + String(result.errorMessage);
}

/** Expects none of the host's paths, nor its environment variable, in `text`. */
function expectNoHostTrace(text: string): void {
  for (const p of hostPaths()) expect(text.includes(p), `${p} appears in ${text.slice(0, 300)}`).toBe(false);
  expect(text).not.toContain(HOST_VAR);
  expect(text).not.toContain(HOST_VALUE);
}

/** Runs `code` (CommonJS, or an ES module for a `.mjs` path) and returns the result and the harness. */
async function run(driver: NodeDriverOptions, code: string, filePath?: string, options: Parameters<typeof harness>[0] = {}): Promise<[RunResult, Harness]> {
  const h = harness({ cpuTimeLimitMs: 20_000, ...options }, driver);
  try {
    return [await h.runtime.run(code, filePath), h];
  } finally {
    h.runtime.dispose();
  }
}

/** A command executor that starts nothing and records what it was asked to start. */
function recordingExecutor(): { executor: CommandExecutor; spawns: Array<{ command: string; args: string[]; options: CommandSpawnOptions }> } {
  const spawns: Array<{ command: string; args: string[]; options: CommandSpawnOptions }> = [];
  const executor: CommandExecutor = {
    spawn(command, args, options): SpawnedProcess {
      spawns.push({ command, args: [...args], options: { ...options, env: { ...options.env } } });
      return { writeStdin() {}, closeStdin() {}, kill() {}, wait: async () => 0 };
    },
  };
  return { executor, spawns };
}

describe("host environment variables", () => {
  it("process.env holds only processConfig.env keys the env permission allows, never the host's own variables", async () => {
    // Contained: with no processConfig.env the guest's env is empty whatever the env permission says; with one,
    // it holds exactly the allowed keys; the host variable's name and value appear in nothing the run gives back
    // (exports, output, error messages), and a denied key is absent by every means of looking.
    const probe = `
      const keys = Object.keys(process.env);
      let denied; try { process.env.HIDDEN = "x"; denied = "assigned"; } catch (e) { denied = e.code + " " + e.message; }
      module.exports = { keys, json: JSON.stringify(process.env), hidden: process.env.HIDDEN, has: "HIDDEN" in process.env,
        own: Object.getOwnPropertyNames(process.env), host: process.env[${JSON.stringify(HOST_VAR)}], denied };`;
    const [none, h1] = await run({}, probe);
    expect((none.exports as { keys: string[] }).keys).toEqual([]);
    expectNoHostTrace(everything(none, h1));

    const [all, h2] = await run({ permissions: allowAllEnv }, probe);
    expect((all.exports as { keys: string[] }).keys).toEqual([]);
    expect((all.exports as { denied: string }).denied).toBe("assigned");
    expectNoHostTrace(everything(all, h2));

    const env = { VISIBLE: "yes", HIDDEN: "hidden-value-91" };
    const onlyVisible = { env: (r: { op: string; key: string }) => ({ allow: r.key === "VISIBLE" }) };
    const [some, h3] = await run({ permissions: onlyVisible, processConfig: { env } }, probe);
    const out = some.exports as { keys: string[]; json: string; hidden: unknown; has: boolean; own: string[]; host: unknown; denied: string };
    expect(out.keys).toEqual(["VISIBLE"]);
    expect(JSON.parse(out.json)).toEqual({ VISIBLE: "yes" });
    expect(out.hidden).toBeUndefined();
    expect(out.has).toBe(false);
    expect(out.own).toEqual(["VISIBLE"]);
    expect(out.host).toBeUndefined();
    expect(out.denied).toMatch(/^EACCES /);
    expect(everything(some, h3)).not.toContain("hidden-value-91");
    expectNoHostTrace(everything(some, h3));

    // exec's env option goes through the same check.
    const h4 = harness({}, { permissions: onlyVisible });
    try {
      const r = await h4.runtime.exec(`console.log(JSON.stringify(process.env))`, { env: { VISIBLE: "v2", OTHER: "other-value-17" } });
      expect(r.code).toBe(0);
      expect(JSON.parse(h4.stdout())).toEqual({ VISIBLE: "v2" });
    } finally {
      h4.runtime.dispose();
    }
  });

  it("a child process gets the guest's filtered environment, never the host's", async () => {
    // Contained: the environment handed to the command executor (and seen by the childProcess check) holds only
    // the keys the env permission allowed, whatever the guest passes (its process.env, spread copies, nothing);
    // a real `env` run through the Node executor prints no host variable.
    const { executor, spawns } = recordingExecutor();
    const checked: Array<Record<string, string> | undefined> = [];
    const permissions = {
      env: (r: { key: string }) => ({ allow: r.key === "VISIBLE" }),
      childProcess: (r: { env?: Record<string, string> }) => (checked.push(r.env), { allow: true }),
    };
    const [result, h] = await run({ permissions, commandExecutor: executor, processConfig: { env: { VISIBLE: "yes", HIDDEN: "no" } } }, `
      const cp = require("child_process");
      cp.spawn("a", []);
      cp.spawn("b", [], { env: process.env });
      cp.spawn("c", [], { env: { ...process.env, EXTRA: "1" } });
      cp.spawnSync("d", []);
      module.exports = "spawned";`);
    expect(result.exports).toBe("spawned");
    expect(spawns.map((s) => s.command)).toEqual(["a", "b", "c", "d"]);
    expect(spawns.map((s) => s.options.env)).toEqual([{ VISIBLE: "yes" }, { VISIBLE: "yes" }, { VISIBLE: "yes", EXTRA: "1" }, { VISIBLE: "yes" }]);
    expect(checked).toEqual(spawns.map((s) => s.options.env));
    expectNoHostTrace(everything(result, h) + JSON.stringify(spawns));

    // The real executor: `env` prints the child's whole environment; `sh -c` expands the host variable to nothing.
    const real = await run({ permissions: allowAll, commandExecutor: createNodeCommandExecutor(), processConfig: { env: { VISIBLE: "yes" } } }, `
      const cp = require("child_process");
      module.exports = { env: cp.execFileSync("/usr/bin/env", [], { encoding: "utf8" }),
        sh: cp.execFileSync("/bin/sh", ["-c", "echo \\"[$${HOST_VAR}]\\""], { encoding: "utf8" }) };`);
    const printed = real[0].exports as { env: string; sh: string };
    expect(printed.env.trim().split("\n")).toEqual(["VISIBLE=yes"]);
    expect(printed.sh.trim()).toBe("[]");
    expectNoHostTrace(everything(...real));
  });
});

describe("host paths", () => {
  const driver = (): NodeDriverOptions => ({
    filesystem: createHostFileSystem(root),
    moduleAccess: { cwd: project },
    permissions: { fs: (r) => ({ allow: !r.path.startsWith("/root/denied") }) },
  });

  it("errors and stack traces name sandbox paths only: fs errors, missing modules, syntax errors, throws in required files, host ops", async () => {
    // Contained: every message and stack the guest can collect (fs ENOENT/EISDIR/ENOTDIR/ELOOP/EEXIST/EACCES,
    // MODULE_NOT_FOUND for bare, relative and absolute requests, syntax errors in required .js/.json/.mjs files,
    // errors thrown while loading a file or inside a package, host ops without a network adapter or executor)
    // and the run's own errorMessage name no host path; the stacks do name the sandbox files (so frames are there).
    const [result, h] = await run(driver(), `
      const fs = require("fs");
      const seen = {};
      const t = (k, f) => { try { f(); seen[k] = "no error"; } catch (e) { seen[k] = { code: e.code, message: String(e.message), stack: String(e.stack), path: e.path } } };
      t("enoent", () => fs.readFileSync("/root/nope.txt"));
      t("eisdir", () => fs.readFileSync("/root/lib"));
      t("enotdir", () => fs.readdirSync("/root/lib/bad.js/x"));
      t("eloop", () => fs.readFileSync("/root/lib/loop-a"));
      t("eexist", () => fs.mkdirSync("/root/lib"));
      t("eacces", () => fs.writeFileSync("/root/denied/x", "x"));
      t("bare", () => require("no-such-package"));
      t("relative", () => require("./no-such-file"));
      t("absolute", () => require("/no/such/file.js"));
      t("syntax", () => require("./lib/bad.js"));
      t("json", () => require("./lib/bad.json"));
      t("throws", () => require("./lib/throws.js"));
      t("package syntax", () => require("pkg/broken.js"));
      t("package throw", () => require("pkg").boom());
      t("spawn", () => require("child_process").execFileSync("ls"));
      t("native", () => require("/root/node_modules/pkg/addon.node"));
      require("dns").lookup("localhost", (e) => { seen.dns = { message: String(e && e.message), stack: String(e && e.stack) }; });
      fetch("http://127.0.0.1:1/").catch((e) => { seen.fetch = { message: String(e.message), stack: String(e.stack) }; });
      import("./lib/bad.mjs").catch((e) => { seen.esm = { message: String(e.message), stack: String(e.stack) }; });
      import("./lib/missing.mjs").catch((e) => { seen.esmMissing = { code: e.code, message: String(e.message) }; });
      module.exports = seen;`);
    expect(result.code).toBe(0);
    const seen = result.exports as Record<string, { code?: string; message: string; stack?: string }>;
    expect(Object.keys(seen).sort()).toEqual(["absolute", "bare", "dns", "eacces", "eexist", "eisdir", "eloop", "enoent", "enotdir", "esm", "esmMissing",
      "fetch", "json", "native", "package syntax", "package throw", "relative", "spawn", "syntax", "throws"]);
    for (const [key, value] of Object.entries(seen)) expect(value, key).not.toBe("no error");
    expect(seen.enoent!.code).toBe("ENOENT");
    expect(seen.eacces!.code).toBe("EACCES");
    expect(seen.bare!.code).toBe("MODULE_NOT_FOUND");
    expect(seen.throws!.stack).toMatch(/\/root\/lib\/throws\.js/);
    expect(seen["package throw"]!.stack).toMatch(/\/root\/node_modules\/pkg\/index\.js/);
    expect(seen.syntax!.stack).toMatch(/\/root\/lib\/bad\.js/);
    expectNoHostTrace(everything(result, h));

    // Uncaught, in a package and in a file of the root: the run's errorMessage names sandbox paths only.
    for (const code of [`require("pkg").boom();`, `require("./lib/throws.js");`, `require("./lib/bad.js");`]) {
      const [failed, fh] = await run(driver(), code);
      expect(failed.code).toBe(1);
      expect(failed.errorMessage).toMatch(/\/root\/(node_modules\/pkg\/index|lib\/throws|lib\/bad)\.js/);
      expectNoHostTrace(everything(failed, fh));
    }
  });

  it("module metadata and process/os values are sandbox paths: require.resolve, import.meta.url, __filename, cwd, homedir, tmpdir, execPath, argv", async () => {
    // Contained: every path the guest can ask for is a sandbox path (`/root/...`, `file:///root/...`), and the
    // host's own home and temp directories (pointed at unique directories for this test through HOME and
    // TMPDIR) and hostname never show; configured osConfig / processConfig values show exactly as given.
    const saved = { HOME: process.env.HOME, TMPDIR: process.env.TMPDIR };
    process.env.HOME = join(base, "host-home");
    process.env.TMPDIR = join(base, "host-tmp");
    try {
      expect(os.homedir()).toBe(join(base, "host-home"));
      expect(os.tmpdir()).toBe(join(base, "host-tmp"));
      const code = `
        import { createRequire } from "module";
        import * as os from "os";
        import { url as libUrl } from "./lib/ok.mjs";
        const require = createRequire(import.meta.url);
        const pkg = require("pkg");
        export default {
          url: import.meta.url, libUrl, resolved: require.resolve("pkg"), paths: require.resolve.paths("pkg"),
          where: pkg.where, cache: Object.keys(require.cache), cwd: process.cwd(), execPath: process.execPath, argv: process.argv,
          argv0: process.argv0, execArgv: process.execArgv, title: process.title, home: os.homedir(), tmp: os.tmpdir(),
          host: os.hostname(), user: os.userInfo(),
        };`;
      const [result, h] = await run(driver(), code, "/root/main.mjs");
      expect(result.errorMessage).toBeUndefined();
      const v = (result.exports as { default: Record<string, unknown> }).default;
      expect(v.url).toBe("file:///root/main.mjs");
      expect(v.libUrl).toBe("file:///root/lib/ok.mjs");
      expect(v.resolved).toBe("/root/node_modules/pkg/index.js");
      expect(v.where).toEqual(["/root/node_modules/pkg/index.js", "/root/node_modules/pkg", expect.any(Array)]);
      expect(v.cwd).toBe("/root");
      expect(v.execPath).toBe("/usr/local/bin/node");
      expect(v.argv).toEqual(["/usr/local/bin/node", "/root/main.mjs"]);
      expect([v.home, v.tmp, v.host]).toEqual(["/root", "/tmp", "sandbox"]);
      expect(v.host).not.toBe(os.hostname());
      expectNoHostTrace(everything(result, h));

      const [configured] = await run(
        { filesystem: createInMemoryFileSystem(), osConfig: { hostname: "box-1", homedir: "/home/guest", tmpdir: "/scratch", username: "guest" },
          processConfig: { cwd: "/work", execPath: "/opt/node", argv: ["node", "app"] } },
        `const os = require("os"); module.exports = [os.hostname(), os.homedir(), os.tmpdir(), os.userInfo().username, process.cwd(), process.execPath, process.argv];`);
      expect(configured.exports).toEqual(["box-1", "/home/guest", "/scratch", "guest", "/work", "/opt/node", ["node", "app"]]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe("the clock", () => {
  /** Samples every clock the guest has, before and after a busy loop and after a 40 ms timer. */
  const CLOCKS = `
    const sample = () => ({ now: Date.now(), date: new Date().getTime(), iso: new Date().toISOString(), perf: performance.now(),
      origin: performance.timeOrigin, hr: process.hrtime(), big: process.hrtime.bigint(), uptime: process.uptime() });
    const a = sample();
    let x = 0; for (let i = 0; i < 1e6; i++) x = (x + i * 7) % 1000003;
    const b = sample();
    await new Promise((r) => setTimeout(r, 40));
    const c = sample();
    export default { a, b, c, x };`;
  type Sample = { now: number; date: number; iso: string; perf: number; origin: number; hr: [number, number]; big: bigint; uptime: number };

  it('under timingMitigation "freeze" no clock moves during the run, and none shows more than the run start', async () => {
    // Contained: Date.now, new Date(), performance.now, process.hrtime, hrtime.bigint and uptime give the same
    // value before and after a busy loop and after a timer; Date.now is the run's start time (between the host's
    // clock before and after the run) while the host's clock moved on by at least the 40 ms the guest waited.
    const before = Date.now();
    const [result] = await run({ filesystem: createInMemoryFileSystem() }, CLOCKS, "/main.mjs", { timingMitigation: "freeze" });
    const after = Date.now();
    const { a, b, c } = (result.exports as { default: { a: Sample; b: Sample; c: Sample } }).default;
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.perf).toBe(0);
    expect(a.hr).toEqual([0, 0]);
    expect(a.big).toBe(0n);
    expect(a.uptime).toBe(0);
    expect(a.now).toBe(a.date);
    expect(a.origin).toBe(a.now);
    expect(a.now).toBeGreaterThanOrEqual(before);
    expect(a.now).toBeLessThanOrEqual(after);
    expect(after - a.now).toBeGreaterThanOrEqual(40);
  });

  it('under timingMitigation "virtual" (the default) every clock shows the fixed start instant plus the guest\'s own work and timers, nothing of the host\'s', async () => {
    // The host's clock reads a time in 2026 or later; the guest's starts at 2025-01-01T00:00:00.000Z on every run.
    // Across the busy loop the clocks move only by fuel (0.25 ms a unit); across the 40 ms timer by exactly 40 ms
    // plus that, however long the host really took.
    const [result] = await run({ filesystem: createInMemoryFileSystem() }, CLOCKS, "/main.mjs");
    const [again] = await run({ filesystem: createInMemoryFileSystem() }, CLOCKS, "/main.mjs");
    const { a, b, c } = (result.exports as { default: { a: Sample; b: Sample; c: Sample } }).default;
    expect(again.exports).toEqual(result.exports);
    expect(again.stats.fuel).toBe(result.stats.fuel);
    const start = Date.UTC(2025, 0, 1);
    expect(a.origin).toBe(start);
    expect(a.now - start).toBeLessThan(2);
    expect(a.iso.startsWith("2025-01-01T00:00:00.00")).toBe(true);
    expect(b.perf).toBeGreaterThan(a.perf);
    expect(b.perf - a.perf).toBeLessThan(result.stats.fuel * 0.25 + 1);
    expect(c.perf - b.perf).toBeGreaterThanOrEqual(40);
    expect(c.perf - b.perf).toBeLessThan(41);
    expect(c.now - b.now).toBeGreaterThanOrEqual(39);
    expect(c.big > b.big && b.big > a.big).toBe(true);
  });

  it('under timingMitigation "off" the same clocks do move (so the freeze case above can fail)', async () => {
    // Contained here means nothing is hidden: this is the control that shows the probe sees a moving clock.
    const [result] = await run({ filesystem: createInMemoryFileSystem() }, CLOCKS, "/main.mjs", { timingMitigation: "off" });
    const { a, b, c } = (result.exports as { default: { a: Sample; b: Sample; c: Sample } }).default;
    expect(c.now - a.now).toBeGreaterThanOrEqual(30);
    expect(c.perf).toBeGreaterThan(b.perf);
    expect(b.perf).toBeGreaterThan(a.perf);
    expect(c.big > b.big && b.big > a.big).toBe(true);
    expect(c.uptime).toBeGreaterThan(a.uptime);
  });
});

describe("process and machine identity", () => {
  it("process.pid / ppid / uid / gid are the sandbox's, not the host's, and process.kill cannot signal the host", async () => {
    // Contained: pid and ppid are the sandbox's defaults (1 and 0), never this host process's pid or its parent's;
    // configured values show as given; uid/gid/euid/egid are the sandbox's 0; process.kill of the host's pid
    // (signal 0: a probe that sends nothing) fails with EPERM and the host process is untouched.
    const code = `module.exports = { pid: process.pid, ppid: process.ppid, ids: [process.getuid(), process.getgid(), process.geteuid(), process.getegid()],
      kill: (() => { try { return process.kill(${process.pid}, 0); } catch (e) { return e.code; } })(),
      killParent: (() => { try { return process.kill(${process.ppid}, "SIGTERM"); } catch (e) { return e.code; } })() };`;
    const [defaults] = await run({}, code);
    const d = defaults.exports as { pid: number; ppid: number; ids: number[]; kill: unknown; killParent: unknown };
    expect([d.pid, d.ppid]).toEqual([1, 0]);
    expect(d.pid).not.toBe(process.pid);
    expect(d.ppid).not.toBe(process.ppid);
    expect(d.ids).toEqual([0, 0, 0, 0]);
    expect(d.kill).toBe("EPERM");
    expect(d.killParent).toBe("EPERM");
    const [configured] = await run({ processConfig: { pid: 4242, ppid: 4241 } }, code);
    expect(configured.exports).toMatchObject({ pid: 4242, ppid: 4241 });
  });

  it("os.cpus / totalmem / freemem / networkInterfaces / loadavg / uptime / release are the sandbox's unless configured", async () => {
    // Contained: the guest sees the documented defaults (1 virtual CPU, 1 GiB, no network interfaces, zero load
    // and uptime, a quickexec release), which differ from this host's real figures; configured values show exactly.
    const code = `const os = require("os");
      module.exports = { cpus: os.cpus().length, model: os.cpus()[0].model, total: os.totalmem(), free: os.freemem(), nets: os.networkInterfaces(),
        load: os.loadavg(), uptime: os.uptime(), release: os.release(), parallel: os.availableParallelism() };`;
    const [defaults] = await run({}, code);
    const d = defaults.exports as Record<string, unknown>;
    expect(d).toEqual({ cpus: 1, model: expect.not.stringContaining(os.cpus()[0]!.model), total: 1073741824, free: 536870912, nets: {},
      load: [0, 0, 0], uptime: 0, release: "6.0.0-quickexec", parallel: 1 });
    expect(d.total).not.toBe(os.totalmem());
    expect(d.release).not.toBe(os.release());
    expect(Object.keys(os.networkInterfaces()).length).toBeGreaterThan(0);
    const [configured] = await run({ osConfig: { cpus: 3, totalmem: 123456789, freemem: 1234567, uptime: 42, release: "1.2.3" } }, code);
    expect(configured.exports).toMatchObject({ cpus: 3, total: 123456789, free: 1234567, uptime: 42, release: "1.2.3", parallel: 3 });
  });
});
