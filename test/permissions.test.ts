/**
 * The permission contract: every host capability the guest can reach is
 * denied unless the host's check allows it, denials surface as Node's EACCES
 * errors naming the guest's path and Node's syscall, and the check always sees
 * one coerced, normalised, absolute path (and where its symbolic links lead).
 */
import { describe, expect, it } from "vitest";
import {
  allowAll,
  allowAllChildProcess,
  allowAllEnv,
  allowAllFs,
  allowAllNetwork,
  createInMemoryFileSystem,
  createNodeDriver,
  type EnvAccessRequest,
  type FsAccessRequest,
  type NodeDriverOptions,
  type Permissions,
  type VirtualFileSystem,
} from "../dist/src/index.js";
import { harness } from "./helpers.js";

/** What the guest reports of an error. */
type GuestError = {
  name: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
  dest?: string;
  message: string;
  isTypeError?: boolean;
};

/** Guest-side helpers prepended to every program: `out` is exported, `t` records a sync call's outcome. */
const PRELUDE = `
const fs = require("fs");
const pick = (e) => e && typeof e === "object"
  ? { name: e.name, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path, dest: e.dest, message: e.message, isTypeError: e instanceof TypeError }
  : { name: "non-error", message: String(e) };
const out = {};
module.exports = out;
const t = (key, fn) => { try { const v = fn(); out[key] = v === undefined ? "ok" : v; } catch (e) { out[key] = pick(e); } };
`;

/** Runs `code` (after PRELUDE) with `run` and returns its exports (`out`). */
async function guest<T = Record<string, unknown>>(driver: NodeDriverOptions, code: string): Promise<T> {
  const h = harness({}, driver);
  try {
    const result = await h.runtime.run(PRELUDE + code, "/workspace/main.js");
    expect(result.errorMessage, h.stderr()).toBeUndefined();
    expect(result.code).toBe(0);
    return result.exports as T;
  } finally {
    h.runtime.dispose();
  }
}

/** Runs `code` (after PRELUDE) with `exec` in `cwd`; the program prints `out` as its last line. */
async function guestExec<T = Record<string, unknown>>(driver: NodeDriverOptions, code: string, cwd: string): Promise<T> {
  const h = harness({}, driver);
  try {
    const result = await h.runtime.exec(PRELUDE + code + `\nconsole.log(JSON.stringify(out));`, { cwd, filePath: "main.js" });
    expect(result.errorMessage, h.stderr()).toBeUndefined();
    expect(result.code).toBe(0);
    const lines = h.stdout().trim().split("\n");
    return JSON.parse(lines[lines.length - 1]!) as T;
  } finally {
    h.runtime.dispose();
  }
}

/** An fs check that records every request and answers with `decide`. */
function recorder(decide: (r: FsAccessRequest) => unknown) {
  const requests: FsAccessRequest[] = [];
  const check = ((r: FsAccessRequest) => {
    requests.push({ ...r });
    return decide(r);
  }) as Permissions["fs"];
  return { requests, check };
}

const DENY_REASON = "policy says no";
const denyAll = () => ({ allow: false, reason: DENY_REASON });

/** Only `/workspace` and what is below it. */
const workspaceOnly = (r: { path: string }) =>
  r.path === "/workspace" || r.path.startsWith("/workspace/") ? { allow: true } : { allow: false, reason: "outside the workspace" };

/** A memory filesystem with the files these tests use. */
async function seededFs(): Promise<VirtualFileSystem> {
  const fs = createInMemoryFileSystem();
  await fs.writeFile("/workspace/target", "workspace file");
  await fs.writeFile("/workspace/a.txt", "A");
  await fs.mkdir("/workspace/sub");
  await fs.writeFile("/other/a.txt", "OTHER");
  await fs.writeFile("/secret.txt", "TOP SECRET");
  await fs.writeFile("/private/file", "PRIVATE");
  return fs;
}

function expectEacces(e: unknown, syscall: string, path: string | undefined, reason: string, dest?: string): void {
  const err = e as GuestError;
  expect(err, JSON.stringify(e)).toMatchObject({ name: "Error", code: "EACCES", errno: -13, syscall });
  if (path !== undefined) expect(err.path).toBe(path);
  const subject = path === undefined ? "" : dest === undefined ? ` '${path}'` : ` '${path}' -> '${dest}'`;
  expect(err.message).toBe(`EACCES: permission denied, ${syscall}${subject} (${reason})`);
  // The \`dest\` property of two-path errors has its own test ("... carry Node's dest property").
}

// ---- 1. every fs op -----------------------------------------------------------------------

/** As the guest writes it, and as the check must see it. */
const P = "/workspace/sub/../target";
const PN = "/workspace/target";
const Q = "/workspace/sub/./other//";
const QN = "/workspace/sub/other";

type OpRow = {
  /** The fs API (`fs.<api>Sync`, `fs.<api>`, `fs.promises.<api>`). */
  api: string;
  /** Its arguments, as guest source. */
  args: string;
  syscall: string;
  op: string;
  /** The request's path (a RegExp for generated names). */
  requestPath?: string | RegExp;
  /** The error's `path` (default: P as written). */
  errorPath?: string;
  /** The error's `dest` for two-path calls. */
  dest?: string;
  /** Forms that do not exist in Node. */
  noPromise?: boolean;
  noCallback?: boolean;
  noSync?: boolean;
  /** Node 20's message names no path (opendir). */
  messageWithoutPath?: boolean;
};

const OPS: OpRow[] = [
  { api: "readFile", args: `P`, syscall: "open", op: "read" },
  { api: "readFile", args: `P, "utf8"`, syscall: "open", op: "read" },
  { api: "writeFile", args: `P, "data"`, syscall: "open", op: "write" },
  { api: "appendFile", args: `P, "data"`, syscall: "open", op: "write" },
  { api: "stat", args: `P`, syscall: "stat", op: "stat" },
  { api: "lstat", args: `P`, syscall: "lstat", op: "stat" },
  { api: "access", args: `P`, syscall: "access", op: "stat" },
  { api: "readdir", args: `P`, syscall: "scandir", op: "readdir" },
  { api: "readdir", args: `P, { withFileTypes: true }`, syscall: "scandir", op: "readdir" },
  { api: "opendir", args: `P`, syscall: "opendir", op: "readdir", messageWithoutPath: true },
  { api: "mkdir", args: `P`, syscall: "mkdir", op: "mkdir" },
  { api: "mkdir", args: `P, { recursive: true }`, syscall: "mkdir", op: "mkdir" },
  { api: "mkdtemp", args: `"/workspace/sub/../tmp-"`, syscall: "mkdtemp", op: "mkdir", requestPath: /^\/workspace\/tmp-[A-Za-z0-9]{6}$/, errorPath: "/workspace/sub/../tmp-XXXXXX" },
  { api: "rmdir", args: `P`, syscall: "rmdir", op: "rm" },
  { api: "rm", args: `P, { recursive: true, force: true }`, syscall: "rm", op: "rm" },
  { api: "unlink", args: `P`, syscall: "unlink", op: "rm" },
  { api: "rename", args: `P, Q`, syscall: "rename", op: "rename", dest: Q },
  { api: "copyFile", args: `P, Q`, syscall: "copyfile", op: "read", dest: Q },
  // Node 20's cpSync starts with an lstat of the source.
  { api: "cp", args: `P, Q`, syscall: "lstat", op: "stat" },
  // Node's JS realpath names the absolute path it failed to lstat.
  { api: "realpath", args: `P`, syscall: "lstat", op: "stat", errorPath: PN },
  { api: "symlink", args: `P, Q`, syscall: "symlink", op: "symlink", dest: Q },
  { api: "readlink", args: `P`, syscall: "readlink", op: "readlink" },
  { api: "link", args: `P, Q`, syscall: "link", op: "link", dest: Q },
  { api: "chmod", args: `P, 0o644`, syscall: "chmod", op: "chmod" },
  { api: "chown", args: `P, 1000, 1000`, syscall: "chown", op: "chown" },
  { api: "lchown", args: `P, 1000, 1000`, syscall: "lchown", op: "chown" },
  { api: "utimes", args: `P, 1, 2`, syscall: "utime", op: "utimes" },
  { api: "lutimes", args: `P, 1, 2`, syscall: "lutime", op: "utimes" },
  { api: "truncate", args: `P, 1`, syscall: "open", op: "truncate" },
  { api: "open", args: `P, "r"`, syscall: "open", op: "open" },
  { api: "open", args: `P, "w"`, syscall: "open", op: "open" },
];

