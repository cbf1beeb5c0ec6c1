/**
 * The filesystems a driver can be given: a host directory confined to its
 * root, the read-only node_modules overlay, the in-memory filesystem, and
 * user-supplied VirtualFileSystem objects.
 */
import * as nodeFs from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allowAllFs,
  createHostFileSystem,
  createInMemoryFileSystem,
  createNodeDriver,
  type NodeDriverOptions,
  type VirtualFileSystem,
} from "../dist/src/index.js";
import { harness } from "./helpers.js";

type GuestError = { name: string; code?: string; errno?: number; syscall?: string; path?: string; message: string; stack?: string };

/** Guest-side helpers: `out` is exported, `t` records a sync call's outcome, `errors` every error seen. */
const PRELUDE = `
const fs = require("fs");
const errors = [];
const pick = (e) => { errors.push({ message: String(e && e.message), stack: String(e && e.stack) }); return e && typeof e === "object" ? { name: e.name, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path, message: e.message, stack: e.stack } : { name: "non-error", message: String(e) }; };
const out = { errors };
module.exports = out;
const t = (key, fn) => { try { const v = fn(); out[key] = v === undefined ? "ok" : v; } catch (e) { out[key] = pick(e); } };
`;

type Out = Record<string, unknown> & { errors: Array<{ message: string; stack: string }> };

/** Runs `code` after PRELUDE and returns its exports. */
async function guest(driver: NodeDriverOptions, code: string, filePath = "/main.js"): Promise<Out> {
  const h = harness({}, driver);
  try {
    const result = await h.runtime.run(PRELUDE + code, filePath);
    expect(result.errorMessage, h.stderr()).toBeUndefined();
    expect(result.code).toBe(0);
    return result.exports as Out;
  } finally {
    h.runtime.dispose();
  }
}

/** A fresh temp directory, removed after the file's tests. */
const temps: string[] = [];
function tempDir(label: string): string {
  const dir = nodeFs.realpathSync(nodeFs.mkdtempSync(join(tmpdir(), `quickexec-${label}-`)));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) nodeFs.rmSync(dir, { recursive: true, force: true });
});

// ---- createHostFileSystem ---------------------------------------------------------------------------

