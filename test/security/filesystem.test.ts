// Attack cases (issue 6): the filesystem boundary.
// Each case states what "contained" means and checks exactly that: the error the guest gets, and the host's
// own state (no file created or changed outside the root, host files unchanged, host memory and fds bounded).
// Host trees live in one fresh temp directory per case (`<tmp>/qe-fs-attack-*/<n>/{root,outside}`): the
// sandbox's root is `root`, `outside` sits next to it and must never be reached. Everything is removed afterwards.
import * as nodeFs from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allowAllFs,
  createHostFileSystem,
  createInMemoryFileSystem,
  type FsAccessRequest,
  type NodeDriverOptions,
  type Permissions,
  type RunResult,
  type VirtualFileSystem,
} from "../../dist/src/index.js";
import { harness } from "../helpers.js";

/** What a guest call ended with: its value, or the error's code and message. */
type Outcome = unknown;
type Out = Record<string, Outcome>;

/** Guest-side helpers: `t(key, fn)` records a sync call's value or error in `out`, which is exported. */
const PRELUDE = `
const fs = require("fs");
const out = {};
module.exports = out;
const t = (key, fn) => { try { const v = fn(); out[key] = v === undefined ? "ok" : v; } catch (e) { out[key] = { code: e && e.code, message: String(e && e.message) }; } };
const tp = (key, promise) => promise.then((v) => { out[key] = v === undefined ? "ok" : v; }, (e) => { out[key] = { code: e && e.code, message: String(e && e.message) }; });
`;

const CANARY = "HOST CANARY: must never be read or changed by the guest";
const SECRET = "TOP SECRET: behind a denied path";

let workDir: string;
let cases = 0;
beforeAll(() => {
  workDir = nodeFs.realpathSync(nodeFs.mkdtempSync(join(tmpdir(), "qe-fs-attack-")));
});
afterAll(() => {
  nodeFs.rmSync(workDir, { recursive: true, force: true });
});

/** One case's host tree: `root` is the sandbox's `/`; `outside/canary.txt` is next to it, out of reach. */
interface HostTree {
  base: string;
  root: string;
  outside: string;
  canary: string;
}

/** Makes a fresh host tree: `/allowed/inner.txt` and `/secret/s.txt` inside the root, the canary outside. */
function hostTree(): HostTree {
  const base = join(workDir, String(++cases));
  const root = join(base, "root");
  const outside = join(base, "outside");
  nodeFs.mkdirSync(join(root, "allowed"), { recursive: true });
  nodeFs.mkdirSync(join(root, "secret"), { recursive: true });
  nodeFs.mkdirSync(outside, { recursive: true });
  nodeFs.writeFileSync(join(root, "allowed", "inner.txt"), "inner");
  nodeFs.writeFileSync(join(root, "secret", "s.txt"), SECRET);
  const canary = join(outside, "canary.txt");
  nodeFs.writeFileSync(canary, CANARY);
  return { base, root, outside, canary };
}

/** Every entry under `dir` with its type, size, mode, mtime and content (links by their target). */
function snapshot(dir: string): string {
  const lines: string[] = [];
  const walk = (at: string) => {
    for (const name of nodeFs.readdirSync(at).sort()) {
      const p = join(at, name);
      const s = nodeFs.lstatSync(p);
      if (s.isSymbolicLink()) lines.push(`${p} -> ${nodeFs.readlinkSync(p)}`);
      else if (s.isDirectory()) {
        lines.push(`${p}/ ${s.mode.toString(8)} ${s.mtimeMs}`);
        walk(p);
      } else lines.push(`${p} ${s.size} ${s.mode.toString(8)} ${s.mtimeMs} ${s.nlink} ${nodeFs.readFileSync(p, "utf8")}`);
    }
  };
  walk(dir);
  return lines.join("\n");
}

/** Denies every path under `/secret` and records every request the `fs` check sees. */
function denySecret(): { requests: FsAccessRequest[]; permissions: Permissions } {
  const requests: FsAccessRequest[] = [];
  return {
    requests,
    permissions: {
      fs: (request) => {
        requests.push({ ...request });
        const denied = request.path === "/secret" || request.path.startsWith("/secret/");
        return denied ? { allow: false, reason: "secret is off limits" } : { allow: true };
      },
    },
  };
}

/** Runs `code` after PRELUDE and returns the whole result. */
async function runGuest(driver: NodeDriverOptions, code: string, memoryLimit?: number): Promise<RunResult> {
  const h = harness({ cpuTimeLimitMs: 20_000, ...(memoryLimit ? { memoryLimit } : {}) }, driver);
  try {
    return await h.runtime.run(PRELUDE + code);
  } finally {
    h.runtime.dispose();
  }
}

/** Runs `code` after PRELUDE; the run must end normally. Returns `out`. */
async function guest(driver: NodeDriverOptions, code: string, memoryLimit?: number): Promise<Out> {
  const result = await runGuest(driver, code, memoryLimit);
  expect(result.errorMessage).toBeUndefined();
  expect(result.code).toBe(0);
  return result.exports as Out;
}

/** Expects each key of `out` to hold an error with `code`. */
function expectCodes(out: Out, code: string, keys: string[]): void {
  for (const key of keys) expect(out[key], key).toMatchObject({ code });
}

/** A memory filesystem with the same shape as {@link hostTree}: `/allowed/inner.txt`, `/secret/s.txt`. */
async function memoryTree(): Promise<VirtualFileSystem> {
  const fs = createInMemoryFileSystem();
  await fs.writeFile("/allowed/inner.txt", "inner");
  await fs.writeFile("/secret/s.txt", SECRET);
  return fs;
}