describe("every fs op asks the fs check and fails with Node's EACCES", () => {
  for (const row of OPS) {
    const errorPath = row.errorPath ?? P;
    it(`${row.api}(${row.args})`, async () => {
      const { requests, check } = recorder(denyAll);
      const forms: string[] = [];
      let code = `const P = ${JSON.stringify(P)}, Q = ${JSON.stringify(Q)};\n`;
      if (!row.noSync) {
        forms.push("sync");
        code += `t("sync", () => { fs.${row.api}Sync(${row.args}); });\n`;
      }
      if (!row.noCallback) {
        forms.push("callback");
        code += `fs.${row.api}(${row.args}, (e) => { out.callback = e ? pick(e) : "no error"; });\n`;
      }
      if (!row.noPromise) {
        forms.push("promise");
        code += `fs.promises.${row.api}(${row.args}).then(() => { out.promise = "no error"; }, (e) => { out.promise = pick(e); });\n`;
      }
      const out = await guest<Record<string, GuestError>>({ filesystem: await seededFs(), permissions: { fs: check } }, code);
      for (const form of forms) {
        const e = out[form]!;
        if (row.messageWithoutPath) {
          expect(e, form).toMatchObject({ code: "EACCES", errno: -13, syscall: row.syscall });
          expect(e.message, form).toMatch(new RegExp(`^EACCES: permission denied, ${row.syscall}\\b.*\\(${DENY_REASON}\\)$`));
        } else {
          expectEacces(e, row.syscall, errorPath, DENY_REASON, row.dest);
        }
      }
      // One request per form (the first denial ends the call), each for the normalised path.
      expect(requests).toHaveLength(forms.length);
      for (const r of requests) {
        expect(r.op).toBe(row.op);
        if (row.requestPath instanceof RegExp) expect(r.path).toMatch(row.requestPath);
        else expect(r.path).toBe(row.requestPath ?? PN);
      }
    });
  }

  it("createReadStream and createWriteStream emit the EACCES of their open", async () => {
    const { requests, check } = recorder(denyAll);
    const out = await guest<Record<string, GuestError>>(
      { filesystem: await seededFs(), permissions: { fs: check } },
      `const P = ${JSON.stringify(P)};
       fs.createReadStream(P).on("error", (e) => { out.read = pick(e); }).resume();
       fs.createWriteStream(P).on("error", (e) => { out.write = pick(e); });`,
    );
    expectEacces(out.read, "open", P, DENY_REASON);
    expectEacces(out.write, "open", P, DENY_REASON);
    expect(requests.map((r) => r.op).sort()).toEqual(["open", "open"]);
    expect(requests.every((r) => r.path === PN)).toBe(true);
  });

  it("existsSync and exists answer false on a denied path, without throwing", async () => {
    const { requests, check } = recorder(denyAll);
    const out = await guest({ filesystem: await seededFs(), permissions: { fs: check } }, `
      t("sync", () => fs.existsSync(${JSON.stringify(P)}));
      fs.exists(${JSON.stringify(P)}, (v) => { out.callback = v; });`);
    expect(out).toEqual({ sync: false, callback: false });
    expect(requests).toEqual([{ op: "exists", path: PN }, { op: "exists", path: PN }]);
  });

  it("existsSync is true once the check allows the path", async () => {
    const out = await guest({ filesystem: await seededFs(), permissions: { fs: workspaceOnly } }, `
      t("inside", () => fs.existsSync("/workspace/target"));
      t("outside", () => fs.existsSync("/secret.txt"));`);
    expect(out).toEqual({ inside: true, outside: false });
  });

  it("the request the check receives holds exactly op and path", async () => {
    const { requests, check } = recorder(denyAll);
    await guest({ filesystem: await seededFs(), permissions: { fs: check } }, `t("x", () => fs.readFileSync("/workspace/a.txt"));`);
    expect(requests).toHaveLength(1);
    expect(Object.keys(requests[0]!).sort()).toEqual(["op", "path"]);
  });
});

describe("fs.open asks open, then read and write as its flags need", () => {
  const cases: Array<[string, string[]]> = [
    ["r", ["open", "read"]],
    ["rs", ["open", "read"]],
    ["r+", ["open", "read", "write"]],
    ["w", ["open", "write"]],
    ["wx", ["open", "write"]],
    ["w+", ["open", "read", "write"]],
    ["a", ["open", "write"]],
    ["a+", ["open", "read", "write"]],
  ];
  for (const [flags, ops] of cases) {
    it(`flags "${flags}" ask ${ops.join(", ")}`, async () => {
      const { requests, check } = recorder(() => ({ allow: true }));
      const path = flags.includes("x") ? "/workspace/new-file" : "/workspace/a.txt";
      const out = await guest({ filesystem: await seededFs(), permissions: { fs: check } }, `
        t("fd", () => { const fd = fs.openSync(${JSON.stringify(path)}, ${JSON.stringify(flags)}); fs.closeSync(fd); return typeof fd; });`);
      expect(out.fd).toBe("number");
      expect(requests).toEqual(ops.map((op) => ({ op, path })));
    });
  }

  it("a check that denies write lets open for reading through and refuses open for writing, truncating nothing", async () => {
    const fs = await seededFs();
    const { requests, check } = recorder((r) => (r.op === "write" ? { allow: false, reason: "read-only policy" } : { allow: true }));
    const out = await guest<Record<string, GuestError | string>>({ filesystem: fs, permissions: { fs: check } }, `
      t("r", () => { const fd = fs.openSync("/workspace/a.txt", "r"); const b = Buffer.alloc(8); const n = fs.readSync(fd, b); fs.closeSync(fd); return b.toString("utf8", 0, n); });
      t("w", () => fs.openSync("/workspace/a.txt", "w"));
      t("rplus", () => fs.openSync("/workspace/a.txt", "r+"));
      t("a", () => fs.openSync("/workspace/new.txt", "a"));
      fs.open("/workspace/a.txt", "w", (e) => { out.callback = pick(e); });
      fs.promises.open("/workspace/a.txt", "w").then(() => { out.promise = "no error"; }, (e) => { out.promise = pick(e); });`);
    expect(out.r).toBe("A");
    expectEacces(out.w, "open", "/workspace/a.txt", "read-only policy");
    expectEacces(out.rplus, "open", "/workspace/a.txt", "read-only policy");
    expectEacces(out.a, "open", "/workspace/new.txt", "read-only policy");
    expectEacces(out.callback, "open", "/workspace/a.txt", "read-only policy");
    expectEacces(out.promise, "open", "/workspace/a.txt", "read-only policy");
    expect(await fs.readTextFile("/workspace/a.txt")).toBe("A");
    expect(await fs.exists("/workspace/new.txt")).toBe(false);
    expect(requests.filter((r) => r.op === "write")).toHaveLength(5);
  });
});