describe("createHostFileSystem confines the guest to its root", () => {
  let base: string;
  let root: string;
  let outsideDir: string;
  const OUTSIDE = "OUTSIDE SECRET";

  beforeAll(() => {
    base = tempDir("hostfs");
    root = join(base, "root");
    outsideDir = tempDir("outside");
    nodeFs.mkdirSync(join(root, "data"), { recursive: true });
    nodeFs.mkdirSync(join(root, "deep", "er"), { recursive: true });
    nodeFs.writeFileSync(join(root, "data", "file.txt"), "inside");
    nodeFs.writeFileSync(join(base, "outside.txt"), OUTSIDE);
    nodeFs.writeFileSync(join(outsideDir, "secret.txt"), OUTSIDE);
    // Links planted by the host.
    nodeFs.symlinkSync(join(outsideDir, "secret.txt"), join(root, "abs-link"));
    nodeFs.symlinkSync(outsideDir, join(root, "abs-dir-link"));
    nodeFs.symlinkSync("../outside.txt", join(root, "rel-link"));
    nodeFs.symlinkSync("../../../outside.txt", join(root, "deep", "er", "rel-link"));
    nodeFs.symlinkSync("loop2", join(root, "loop1"));
    nodeFs.symlinkSync("loop1", join(root, "loop2"));
    nodeFs.symlinkSync("self", join(root, "self"));
    nodeFs.symlinkSync("/data/file.txt", join(root, "inside-abs"));
  });

  const hostDriver = (): NodeDriverOptions => ({ filesystem: createHostFileSystem(root), permissions: allowAllFs });

  /**
   * No error message, stack or value the guest saw names the host's directories
   * (only `root` when the guest itself wrote other host paths into its calls).
   */
  function expectNoHostPaths(out: Out, hostPaths: string[] = [root, base, outsideDir, tmpdir()]): void {
    const text = JSON.stringify(out);
    expect(out.errors.length).toBeGreaterThan(0);
    for (const hostPath of hostPaths) expect(text).not.toContain(hostPath);
    expect(text).not.toContain(OUTSIDE);
  }

  it("the guest reads and writes inside the root", async () => {
    const out = await guest(hostDriver(), `
      t("read", () => fs.readFileSync("/data/file.txt", "utf8"));
      t("write", () => fs.writeFileSync("/data/new.txt", "written by the guest"));
      t("mkdir", () => fs.mkdirSync("/made/inside", { recursive: true }));
      t("list", () => fs.readdirSync("/data").sort());
      t("through inside link", () => fs.readFileSync("/inside-abs", "utf8"));
      t("rename", () => fs.renameSync("/data/new.txt", "/made/inside/moved.txt"));`);
    expect(out.read).toBe("inside");
    expect(out.write).toBe("ok");
    expect(out.list).toEqual(["file.txt", "new.txt"]);
    expect(out["through inside link"]).toBe("inside");
    expect(nodeFs.readFileSync(join(root, "made", "inside", "moved.txt"), "utf8")).toBe("written by the guest");
  });

  it("../ chains and absolute host paths stay under the root (ENOENT)", async () => {
    const out = await guest(hostDriver(), `
      t("etc", () => fs.readFileSync("/etc/passwd", "utf8"));
      t("dotdot", () => fs.readFileSync("/../../../../etc/passwd", "utf8"));
      t("relative", () => fs.readFileSync("../../../../../etc/passwd", "utf8"));
      t("outside by name", () => fs.readFileSync(${JSON.stringify(join(base, "outside.txt"))}, "utf8"));
      t("sibling", () => fs.readFileSync("/../outside.txt", "utf8"));
      t("list up", () => fs.readdirSync("/../..").sort());
      t("write up", () => fs.writeFileSync("/../escaped.txt", "x"));`);
    for (const key of ["etc", "dotdot", "relative", "outside by name", "sibling"]) {
      expect(out[key], key).toMatchObject({ code: "ENOENT", errno: -2, syscall: "open" });
    }
    expect((out.etc as GuestError).message).toBe("ENOENT: no such file or directory, open '/etc/passwd'");
    expect((out.dotdot as GuestError).path).toBe("/../../../../etc/passwd");
    // `/..` is `/`: the root's own listing.
    expect(out["list up"]).toEqual(nodeFs.readdirSync(root).filter((name) => name !== "escaped.txt").sort());
    expect(out["write up"]).toBe("ok");
    expect(nodeFs.existsSync(join(base, "escaped.txt"))).toBe(false);
    expect(nodeFs.readFileSync(join(root, "escaped.txt"), "utf8")).toBe("x");
    // The guest wrote `base` itself in one call; the root must still never appear.
    expectNoHostPaths(out, [root]);
  });

  it("links planted by the host that point outside lead nowhere", async () => {
    const out = await guest(hostDriver(), `
      t("absolute", () => fs.readFileSync("/abs-link", "utf8"));
      t("absolute dir", () => fs.readFileSync("/abs-dir-link/secret.txt", "utf8"));
      t("absolute dir list", () => fs.readdirSync("/abs-dir-link"));
      t("relative", () => fs.readFileSync("/rel-link", "utf8"));
      t("deep relative", () => fs.readFileSync("/deep/er/rel-link", "utf8"));
      t("stat", () => fs.statSync("/abs-link").size);
      t("open", () => fs.openSync("/abs-link", "r"));
      t("copy", () => fs.copyFileSync("/abs-link", "/copied.txt"));
      t("write through", () => fs.writeFileSync("/abs-dir-link/planted.txt", "x"));
      t("readlink", () => fs.readlinkSync("/rel-link"));`);
    for (const key of ["absolute", "absolute dir", "relative", "deep relative", "open"]) {
      expect(out[key], key).toMatchObject({ code: "ENOENT", syscall: "open" });
    }
    expect(out["absolute dir list"]).toMatchObject({ code: "ENOENT", syscall: "scandir" });
    expect(out.stat).toMatchObject({ code: "ENOENT", syscall: "stat" });
    expect(out.copy).toMatchObject({ code: "ENOENT", syscall: "copyfile" });
    expect(out["write through"]).toMatchObject({ code: "ENOENT" });
    expect(out.readlink).toBe("../outside.txt");
    expect(nodeFs.existsSync(join(outsideDir, "planted.txt"))).toBe(false);
    expect(nodeFs.existsSync(join(root, "copied.txt"))).toBe(false);
    expectNoHostPaths(out);
  });

  it("a link loop fails with ELOOP", async () => {
    const out = await guest(hostDriver(), `
      t("read", () => fs.readFileSync("/loop1"));
      t("stat", () => fs.statSync("/loop2"));
      t("self", () => fs.readFileSync("/self"));
      t("below", () => fs.readFileSync("/loop1/x"));
      t("lstat", () => fs.lstatSync("/loop1").isSymbolicLink());`);
    expect(out.read).toMatchObject({ code: "ELOOP", errno: -40, syscall: "open", path: "/loop1", message: "ELOOP: too many symbolic links encountered, open '/loop1'" });
    expect(out.stat).toMatchObject({ code: "ELOOP", syscall: "stat", message: "ELOOP: too many symbolic links encountered, stat '/loop2'" });
    expect(out.self).toMatchObject({ code: "ELOOP" });
    expect(out.below).toMatchObject({ code: "ELOOP" });
    expect(out.lstat).toBe(true);
    expectNoHostPaths(out);
  });

  it("a guest link with an absolute target is stored under the root and read back as written", async () => {
    const out = await guest(hostDriver(), `
      t("create", () => fs.symlinkSync("/data/file.txt", "/guest-abs"));
      t("create dir link", () => fs.symlinkSync("/deep", "/data/guest-dir"));
      t("readlink", () => fs.readlinkSync("/guest-abs"));
      t("readlink dir", () => fs.readlinkSync("/data/guest-dir"));
      t("read", () => fs.readFileSync("/guest-abs", "utf8"));
      t("list", () => fs.readdirSync("/data/guest-dir"));
      t("realpath", () => fs.realpathSync("/guest-abs"));`);
    expect(out.readlink).toBe("/data/file.txt");
    expect(out["readlink dir"]).toBe("/deep");
    expect(out.read).toBe("inside");
    expect(out.list).toEqual(["er"]);
    expect(out.realpath).toBe("/data/file.txt");
    // On the host the link leads to the same file, inside the root.
    // (Stored as an absolute host path under the root; a doubled slash marks that the guest wrote it absolute.)
    expect(normalize(nodeFs.readlinkSync(join(root, "guest-abs")))).toBe(join(root, "data", "file.txt"));
    expect(nodeFs.realpathSync.native(join(root, "guest-abs"))).toBe(join(root, "data", "file.txt"));
    expect(nodeFs.readFileSync(join(root, "guest-abs"), "utf8")).toBe("inside");
    expect(normalize(nodeFs.readlinkSync(join(root, "data", "guest-dir")))).toBe(join(root, "deep"));
  });

  it("a guest link with a relative target climbing above the root is refused with EPERM", async () => {
    const out = await guest(hostDriver(), `
      t("one up", () => fs.symlinkSync("../outside.txt", "/up1"));
      t("two up", () => fs.symlinkSync("../../outside.txt", "/data/up2"));
      t("through dot", () => fs.symlinkSync("./../../x", "/data/up3"));
      t("inside", () => fs.symlinkSync("../data/file.txt", "/deep/ok"));
      t("read inside", () => fs.readFileSync("/deep/ok", "utf8"));`);
    for (const key of ["one up", "two up", "through dot"]) {
      expect(out[key], key).toMatchObject({ code: "EPERM", errno: -1, syscall: "symlink" });
    }
    expect((out["two up"] as GuestError).message).toMatch(/^EPERM: operation not permitted, symlink '\.\.\/\.\.\/outside\.txt' -> '\/data\/up2'/);
    expect(out.inside).toBe("ok");
    expect(out["read inside"]).toBe("inside");
    for (const name of ["up1", "data/up2", "data/up3"]) expect(nodeFs.existsSync(join(root, name))).toBe(false);
    expectNoHostPaths(out);
  });

  it("a guest link whose relative target climbs through a link to / does not lead host programs out of the root", async () => {
    // Lexically `s/../outside.txt` from /a stays inside; physically /a/s is the root, so `..` is the root's parent.
    const out = await guest(hostDriver(), `
      t("mkdir", () => fs.mkdirSync("/a"));
      t("to root", () => fs.symlinkSync("/", "/a/s"));
      t("climb", () => fs.symlinkSync("s/../outside.txt", "/a/l"));
      t("read", () => fs.readFileSync("/a/l", "utf8"));`);
    expect(out.read).not.toBe(OUTSIDE);
    // The link is either refused, or leads somewhere inside the root when the host follows it.
    if (out.climb === "ok") {
      let hostTarget: string | null = null;
      try {
        hostTarget = nodeFs.realpathSync.native(join(root, "a", "l"));
      } catch {
        hostTarget = null;
      }
      if (hostTarget !== null) expect(hostTarget.startsWith(root + "/"), `the host follows <root>/a/l to ${hostTarget}`).toBe(true);
    } else {
      expect(out.climb).toMatchObject({ code: "EPERM" });
    }
  });

  it("a hard link to a file outside cannot be made: the guest cannot name one", async () => {
    const out = await guest(hostDriver(), `
      t("absolute", () => fs.linkSync(${JSON.stringify(join(outsideDir, "secret.txt"))}, "/hard1"));
      t("dotdot", () => fs.linkSync("/../outside.txt", "/hard2"));
      t("etc", () => fs.linkSync("/etc/passwd", "/hard3"));
      t("via link", () => fs.linkSync("/abs-link", "/hard4"));
      t("read via link", () => fs.readFileSync("/hard4", "utf8"));
      t("via dir link", () => fs.linkSync("/abs-dir-link/secret.txt", "/hard5"));`);
    for (const key of ["absolute", "dotdot", "etc", "via dir link"]) expect(out[key], key).toMatchObject({ code: "ENOENT", syscall: "link" });
    // link(2) does not follow a final symlink: /hard4 is another link, confined like the first.
    if (out["via link"] === "ok") expect(out["read via link"]).toMatchObject({ code: "ENOENT" });
    for (const name of ["hard1", "hard2", "hard3", "hard5"]) expect(nodeFs.existsSync(join(root, name))).toBe(false);
    // The outside file has no new names.
    expect(nodeFs.statSync(join(outsideDir, "secret.txt")).nlink).toBe(1);
    expect(nodeFs.statSync(join(base, "outside.txt")).nlink).toBe(1);
    // The guest wrote the outside path itself in one call; the root must still never appear.
    expectNoHostPaths(out, [root]);
  });

  it("realpath of a link that leads nowhere fails with ENOENT, like Node", async () => {
    const out = await guest(hostDriver(), `
      t("dangling", () => fs.realpathSync("/abs-link"));
      t("missing", () => fs.realpathSync("/no/such/file"));`);
    // Node: a dangling link fails its stat; otherwise the walk fails to lstat the first missing component.
    expect(out.dangling).toMatchObject({ code: "ENOENT", syscall: "stat", path: "/abs-link", message: "ENOENT: no such file or directory, stat '/abs-link'" });
    expect(out.missing).toMatchObject({ code: "ENOENT", syscall: "lstat", path: "/no", message: "ENOENT: no such file or directory, lstat '/no'" });
  });

  it("errors from every kind of call name only sandbox paths", async () => {
    const out = await guest(hostDriver(), `
      t("a", () => fs.readFileSync("/nope"));
      t("b", () => fs.readdirSync("/data/file.txt"));
      t("c", () => fs.mkdirSync("/data"));
      t("d", () => fs.rmdirSync("/data"));
      t("e", () => fs.unlinkSync("/data"));
      t("f", () => fs.renameSync("/nope", "/nope2"));
      t("g", () => fs.writeFileSync("/data", "x"));
      t("h", () => fs.readlinkSync("/data/file.txt"));
      t("i", () => fs.statSync("/data/file.txt/x"));
      t("j", () => fs.chmodSync("/nope", 0o600));
      t("k", () => fs.truncateSync("/nope"));
      t("l", () => fs.openSync("/nope", "r"));
      t("m", () => fs.accessSync("/nope"));
      t("n", () => fs.copyFileSync("/nope", "/nope2"));
      t("o", () => fs.symlinkSync("/x", "/data/file.txt"));
      t("p", () => fs.linkSync("/nope", "/nope2"));
      t("q", () => fs.rmSync("/nope"));
      t("r", () => fs.mkdtempSync("/nope/x-"));
      t("s", () => require("/nope.js"));
      t("u", () => fs.readFileSync("/abs-dir-link"));
      t("v", () => fs.utimesSync("/nope", 1, 1));`);
    const keys = "abcdefghijklmnopqrsuv".split("");
    for (const key of keys) expect(out[key], key).toHaveProperty("message");
    expectNoHostPaths(out);
  });
});