const exists = (p: string) => {
  try {
    nodeFs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

// ---- paths ------------------------------------------------------------------------------------------

describe("paths that climb or name the host", () => {
  it("../ escapes, relative, absolute and after process.chdir, stay inside the root (host fs)", async () => {
    // Contained: every read of the canary through `..` fails with ENOENT (`..` stops at the sandbox's `/`),
    // process.cwd() never climbs above `/`, writes land inside the root or fail, and nothing outside changes.
    const tree = hostTree();
    const before = snapshot(tree.outside);
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions: allowAllFs }, `
      t("rel", () => fs.readFileSync("../outside/canary.txt", "utf8"));
      t("deep", () => fs.readFileSync("../../../../../../../outside/canary.txt", "utf8"));
      t("abs", () => fs.readFileSync("/../outside/canary.txt", "utf8"));
      t("mid", () => fs.readFileSync("/allowed/../../outside/canary.txt", "utf8"));
      t("write", () => fs.writeFileSync("../../outside/pwned.txt", "x"));
      t("mkdir", () => fs.mkdirSync("/../../escaped/dir", { recursive: true }));
      t("list", () => fs.readdirSync("../../..").sort());
      process.chdir("/allowed");
      t("cwd1", () => process.cwd());
      process.chdir("../../../..");
      t("cwd2", () => process.cwd());
      t("afterChdir", () => fs.readFileSync("../outside/canary.txt", "utf8"));
      tp("promise", fs.promises.readFile("../../outside/canary.txt", "utf8"));`);
    expectCodes(out, "ENOENT", ["rel", "deep", "abs", "mid", "write", "afterChdir", "promise"]);
    expect(out.cwd1).toBe("/allowed");
    expect(out.cwd2).toBe("/");
    expect(out.list).toEqual(["allowed", "escaped", "secret"]);
    // The recursive mkdir was made inside the root, where `/../../escaped` leads.
    expect(exists(join(tree.root, "escaped", "dir"))).toBe(true);
    expect(exists(join(tree.base, "escaped"))).toBe(false);
    expect(exists(join(tree.outside, "pwned.txt"))).toBe(false);
    expect(snapshot(tree.outside)).toBe(before);

    // The exec cwd option climbs no further: relative paths resolve from `/outside` inside the root.
    const requests: FsAccessRequest[] = [];
    const permissions: Permissions = { fs: (r) => (requests.push({ ...r }), { allow: true }) };
    const h = harness({}, { filesystem: createHostFileSystem(tree.root), permissions });
    try {
      const r = await h.runtime.exec(`const fs = require("fs"); let read; try { read = fs.readFileSync("canary.txt", "utf8") } catch (e) { read = e.code }
        console.log(JSON.stringify(read));`, { cwd: "../../../outside" });
      expect(r.code).toBe(0);
      expect(JSON.parse(h.stdout())).toBe("ENOENT");
      expect(requests).toEqual([{ op: "read", path: "/outside/canary.txt" }]);
    } finally {
      h.runtime.dispose();
    }
  });

  it("../ escapes on the in-memory filesystem reach nothing but its own tree", async () => {
    // Contained: `..` stops at `/`; nothing is read that the memory filesystem does not hold; a write lands at `/`.
    const mem = await memoryTree();
    const out = await guest({ filesystem: mem, permissions: allowAllFs }, `
      t("rel", () => fs.readFileSync("../../../../etc/passwd", "utf8"));
      t("write", () => fs.writeFileSync("/allowed/../../../top.txt", "x"));
      process.chdir("/allowed"); process.chdir("../../..");
      t("cwd", () => process.cwd());
      t("list", () => fs.readdirSync("..").sort());`);
    expect(out.rel).toMatchObject({ code: "ENOENT" });
    expect(out.write).toBe("ok");
    expect(out.cwd).toBe("/");
    expect(out.list).toEqual(["allowed", "secret", "top.txt"]);
    expect(await mem.readTextFile("/top.txt")).toBe("x");
  });

  it("absolute host paths (/etc/passwd, the host's temp dir, the root's own host path, the repository) name nothing", async () => {
    // Contained: each is read as a path inside the sandbox, which has no such file: ENOENT. A write to the
    // host path of the outside directory fails (no such directory in the sandbox) and the host is unchanged;
    // a recursive mkdir of it is made inside the root. Same on the in-memory filesystem.
    const tree = hostTree();
    const before = snapshot(tree.outside);
    const hostPaths = {
      passwd: "/etc/passwd",
      canary: tree.canary,
      inner: join(tree.root, "allowed", "inner.txt"),
      repo: resolve("package.json"),
      tmp: join(tmpdir(), "."),
    };
    const code = `
      const paths = ${JSON.stringify(hostPaths)};
      for (const [k, p] of Object.entries(paths)) t("read " + k, () => fs.readFileSync(p, "utf8"));
      t("exists", () => fs.existsSync("/etc/passwd"));
      t("readdir", () => fs.readdirSync("/etc"));
      t("copy", () => fs.copyFileSync(paths.canary, "/allowed/stolen.txt"));
      t("write", () => fs.writeFileSync(paths.canary, "overwritten"));
      t("append", () => fs.appendFileSync(paths.canary, "appended"));
      t("mkdir", () => fs.mkdirSync(${JSON.stringify(tree.outside + "/made")}, { recursive: true }));
      t("realpath", () => fs.realpathSync("/"));`;
    const readKeys = Object.keys(hostPaths).filter((k) => k !== "tmp").map((k) => `read ${k}`);

    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions: allowAllFs }, code);
    expectCodes(out, "ENOENT", [...readKeys, "readdir", "copy", "write", "append"]);
    expect(out["read tmp"]).toMatchObject({ code: "ENOENT" });
    expect(out.exists).toBe(false);
    expect(out.realpath).toBe("/");
    expect(snapshot(tree.outside)).toBe(before);
    expect(exists(join(tree.outside, "made"))).toBe(false);
    expect(exists(join(tree.root, tree.outside, "made"))).toBe(true);
    expect(exists(join(tree.root, "allowed", "stolen.txt"))).toBe(false);

    const mem = await memoryTree();
    const memOut = await guest({ filesystem: mem, permissions: allowAllFs }, code);
    expectCodes(memOut, "ENOENT", [...readKeys, "read tmp", "readdir", "copy", "write", "append"]);
    expect(memOut.exists).toBe(false);
  });

  it("/proc/self/environ, /proc/self/mem and other host special files are not there", async () => {
    // Contained: under every filesystem (a host root, memory, the default overlay) these are ENOENT, opening
    // one for writing creates nothing, and the host's environment never shows up in anything the guest gets.
    const tree = hostTree();
    const marker = `QE_FS_ATTACK_${process.pid}`;
    process.env[marker] = "host-environment-value-7f3a";
    try {
      const code = `
        for (const p of ["/proc/self/environ", "/proc/self/mem", "/proc/self/maps", "/proc/self/fd/0", "/proc/1/environ",
          "/proc/self/root/etc/passwd", "/proc/self/cwd/package.json", "/dev/zero", "/dev/mem", "/sys/kernel/notes"]) {
          t("read " + p, () => fs.readFileSync(p));
        }
        t("open mem", () => fs.openSync("/proc/self/mem", "r+"));
        t("list proc", () => fs.readdirSync("/proc/self"));`;
      for (const driver of [
        { filesystem: createHostFileSystem(tree.root), permissions: allowAllFs },
        { filesystem: await memoryTree(), permissions: allowAllFs },
        { permissions: allowAllFs },
      ] as NodeDriverOptions[]) {
        const out = await guest(driver, code);
        for (const key of Object.keys(out)) expect(out[key], key).toMatchObject({ code: "ENOENT" });
        expect(JSON.stringify(out)).not.toContain("host-environment-value-7f3a");
      }
      expect(exists(join(tree.root, "proc"))).toBe(false);
    } finally {
      delete process.env[marker];
    }
  });

  it("null bytes in string, Buffer and file: URL paths are refused (ERR_INVALID_ARG_VALUE), and never truncate a path", async () => {
    // Contained: every call with a NUL in a path fails with ERR_INVALID_ARG_VALUE before anything is created,
    // `require` does not load the file named by the part before the NUL, and data holding NULs crosses intact.
    const tree = hostTree();
    nodeFs.writeFileSync(join(tree.root, "allowed", "mod.js"), "globalThis.modLoaded = true; module.exports = 'mod';");
    const before = snapshot(tree.root);
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions: allowAllFs }, `
      t("write", () => fs.writeFileSync("/nul.txt\\0.js", "x"));
      t("buffer", () => fs.writeFileSync(Buffer.from("/nul.txt\\0x"), "x"));
      t("url", () => fs.writeFileSync(new URL("file:///nul.txt%00.png"), "x"));
      t("read", () => fs.readFileSync("/allowed/inner.txt\\0.png"));
      t("mkdir", () => fs.mkdirSync("/d\\0x"));
      t("symlink target", () => fs.symlinkSync("/allowed/inner.txt\\0", "/l"));
      t("symlink path", () => fs.symlinkSync("/allowed/inner.txt", "/l\\0x"));
      t("rename", () => fs.renameSync("/allowed/inner.txt", "/moved\\0.txt"));
      t("open", () => fs.openSync("/nul\\0", "w"));
      t("require", () => require("/allowed/mod.js\\0.json"));
      t("require rel", () => require("../allowed/mod.js\\0x"));
      t("loaded", () => globalThis.modLoaded === true);
      tp("promise", fs.promises.writeFile("/nul.txt\\0", "x"));`);
    expectCodes(out, "ERR_INVALID_ARG_VALUE", ["write", "buffer", "url", "read", "mkdir", "symlink target", "symlink path", "rename", "open", "require", "require rel", "promise"]);
    expect(out.loaded).toBe(false);
    expect(snapshot(tree.root)).toBe(before);

    // Strings holding NUL reach the filesystem whole, both ways (no C-string truncation at the boundary).
    const data = await guest({ filesystem: createHostFileSystem(tree.root), permissions: allowAllFs }, `
      fs.writeFileSync("/allowed/data.txt", "a\\0b\\0c");
      t("back", () => fs.readFileSync("/allowed/data.txt", "utf8") === "a\\0b\\0c");`);
    expect(data.back).toBe(true);
    expect([...nodeFs.readFileSync(join(tree.root, "allowed", "data.txt"))]).toEqual([97, 0, 98, 0, 99]);
  });

  it("file: URLs with encoded .., encoded slashes, NUL or a host reach nothing outside", async () => {
    // Contained: `%2e%2e` is `..` and stops at `/` (ENOENT for the canary), an encoded `/` is refused
    // (ERR_INVALID_FILE_URL_PATH), `%00` is refused (ERR_INVALID_ARG_VALUE), a host is refused
    // (ERR_INVALID_FILE_URL_HOST, no lookup), other schemes are refused (ERR_INVALID_URL_SCHEME);
    // a write through `%2e%2e` lands inside the root.
    const tree = hostTree();
    const before = snapshot(tree.outside);
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions: allowAllFs }, `
      t("plain", () => fs.readFileSync(new URL("file:///allowed/inner.txt"), "utf8"));
      t("dotdot", () => fs.readFileSync(new URL("file:///allowed/%2e%2e/%2e%2e/%2e%2e/outside/canary.txt"), "utf8"));
      t("upper", () => fs.readFileSync(new URL("file:///%2E%2E/%2E%2E/outside/canary.txt"), "utf8"));
      t("slash", () => fs.readFileSync(new URL("file:///allowed/..%2f..%2foutside%2fcanary.txt"), "utf8"));
      t("nul", () => fs.readFileSync(new URL("file:///allowed/inner.txt%00.png"), "utf8"));
      t("host", () => fs.readFileSync(new URL("file://evil.invalid/etc/passwd"), "utf8"));
      t("scheme", () => fs.readFileSync(new URL("http://127.0.0.1/etc/passwd"), "utf8"));
      t("hostpath", () => fs.readFileSync(new URL(${JSON.stringify("file://" + tree.canary)}), "utf8"));
      t("write", () => fs.writeFileSync(new URL("file:///allowed/%2e%2e/%2e%2e/%2e%2e/escape.txt"), "x"));`);
    expect(out.plain).toBe("inner");
    expectCodes(out, "ENOENT", ["dotdot", "upper", "hostpath"]);
    expect(out.slash).toMatchObject({ code: "ERR_INVALID_FILE_URL_PATH" });
    expect(out.nul).toMatchObject({ code: "ERR_INVALID_ARG_VALUE" });
    expect(out.host).toMatchObject({ code: "ERR_INVALID_FILE_URL_HOST" });
    expect(out.scheme).toMatchObject({ code: "ERR_INVALID_URL_SCHEME" });
    expect(out.write).toBe("ok");
    expect(nodeFs.readFileSync(join(tree.root, "escape.txt"), "utf8")).toBe("x");
    expect(exists(join(tree.base, "escape.txt"))).toBe(false);
    expect(snapshot(tree.outside)).toBe(before);
  });
});