describe("two-path calls check both paths", () => {
  type TwoPath = { api: string; syscall: string; ops: [string, string]; args: (a: string, b: string) => string };
  const calls: TwoPath[] = [
    { api: "rename", syscall: "rename", ops: ["rename", "rename"], args: (a, b) => `${JSON.stringify(a)}, ${JSON.stringify(b)}` },
    { api: "link", syscall: "link", ops: ["link", "link"], args: (a, b) => `${JSON.stringify(a)}, ${JSON.stringify(b)}` },
    { api: "copyFile", syscall: "copyfile", ops: ["read", "write"], args: (a, b) => `${JSON.stringify(a)}, ${JSON.stringify(b)}` },
    // symlink(target, path): Node's error has path = target and dest = the link.
    { api: "symlink", syscall: "symlink", ops: ["symlink", "symlink"], args: (a, b) => `${JSON.stringify(a)}, ${JSON.stringify(b)}` },
  ];
  const orders = [
    { name: "first path allowed, second denied", first: "/workspace/a.txt", second: "/other/b.txt", deniedSecond: true },
    { name: "first path denied, second allowed", first: "/other/a.txt", second: "/workspace/b.txt", deniedSecond: false },
  ];
  for (const c of calls) {
    for (const order of orders) {
      it(`${c.api}: ${order.name}`, async () => {
        const fs = await seededFs();
        const { requests, check } = recorder((r) => (r.path.startsWith("/workspace/") ? { allow: true } : { allow: false, reason: "not in the workspace" }));
        const args = c.args(order.first, order.second);
        const out = await guest<Record<string, GuestError>>({ filesystem: fs, permissions: { fs: check } }, `
          t("sync", () => fs.${c.api}Sync(${args}));
          fs.${c.api}(${args}, (e) => { out.callback = e ? pick(e) : "no error"; });
          fs.promises.${c.api}(${args}).then(() => { out.promise = "no error"; }, (e) => { out.promise = pick(e); });`);
        for (const form of ["sync", "callback", "promise"]) {
          expectEacces(out[form], c.syscall, order.first, "not in the workspace", order.second);
        }
        // The denied path was asked about, with the op for its role.
        const denied = order.deniedSecond ? { op: c.ops[1], path: order.second } : { op: c.ops[0], path: order.first };
        expect(requests).toContainEqual(denied);
        if (order.deniedSecond) expect(requests).toContainEqual({ op: c.ops[0], path: order.first });
        // Nothing happened.
        expect(await fs.exists(order.second)).toBe(false);
        expect(await fs.exists(order.first)).toBe(true);
      });
    }
  }
});

describe("EACCES errors of two-path calls carry Node's dest property", () => {
  // Node's uvException sets `dest` whenever the call has a second path (rename, copyfile, link, symlink, chdir).
  const calls: Array<[string, string, string]> = [
    ["renameSync", `"/workspace/a.txt", "/workspace/b.txt"`, "/workspace/b.txt"],
    ["copyFileSync", `"/workspace/a.txt", "/workspace/b.txt"`, "/workspace/b.txt"],
    ["linkSync", `"/workspace/a.txt", "/workspace/b.txt"`, "/workspace/b.txt"],
    ["symlinkSync", `"/workspace/a.txt", "/workspace/b.txt"`, "/workspace/b.txt"],
  ];
  for (const [api, args, dest] of calls) {
    it(api, async () => {
      const out = await guest<Record<string, GuestError>>({ filesystem: await seededFs(), permissions: { fs: denyAll } }, `t("e", () => fs.${api}(${args}));`);
      expect(out.e).toMatchObject({ code: "EACCES", dest });
    });
  }

  it("process.chdir", async () => {
    const out = await guestExec<Record<string, GuestError>>({ filesystem: await seededFs(), permissions: { fs: denyAll } }, `t("e", () => process.chdir("sub"));`, "/workspace");
    expect(out.e).toMatchObject({ code: "EACCES", syscall: "chdir", path: "/workspace", dest: "sub" });
  });
});

describe("require asks the fs check too", () => {
  async function moduleFs(): Promise<VirtualFileSystem> {
    const fs = await seededFs();
    await fs.writeFile("/workspace/lib.js", `module.exports = "lib";`);
    await fs.writeFile("/secret.js", `module.exports = "SECRET MODULE";`);
    await fs.symlink("/secret.js", "/workspace/mod.js");
    return fs;
  }

  it("probes ask stat and the source read asks read, with normalised paths", async () => {
    const { requests, check } = recorder(() => ({ allow: true }));
    const out = await guest({ filesystem: await moduleFs(), permissions: { fs: check } }, `t("lib", () => require("./sub/../lib"));`);
    expect(out.lib).toBe("lib");
    expect(requests).toContainEqual({ op: "stat", path: "/workspace/lib" });
    expect(requests).toContainEqual({ op: "stat", path: "/workspace/lib.js" });
    expect(requests).toContainEqual({ op: "read", path: "/workspace/lib.js" });
    expect(requests.every((r) => r.op === "stat" || r.op === "read")).toBe(true);
  });

  it("a denied source read is EACCES; denied probes count as absent", async () => {
    const readDenied = await guest<Record<string, GuestError>>(
      { filesystem: await moduleFs(), permissions: { fs: (r) => (r.op === "read" ? { allow: false, reason: "no reading" } : { allow: true }) } },
      `t("lib", () => require("./lib"));`,
    );
    expect(readDenied.lib).toMatchObject({ code: "EACCES", syscall: "open", path: "/workspace/lib.js" });
    expect(readDenied.lib!.message).toContain("(no reading)");
    const statDenied = await guest<Record<string, GuestError>>({ filesystem: await moduleFs(), permissions: { fs: denyAll } }, `t("lib", () => require("./lib"));`);
    expect(statDenied.lib).toMatchObject({ code: "MODULE_NOT_FOUND" });
  });

  it("a module linked to a denied file cannot be required", async () => {
    const out = await guest<Record<string, GuestError | string>>({ filesystem: await moduleFs(), permissions: { fs: workspaceOnly } }, `
      t("linked", () => require("./mod"));
      t("direct", () => require("/secret.js"));
      t("escape", () => require("../secret.js"));`);
    for (const key of ["linked", "direct", "escape"]) expect(out[key], key).toMatchObject({ code: "MODULE_NOT_FOUND" });
    expect(JSON.stringify(out)).not.toContain("SECRET MODULE");
  });
});