// ---- the read-only node_modules overlay -----------------------------------------------------------------

describe("the read-only node_modules overlay", () => {
  let project: string;
  const SECRET = "PROJECT SECRET";

  beforeAll(() => {
    project = tempDir("project");
    const nm = join(project, "node_modules");
    nodeFs.mkdirSync(join(nm, "pkg"), { recursive: true });
    nodeFs.writeFileSync(join(nm, "pkg", "package.json"), JSON.stringify({ name: "pkg", version: "1.0.0", main: "index.js" }));
    nodeFs.writeFileSync(join(nm, "pkg", "index.js"), `module.exports = "pkg ok";`);
    nodeFs.mkdirSync(join(nm, "native"));
    nodeFs.writeFileSync(join(nm, "native", "package.json"), JSON.stringify({ name: "native", main: "addon.node" }));
    nodeFs.writeFileSync(join(nm, "native", "addon.node"), "\u007fELF not really");
    nodeFs.mkdirSync(join(nm, "has-native"));
    nodeFs.writeFileSync(join(nm, "has-native", "index.js"), `module.exports = require("./binding.node");`);
    nodeFs.writeFileSync(join(nm, "has-native", "binding.node"), "\u007fELF");
    nodeFs.writeFileSync(join(project, "secret.txt"), SECRET);
    nodeFs.symlinkSync(join(project, "secret.txt"), join(nm, "leak-abs"));
    nodeFs.symlinkSync("../secret.txt", join(nm, "leak-rel"));
    nodeFs.symlinkSync(project, join(nm, "leak-dir"));
    nodeFs.symlinkSync("pkg", join(nm, "pkg-alias"));
  });

  const overlayDriver = (): NodeDriverOptions => ({ moduleAccess: { cwd: project }, permissions: allowAllFs });

  it("the guest reads, lists and requires packages at /root/node_modules", async () => {
    const out = await guest(overlayDriver(), `
      t("read", () => fs.readFileSync("/root/node_modules/pkg/index.js", "utf8"));
      t("list", () => fs.readdirSync("/root/node_modules").sort());
      t("root", () => fs.readdirSync("/root"));
      t("stat", () => fs.statSync("/root/node_modules/pkg").isDirectory());
      t("require", () => require("pkg"));
      t("alias", () => fs.readFileSync("/root/node_modules/pkg-alias/index.js", "utf8"));
      t("resolve", () => require.resolve("pkg"));`, "/root/main.js");
    expect(out.read).toBe(`module.exports = "pkg ok";`);
    expect(out.list).toEqual(["has-native", "leak-abs", "leak-dir", "leak-rel", "native", "pkg", "pkg-alias"]);
    expect(out.root).toContain("node_modules");
    expect(out.stat).toBe(true);
    expect(out.require).toBe("pkg ok");
    expect(out.alias).toBe(`module.exports = "pkg ok";`);
    expect(out.resolve).toBe("/root/node_modules/pkg/index.js");
  });

  it("every kind of write under /root/node_modules fails with EACCES naming the read-only mount", async () => {
    const out = await guest(overlayDriver(), `
      const M = "/root/node_modules";
      fs.writeFileSync("/tmp/src.txt", "s");
      t("writeFile new", () => fs.writeFileSync(M + "/pkg/new.js", "x"));
      t("writeFile existing", () => fs.writeFileSync(M + "/pkg/index.js", "x"));
      t("appendFile", () => fs.appendFileSync(M + "/pkg/index.js", "x"));
      t("mkdir", () => fs.mkdirSync(M + "/newdir"));
      t("mkdir -p", () => fs.mkdirSync(M + "/a/b/c", { recursive: true }));
      t("unlink", () => fs.unlinkSync(M + "/pkg/index.js"));
      t("rename out", () => fs.renameSync(M + "/pkg/index.js", "/tmp/stolen.js"));
      t("rename in", () => fs.renameSync("/tmp/src.txt", M + "/pkg/src.txt"));
      t("rm", () => fs.rmSync(M + "/pkg", { recursive: true, force: true }));
      t("rmdir", () => fs.rmdirSync(M + "/pkg"));
      t("copyFile in", () => fs.copyFileSync("/tmp/src.txt", M + "/pkg/copy.txt"));
      t("symlink in", () => fs.symlinkSync("/tmp/src.txt", M + "/pkg/link"));
      t("chmod", () => fs.chmodSync(M + "/pkg/index.js", 0o777));
      t("truncate", () => fs.truncateSync(M + "/pkg/index.js", 0));
      t("utimes", () => fs.utimesSync(M + "/pkg/index.js", 1, 1));
      t("open w", () => fs.openSync(M + "/pkg/index.js", "w"));
      t("write fd", () => { const fd = fs.openSync(M + "/pkg/index.js", "r+"); try { fs.writeSync(fd, "x"); } finally { fs.closeSync(fd); } });
      fs.promises.writeFile(M + "/pkg/p.js", "x").then(() => { out.promise = "ok"; }, (e) => { out.promise = pick(e); });`, "/root/main.js");
    const keys = ["writeFile new", "writeFile existing", "appendFile", "mkdir", "mkdir -p", "unlink", "rename out", "rename in", "rm", "rmdir",
      "copyFile in", "symlink in", "chmod", "truncate", "utimes", "open w", "write fd", "promise"];
    for (const key of keys) {
      expect(out[key], key).toMatchObject({ code: "EACCES", errno: -13 });
      expect((out[key] as GuestError).message, key).toMatch(/read-only/);
    }
    // The host's files are untouched.
    expect(nodeFs.readFileSync(join(project, "node_modules", "pkg", "index.js"), "utf8")).toBe(`module.exports = "pkg ok";`);
    expect(nodeFs.readdirSync(join(project, "node_modules", "pkg")).sort()).toEqual(["index.js", "package.json"]);
    expect(nodeFs.existsSync(join(project, "node_modules", "newdir"))).toBe(false);
    expect(nodeFs.existsSync(join(project, "node_modules", "a"))).toBe(false);
    for (const e of out.errors) expect(e.message).not.toContain(project);
  });

  it("access(W_OK) under /root/node_modules reports that nothing there is writable", async () => {
    // Every write there fails, so access must not report write access (Linux reports EROFS on a read-only mount).
    const out = await guest(overlayDriver(), `
      t("file", () => fs.accessSync("/root/node_modules/pkg/index.js", fs.constants.W_OK));
      t("dir", () => fs.accessSync("/root/node_modules/pkg", fs.constants.W_OK));
      t("read ok", () => fs.accessSync("/root/node_modules/pkg/index.js", fs.constants.R_OK));`, "/root/main.js");
    expect(out["read ok"]).toBe("ok");
    for (const key of ["file", "dir"]) {
      expect(out[key], key).toMatchObject({ syscall: "access" });
      expect(["EACCES", "EROFS"], key).toContain((out[key] as GuestError).code);
    }
  });

  it("links inside node_modules cannot lead out of it", async () => {
    const out = await guest(overlayDriver(), `
      t("absolute", () => fs.readFileSync("/root/node_modules/leak-abs", "utf8"));
      t("relative", () => fs.readFileSync("/root/node_modules/leak-rel", "utf8"));
      t("dir", () => fs.readFileSync("/root/node_modules/leak-dir/secret.txt", "utf8"));
      t("dir list", () => fs.readdirSync("/root/node_modules/leak-dir"));
      t("require", () => require("/root/node_modules/leak-rel"));
      t("dotdot", () => fs.readFileSync("/root/node_modules/../../secret.txt", "utf8"));`, "/root/main.js");
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(JSON.stringify(out)).not.toContain(project);
    for (const key of ["absolute", "relative", "dir", "dotdot"]) expect(out[key], key).toMatchObject({ code: "ENOENT" });
    expect(out["dir list"]).toMatchObject({ code: "ENOENT" });
  });

  it("a native .node addon cannot be loaded: ERR_DLOPEN_FAILED", async () => {
    const out = await guest(overlayDriver(), `
      t("package main", () => require("native"));
      t("required by a package", () => require("has-native"));
      fs.writeFileSync("/root/own.node", "\\u007fELF");
      t("relative", () => require("./own.node"));
      t("absolute", () => require("/root/node_modules/native/addon.node"));`, "/root/main.js");
    for (const key of ["package main", "required by a package", "relative", "absolute"]) {
      expect(out[key], key).toMatchObject({ code: "ERR_DLOPEN_FAILED" });
      expect((out[key] as GuestError).message, key).toMatch(/native/i);
    }
  });

  it("the default driver mounts process.cwd()'s node_modules: require('semver') works", async () => {
    const out = await guest({ permissions: allowAllFs }, `
      t("valid", () => require("semver").valid("1.2.3"));
      t("gt", () => require("semver").gt("2.0.0", "1.9.9"));
      t("version", () => JSON.parse(fs.readFileSync("/root/node_modules/semver/package.json", "utf8")).name);
      t("tmp", () => { fs.writeFileSync("/tmp/t.txt", "t"); return fs.readFileSync("/tmp/t.txt", "utf8"); });`, "/root/main.js");
    expect(out.valid).toBe("1.2.3");
    expect(out.gt).toBe(true);
    expect(out.version).toBe("semver");
    expect(out.tmp).toBe("t");
  });

  it("a moduleAccess cwd without node_modules shows no packages", async () => {
    const empty = tempDir("empty-project");
    const out = await guest({ moduleAccess: { cwd: empty }, permissions: allowAllFs }, `
      t("require", () => require("pkg"));
      t("list", () => fs.readdirSync("/root/node_modules"));`, "/root/main.js");
    expect(out.require).toMatchObject({ code: "MODULE_NOT_FOUND" });
    expect(out.list).toMatchObject({ code: "ENOENT" });
  });

  it("moduleAccess.cwd must be an absolute path", () => {
    expect(() => createNodeDriver({ moduleAccess: { cwd: "relative/dir" } })).toThrow(TypeError);
    expect(() => createNodeDriver({ moduleAccess: { cwd: "relative/dir" } })).toThrow(/moduleAccess\.cwd/);
    expect(() => createNodeDriver({ moduleAccess: { cwdd: "/x" } } as never)).toThrow(/cwdd/);
  });
});