// ---- symbolic and hard links --------------------------------------------------------------------------

describe("symbolic and hard links", () => {
  it("links planted by the host that point outside the root resolve inside it (read, write, list, chmod, truncate)", async () => {
    // Contained: every call through an absolute or relative host link to `outside` fails with ENOENT (the
    // target is looked up under the root), removing a link removes only the link, the outside directory is
    // byte-for-byte unchanged, and links the guest makes are stored so that host programs stay inside too.
    const tree = hostTree();
    nodeFs.symlinkSync(tree.outside, join(tree.root, "allowed", "outdir"));
    nodeFs.symlinkSync(tree.canary, join(tree.root, "allowed", "outfile"));
    nodeFs.symlinkSync(join(tree.outside, "new.txt"), join(tree.root, "allowed", "outnew"));
    nodeFs.symlinkSync("../../outside/canary.txt", join(tree.root, "allowed", "uprel"));
    const before = snapshot(tree.outside);
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions: allowAllFs }, `
      t("read", () => fs.readFileSync("/allowed/outfile", "utf8"));
      t("read rel", () => fs.readFileSync("/allowed/uprel", "utf8"));
      t("read dir", () => fs.readFileSync("/allowed/outdir/canary.txt", "utf8"));
      t("list", () => fs.readdirSync("/allowed/outdir"));
      t("stat", () => fs.statSync("/allowed/outfile").size);
      t("write", () => fs.writeFileSync("/allowed/outfile", "PWNED"));
      t("write rel", () => fs.writeFileSync("/allowed/uprel", "PWNED"));
      t("write new", () => fs.writeFileSync("/allowed/outnew", "PWNED"));
      t("write in dir", () => fs.writeFileSync("/allowed/outdir/dropped.txt", "PWNED"));
      t("append", () => fs.appendFileSync("/allowed/outfile", "PWNED"));
      t("truncate", () => fs.truncateSync("/allowed/outfile", 0));
      t("chmod", () => fs.chmodSync("/allowed/outfile", 0o777));
      t("utimes", () => fs.utimesSync("/allowed/outfile", 1, 1));
      t("open", () => fs.openSync("/allowed/outfile", "r+"));
      t("mine", () => fs.symlinkSync(${JSON.stringify(tree.canary)}, "/mine"));
      t("read mine", () => fs.readFileSync("/mine", "utf8"));
      t("unlink", () => fs.unlinkSync("/allowed/outfile"));
      t("rm", () => fs.rmSync("/allowed/outdir", { recursive: true, force: true }));`);
    expectCodes(out, "ENOENT", ["read", "read rel", "read dir", "list", "stat", "write", "write rel", "write new", "write in dir",
      "append", "truncate", "chmod", "utimes", "open", "read mine"]);
    expect(out.mine).toBe("ok");
    expect(out.unlink).toBe("ok");
    expect(out.rm).toBe("ok");
    expect(snapshot(tree.outside)).toBe(before);
    // The guest's link is stored as a path under the root: a host program following it stays inside.
    expect(nodeFs.readlinkSync(join(tree.root, "mine")).startsWith(tree.root + "/")).toBe(true);
    expect(exists(join(tree.root, "allowed", "outfile"))).toBe(false);
  });

  it("link chains and loops: a chain ending outside is ENOENT, a loop is ELOOP (not a hang), 40 hops at most", async () => {
    // Contained: a chain of guest and host links ending at the canary reads nothing (ENOENT); a loop fails
    // with ELOOP on every call; a 41-link chain fails with ELOOP while a 10-link chain to an inside file works.
    // On the in-memory filesystem a chain of allowed links ending in a denied directory is EACCES, and the
    // check saw where it really leads.
    const tree = hostTree();
    nodeFs.symlinkSync(tree.canary, join(tree.root, "c3"));
    // A 42-link chain planted by the host (the guest's own symlink() refuses targets more than 40 links deep).
    nodeFs.symlinkSync(join(tree.root, "allowed", "inner.txt"), join(tree.root, "h0"));
    for (let i = 1; i <= 41; i++) nodeFs.symlinkSync(join(tree.root, `h${i - 1}`), join(tree.root, `h${i}`));
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions: allowAllFs }, `
      fs.symlinkSync("/c2", "/c1"); fs.symlinkSync("c3", "/c2");
      t("chain", () => fs.readFileSync("/c1", "utf8"));
      t("chain write", () => fs.writeFileSync("/c1", "PWNED"));
      fs.symlinkSync("/loop2", "/loop1"); fs.symlinkSync("/loop1", "/loop2");
      t("loop read", () => fs.readFileSync("/loop1"));
      t("loop write", () => fs.writeFileSync("/loop1", "x"));
      t("loop stat", () => fs.statSync("/loop1/x"));
      t("loop realpath", () => fs.realpathSync("/loop2"));
      t("loop require", () => require("/loop1"));
      t("ten", () => fs.readFileSync("/h10", "utf8"));
      t("forty-one", () => fs.readFileSync("/h41", "utf8"));
      t("extend", () => fs.symlinkSync("/h41", "/h42"));`);
    expectCodes(out, "ENOENT", ["chain", "chain write"]);
    expectCodes(out, "ELOOP", ["loop read", "loop write", "loop stat", "loop realpath", "forty-one", "extend"]);
    expect(out["loop require"]).toMatchObject({ code: "MODULE_NOT_FOUND" });
    expect(out.ten).toBe("inner");
    expect(nodeFs.readFileSync(tree.canary, "utf8")).toBe(CANARY);

    // Planted by the host: the guest could not make a link whose chain ends in /secret (see "extend").
    const mem = await memoryTree();
    await mem.symlink("/secret/s.txt", "/allowed/c3");
    await mem.symlink("c3", "/allowed/c2");
    await mem.symlink("/allowed/c2", "/allowed/c1");
    const { requests, permissions } = denySecret();
    const memOut = await guest({ filesystem: mem, permissions }, `
      t("chain", () => fs.readFileSync("/allowed/c1", "utf8"));
      t("extend", () => fs.symlinkSync("/allowed/c1", "/allowed/c0"));
      fs.symlinkSync("/allowed/l2", "/allowed/l1"); fs.symlinkSync("/allowed/l1", "/allowed/l2");
      t("loop", () => fs.readFileSync("/allowed/l1"));`);
    expectCodes(memOut, "EACCES", ["chain", "extend"]);
    expect(memOut.loop).toMatchObject({ code: "ELOOP" });
    expect(requests).toContainEqual({ op: "read", path: "/secret/s.txt" });
  });

  it("a relative link climbing above the root is refused when the guest makes it and clamped when the host did", async () => {
    // Contained: the guest's `symlink("../../../../outside/canary.txt")` fails with EPERM on the host
    // filesystem (it would climb out for host programs); a relative host link that climbs out of the root on
    // the host resolves inside it for the guest (ENOENT); the canary is unchanged. On the in-memory filesystem
    // the climb stops at `/`, so the link's target is checked as `/secret/...` (EACCES).
    const tree = hostTree();
    nodeFs.symlinkSync("../../outside/canary.txt", join(tree.root, "allowed", "up"));
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions: allowAllFs }, `
      t("make", () => fs.symlinkSync("../../../../outside/canary.txt", "/allowed/mine"));
      t("read host link", () => fs.readFileSync("/allowed/up", "utf8"));
      t("write host link", () => fs.writeFileSync("/allowed/up", "PWNED"));
      t("readlink", () => fs.readlinkSync("/allowed/up"));`);
    expect(out.make).toMatchObject({ code: "EPERM" });
    expectCodes(out, "ENOENT", ["read host link", "write host link"]);
    expect(out.readlink).toBe("../../outside/canary.txt");
    expect(exists(join(tree.root, "allowed", "mine"))).toBe(false);
    expect(nodeFs.readFileSync(tree.canary, "utf8")).toBe(CANARY);

    const mem = await memoryTree();
    const { permissions } = denySecret();
    const memOut = await guest({ filesystem: mem, permissions }, `
      t("make", () => fs.symlinkSync("../../../../secret/s.txt", "/allowed/up"));`);
    expect(memOut.make).toMatchObject({ code: "EACCES" });
    expect(await mem.exists("/allowed/up")).toBe(false);
  });

  it("a link in an allowed directory pointing into a denied one: every call is checked where the link really leads", async () => {
    // Contained: reads, lists, stats, copies, requires, streams and opens through the link fail with EACCES
    // (exists() is false); renaming or hard-linking the link moves the link itself, never the denied file;
    // the denied directory is unchanged; the check was asked about the real `/secret` paths.
    const code = `
      t("read", () => fs.readFileSync("/allowed/s", "utf8"));
      t("read via dir", () => fs.readFileSync("/allowed/peek/s.txt", "utf8"));
      t("list", () => fs.readdirSync("/allowed/peek"));
      t("stat", () => fs.statSync("/allowed/s").size);
      t("exists", () => fs.existsSync("/allowed/s"));
      t("access", () => fs.accessSync("/allowed/s"));
      t("realpath", () => fs.realpathSync("/allowed/s"));
      t("copy", () => fs.copyFileSync("/allowed/s", "/allowed/copy"));
      t("write", () => fs.writeFileSync("/allowed/s", "PWNED"));
      t("write in dir", () => fs.writeFileSync("/allowed/peek/new.txt", "PWNED"));
      t("open", () => fs.openSync("/allowed/s", "r"));
      t("require", () => require("/allowed/s"));
      t("rename", () => fs.renameSync("/allowed/s", "/allowed/moved"));
      t("read moved", () => fs.readFileSync("/allowed/moved", "utf8"));
      t("hard", () => fs.linkSync("/allowed/moved", "/allowed/hard"));
      t("read hard", () => fs.readFileSync("/allowed/hard", "utf8"));
      tp("promise", fs.promises.readFile("/allowed/peek/s.txt", "utf8"));
      fs.createReadStream("/allowed/moved").on("error", (e) => { out.stream = { code: e.code } }).on("data", (d) => { out.stream = String(d) });`;
    const denied = ["read", "read via dir", "list", "stat", "access", "realpath", "copy", "write", "write in dir", "open", "read moved", "read hard", "promise", "stream"];

    const tree = hostTree();
    nodeFs.symlinkSync(join(tree.root, "secret", "s.txt"), join(tree.root, "allowed", "s"));
    nodeFs.symlinkSync(join(tree.root, "secret"), join(tree.root, "allowed", "peek"));
    const before = snapshot(join(tree.root, "secret"));
    const host = denySecret();
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions: host.permissions }, code);
    expectCodes(out, "EACCES", denied);
    expect(out.require).toMatchObject({ code: "MODULE_NOT_FOUND" });
    expect(out.exists).toBe(false);
    expect(out.rename).toBe("ok");
    expect(out.hard).toBe("ok");
    expect(snapshot(join(tree.root, "secret"))).toBe(before);
    expect(nodeFs.lstatSync(join(tree.root, "allowed", "moved")).isSymbolicLink()).toBe(true);
    expect(host.requests).toContainEqual({ op: "read", path: "/secret/s.txt" });
    expect(host.requests).toContainEqual({ op: "readdir", path: "/secret" });

    const mem = await memoryTree();
    await mem.symlink("/secret/s.txt", "/allowed/s");
    await mem.symlink("/secret", "/allowed/peek");
    const memory = denySecret();
    const memOut = await guest({ filesystem: mem, permissions: memory.permissions }, code);
    expectCodes(memOut, "EACCES", denied);
    expect(memOut.rename).toBe("ok");
    expect(await mem.readDir("/secret")).toEqual(["s.txt"]);
    expect(await mem.readTextFile("/secret/s.txt")).toBe(SECRET);
    expect((await mem.lstat("/allowed/moved")).isSymbolicLink).toBe(true);
    expect(memory.requests).toContainEqual({ op: "read", path: "/secret/s.txt" });
  });

  it("on the in-memory filesystem, a relative link moved until it points into a denied directory gains nothing", async () => {
    // The guest builds `/allowed/a/b/c/l -> ../../../secret/s.txt` (checked: it pointed at /allowed/secret/s.txt),
    // then moves the directory so the same text now leads to /secret/s.txt, then renames the link elsewhere.
    // Contained: reading through it is EACCES, and the rename moves the link, not the denied file.
    const mem = await memoryTree();
    await mem.mkdir("/allowed/a/b/c");
    const { requests, permissions } = denySecret();
    const out = await guest({ filesystem: mem, permissions }, `
      fs.symlinkSync("../../../secret/s.txt", "/allowed/a/b/c/l");
      fs.renameSync("/allowed/a/b/c", "/allowed/c");
      t("read", () => fs.readFileSync("/allowed/c/l", "utf8"));
      t("rename", () => fs.renameSync("/allowed/c/l", "/allowed/loot"));
      t("read loot", () => fs.readFileSync("/allowed/loot", "utf8"));
      t("list", () => fs.readdirSync("/allowed").sort());`);
    expectCodes(out, "EACCES", ["read", "read loot"]);
    expect(out.rename).toBe("ok");
    expect(out.list).toEqual(["a", "c", "inner.txt", "loot"]);
    expect(await mem.readDir("/secret")).toEqual(["s.txt"]);
    expect(await mem.readTextFile("/secret/s.txt")).toBe(SECRET);
    expect(requests).toContainEqual({ op: "read", path: "/secret/s.txt" });
  });

  it("a link swapped in after open: the descriptor is checked where it now leads (host and memory)", async () => {
    // The guest opens /allowed/x (allowed), then renames a link to /secret/s.txt over it (the link itself is
    // allowed to move), then reads, writes, stats and truncates through the descriptor.
    // Contained: each descriptor call is EACCES, /secret/s.txt is unchanged, and the check saw /secret/s.txt.
    const code = `
      fs.writeFileSync("/allowed/x", "mine");
      const fd = fs.openSync("/allowed/x", "r+");
      fs.renameSync("/allowed/to-secret", "/allowed/x");
      t("read", () => { const b = Buffer.alloc(64); return b.toString("utf8", 0, fs.readSync(fd, b, 0, 64, 0)); });
      t("write", () => fs.writeSync(fd, "PWNED", 0));
      t("fstat", () => fs.fstatSync(fd).size);
      t("ftruncate", () => fs.ftruncateSync(fd, 0));
      t("readFile fd", () => fs.readFileSync(fd, "utf8"));
      fs.mkdirSync("/allowed/dir");
      fs.writeFileSync("/allowed/dir/s.txt", "mine too");
      const fd2 = fs.openSync("/allowed/dir/s.txt", "r+");
      fs.renameSync("/allowed/dir", "/allowed/dir-old");
      fs.renameSync("/allowed/to-secret-dir", "/allowed/dir");
      t("dir swap read", () => { const b = Buffer.alloc(64); return b.toString("utf8", 0, fs.readSync(fd2, b, 0, 64, 0)); });
      t("dir swap write", () => fs.writeSync(fd2, "PWNED", 0));`;
    const keys = ["read", "write", "fstat", "ftruncate", "readFile fd", "dir swap read", "dir swap write"];

    const tree = hostTree();
    nodeFs.symlinkSync(join(tree.root, "secret", "s.txt"), join(tree.root, "allowed", "to-secret"));
    nodeFs.symlinkSync(join(tree.root, "secret"), join(tree.root, "allowed", "to-secret-dir"));
    const host = denySecret();
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions: host.permissions }, code);
    expectCodes(out, "EACCES", keys);
    expect(nodeFs.readFileSync(join(tree.root, "secret", "s.txt"), "utf8")).toBe(SECRET);
    expect(host.requests).toContainEqual({ op: "read", path: "/secret/s.txt" });
    expect(host.requests).toContainEqual({ op: "write", path: "/secret/s.txt" });

    const mem = await memoryTree();
    await mem.symlink("/secret/s.txt", "/allowed/to-secret");
    await mem.symlink("/secret", "/allowed/to-secret-dir");
    const memory = denySecret();
    const memOut = await guest({ filesystem: mem, permissions: memory.permissions }, code);
    expectCodes(memOut, "EACCES", keys);
    expect(await mem.readTextFile("/secret/s.txt")).toBe(SECRET);
  });

  it("two runs racing: one swaps a link to a denied file in and out while the other reads the same path", async () => {
    // Run B renames a link to /secret/s.txt and a public file in and out of /allowed/flip, as fast as it can;
    // run A reads /allowed/flip over and over at the same time (another engine thread, the same host root).
    // Contained: A only ever gets the public content, EACCES or ENOENT, never the secret; the secret is unchanged.
    const tree = hostTree();
    nodeFs.writeFileSync(join(tree.root, "allowed", "flip"), "public");
    nodeFs.symlinkSync(join(tree.root, "secret", "s.txt"), join(tree.root, "allowed", "spare"));
    const { permissions } = denySecret();
    const driver = { filesystem: createHostFileSystem(tree.root), permissions };
    const reader = runGuest(driver, `
      const seen = {};
      for (let i = 0; i < 600; i++) {
        let v; try { v = fs.readFileSync("/allowed/flip", "utf8") } catch (e) { v = e.code }
        seen[v] = (seen[v] || 0) + 1;
      }
      out.seen = seen;`);
    const swapper = runGuest(driver, `
      for (let i = 0; i < 600; i++) {
        fs.renameSync("/allowed/flip", "/allowed/hold");
        fs.renameSync("/allowed/spare", "/allowed/flip");
        fs.renameSync("/allowed/flip", "/allowed/spare");
        fs.renameSync("/allowed/hold", "/allowed/flip");
      }
      out.done = true;`);
    const [a, b] = await Promise.all([reader, swapper]);
    expect(b.exports).toEqual({ done: true });
    expect(a.code).toBe(0);
    const seen = (a.exports as { seen: Record<string, number> }).seen;
    expect(Object.values(seen).reduce((x, y) => x + y, 0)).toBe(600);
    expect(Object.keys(seen).every((k) => ["public", "EACCES", "ENOENT"].includes(k))).toBe(true);
    expect(JSON.stringify(seen)).not.toContain("TOP SECRET");
    expect(nodeFs.readFileSync(join(tree.root, "secret", "s.txt"), "utf8")).toBe(SECRET);
  });

  it("a dangling link: creating its target through it is checked where it leads, and never creates a file outside", async () => {
    // Contained: writing through a dangling link to /secret/new.txt is EACCES and creates nothing; through a
    // dangling host link to the outside directory it is ENOENT and creates nothing on the host; the guest may
    // not plant a dangling link into the denied directory (EACCES); through an allowed one it creates the
    // file where the link points, inside the root.
    const tree = hostTree();
    nodeFs.symlinkSync(join(tree.root, "secret", "new.txt"), join(tree.root, "allowed", "dangle"));
    nodeFs.symlinkSync(join(tree.outside, "created.txt"), join(tree.root, "allowed", "dangle-out"));
    const before = snapshot(tree.outside);
    const { requests, permissions } = denySecret();
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions }, `
      t("write", () => fs.writeFileSync("/allowed/dangle", "x"));
      t("open", () => fs.openSync("/allowed/dangle", "w"));
      t("append", () => fs.appendFileSync("/allowed/dangle", "x"));
      t("copy", () => fs.copyFileSync("/allowed/inner.txt", "/allowed/dangle"));
      t("write out", () => fs.writeFileSync("/allowed/dangle-out", "x"));
      t("plant", () => fs.symlinkSync("/secret/later.txt", "/allowed/planted"));
      fs.symlinkSync("/allowed/later.txt", "/allowed/mine");
      t("create", () => fs.writeFileSync("/allowed/mine", "made"));`);
    expectCodes(out, "EACCES", ["write", "open", "append", "copy", "plant"]);
    expect(out["write out"]).toMatchObject({ code: "ENOENT" });
    expect(out.create).toBe("ok");
    expect(nodeFs.readFileSync(join(tree.root, "allowed", "later.txt"), "utf8")).toBe("made");
    expect(exists(join(tree.root, "secret", "new.txt"))).toBe(false);
    expect(exists(join(tree.root, "allowed", "planted"))).toBe(false);
    expect(snapshot(tree.outside)).toBe(before);
    expect(requests).toContainEqual({ op: "write", path: "/secret/new.txt" });
  });

  it("hard links to host files outside the root are never made", async () => {
    // Contained: link() of an absolute host path, of `..` paths and of /etc/passwd fails with ENOENT; hard-linking
    // a host link that points outside links the link itself (which stays confined); the canary's link count
    // stays 1 (no new name for it anywhere). On memory, hard-linking a denied file is EACCES.
    const tree = hostTree();
    nodeFs.symlinkSync(tree.canary, join(tree.root, "allowed", "outfile"));
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions: allowAllFs }, `
      t("passwd", () => fs.linkSync("/etc/passwd", "/pw"));
      t("abs", () => fs.linkSync(${JSON.stringify(tree.canary)}, "/h1"));
      t("dotdot", () => fs.linkSync("../../outside/canary.txt", "/h2"));
      t("via link", () => fs.linkSync("/allowed/outfile", "/h3"));
      t("read h3", () => fs.readFileSync("/h3", "utf8"));`);
    expectCodes(out, "ENOENT", ["passwd", "abs", "dotdot", "read h3"]);
    expect(out["via link"]).toBe("ok");
    expect(nodeFs.statSync(tree.canary).nlink).toBe(1);
    expect(["pw", "h1", "h2"].some((n) => exists(join(tree.root, n)))).toBe(false);

    const mem = await memoryTree();
    const { permissions } = denySecret();
    const memOut = await guest({ filesystem: mem, permissions }, `
      t("secret", () => fs.linkSync("/secret/s.txt", "/allowed/h"));`);
    expect(memOut.secret).toMatchObject({ code: "EACCES" });
    expect(await mem.exists("/allowed/h")).toBe(false);
  });
});