// ---- 2. checks that throw or answer nonsense ----------------------------------------------

describe("a check that throws or returns no decision denies", () => {
  it("a throwing check denies, the message says it threw, and the host closure keeps its state", async () => {
    let calls = 0;
    const out = await guest<Record<string, GuestError>>({ filesystem: await seededFs(), permissions: { fs: () => { calls++; throw new Error("boom in policy"); } } }, `
      t("read", () => fs.readFileSync("/workspace/a.txt", "utf8"));
      t("write", () => fs.writeFileSync("/workspace/a.txt", "x"));`);
    expectEacces(out.read, "open", "/workspace/a.txt", "the fs permission check threw: boom in policy");
    expectEacces(out.write, "open", "/workspace/a.txt", "the fs permission check threw: boom in policy");
    expect(calls).toBe(2);
  });

  it("a check that throws a non-Error denies too", async () => {
    const out = await guest<Record<string, GuestError>>({ filesystem: await seededFs(), permissions: { fs: () => { throw "just a string"; } } }, `
      t("read", () => fs.readFileSync("/workspace/a.txt", "utf8"));`);
    expectEacces(out.read, "open", "/workspace/a.txt", "the fs permission check threw: just a string");
  });

  const nonDecisions: Array<[string, unknown]> = [
    ["undefined", undefined],
    ["null", null],
    ["{}", {}],
    ['{ allow: "yes" }', { allow: "yes" }],
    ["{ allow: 1 }", { allow: 1 }],
    ["true", true],
    ['"allow"', "allow"],
    ["a promise of { allow: true }", Promise.resolve({ allow: true })],
  ];
  for (const [name, value] of nonDecisions) {
    it(`a check returning ${name} denies and says it did not return a decision`, async () => {
      let calls = 0;
      const check = (() => { calls++; return value; }) as unknown as Permissions["fs"];
      const out = await guest<Record<string, GuestError>>({ filesystem: await seededFs(), permissions: { fs: check } }, `
        t("read", () => fs.readFileSync("/workspace/a.txt", "utf8"));
        t("exists", () => fs.existsSync("/workspace/a.txt"));`);
      expectEacces(out.read, "open", "/workspace/a.txt", "the fs permission check did not return a decision ({ allow: boolean })");
      expect(out.exists).toBe(false);
      expect(calls).toBe(2);
    });
  }

  it("{ allow: false } without a reason names the check; a reason is shown as given", async () => {
    const out = await guest<Record<string, GuestError>>(
      { filesystem: await seededFs(), permissions: { fs: (r) => (r.path.endsWith("a.txt") ? { allow: false } : { allow: false, reason: "custom words" }) } },
      `t("a", () => fs.readFileSync("/workspace/a.txt")); t("b", () => fs.readFileSync("/workspace/target"));`,
    );
    expectEacces(out.a, "open", "/workspace/a.txt", "denied by the fs permission check");
    expectEacces(out.b, "open", "/workspace/target", "custom words");
  });

  it("{ allow: true } allows, whatever else the decision holds", async () => {
    const out = await guest({ filesystem: await seededFs(), permissions: { fs: () => ({ allow: true, reason: "fine" }) } }, `
      t("read", () => fs.readFileSync("/workspace/a.txt", "utf8"));`);
    expect(out.read).toBe("A");
  });

  it("a counter kept by the check counts every request of the run", async () => {
    const seen: string[] = [];
    let count = 0;
    await guest({ filesystem: await seededFs(), permissions: { fs: (r) => { count++; seen.push(`${r.op} ${r.path}`); return { allow: true }; } } }, `
      fs.readFileSync("/workspace/a.txt"); fs.statSync("/workspace/target"); fs.writeFileSync("/workspace/c.txt", "c");`);
    expect(count).toBe(3);
    expect(seen).toEqual(["read /workspace/a.txt", "stat /workspace/target", "write /workspace/c.txt"]);
  });
});

// ---- 3. coercion ---------------------------------------------------------------------------

describe("paths are coerced once, in the guest's fs, before any check", () => {
  it("an object whose toString changes is refused with ERR_INVALID_ARG_TYPE and never reaches the check", async () => {
    const { requests, check } = recorder(workspaceOnly);
    const out = await guest<Record<string, GuestError>>({ filesystem: await seededFs(), permissions: { fs: check } }, `
      const sly = () => ({ n: 0, toString() { return this.n++ ? "/secret.txt" : "/workspace/a.txt"; } });
      t("readFileSync", () => fs.readFileSync(sly()));
      t("writeFileSync", () => fs.writeFileSync(sly(), "x"));
      t("statSync", () => fs.statSync(sly()));
      t("existsSync", () => fs.existsSync(sly()));
      t("callback", () => fs.readFile(sly(), () => { out.calledBack = true; }));
      fs.promises.readFile(sly()).then(() => { out.promise = "no error"; }, (e) => { out.promise = pick(e); });
      t("String object", () => fs.readFileSync(new String("/workspace/a.txt")));`);
    for (const key of ["readFileSync", "writeFileSync", "statSync", "callback", "promise", "String object"]) {
      expect(out[key], key).toMatchObject({ name: "TypeError", code: "ERR_INVALID_ARG_TYPE", isTypeError: true });
      expect(out[key]!.message, key).toMatch(/^The "path" argument must be of type string or an instance of Buffer or URL\. Received /);
    }
    expect(out.existsSync).toBe(false);
    expect(out).not.toHaveProperty("calledBack");
    expect(requests).toEqual([]);
  });

  it("a Buffer path and a file: URL path are checked with the decoded path", async () => {
    const fs = await seededFs();
    await fs.writeFile("/workspace/x y", "spaced");
    const { requests, check } = recorder(workspaceOnly);
    const out = await guest<Record<string, unknown>>({ filesystem: fs, permissions: { fs: check } }, `
      t("buffer", () => fs.readFileSync(Buffer.from("/workspace/a.txt"), "utf8"));
      t("uint8array", () => fs.readFileSync(new TextEncoder().encode("/workspace/target"), "utf8"));
      t("url", () => fs.readFileSync(new URL("file:///workspace/x%20y"), "utf8"));
      t("url outside", () => fs.readFileSync(new URL("file:///workspace/..%2F..%2Fsecret.txt")));
      t("url dotdot", () => fs.readFileSync(new URL("file:///workspace/../secret.txt")));
      t("buffer outside", () => fs.readFileSync(Buffer.from("/workspace/../secret.txt")));
      t("http url", () => fs.readFileSync(new URL("http://example.com/workspace/a.txt")));`);
    expect(out.buffer).toBe("A");
    expect(out.uint8array).toBe("workspace file");
    expect(out.url).toBe("spaced");
    // Encoded slashes are refused as Node refuses them.
    expect(out["url outside"]).toMatchObject({ code: "ERR_INVALID_FILE_URL_PATH", isTypeError: true });
    // The URL parser already removed the dot segments: the check sees /secret.txt.
    expectEacces(out["url dotdot"], "open", "/secret.txt", "outside the workspace");
    expectEacces(out["buffer outside"], "open", "/workspace/../secret.txt", "outside the workspace");
    expect(out["http url"]).toMatchObject({ code: "ERR_INVALID_URL_SCHEME", isTypeError: true });
    expect(requests).toEqual([
      { op: "read", path: "/workspace/a.txt" },
      { op: "read", path: "/workspace/target" },
      { op: "read", path: "/workspace/x y" },
      { op: "read", path: "/secret.txt" },
      { op: "read", path: "/secret.txt" },
    ]);
  });
});