// ---- createInMemoryFileSystem ---------------------------------------------------------------------------

describe("createInMemoryFileSystem", () => {
  it("the VirtualFileSystem methods behave", async () => {
    const fs = createInMemoryFileSystem();
    expect(await fs.readDir("/")).toEqual([]);
    await fs.writeFile("/app/data.json", '{"key": "value"}');
    await fs.writeFile("/app/bytes.bin", new Uint8Array([1, 2, 3]));
    expect(await fs.readTextFile("/app/data.json")).toBe('{"key": "value"}');
    const bytes = await fs.readFile("/app/bytes.bin");
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([1, 2, 3]);
    expect(await fs.exists("/app/data.json")).toBe(true);
    expect(await fs.exists("/app/nope")).toBe(false);

    const s = await fs.stat("/app/data.json");
    expect(s).toMatchObject({ size: 16, isDirectory: false, isSymbolicLink: false });
    expect(s.mode & 0o170000).toBe(0o100000);
    expect(s.mode & 0o777).toBe(0o644);
    expect(typeof s.mtimeMs).toBe("number");
    const d = await fs.stat("/app");
    expect(d.isDirectory).toBe(true);
    expect(d.mode & 0o170000).toBe(0o040000);

    expect((await fs.readDir("/app")).sort()).toEqual(["bytes.bin", "data.json"]);
    await fs.createDir("/app/sub");
    const typed = (await fs.readDirWithTypes("/app")).sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(typed.map((e) => [e.name, e.isDirectory])).toEqual([["bytes.bin", false], ["data.json", false], ["sub", true]]);
    await expect(fs.createDir("/app/sub")).rejects.toMatchObject({ code: "EEXIST" });
    await expect(fs.createDir("/none/sub")).rejects.toMatchObject({ code: "ENOENT" });
    await fs.mkdir("/x/y/z");
    await fs.mkdir("/x/y/z");
    expect((await fs.stat("/x/y/z")).isDirectory).toBe(true);

    await fs.rename("/app/data.json", "/app/sub/moved.json");
    expect(await fs.exists("/app/data.json")).toBe(false);
    expect(await fs.readTextFile("/app/sub/moved.json")).toBe('{"key": "value"}');

    await fs.symlink("/app/sub/moved.json", "/link");
    await fs.symlink("sub", "/app/rel");
    expect(await fs.readlink("/link")).toBe("/app/sub/moved.json");
    expect((await fs.lstat("/link")).isSymbolicLink).toBe(true);
    expect((await fs.stat("/link")).isSymbolicLink).toBe(false);
    expect(await fs.readTextFile("/link")).toBe('{"key": "value"}');
    expect(await fs.realpath("/link")).toBe("/app/sub/moved.json");
    expect(await fs.realpath("/app/rel/moved.json")).toBe("/app/sub/moved.json");
    await expect(fs.realpath("/app/nope")).rejects.toMatchObject({ code: "ENOENT" });

    await fs.link("/app/bytes.bin", "/hard.bin");
    expect((await fs.stat("/hard.bin")).nlink).toBe(2);
    await fs.truncate("/hard.bin", 1);
    expect([...(await fs.readFile("/app/bytes.bin"))]).toEqual([1]);
    await fs.chmod("/hard.bin", 0o600);
    expect((await fs.stat("/app/bytes.bin")).mode & 0o777).toBe(0o600);
    await fs.utimes("/hard.bin", 1_000_000, 2_000_000);
    expect((await fs.stat("/hard.bin")).mtimeMs).toBe(2_000_000);

    await fs.removeFile("/hard.bin");
    await fs.removeFile("/link");
    expect(await fs.exists("/hard.bin")).toBe(false);
    expect(await fs.exists("/app/sub/moved.json")).toBe(true);
    await expect(fs.removeDir("/app/sub")).rejects.toMatchObject({ code: "ENOTEMPTY" });
    await fs.removeFile("/app/sub/moved.json");
    await fs.removeDir("/app/sub");
    expect(await fs.exists("/app/sub")).toBe(false);
    await expect(fs.readFile("/gone")).rejects.toMatchObject({ code: "ENOENT" });

    expect(fs.pread).toBeTypeOf("function");
    await fs.writeFile("/p.txt", "0123456789");
    expect(new TextDecoder().decode(await fs.pread!("/p.txt", 3, 4))).toBe("3456");
    await fs.pwrite!("/p.txt", 8, new TextEncoder().encode("XYZ"));
    expect(await fs.readTextFile("/p.txt")).toBe("01234567XYZ");
  });

  it("two filesystems share nothing", async () => {
    const a = createInMemoryFileSystem();
    const b = createInMemoryFileSystem();
    await a.writeFile("/only-a", "a");
    expect(await b.exists("/only-a")).toBe(false);
  });

  it("writeFile creates parents for the host, but the guest's writeFileSync into a missing directory is ENOENT like Node", async () => {
    const fs = createInMemoryFileSystem();
    await fs.writeFile("/deep/host/file.txt", "from the host");
    expect((await fs.stat("/deep/host")).isDirectory).toBe(true);
    const out = await guest({ filesystem: fs, permissions: allowAllFs }, `
      t("nodir", () => fs.writeFileSync("/nodir/x", "x"));
      t("deeper", () => fs.writeFileSync("/deep/missing/x", "x"));
      t("file as dir", () => fs.writeFileSync("/deep/host/file.txt/x", "x"));
      t("append", () => fs.appendFileSync("/nodir/y", "y"));
      t("host file", () => fs.readFileSync("/deep/host/file.txt", "utf8"));
      t("ok", () => fs.writeFileSync("/deep/host/guest.txt", "from the guest"));`);
    expect(out.nodir).toMatchObject({ code: "ENOENT", errno: -2, syscall: "open", path: "/nodir/x", message: "ENOENT: no such file or directory, open '/nodir/x'" });
    expect(out.deeper).toMatchObject({ code: "ENOENT", path: "/deep/missing/x" });
    expect(out["file as dir"]).toMatchObject({ code: "ENOTDIR", syscall: "open" });
    expect(out.append).toMatchObject({ code: "ENOENT", syscall: "open" });
    expect(out["host file"]).toBe("from the host");
    expect(out.ok).toBe("ok");
    expect(await fs.exists("/nodir")).toBe(false);
    expect(await fs.exists("/deep/missing")).toBe(false);
    expect(await fs.readTextFile("/deep/host/guest.txt")).toBe("from the guest");
  });
});