// ---- arguments ----------------------------------------------------------------------------------------

describe("hostile path arguments", () => {
  it("a path object whose toString / Symbol.toPrimitive / pathname changes on each call: what is checked is what is used", async () => {
    // Contained: objects that are not strings, Buffers or URLs are refused (ERR_INVALID_ARG_TYPE, as Node does)
    // by fs, require and process.chdir; a URL-like object whose pathname changes between reads creates the
    // file at exactly the path the permission check approved, and nothing at the other path.
    const tree = hostTree();
    const { requests, permissions } = denySecret();
    const out = await guest({ filesystem: createHostFileSystem(tree.root), permissions }, `
      const flip = () => { let n = 0; return () => (n++ % 2 === 0 ? "/allowed/ok.txt" : "/secret/evil.txt"); };
      const byString = { toString: flip() };
      const byPrimitive = { [Symbol.toPrimitive]: flip() };
      const next = flip();
      const byUrl = { href: "file:///allowed/ok.txt", protocol: "file:", hostname: "", get pathname() { return next(); } };
      t("read string", () => fs.readFileSync(byString));
      t("write string", () => fs.writeFileSync(byString, "x"));
      t("write primitive", () => fs.writeFileSync(byPrimitive, "x"));
      t("String object", () => fs.writeFileSync(new String("/secret/evil.txt"), "x"));
      t("require", () => require(byString));
      t("chdir", () => process.chdir(byPrimitive));
      t("url", () => fs.writeFileSync(byUrl, "written"));
      tp("promise", fs.promises.writeFile(byString, "x"));`);
    expectCodes(out, "ERR_INVALID_ARG_TYPE", ["read string", "write string", "write primitive", "String object", "require", "chdir", "promise"]);
    const writes = requests.filter((r) => r.op === "write");
    expect(writes.length).toBe(1);
    if (out.url === "ok") {
      expect(nodeFs.readFileSync(join(tree.root, writes[0]!.path), "utf8")).toBe("written");
      expect(writes[0]!.path).toBe("/allowed/ok.txt");
    } else {
      expect(out.url).toMatchObject({ code: "EACCES" });
    }
    expect(exists(join(tree.root, "secret", "evil.txt"))).toBe(false);
    expect(nodeFs.readdirSync(join(tree.root, "secret"))).toEqual(["s.txt"]);
  });

  it("the permission check sees one absolute, normalised path, whatever form the guest wrote", async () => {
    // Contained: `./`, `..`, `//`, a relative path after chdir, a Buffer and a file: URL all reach the check as
    // `/allowed/inner.txt`; a link is checked as itself and as where it leads; no request holds `.`, `..` or `//`.
    const normal = /^\/(?:[^/]+(?:\/[^/]+)*)?$/;
    const check = (requests: FsAccessRequest[]) => {
      for (const r of requests) {
        expect(r.path, r.path).toMatch(normal);
        expect(r.path.split("/").some((part) => part === "." || part === "..")).toBe(false);
      }
    };
    const code = `
      fs.mkdirSync("/allowed/sub");
      fs.symlinkSync("/allowed/inner.txt", "/allowed/lnk");
      fs.writeFileSync("/marker", "");
      t("dots", () => fs.readFileSync("/allowed/./sub/../inner.txt", "utf8"));
      t("slashes", () => fs.readFileSync("//allowed///inner.txt", "utf8"));
      t("climb", () => fs.readFileSync("/../../allowed/inner.txt", "utf8"));
      process.chdir("/allowed/sub");
      t("relative", () => fs.readFileSync("../inner.txt", "utf8"));
      t("buffer", () => fs.readFileSync(Buffer.from("./../inner.txt"), "utf8"));
      t("url", () => fs.readFileSync(new URL("file:///allowed/%2e/sub/%2e%2e/inner.txt"), "utf8"));
      t("link", () => fs.readFileSync("../lnk", "utf8"));`;
    for (const filesystem of [createHostFileSystem(hostTree().root), await memoryTree()]) {
      const requests: FsAccessRequest[] = [];
      const out = await guest({ filesystem, permissions: { fs: (r) => (requests.push({ ...r }), { allow: true }) } }, code);
      for (const key of ["dots", "slashes", "climb", "relative", "buffer", "url", "link"]) expect(out[key], key).toBe("inner");
      check(requests);
      const reads = requests.slice(requests.findIndex((r) => r.path === "/marker") + 1).filter((r) => r.op === "read");
      expect(reads.map((r) => r.path)).toEqual([...Array(6).fill("/allowed/inner.txt"), "/allowed/lnk", "/allowed/inner.txt"]);
    }
  });
});