// ---- 4. normalisation -------------------------------------------------------------------------

describe("paths are normalised against the guest's cwd before the check", () => {
  it("dot segments and repeated slashes are resolved; .. escapes are denied by a prefix policy", async () => {
    const { requests, check } = recorder(workspaceOnly);
    const out = await guest<Record<string, GuestError | string>>({ filesystem: await seededFs(), permissions: { fs: check } }, `
      t("escape", () => fs.readFileSync("/workspace/../secret.txt", "utf8"));
      t("deep escape", () => fs.readFileSync("/workspace/sub/../../secret.txt", "utf8"));
      t("past root", () => fs.readFileSync("/workspace/../../../../secret.txt", "utf8"));
      t("dots", () => fs.readFileSync("/workspace//./a.txt", "utf8"));
      t("trailing", () => fs.readdirSync("/workspace/sub/./").length);
      t("prefix trick", () => fs.readFileSync("/workspace-evil/x"));`);
    expectEacces(out.escape, "open", "/workspace/../secret.txt", "outside the workspace");
    expectEacces(out["deep escape"], "open", "/workspace/sub/../../secret.txt", "outside the workspace");
    expectEacces(out["past root"], "open", "/workspace/../../../../secret.txt", "outside the workspace");
    expect(out.dots).toBe("A");
    expect(out.trailing).toBe(0);
    expectEacces(out["prefix trick"], "open", "/workspace-evil/x", "outside the workspace");
    expect(requests).toEqual([
      { op: "read", path: "/secret.txt" },
      { op: "read", path: "/secret.txt" },
      { op: "read", path: "/secret.txt" },
      { op: "read", path: "/workspace/a.txt" },
      { op: "readdir", path: "/workspace/sub" },
      { op: "read", path: "/workspace-evil/x" },
    ]);
  });

  it("relative paths resolve against the exec cwd", async () => {
    const { requests, check } = recorder(workspaceOnly);
    const out = await guestExec<Record<string, GuestError | string>>({ filesystem: await seededFs(), permissions: { fs: check } }, `
      t("plain", () => fs.readFileSync("a.txt", "utf8"));
      t("dot", () => fs.readFileSync("./sub/../target", "utf8"));
      t("up", () => fs.readFileSync("../secret.txt", "utf8"));
      t("write", () => fs.writeFileSync("sub/new.txt", "n"));`, "/workspace");
    expect(out.plain).toBe("A");
    expect(out.dot).toBe("workspace file");
    expectEacces(out.up, "open", "../secret.txt", "outside the workspace");
    expect(out.write).toBe("ok");
    expect(requests).toEqual([
      { op: "read", path: "/workspace/a.txt" },
      { op: "read", path: "/workspace/target" },
      { op: "read", path: "/secret.txt" },
      { op: "write", path: "/workspace/sub/new.txt" },
    ]);
  });

  it("after process.chdir, relative paths resolve against the new directory", async () => {
    const fs = await seededFs();
    await fs.writeFile("/workspace/sub/inner.txt", "inner");
    const { requests, check } = recorder(workspaceOnly);
    const out = await guestExec<Record<string, GuestError | string>>({ filesystem: fs, permissions: { fs: check } }, `
      process.chdir("sub");
      out.cwd = process.cwd();
      t("inner", () => fs.readFileSync("inner.txt", "utf8"));
      t("up", () => fs.readFileSync("../a.txt", "utf8"));
      t("escape", () => fs.readFileSync("../../secret.txt", "utf8"));
      t("chdir out", () => process.chdir("../.."));
      out.cwdAfter = process.cwd();`, "/workspace");
    expect(out.cwd).toBe("/workspace/sub");
    expect(out.inner).toBe("inner");
    expect(out.up).toBe("A");
    expectEacces(out.escape, "open", "../../secret.txt", "outside the workspace");
    // Node: chdir's error names the old cwd as path and the requested directory as dest.
    expectEacces(out["chdir out"], "chdir", "/workspace/sub", "outside the workspace", "../..");
    expect(out.cwdAfter).toBe("/workspace/sub");
    expect(requests).toEqual([
      { op: "stat", path: "/workspace/sub" },
      { op: "read", path: "/workspace/sub/inner.txt" },
      { op: "read", path: "/workspace/a.txt" },
      { op: "read", path: "/secret.txt" },
      { op: "stat", path: "/" },
    ]);
  });
});

// ---- 5. null bytes ---------------------------------------------------------------------------------

describe("null bytes", () => {
  it("are refused with ERR_INVALID_ARG_VALUE before any check", async () => {
    const { requests, check } = recorder(() => ({ allow: true }));
    const out = await guest<Record<string, GuestError | boolean>>({ filesystem: await seededFs(), permissions: { fs: check } }, `
      t("read", () => fs.readFileSync("/workspace/a\\u0000b"));
      t("write", () => fs.writeFileSync("/workspace/a.txt\\u0000/../../secret.txt", "x"));
      t("buffer", () => fs.readFileSync(Buffer.from("/workspace/a\\u0000b")));
      t("stat", () => fs.statSync("/workspace/\\u0000"));
      t("symlink target", () => fs.symlinkSync("/secret\\u0000", "/workspace/l"));
      t("rename dest", () => fs.renameSync("/workspace/a.txt", "/workspace/b\\u0000"));
      t("callback", () => fs.readFile("/workspace/a\\u0000b", () => { out.calledBack = true; }));
      t("exists", () => fs.existsSync("/workspace/a.txt\\u0000"));
      fs.promises.readFile("/workspace/a\\u0000b").then(() => { out.promise = "no error"; }, (e) => { out.promise = pick(e); });`);
    for (const key of ["read", "write", "buffer", "stat", "symlink target", "rename dest", "callback", "promise"]) {
      expect(out[key], key).toMatchObject({ name: "TypeError", code: "ERR_INVALID_ARG_VALUE", isTypeError: true });
    }
    expect((out.read as GuestError).message).toBe("The argument 'path' must be a string, Uint8Array, or URL without null bytes. Received '/workspace/a\\x00b'");
    expect(out.exists).toBe(false);
    expect(out).not.toHaveProperty("calledBack");
    expect(requests).toEqual([]);
  });
});