// ---- custom filesystems -------------------------------------------------------------------------------

describe("custom VirtualFileSystem objects", () => {
  const METHODS = [
    "readFile", "readTextFile", "readDir", "readDirWithTypes", "writeFile", "createDir", "mkdir", "exists", "stat", "lstat",
    "removeFile", "removeDir", "rename", "symlink", "readlink", "link", "chmod", "chown", "utimes", "truncate", "realpath",
  ] as const;

  it("one missing a method is refused with a TypeError naming it", () => {
    const full = createInMemoryFileSystem();
    for (const method of METHODS) {
      const partial = { ...full } as Record<string, unknown>;
      delete partial[method];
      expect(() => createNodeDriver({ filesystem: partial as unknown as VirtualFileSystem }), method).toThrow(TypeError);
      expect(() => createNodeDriver({ filesystem: partial as unknown as VirtualFileSystem }), method).toThrow(new RegExp(`missing method ${method}$`));
    }
  });

  it("one missing several methods names them all; a non-object is refused", () => {
    expect(() => createNodeDriver({ filesystem: { readFile: async () => new Uint8Array() } as unknown as VirtualFileSystem })).toThrow(/missing methods readTextFile, readDir, .*realpath/);
    expect(() => createNodeDriver({ filesystem: null as unknown as VirtualFileSystem })).toThrow(TypeError);
    expect(() => createNodeDriver({ filesystem: "/tmp" as unknown as VirtualFileSystem })).toThrow(/filesystem/);
    expect(() => createNodeDriver({ filesystem: { ...createInMemoryFileSystem(), stat: "no" } as unknown as VirtualFileSystem })).toThrow(/missing method stat/);
    expect(() => createNodeDriver({ filesystem: { ...createInMemoryFileSystem(), pread: 1 } as unknown as VirtualFileSystem })).toThrow(/pread/);
  });

  it("an asynchronous filesystem still serves the guest's synchronous calls", async () => {
    const inner = createInMemoryFileSystem();
    await inner.writeFile("/data/in.txt", "slow but sure");
    const calls: string[] = [];
    const slow = {} as Record<string, unknown>;
    for (const method of METHODS) {
      slow[method] = async (...args: unknown[]) => {
        calls.push(method);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return (inner[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      };
    }
    const out = await guest({ filesystem: slow as unknown as VirtualFileSystem, permissions: allowAllFs }, `
      t("read", () => fs.readFileSync("/data/in.txt", "utf8"));
      t("write", () => { fs.writeFileSync("/data/out.txt", "written"); return fs.readFileSync("/data/out.txt", "utf8"); });
      t("append", () => { fs.appendFileSync("/data/out.txt", "+more"); return fs.readFileSync("/data/out.txt", "utf8"); });
      t("list", () => fs.readdirSync("/data").sort());
      t("stat", () => fs.statSync("/data/in.txt").size);
      t("missing", () => fs.readFileSync("/data/none"));
      t("fd", () => { const fd = fs.openSync("/data/in.txt", "r"); const b = Buffer.alloc(4); fs.readSync(fd, b, 0, 4, 5); fs.closeSync(fd); return b.toString(); });`);
    expect(out.read).toBe("slow but sure");
    expect(out.write).toBe("written");
    expect(out.append).toBe("written+more");
    expect(out.list).toEqual(["in.txt", "out.txt"]);
    expect(out.stat).toBe(13);
    expect(out.missing).toMatchObject({ code: "ENOENT", syscall: "open", path: "/data/none" });
    expect(out.fd).toBe("but ");
    expect(calls).toContain("readFile");
    expect(await inner.readTextFile("/data/out.txt")).toBe("written+more");
  });

  it("a filesystem whose methods answer synchronously works too", async () => {
    const inner = createInMemoryFileSystem();
    await inner.writeFile("/f.txt", "sync");
    // Resolve every answer up front through a cache, then hand back plain values.
    const sync = {} as Record<string, unknown>;
    for (const method of METHODS) sync[method] = (...args: unknown[]) => (inner[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    sync.readFile = () => new TextEncoder().encode("sync");
    sync.stat = () => ({ mode: 0o100644, size: 4, isDirectory: false, isSymbolicLink: false, atimeMs: 0, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0 });
    sync.realpath = (p: string) => p;
    const out = await guest({ filesystem: sync as unknown as VirtualFileSystem, permissions: allowAllFs }, `
      t("read", () => fs.readFileSync("/f.txt", "utf8"));
      t("size", () => fs.statSync("/f.txt").size);`);
    expect(out.read).toBe("sync");
    expect(out.size).toBe(4);
  });

  it("a filesystem that throws a non-POSIX error surfaces it without host details", async () => {
    const inner = createInMemoryFileSystem();
    const broken = { ...inner, readFile: async () => { throw new Error("backend unavailable"); } } as VirtualFileSystem;
    await inner.writeFile("/f.txt", "x");
    const out = await guest({ filesystem: broken, permissions: allowAllFs }, `t("read", () => fs.readFileSync("/f.txt"));`);
    expect(out.read).toMatchObject({ message: "backend unavailable" });
  });
});