// ---- the read-only overlay ------------------------------------------------------------------------------

describe("the read-only node_modules overlay", () => {
  it("refuses every kind of write under /root/node_modules (EACCES), reads work, the host's packages are unchanged", async () => {
    // Contained: writes, appends, opens with any write flag, chmod, utimes, truncate, rename into and out of,
    // symlink and hard link into, unlink, rm, rmdir, mkdir, copy into and a write through a link from /tmp all
    // fail with EACCES naming the read-only mount; reads and require work; the host tree is byte-for-byte unchanged.
    const tree = hostTree();
    const project = join(tree.base, "project");
    const pkg = join(project, "node_modules", "pkg");
    nodeFs.mkdirSync(pkg, { recursive: true });
    nodeFs.writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "pkg", main: "index.js" }));
    nodeFs.writeFileSync(join(pkg, "index.js"), "module.exports = 'pkg ok';");
    const before = snapshot(project);
    for (const filesystem of [undefined, createHostFileSystem(tree.root)]) {
      const out = await guest({ filesystem, moduleAccess: { cwd: project }, permissions: allowAllFs }, `
        const M = "/root/node_modules/pkg";
        fs.mkdirSync("/tmp", { recursive: true });
        fs.writeFileSync("/tmp/src.txt", "s");
        fs.symlinkSync(M + "/index.js", "/tmp/into");
        t("read", () => fs.readFileSync(M + "/index.js", "utf8"));
        t("require", () => require("pkg"));
        t("list", () => fs.readdirSync(M).sort());
        t("writeFile", () => fs.writeFileSync(M + "/index.js", "PWNED"));
        t("writeFile new", () => fs.writeFileSync(M + "/new.js", "PWNED"));
        t("append", () => fs.appendFileSync(M + "/index.js", "PWNED"));
        for (const flags of ["r+", "w", "w+", "a", "a+", "wx", "rs+"]) t("open " + flags, () => fs.openSync(M + "/index.js", flags));
        t("chmod", () => fs.chmodSync(M + "/index.js", 0o777));
        t("utimes", () => fs.utimesSync(M + "/index.js", 1, 1));
        t("truncate", () => fs.truncateSync(M + "/index.js", 0));
        t("rename in", () => fs.renameSync("/tmp/src.txt", M + "/src.txt"));
        t("rename out", () => fs.renameSync(M + "/index.js", "/tmp/stolen.js"));
        t("symlink in", () => fs.symlinkSync("/tmp/src.txt", M + "/link"));
        t("link in", () => fs.linkSync("/tmp/src.txt", M + "/hard"));
        t("unlink", () => fs.unlinkSync(M + "/index.js"));
        t("rm", () => fs.rmSync(M, { recursive: true, force: true }));
        t("rmdir", () => fs.rmdirSync(M));
        t("mkdir", () => fs.mkdirSync(M + "/dir"));
        t("copy in", () => fs.copyFileSync("/tmp/src.txt", M + "/copy.txt"));
        t("through link", () => fs.writeFileSync("/tmp/into", "PWNED"));
        tp("promise", fs.promises.writeFile(M + "/index.js", "PWNED"));`);
      expect(out.read).toBe("module.exports = 'pkg ok';");
      expect(out.require).toBe("pkg ok");
      expect(out.list).toEqual(["index.js", "package.json"]);
      const writes = ["writeFile", "writeFile new", "append", "open r+", "open w", "open w+", "open a", "open a+", "open wx", "open rs+", "chmod",
        "utimes", "truncate", "rename in", "rename out", "symlink in", "link in", "unlink", "rm", "rmdir", "mkdir", "copy in", "through link", "promise"];
      for (const key of writes) {
        expect(out[key], key).toMatchObject({ code: key === "open wx" ? "EEXIST" : "EACCES" });
        if (key !== "open wx") expect((out[key] as { message: string }).message, key).toMatch(/read-only/);
      }
      expect(snapshot(project)).toBe(before);
    }
  });
});