// ---- 6. symbolic links ----------------------------------------------------------------------------

describe("symbolic links cannot carry the guest past the check", () => {
  async function linkedFs(): Promise<VirtualFileSystem> {
    const fs = await seededFs();
    await fs.symlink("/secret.txt", "/workspace/link");
    await fs.symlink("/private", "/workspace/dir");
    await fs.symlink("../secret.txt", "/workspace/rel-link");
    await fs.symlink("/workspace/link", "/workspace/chain");
    return fs;
  }

  it("a file link planted by the host does not let the guest read what it points to", async () => {
    const { requests, check } = recorder(workspaceOnly);
    const out = await guest<Record<string, GuestError | string>>({ filesystem: await linkedFs(), permissions: { fs: check } }, `
      t("read", () => fs.readFileSync("/workspace/link", "utf8"));
      t("relative link", () => fs.readFileSync("/workspace/rel-link", "utf8"));
      t("chain", () => fs.readFileSync("/workspace/chain", "utf8"));
      t("open", () => fs.openSync("/workspace/link", "r"));
      t("stat", () => fs.statSync("/workspace/link").size);
      t("copy", () => fs.copyFileSync("/workspace/link", "/workspace/copy"));
      fs.createReadStream("/workspace/link").on("data", (d) => { out.streamed = String(d); }).on("error", (e) => { out.stream = pick(e); });
      t("lstat", () => fs.lstatSync("/workspace/link").isSymbolicLink());
      t("readlink", () => fs.readlinkSync("/workspace/link"));
      t("exists", () => fs.existsSync("/workspace/link"));`);
    expectEacces(out.read, "open", "/workspace/link", "outside the workspace");
    expectEacces(out["relative link"], "open", "/workspace/rel-link", "outside the workspace");
    expectEacces(out.chain, "open", "/workspace/chain", "outside the workspace");
    expectEacces(out.open, "open", "/workspace/link", "outside the workspace");
    expectEacces(out.stat, "stat", "/workspace/link", "outside the workspace");
    expectEacces(out.copy, "copyfile", "/workspace/link", "outside the workspace", "/workspace/copy");
    expectEacces(out.stream, "open", "/workspace/link", "outside the workspace");
    expect(out).not.toHaveProperty("streamed");
    // The link itself is in the workspace.
    expect(out.lstat).toBe(true);
    expect(out.readlink).toBe("/secret.txt");
    expect(out.exists).toBe(false);
    expect(requests).toContainEqual({ op: "read", path: "/workspace/link" });
    expect(requests).toContainEqual({ op: "read", path: "/secret.txt" });
    expect(JSON.stringify(out)).not.toContain("TOP SECRET");
  });

  it("a directory link planted by the host does not let the guest into the directory", async () => {
    const fs = await linkedFs();
    const { requests, check } = recorder(workspaceOnly);
    const out = await guest<Record<string, GuestError | string>>({ filesystem: fs, permissions: { fs: check } }, `
      t("read", () => fs.readFileSync("/workspace/dir/file", "utf8"));
      t("readdir", () => fs.readdirSync("/workspace/dir"));
      t("write", () => fs.writeFileSync("/workspace/dir/new.txt", "planted"));
      t("mkdir", () => fs.mkdirSync("/workspace/dir/newdir"));
      t("unlink", () => fs.unlinkSync("/workspace/dir/file"));
      t("rename out", () => fs.renameSync("/workspace/dir/file", "/workspace/stolen"));
      t("hard link", () => fs.linkSync("/workspace/dir/file", "/workspace/hard"));
      t("chmod", () => fs.chmodSync("/workspace/dir/file", 0o777));
      t("exists", () => fs.existsSync("/workspace/dir/file"));
      t("realpath", () => fs.realpathSync("/workspace/dir/file"));`);
    expectEacces(out.read, "open", "/workspace/dir/file", "outside the workspace");
    expectEacces(out.readdir, "scandir", "/workspace/dir", "outside the workspace");
    expectEacces(out.write, "open", "/workspace/dir/new.txt", "outside the workspace");
    expectEacces(out.mkdir, "mkdir", "/workspace/dir/newdir", "outside the workspace");
    expectEacces(out.unlink, "unlink", "/workspace/dir/file", "outside the workspace");
    expect(out["rename out"]).toMatchObject({ code: "EACCES", syscall: "rename" });
    expect(out["hard link"]).toMatchObject({ code: "EACCES", syscall: "link" });
    expect(out.chmod).toMatchObject({ code: "EACCES", syscall: "chmod" });
    expect(out.exists).toBe(false);
    expect(out.realpath).toMatchObject({ code: "EACCES" });
    expect(requests).toContainEqual({ op: "read", path: "/private/file" });
    expect(await fs.readTextFile("/private/file")).toBe("PRIVATE");
    expect(await fs.exists("/private/new.txt")).toBe(false);
    expect(await fs.exists("/private/newdir")).toBe(false);
    expect(await fs.exists("/workspace/stolen")).toBe(false);
    expect(await fs.exists("/workspace/hard")).toBe(false);
    expect((await fs.stat("/private/file")).mode & 0o777).toBe(0o644);
    expect(JSON.stringify(out)).not.toContain("PRIVATE");
  });

  it("the guest cannot create a link to a path the check denies", async () => {
    const fs = await seededFs();
    const { requests, check } = recorder(workspaceOnly);
    const out = await guest<Record<string, GuestError | string>>({ filesystem: fs, permissions: { fs: check } }, `
      t("absolute", () => fs.symlinkSync("/secret.txt", "/workspace/mine"));
      t("relative", () => fs.symlinkSync("../secret.txt", "/workspace/mine2"));
      t("relative from sub", () => fs.symlinkSync("../../private", "/workspace/sub/mine3"));
      t("allowed", () => fs.symlinkSync("target", "/workspace/ok"));
      t("through allowed", () => fs.readFileSync("/workspace/ok", "utf8"));`);
    expectEacces(out.absolute, "symlink", "/secret.txt", "outside the workspace", "/workspace/mine");
    expectEacces(out.relative, "symlink", "../secret.txt", "outside the workspace", "/workspace/mine2");
    expectEacces(out["relative from sub"], "symlink", "../../private", "outside the workspace", "/workspace/sub/mine3");
    expect(out.allowed).toBe("ok");
    expect(out["through allowed"]).toBe("workspace file");
    expect(requests).toContainEqual({ op: "symlink", path: "/secret.txt" });
    expect(requests).toContainEqual({ op: "symlink", path: "/private" });
    expect(requests).toContainEqual({ op: "symlink", path: "/workspace/target" });
    expect(await fs.exists("/workspace/mine")).toBe(false);
    expect(await fs.exists("/workspace/mine2")).toBe(false);
    expect(await fs.exists("/workspace/sub/mine3")).toBe(false);
  });

  it("lchown and lutimes act on the link itself, not on what it points to", async () => {
    const fs = await seededFs();
    await fs.symlink("/workspace/a.txt", "/workspace/a-link");
    const out = await guest({ filesystem: fs, permissions: allowAllFs }, `
      t("lutimes", () => fs.lutimesSync("/workspace/a-link", 1000, 2000));
      t("lchown", () => fs.lchownSync("/workspace/a-link", 4242, 4242));`);
    expect(out).toMatchObject({ lutimes: "ok", lchown: "ok" });
    const target = await fs.stat("/workspace/a.txt");
    expect(target.uid, "lchown changed the owner of the link's target").not.toBe(4242);
    expect(target.mtimeMs, "lutimes changed the times of the link's target").not.toBe(2_000_000);
  });

  it("a dangling link planted by the host does not let the guest create a file outside the allowed tree", async () => {
    const fs = await seededFs();
    await fs.symlink("/private/created-through-link.txt", "/workspace/dangling");
    const { requests, check } = recorder(workspaceOnly);
    const out = await guest<Record<string, GuestError | string>>({ filesystem: fs, permissions: { fs: check } }, `
      t("write", () => fs.writeFileSync("/workspace/dangling", "planted"));
      t("open", () => { const fd = fs.openSync("/workspace/dangling", "w"); fs.closeSync(fd); });
      t("append", () => fs.appendFileSync("/workspace/dangling", "planted"));
      t("copy", () => fs.copyFileSync("/workspace/a.txt", "/workspace/dangling"));`);
    // Node follows the link and creates its target: the check must see where the write lands.
    for (const key of ["write", "open", "append"]) expectEacces(out[key], "open", "/workspace/dangling", "outside the workspace");
    expectEacces(out.copy, "copyfile", "/workspace/a.txt", "outside the workspace", "/workspace/dangling");
    expect(requests).toContainEqual({ op: "write", path: "/private/created-through-link.txt" });
    expect(await fs.exists("/private/created-through-link.txt")).toBe(false);
  });
});