// ---- descriptors and sizes ------------------------------------------------------------------------------

/** Open descriptors of this (host) process. */
const hostFds = () => nodeFs.readdirSync("/proc/self/fd").length;

describe("file descriptors and sizes", () => {
  it("descriptor exhaustion: EMFILE at the per-run limit, no host descriptor leaked, the next run opens files again", async () => {
    // Contained: the 1025th open of a run fails with EMFILE (closing one lets one more open); the host's own
    // descriptor count does not grow with the guest's (guest descriptors are not host descriptors); a host
    // descriptor number means nothing in the guest (EBADF); the next run starts with an empty table.
    const tree = hostTree();
    const h = harness({ cpuTimeLimitMs: 20_000 }, { filesystem: createHostFileSystem(tree.root), permissions: allowAllFs });
    const hostFd = nodeFs.openSync(tree.canary, "r");
    try {
      // The host's own descriptor numbers (the test's open file among them) mean nothing to a guest with none open.
      const numbers = nodeFs.readdirSync("/proc/self/fd").map(Number).filter((n) => n >= 3);
      expect(numbers).toContain(hostFd);
      const probe = await h.runtime.run(PRELUDE + `
        for (const n of ${JSON.stringify(numbers)}) {
          t("read " + n, () => fs.readSync(n, Buffer.alloc(8), 0, 8, 0));
          t("write " + n, () => fs.writeSync(n, "PWNED"));
          t("fstat " + n, () => fs.fstatSync(n).size);
        }`);
      const probed = probe.exports as Out;
      expect(Object.keys(probed).length).toBe(numbers.length * 3);
      expectCodes(probed, "EBADF", Object.keys(probed));
      expect(nodeFs.readFileSync(tree.canary, "utf8")).toBe(CANARY);
      const before = hostFds();
      const first = await h.runtime.run(PRELUDE + `
        const fds = [];
        for (let i = 0; i < 1024; i++) fds.push(fs.openSync("/allowed/inner.txt", "r"));
        t("count", () => fds.length);
        t("over", () => fs.openSync("/allowed/inner.txt", "r"));
        t("over write", () => fs.openSync("/allowed/new.txt", "w"));
        fs.closeSync(fds.pop());
        t("after close", () => typeof fs.openSync("/allowed/inner.txt", "r"));
        t("over again", () => fs.openSync("/allowed/inner.txt", "r"));
        out.last = fds[fds.length - 1];`);
      const during = hostFds();
      expect(first.code).toBe(0);
      const out = first.exports as Out;
      expect(out.count).toBe(1024);
      expectCodes(out, "EMFILE", ["over", "over write", "over again"]);
      expect(out["after close"]).toBe("number");
      expect(exists(join(tree.root, "allowed", "new.txt"))).toBe(false);
      // 1024 guest descriptors held open cost the host none.
      expect(during - before).toBeLessThan(16);
      const second = await h.runtime.run(PRELUDE + `
        const fds = [];
        for (let i = 0; i < 10; i++) fds.push(fs.openSync("/allowed/inner.txt", "r"));
        t("opened", () => fds.length);
        t("old fd", () => fs.readSync(${out.last as number}, Buffer.alloc(4), 0, 4, 0));`);
      expect((second.exports as Out).opened).toBe(10);
      expect((second.exports as Out)["old fd"]).toMatchObject({ code: "EBADF" });
      expect(hostFds() - before).toBeLessThan(16);
    } finally {
      nodeFs.closeSync(hostFd);
      h.runtime.dispose();
    }
  });

  it("a descriptor from one run is not usable in the next (host and memory)", async () => {
    // Contained: every descriptor call with the previous run's number fails with EBADF in the next run.
    for (const filesystem of [createHostFileSystem(hostTree().root), await memoryTree()]) {
      const h = harness({}, { filesystem, permissions: allowAllFs });
      try {
        const first = await h.runtime.run(`const fs = require("fs"); module.exports = fs.openSync("/allowed/inner.txt", "r+");`);
        const fd = first.exports as number;
        expect(typeof fd).toBe("number");
        const second = await h.runtime.run(PRELUDE + `
          t("read", () => fs.readSync(${fd}, Buffer.alloc(4), 0, 4, 0));
          t("write", () => fs.writeSync(${fd}, "PWNED"));
          t("fstat", () => fs.fstatSync(${fd}));
          t("ftruncate", () => fs.ftruncateSync(${fd}, 0));
          t("close", () => fs.closeSync(${fd}));`);
        expectCodes(second.exports as Out, "EBADF", ["read", "write", "fstat", "ftruncate", "close"]);
        expect(await filesystem.readTextFile("/allowed/inner.txt")).toBe("inner");
      } finally {
        h.runtime.dispose();
      }
    }
  });

  it("reading a 2 GiB host file is bounded by the sandbox's memory, not the host's", async () => {
    // A sparse 2 GiB file in the root (no disk used). Contained: readFileSync / promises.readFile / copyFile
    // refuse it before the host reads it (ERR_FS_FILE_TOO_LARGE); positional reads through a descriptor get
    // what they ask for; the host's RSS stays far below the file's size.
    const tree = hostTree();
    const big = join(tree.root, "big.bin");
    nodeFs.writeFileSync(big, "");
    nodeFs.truncateSync(big, 2 ** 31);
    const driver = { filesystem: createHostFileSystem(tree.root), permissions: allowAllFs };
    const rss = process.memoryUsage().rss;
    const out = await guest(driver, `
      t("readFile", () => fs.readFileSync("/big.bin"));
      t("text", () => fs.readFileSync("/big.bin", "utf8"));
      t("copy", () => fs.copyFileSync("/big.bin", "/copy.bin"));
      const fd = fs.openSync("/big.bin", "r");
      t("pread", () => fs.readSync(fd, Buffer.alloc(16), 0, 16, 2 ** 30));
      t("fd stat", () => fs.fstatSync(fd).size);
      tp("promise", fs.promises.readFile("/big.bin"));`, 32);
    expectCodes(out, "ERR_FS_FILE_TOO_LARGE", ["readFile", "text", "copy", "promise"]);
    expect(out.pread).toBe(16);
    expect(out["fd stat"]).toBe(2 ** 31);
    expect(exists(join(tree.root, "copy.bin"))).toBe(false);
    expect(process.memoryUsage().rss - rss).toBeLessThan(512 * 1024 * 1024);
  });

  it("writes and truncates at huge positions or lengths are refused (EFBIG) instead of growing host memory or disk", async () => {
    // Contained: one call may not grow a file by more than the sandbox's memory limit: writeSync at 2^31 or
    // 2^40, ftruncate / truncate to 2^33 / 2^36 and a write stream starting at 2^40 fail with EFBIG (a write of
    // no bytes far out writes nothing: 0); the file's size on the filesystem stays small; on the in-memory
    // filesystem the host's RSS does not grow by gigabytes.
    const code = `
      const fd = fs.openSync("/allowed/f.bin", "w+");
      t("write 2^31", () => fs.writeSync(fd, "x", 2 ** 31));
      t("write 2^40", () => fs.writeSync(fd, "x", 2 ** 40));
      t("empty write far", () => fs.writeSync(fd, Buffer.alloc(0), 0, 0, 2 ** 40));
      t("ftruncate", () => fs.ftruncateSync(fd, 2 ** 33));
      t("truncate", () => fs.truncateSync("/allowed/f.bin", 2 ** 36));
      t("near", () => fs.writeSync(fd, "y", 1024 * 1024));
      t("size", () => fs.fstatSync(fd).size);
      const ws = fs.createWriteStream("/allowed/s.bin", { start: 2 ** 40 });
      ws.on("error", (e) => { out.stream = { code: e.code } });
      ws.write("z");`;
    const tree = hostTree();
    const hostOut = await guest({ filesystem: createHostFileSystem(tree.root), permissions: allowAllFs }, code, 32);
    expectCodes(hostOut, "EFBIG", ["write 2^31", "write 2^40", "ftruncate", "truncate", "stream"]);
    expect(hostOut["empty write far"]).toBe(0);
    expect(hostOut.near).toBe(1);
    expect(hostOut.size).toBe(1024 * 1024 + 1);
    expect(nodeFs.statSync(join(tree.root, "allowed", "f.bin")).size).toBe(1024 * 1024 + 1);
    expect(nodeFs.statSync(join(tree.root, "allowed", "s.bin")).size).toBe(0);

    const rss = process.memoryUsage().rss;
    const mem = await memoryTree();
    const memOut = await guest({ filesystem: mem, permissions: allowAllFs }, code, 32);
    expectCodes(memOut, "EFBIG", ["write 2^31", "write 2^40", "ftruncate", "truncate", "stream"]);
    expect(memOut["empty write far"]).toBe(0);
    expect((await mem.stat("/allowed/f.bin")).size).toBe(1024 * 1024 + 1);
    expect(process.memoryUsage().rss - rss).toBeLessThan(512 * 1024 * 1024);
  });
});