// ---- 7. env --------------------------------------------------------------------------------------

describe("the env permission", () => {
  function envRecorder(decide: (r: EnvAccessRequest) => boolean) {
    const requests: EnvAccessRequest[] = [];
    const check = (r: EnvAccessRequest) => {
      requests.push({ ...r });
      return decide(r) ? { allow: true } : { allow: false, reason: "env policy" };
    };
    return { requests, check };
  }

  it("process.env holds only the keys the check allows reading", async () => {
    const { requests, check } = envRecorder((r) => r.op === "read" && r.key.startsWith("PUBLIC_"));
    const h = harness({}, { permissions: { env: check }, processConfig: { env: { PUBLIC_A: "a", SECRET_TOKEN: "s3cret" } } });
    try {
      const result = await h.runtime.exec(
        `console.log(JSON.stringify({ keys: Object.keys(process.env), secret: process.env.SECRET_TOKEN, has: "SECRET_TOKEN" in process.env, extra: process.env.EXTRA, a: process.env.PUBLIC_A, b: process.env.PUBLIC_B }))`,
        { env: { PUBLIC_B: "b", EXTRA: "e" } },
      );
      expect(result.code).toBe(0);
      expect(JSON.parse(h.stdout())).toEqual({ keys: ["PUBLIC_A", "PUBLIC_B"], has: false, a: "a", b: "b" });
      expect(h.stdout()).not.toContain("s3cret");
    } finally {
      h.runtime.dispose();
    }
    expect(requests).toEqual(
      expect.arrayContaining([
        { op: "read", key: "PUBLIC_A", value: "a" },
        { op: "read", key: "SECRET_TOKEN", value: "s3cret" },
        { op: "read", key: "PUBLIC_B", value: "b" },
        { op: "read", key: "EXTRA", value: "e" },
      ]),
    );
    expect(requests).toHaveLength(4);
  });

  it("writes and deletes go through the check with op write; denied ones throw EACCES and change nothing", async () => {
    const { requests, check } = envRecorder((r) => r.op === "read" || r.key.startsWith("APP_"));
    const out = await guest<Record<string, unknown>>({ permissions: { env: check }, processConfig: { env: { HOME_DIR: "/root", APP_OLD: "old" } } }, `
      t("set allowed", () => { process.env.APP_X = 1; return process.env.APP_X; });
      t("set denied", () => { process.env.X = "1"; });
      out.afterSet = { value: process.env.X, has: "X" in process.env, keys: Object.keys(process.env) };
      t("define denied", () => { Object.defineProperty(process.env, "Y", { value: "2", enumerable: true, configurable: true, writable: true }); });
      out.afterDefine = process.env.Y === undefined;
      t("delete denied", () => { delete process.env.HOME_DIR; });
      out.afterDelete = process.env.HOME_DIR;
      t("delete allowed", () => { delete process.env.APP_OLD; return "APP_OLD" in process.env; });
      t("overwrite denied", () => { process.env.HOME_DIR = "/elsewhere"; });
      out.afterOverwrite = process.env.HOME_DIR;`);
    expect(out["set allowed"]).toBe("1");
    expect(out["set denied"]).toMatchObject({ code: "EACCES", errno: -13, message: "EACCES: permission denied, setenv 'X' (env policy)" });
    expect(out.afterSet).toEqual({ has: false, keys: ["HOME_DIR", "APP_OLD", "APP_X"] });
    expect(out["define denied"]).toMatchObject({ code: "EACCES", message: "EACCES: permission denied, setenv 'Y' (env policy)" });
    expect(out.afterDefine).toBe(true);
    expect(out["delete denied"]).toMatchObject({ code: "EACCES", message: "EACCES: permission denied, unsetenv 'HOME_DIR' (env policy)" });
    expect(out.afterDelete).toBe("/root");
    expect(out["delete allowed"]).toBe(false);
    expect(out["overwrite denied"]).toMatchObject({ code: "EACCES" });
    expect(out.afterOverwrite).toBe("/root");
    expect(requests.filter((r) => r.op === "write")).toEqual([
      { op: "write", key: "APP_X", value: "1" },
      { op: "write", key: "X", value: "1" },
      { op: "write", key: "Y", value: "2" },
      { op: "write", key: "HOME_DIR" },
      { op: "write", key: "APP_OLD" },
      { op: "write", key: "HOME_DIR", value: "/elsewhere" },
    ]);
  });

  it("an allowed write lasts for the run only", async () => {
    const h = harness({}, { permissions: allowAllEnv, processConfig: { env: { KEEP: "k" } } });
    try {
      const first = await h.runtime.run(`process.env.ADDED = "yes"; delete process.env.KEEP; module.exports = Object.keys(process.env)`);
      const second = await h.runtime.run(`module.exports = { ...process.env }`);
      expect(first.exports).toEqual(["ADDED"]);
      expect(second.exports).toEqual({ KEEP: "k" });
    } finally {
      h.runtime.dispose();
    }
  });

  it("a throwing env check hides every key", async () => {
    const out = await guest<Record<string, unknown>>({ permissions: { env: () => { throw new Error("env boom"); } }, processConfig: { env: { A: "1" } } }, `
      out.keys = Object.keys(process.env);
      t("set", () => { process.env.B = "2"; });`);
    expect(out.keys).toEqual([]);
    expect(out.set).toMatchObject({ code: "EACCES", message: "EACCES: permission denied, setenv 'B' (the env permission check threw: env boom)" });
  });
});

// ---- 8. deny by default -----------------------------------------------------------------------------

describe("deny by default", () => {
  it("a driver with no permissions refuses every fs call and shows no env", async () => {
    const h = harness({}, { processConfig: { env: { HOME: "/root", TOKEN: "t" } } });
    try {
      const result = await h.runtime.run(PRELUDE + `
        out.env = Object.keys(process.env);
        t("read", () => fs.readFileSync("/root/node_modules/semver/package.json"));
        t("write", () => fs.writeFileSync("/tmp/x", "x"));
        t("readdir", () => fs.readdirSync("/"));
        t("stat", () => fs.statSync("/root"));
        t("mkdir", () => fs.mkdirSync("/tmp/d"));
        t("unlink", () => fs.unlinkSync("/tmp/x"));
        t("exists", () => fs.existsSync("/root"));
        t("chdir", () => process.chdir("/tmp"));
        t("setenv", () => { process.env.NEW = "1"; });
        t("require", () => require("semver"));`, "/root/main.js");
      expect(result.code).toBe(0);
      const out = result.exports as Record<string, GuestError & { length?: number }>;
      expect(out.env).toEqual([]);
      const reason = "no fs permission was granted";
      expectEacces(out.read, "open", "/root/node_modules/semver/package.json", reason);
      expectEacces(out.write, "open", "/tmp/x", reason);
      expectEacces(out.readdir, "scandir", "/", reason);
      expectEacces(out.stat, "stat", "/root", reason);
      expectEacces(out.mkdir, "mkdir", "/tmp/d", reason);
      expectEacces(out.unlink, "unlink", "/tmp/x", reason);
      expect(out.exists).toBe(false);
      expect(out.chdir).toMatchObject({ code: "EACCES", syscall: "chdir" });
      expect(out.setenv).toMatchObject({ code: "EACCES", message: "EACCES: permission denied, setenv 'NEW' (no env permission was granted)" });
      // Denied probes count as absent: the package is not found.
      expect(out.require).toMatchObject({ code: "MODULE_NOT_FOUND" });
    } finally {
      h.runtime.dispose();
    }
  });

  it("createNodeDriver() with no options at all denies too", async () => {
    const out = await guest<Record<string, GuestError>>({}, `t("read", () => fs.readFileSync("/root/x"));`);
    expectEacces(out.read, "open", "/root/x", "no fs permission was granted");
  });
});

// ---- 9. presets and validation ------------------------------------------------------------------

describe("presets", () => {
  const probe = `
    t("write", () => fs.writeFileSync("/tmp/p.txt", "p"));
    t("read", () => fs.readFileSync("/tmp/p.txt", "utf8"));
    out.env = Object.keys(process.env);`;
  const cases: Array<[string, Permissions, boolean, boolean]> = [
    ["allowAll", allowAll, true, true],
    ["allowAllFs", allowAllFs, true, false],
    ["allowAllEnv", allowAllEnv, false, true],
    ["allowAllNetwork", allowAllNetwork, false, false],
    ["allowAllChildProcess", allowAllChildProcess, false, false],
    ["{ ...allowAllFs, ...allowAllEnv }", { ...allowAllFs, ...allowAllEnv }, true, true],
    ["{ fs: allowAllFs }", { fs: allowAllFs } as unknown as Permissions, true, false],
    ["{ env: allowAllEnv }", { env: allowAllEnv } as unknown as Permissions, false, true],
    ["{ fs: allowAllFs, env: allowAllEnv }", { fs: allowAllFs, env: allowAllEnv } as unknown as Permissions, true, true],
  ];
  for (const [name, permissions, fsAllowed, envAllowed] of cases) {
    it(`${name}: fs ${fsAllowed ? "allowed" : "denied"}, env ${envAllowed ? "visible" : "hidden"}`, async () => {
      const out = await guest<Record<string, unknown>>({ permissions, processConfig: { env: { VISIBLE: "v" } } }, probe);
      if (fsAllowed) {
        expect(out.write).toBe("ok");
        expect(out.read).toBe("p");
      } else {
        expect(out.write).toMatchObject({ code: "EACCES", syscall: "open" });
        expect(out.read).toMatchObject({ code: "EACCES", syscall: "open" });
      }
      expect(out.env).toEqual(envAllowed ? ["VISIBLE"] : []);
    });
  }

  it("the presets are not changed by being used", async () => {
    await guest({ permissions: { fs: allowAllFs } as unknown as Permissions }, "");
    expect(Object.keys(allowAllFs)).toEqual(["fs"]);
    expect(Object.keys(allowAll).sort()).toEqual(["childProcess", "env", "fs", "network"]);
  });
});

describe("permission validation", () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ["a string check", { fs: "yes" }, /permissions\.fs must be a function, got string/],
    ["a boolean check", { env: true }, /permissions\.env must be a function, got boolean/],
    ["a null check", { network: null }, /permissions\.network must be a function, got null/],
    ["an object that is no preset", { childProcess: {} }, /permissions\.childProcess must be a function, got object/],
    ["another domain's preset", { fs: allowAllEnv }, /permissions\.fs must be a function/],
    ["a number", { fs: 1 }, /permissions\.fs/],
    ["an unknown domain", { disk: () => ({ allow: true }) }, /permissions\.disk is not a permission domain/],
    ["a non-object", "allow", /permissions must be an object/],
  ];
  for (const [name, permissions, message] of bad) {
    it(`${name} is a TypeError naming the field`, () => {
      expect(() => createNodeDriver({ permissions } as never)).toThrow(TypeError);
      expect(() => createNodeDriver({ permissions } as never)).toThrow(message);
    });
  }

  it("checks for every domain, network and childProcess included, are accepted", () => {
    const ok = () => ({ allow: true });
    expect(() => createNodeDriver({ permissions: { fs: ok, network: ok, childProcess: ok, env: ok } })).not.toThrow();
    expect(() => createNodeDriver({ permissions: allowAll })).not.toThrow();
    expect(() => createNodeDriver({ permissions: { ...allowAllNetwork, ...allowAllChildProcess } })).not.toThrow();
    expect(() => createNodeDriver({ permissions: { network: allowAllNetwork, childProcess: allowAllChildProcess } as never })).not.toThrow();
    expect(() => createNodeDriver({ permissions: { fs: undefined } })).not.toThrow();
  });

  it("a domain given as undefined denies like a missing one", async () => {
    const out = await guest<Record<string, GuestError>>({ permissions: { fs: undefined } }, `t("read", () => fs.readFileSync("/tmp/x"));`);
    expectEacces(out.read, "open", "/tmp/x", "no fs permission was granted");
  });
});
