/**
 * One suite, two drivers: every case here runs against the Node driver (in
 * vitest) and against the browser driver (in headless Chromium, where this
 * file is loaded into the page as it is, types stripped). A case's `run` uses
 * only the {@link CaseApi} it is given, so the same code drives either
 * NodeRuntime; it returns plain observations, and `check` asserts on them in
 * vitest. Permission callbacks are closures made inside `run`: in the
 * browser they are the page's own.
 *
 * This file must stay importable in a browser: type-only imports, no Node.
 */
import type { ExpectStatic } from "vitest";
import { REPRODUCIBLE_CASES } from "./reproducible-cases.js";
import { ASYNC_HOST_CASES } from "./async-host-cases.js";
import type {
  NodeRuntime as NodeRuntimeClass,
  NodeRuntimeOptions,
  NetworkAdapter,
  Permissions,
  RuntimeDriverFactory,
  StdioEvent,
  SystemDriver,
  VirtualFileSystem,
} from "../../dist/src/index.js";

/** Options every case may give its system driver. */
export interface CaseDriverOptions {
  permissions?: Permissions;
  filesystem?: VirtualFileSystem;
  networkAdapter?: NetworkAdapter;
  processConfig?: { env?: Record<string, string>; cwd?: string };
}

/** What a case gets: the same surface under both drivers. */
export interface CaseApi {
  /** Which driver. */
  kind: "node" | "browser";
  /** Whether synchronous host calls work (always under Node; on cross-origin-isolated pages in the browser). */
  syncCalls: boolean;
  NodeRuntime: typeof NodeRuntimeClass;
  /** `createNodeDriver` or `createBrowserDriver`. */
  driver(options?: CaseDriverOptions): SystemDriver;
  /** `createNodeRuntimeDriverFactory` or `createBrowserRuntimeDriverFactory`. */
  factory(): RuntimeDriverFactory;
  createInMemoryFileSystem(): VirtualFileSystem;
  allowAll: Permissions;
  allowAllFs: Permissions;
  /** A network adapter that may reach {@link CaseApi.baseUrl}. */
  networkAdapter(): NetworkAdapter;
  /** An HTTP server on loopback serving the repository's files (`/package.json` among them). */
  baseUrl: string;
}

/** One shared case. */
export interface SharedCase {
  name: string;
  /** Needs synchronous host calls (fs, require of files): skipped where they fail, which other cases show. */
  sync?: boolean;
  /** Only where synchronous host calls are unavailable (a browser page that is not cross-origin isolated). */
  withoutSyncCalls?: boolean;
  /** Runs on the driver under test and returns what it saw (plain data). */
  run(api: CaseApi): Promise<unknown>;
  /** Asserts on what `run` returned. */
  check(observed: any, expect: ExpectStatic, api: Pick<CaseApi, "kind" | "syncCalls">): void;
}

type Options = Partial<Omit<NodeRuntimeOptions, "systemDriver" | "runtimeDriverFactory">>;

/** Runs `body` with a fresh runtime that records its output, and disposes of it. */
async function withRuntime<T>(
  api: CaseApi,
  driver: CaseDriverOptions,
  options: Options,
  body: (rt: NodeRuntimeClass, out: () => { stdout: string; stderr: string }) => Promise<T>,
): Promise<T> {
  const events: StdioEvent[] = [];
  const rt = new api.NodeRuntime({
    systemDriver: api.driver(driver),
    runtimeDriverFactory: api.factory(),
    onStdio: (e) => events.push(e),
    ...options,
  });
  const text = (channel: string) => events.filter((e) => e.channel === channel).map((e) => e.message).join("");
  try {
    return await body(rt, () => ({ stdout: text("stdout"), stderr: text("stderr") }));
  } finally {
    rt.dispose();
  }
}

/** A run result without its timing stats (they differ run to run). */
function plain(result: { code: number; errorMessage?: string; exports?: unknown }) {
  const { code, errorMessage, exports } = result;
  return { code, errorMessage, exports };
}

export const SHARED_CASES: SharedCase[] = [
  {
    name: "run copies CommonJS exports out: nested data, Map, Set, Date, BigInt, bytes",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) => {
        const r = await rt.run(`module.exports = { n: 6 * 7, s: "é" + "x", list: [1, [2, { three: 3 }]], map: new Map([["k", 1]]),
          set: new Set([1, 2]), when: new Date(0), big: 2n ** 70n, bytes: new Uint8Array([1, 2, 255]), nothing: null };`);
        const e = r.exports as any;
        return { code: r.code, n: e.n, s: e.s, list: e.list, map: [...e.map], set: [...e.set], when: e.when.toISOString(), big: String(e.big), bytes: [...e.bytes], nothing: e.nothing };
      }),
    check(o, expect) {
      expect(o).toEqual({ code: 0, n: 42, s: "éx", list: [1, [2, { three: 3 }]], map: [["k", 1]], set: [1, 2], when: "1970-01-01T00:00:00.000Z", big: String(2n ** 70n), bytes: [1, 2, 255], nothing: null });
    },
  },
  {
    name: "run of an ES module copies its namespace, with top-level await",
    run: (api) => withRuntime(api, {}, {}, async (rt) => plain(await rt.run(`import path from "node:path"; export const joined = path.join("/a", "b/../c"); export default await Promise.resolve(5);`, "/root/main.mjs"))),
    check(o, expect) {
      expect(o).toEqual({ code: 0, errorMessage: undefined, exports: { default: 5, joined: "/a/c" } });
    },
  },
  {
    name: "exit codes: process.exit(N), an uncaught error, an unhandled rejection",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) => ({
        exit: plain(await rt.exec("process.exitCode = 1; process.exit(3)")),
        thrown: plain(await rt.exec("function f() { throw new TypeError('bad ' + 1) } f()")),
        rejected: plain(await rt.exec("Promise.reject(new Error('nobody caught me'))")),
        fine: plain(await rt.exec("let x = 0; for (let i = 0; i < 1000; i++) x += i")),
      })),
    check(o, expect) {
      expect(o.exit).toEqual({ code: 3, errorMessage: undefined, exports: undefined });
      expect(o.thrown.code).toBe(1);
      expect(o.thrown.errorMessage).toContain("TypeError: bad 1");
      expect(o.rejected.code).toBe(1);
      expect(o.rejected.errorMessage).toContain("nobody caught me");
      expect(o.fine).toEqual({ code: 0, errorMessage: undefined, exports: undefined });
    },
  },
  {
    name: "console output goes to onStdio, formatted as Node formats it",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt, out) => {
        const r = await rt.exec(`console.log("%s is %d", "x", 42, { a: [1, 2], b: "s" }); console.error(new Map([[1, "one"]]));
          console.info(undefined, null, 1n); console.warn("warned"); process.stdout.write("raw\\n");`);
        return { code: r.code, ...out() };
      }),
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.stdout).toBe("x is 42 { a: [ 1, 2 ], b: 's' }\nundefined null 1n\nraw\n");
      expect(o.stderr).toBe("Map(1) { 1 => 'one' }\nwarned\n");
    },
  },
  {
    name: "path, events, buffer, util and url behave as in Node",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) =>
        plain(
          await rt.run(`
            const path = require("path"), EventEmitter = require("events"), util = require("node:util"), { URL, URLSearchParams } = require("url");
            const seen = []; const ee = new EventEmitter(); ee.once("x", (v) => seen.push(v)); ee.emit("x", 1); ee.emit("x", 2);
            const u = new URL("../b?q=1#h", "https://user@example.com/a/c");
            module.exports = {
              rel: path.relative("/a/b/c", "/a/d"), parsed: path.parse("/x/y.tar.gz"),
              seen, count: ee.listenerCount("x"),
              b64: Buffer.from("héllo").toString("base64"), hex: Buffer.from([0xde, 0xad]).toString("hex"), cmp: Buffer.compare(Buffer.from("a"), Buffer.from("b")),
              fmt: util.format("%o|%j|%i", [1], { a: 1 }, "42.9"), inspect: util.inspect({ deep: { deeper: { deepest: {} } } }, { depth: 1 }),
              promisified: typeof util.promisify(setTimeout),
              href: u.href, q: new URLSearchParams("a=1&a=2&b=%20").getAll("a"), space: new URLSearchParams("b=%20").get("b"),
            };`),
        ),
      ),
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports).toEqual({
        rel: "../../d", parsed: { root: "/", dir: "/x", base: "y.tar.gz", ext: ".gz", name: "y.tar" },
        seen: [1], count: 0,
        b64: "aMOpbGxv", hex: "dead", cmp: -1,
        fmt: "[ 1, [length]: 1 ]|{\"a\":1}|42", inspect: "{ deep: { deeper: [Object] } }",
        promisified: "function",
        href: "https://user@example.com/b?q=1#h", q: ["1", "2"], space: " ",
      });
    },
  },
  {
    name: "timers, immediates, nextTick and microtasks run in Node's order",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) =>
        plain(
          await rt.run(`
            const order = [];
            // Inside a timer callback Node's order is fixed: immediates run before the next timers.
            setTimeout(() => {
              setTimeout(() => order.push("timeout"), 0);
              setImmediate(() => order.push("immediate"));
              process.nextTick(() => order.push("tick"));
              Promise.resolve().then(() => order.push("micro"));
              queueMicrotask(() => order.push("queued"));
              order.push("sync");
            }, 0);
            export default await new Promise((resolve) => setTimeout(() => resolve(order), 20));`, "/root/order.mjs"),
        ),
      ),
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports).toEqual({ default: ["sync", "tick", "micro", "queued", "immediate", "timeout"] });
    },
  },
  {
    name: "process: argv, cwd, platform, env given to exec and filtered by the env permission",
    run: (api) =>
      withRuntime(
        api,
        { permissions: { env: (req) => ({ allow: req.key.startsWith("PUBLIC_") }) }, processConfig: { env: { PUBLIC_A: "a", SECRET: "s" }, cwd: "/work" } },
        {},
        async (rt, out) => {
          const r = await rt.exec(`console.log(JSON.stringify({ argv: process.argv.slice(1), cwd: process.cwd(), platform: process.platform,
            a: process.env.PUBLIC_A, b: process.env.PUBLIC_B, secret: process.env.SECRET, keys: Object.keys(process.env).sort() }))`, {
            env: { PUBLIC_B: "b", SECRET_B: "x" },
            filePath: "main.js",
          });
          return { code: r.code, seen: JSON.parse(out().stdout) };
        },
      ),
    check(o, expect) {
      expect(o).toEqual({ code: 0, seen: { argv: ["/work/main.js"], cwd: "/work", platform: "linux", a: "a", b: "b", keys: ["PUBLIC_A", "PUBLIC_B"] } });
    },
  },
  {
    name: "fs: sync, callback and promise forms on the in-memory filesystem",
    sync: true,
    run: (api) => {
      const filesystem = api.createInMemoryFileSystem();
      return withRuntime(api, { permissions: api.allowAllFs, filesystem }, {}, async (rt) => {
        const r = await rt.run(`
          import fs from "node:fs";
          fs.mkdirSync("/data/sub", { recursive: true });
          fs.writeFileSync("/data/a.txt", "alpha");
          fs.appendFileSync("/data/a.txt", "-beta");
          fs.renameSync("/data/a.txt", "/data/sub/b.txt");
          const st = fs.statSync("/data/sub/b.txt");
          export default await (async () => {
            await fs.promises.writeFile("/data/c.bin", new Uint8Array([1, 2, 3]));
            const viaCallback = await new Promise((resolve, reject) => fs.readFile("/data/c.bin", (err, b) => err ? reject(err) : resolve([...b])));
            let missing;
            try { fs.readFileSync("/data/none") } catch (e) { missing = [e.code, e.syscall, e.path] }
            fs.unlinkSync("/data/c.bin");
            return { text: fs.readFileSync("/data/sub/b.txt", "utf8"), size: st.size, isFile: st.isFile(),
              list: fs.readdirSync("/data", { withFileTypes: true }).map((d) => d.name + (d.isDirectory() ? "/" : "")),
              viaCallback, missing, exists: fs.existsSync("/data/c.bin") };
          })();`, "/root/fs.mjs");
        // What the guest wrote is in the host's filesystem object.
        const onHost = new TextDecoder().decode(await filesystem.readFile("/data/sub/b.txt"));
        return { ...plain(r), onHost };
      });
    },
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports.default).toEqual({ text: "alpha-beta", size: 10, isFile: true, list: ["sub/"], viaCallback: [1, 2, 3], missing: ["ENOENT", "open", "/data/none"], exists: false });
      expect(o.onHost).toBe("alpha-beta");
    },
  },
  {
    name: "fs moves files of several megabytes both ways intact (replies longer than one transfer chunk)",
    sync: true,
    run: (api) =>
      withRuntime(api, { permissions: api.allowAllFs }, {}, async (rt) =>
        plain(
          await rt.run(`
            const fs = require("fs");
            const big = Buffer.alloc(3 * 1024 * 1024 + 123);
            for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 11)) & 255;
            fs.writeFileSync("/big.bin", big);
            const text = "ünïcode ✓ ".repeat(200000);
            fs.writeFileSync("/big.txt", text);
            const back = fs.readFileSync("/big.bin");
            let sum = 0;
            for (let i = 0; i < back.length; i++) sum = (sum * 31 + back[i]) >>> 0;
            module.exports = { size: back.length, same: back.equals(big), sum, textSame: fs.readFileSync("/big.txt", "utf8") === text, textBytes: fs.statSync("/big.txt").size };`),
        ),
      ),
    check(o, expect) {
      let sum = 0;
      const size = 3 * 1024 * 1024 + 123;
      for (let i = 0; i < size; i++) sum = (sum * 31 + ((i * 7 + (i >> 11)) & 255)) >>> 0;
      expect(o).toEqual({ code: 0, errorMessage: undefined, exports: { size, same: true, sum, textSame: true, textBytes: new TextEncoder().encode("ünïcode ✓ ").length * 200000 } });
    },
  },
  {
    name: "fs permission: the host's callback sees each request and its refusal reaches the guest",
    sync: true,
    run: (api) => {
      const seen: Array<{ op: string; path: string }> = [];
      const permissions: Permissions = {
        fs: (req) => {
          seen.push({ op: req.op, path: req.path });
          return req.path.startsWith("/public") ? { allow: true } : { allow: false, reason: "only /public is shared" };
        },
      };
      return withRuntime(api, { permissions }, {}, async (rt) => {
        const r = await rt.run(`
          const fs = require("fs");
          fs.mkdirSync("/public", { recursive: true });
          fs.writeFileSync("/public/ok.txt", "fine");
          let denied;
          try { fs.readFileSync("/etc/passwd", "utf8") } catch (e) { denied = { code: e.code, message: e.message } }
          module.exports = { ok: fs.readFileSync("/public/ok.txt", "utf8"), denied };`);
        return { ...plain(r), seen };
      });
    },
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports.ok).toBe("fine");
      expect(o.exports.denied.code).toBe("EACCES");
      expect(o.exports.denied.message).toContain("only /public is shared");
      expect(o.seen).toContainEqual({ op: "read", path: "/etc/passwd" });
      expect(o.seen).toContainEqual({ op: "write", path: "/public/ok.txt" });
      expect(o.seen.every((r: { path: string }) => typeof r.path === "string" && r.path.startsWith("/"))).toBe(true);
    },
  },
  {
    name: "require loads the guest's own modules from the filesystem",
    sync: true,
    run: (api) =>
      withRuntime(api, { permissions: api.allowAllFs }, {}, async (rt) =>
        plain(
          await rt.run(`
            const fs = require("fs");
            fs.mkdirSync("/app/lib", { recursive: true });
            fs.writeFileSync("/app/lib/sum.js", "module.exports = (...n) => n.reduce((a, b) => a + b, 0);");
            fs.writeFileSync("/app/lib/data.json", JSON.stringify({ base: 100 }));
            const sum = require("/app/lib/sum"); const { base } = require("/app/lib/data.json");
            module.exports = sum(base, 1, 2);`),
        ),
      ),
    check(o, expect) {
      expect(o).toEqual({ code: 0, errorMessage: undefined, exports: 103 });
    },
  },
  {
    name: "without the fs permission every file access is denied",
    sync: true,
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) =>
        plain(await rt.run(`let code; try { require("fs").writeFileSync("/x.txt", "x") } catch (e) { code = e.code } module.exports = code;`)),
      ),
    check(o, expect) {
      expect(o).toEqual({ code: 0, errorMessage: undefined, exports: "EACCES" });
    },
  },
  {
    name: "child_process is refused with an error naming why",
    run: (api) =>
      withRuntime(api, { permissions: api.allowAll }, {}, async (rt) =>
        plain(
          await rt.run(`
            import cp from "node:child_process";
            export default await new Promise((resolve) => {
              const child = cp.spawn("echo", ["hi"]);
              child.on("error", (e) => resolve({ code: e.code, message: e.message }));
            });`, "/root/cp.mjs"),
        ),
      ),
    check(o, expect, api) {
      expect(o.code).toBe(0);
      expect(o.exports.default.code).toBe("ERR_QUICKEXEC_NO_CHILD_PROCESS");
      expect(o.exports.default.message).toMatch(api.kind === "browser" ? /not available in the browser driver/ : /commandExecutor/);
    },
  },
  {
    name: "fetch goes through the network permission and the driver's network",
    run: (api) => {
      const seen: Array<{ op: string; url?: string }> = [];
      const permissions: Permissions = {
        network: (req) => {
          seen.push({ op: req.op, url: req.url });
          return { allow: !String(req.url).includes("/denied"), reason: "not this one" };
        },
      };
      return withRuntime(api, { permissions, networkAdapter: api.networkAdapter() }, {}, async (rt) => {
        const r = await rt.run(`
          export default await (async () => {
            const res = await fetch(${JSON.stringify(api.baseUrl + "package.json")});
            const pkg = await res.json();
            let denied;
            try { await fetch(${JSON.stringify(api.baseUrl + "denied.txt")}) } catch (e) { denied = e.cause ? e.cause.code : e.code }
            return { status: res.status, type: res.headers.get("content-type"), name: pkg.name, denied };
          })();`, "/root/fetch.mjs");
        return { ...plain(r), seen };
      });
    },
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports.default).toEqual({ status: 200, type: expect.stringMatching(/json/), name: "quickexec", denied: "EACCES" });
      expect(o.seen.map((r: { url?: string }) => r.url)).toEqual(expect.arrayContaining([expect.stringMatching(/package\.json$/), expect.stringMatching(/denied\.txt$/)]));
    },
  },
  {
    name: "http.get reaches the same server through the network permission",
    run: (api) => {
      const seen: string[] = [];
      const permissions: Permissions = { network: (req) => (seen.push(`${req.op} ${req.method ?? ""} ${req.url}`), { allow: true }) };
      return withRuntime(api, { permissions, networkAdapter: api.networkAdapter() }, {}, async (rt) => {
        const r = await rt.run(`
          import http from "node:http";
          export default await new Promise((resolve, reject) => {
            http.get(${JSON.stringify(api.baseUrl + "package.json")}, (res) => {
              let body = "";
              res.setEncoding("utf8");
              res.on("data", (chunk) => (body += chunk));
              res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"], name: JSON.parse(body).name }));
            }).on("error", reject);
          });`, "/root/http.mjs");
        return { ...plain(r), seen };
      });
    },
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports.default).toEqual({ status: 200, type: expect.stringMatching(/json/), name: "quickexec" });
      expect(o.seen).toHaveLength(1);
      expect(o.seen[0]).toMatch(/^http GET http:\/\/.*\/package\.json$/);
    },
  },
  {
    name: "crypto computes in the sandbox: hashes, HMAC, pbkdf2, AES-GCM, Ed25519 and ECDSA, Web Crypto, host entropy",
    sync: true,
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) =>
        plain(await rt.run(`
          import crypto from "node:crypto";
          const sha = crypto.createHash("sha256").update("abc").digest("hex");
          const hmac = crypto.createHmac("sha1", "key").update("The quick brown fox jumps over the lazy dog").digest("hex");
          const pbkdf2 = crypto.pbkdf2Sync("password", "salt", 2, 20, "sha1").toString("hex");
          const c = crypto.createCipheriv("aes-128-gcm", Buffer.alloc(16), Buffer.alloc(12));
          const gcm = Buffer.concat([c.update(Buffer.alloc(16)), c.final()]).toString("hex") + ":" + c.getAuthTag().toString("hex");
          const ed = crypto.generateKeyPairSync("ed25519");
          const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
          const data = Buffer.from("signed");
          const verified = [crypto.verify(null, data, ed.publicKey, crypto.sign(null, data, ed.privateKey)),
            crypto.verify("sha256", data, ec.publicKey, crypto.sign("sha256", data, ec.privateKey))];
          const subtle = Buffer.from(await globalThis.crypto.subtle.digest("SHA-1", Buffer.from("abc"))).toString("hex");
          const random = [crypto.randomBytes(16).length, crypto.randomUUID().length, crypto.randomBytes(16).equals(crypto.randomBytes(16))];
          export default { sha, hmac, pbkdf2, gcm, verified, subtle, random };`, "/root/crypto.mjs")),
      ),
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports.default).toEqual({
        sha: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        hmac: "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9",
        pbkdf2: "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
        gcm: "0388dace60b6a392f328c2b971b2fe78:ab6e47d42cec13bdf53a67b21257bddf",
        verified: [true, true],
        subtle: "a9993e364706816aba3e25717850c26c9cd0d89d",
        random: [16, 36, false],
      });
    },
  },
  {
    name: "without synchronous host calls, crypto still hashes and random values come from the engine's worker",
    withoutSyncCalls: true,
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) =>
        plain(await rt.run(`
          const crypto = require("crypto");
          let random;
          try { random = crypto.randomBytes(4).length } catch (e) { random = e.code }
          module.exports = { sha: crypto.createHash("md5").update("abc").digest("hex"), random };`)),
      ),
    check(o, expect) {
      expect(o).toEqual({ code: 0, errorMessage: undefined, exports: { sha: "900150983cd24fb0d6963f7d28e17f72", random: 4 } });
    },
  },
  {
    name: "the CPU limit ends a busy loop with 124, and the next run works",
    run: (api) =>
      withRuntime(api, {}, { cpuTimeLimitMs: 150 }, async (rt) => ({
        spin: plain(await rt.run("while (true) {}")),
        after: plain(await rt.run("module.exports = 1 + 1")),
      })),
    check(o, expect) {
      expect(o.spin.code).toBe(124);
      expect(o.spin.errorMessage).toMatch(/CPU time limit/);
      expect(o.after).toEqual({ code: 0, errorMessage: undefined, exports: 2 });
    },
  },
  {
    name: "a guest stuck in a native builtin is ended by the watchdog (124), and the next run works",
    run: (api) =>
      withRuntime(api, {}, { cpuTimeLimitMs: 100 }, async (rt) => ({
        stuck: plain(await rt.run("new Array(2 ** 31 - 1).join('')")),
        after: plain(await rt.run("module.exports = 'alive'")),
      })),
    check(o, expect) {
      expect(o.stuck.code).toBe(124);
      expect(o.after).toEqual({ code: 0, errorMessage: undefined, exports: "alive" });
    },
  },
  {
    name: "the memory limit ends a growing guest with 137 even when it catches the error, and the next run works",
    run: (api) =>
      withRuntime(api, {}, { memoryLimit: 32 }, async (rt) => ({
        grow: plain(await rt.run("const keep = []; try { for (;;) keep.push(new Array(100000).fill(keep.length)) } catch (e) { module.exports = 'caught' }")),
        after: plain(await rt.run("module.exports = [1, 2, 3].map((x) => x * 2)")),
      })),
    check(o, expect) {
      expect(o.grow.code).toBe(137);
      expect(o.grow.errorMessage).toMatch(/memory limit/i);
      expect(o.after).toEqual({ code: 0, errorMessage: undefined, exports: [2, 4, 6] });
    },
  },
  {
    name: "deep recursion is a guest error (QuickJS's InternalError), not an engine failure",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) =>
        plain(await rt.run("function f(n) { return n === 0 ? 0 : 1 + f(n - 1) } try { f(1e6) } catch (e) { module.exports = [e.name, String(e.message)] }")),
      ),
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports).toEqual(["InternalError", "stack overflow"]);
    },
  },
  {
    name: "terminate() ends a run in flight with 143 and the runtime stays usable",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) => {
        const running = rt.run("while (true) {}");
        await new Promise((resolve) => setTimeout(resolve, 50));
        rt.terminate();
        return { stopped: plain(await running), after: plain(await rt.run("module.exports = 'next'")) };
      }),
    check(o, expect) {
      expect(o.stopped.code).toBe(143);
      expect(o.after).toEqual({ code: 0, errorMessage: undefined, exports: "next" });
    },
  },
  {
    name: "each run starts clean: nothing one run leaves in globals reaches the next",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) => ({
        first: plain(await rt.run("globalThis.leak = 1; Object.prototype.polluted = true; module.exports = typeof leak")),
        second: plain(await rt.run("module.exports = [typeof leak, ({}).polluted]")),
      })),
    check(o, expect) {
      expect(o.first.exports).toBe("number");
      expect(o.second.exports).toEqual(["undefined", undefined]);
    },
  },
  {
    name: "without synchronous host calls, fs sync forms fail with a clear error while async work (fs.promises included) still runs",
    withoutSyncCalls: true,
    run: (api) =>
      withRuntime(api, { permissions: api.allowAllFs }, {}, async (rt, out) => {
        const r = await rt.run(`
          import fs from "node:fs";
          let sync, viaPromise;
          try { fs.readFileSync("/etc/hosts") } catch (e) { sync = { code: e.code, message: e.message } }
          export default await (async () => {
            try { await fs.promises.readFile("/x") } catch (e) { viaPromise = e.code }
            await new Promise((r) => setTimeout(r, 5));
            console.log("still running");
            return { sync, viaPromise };
          })();`, "/root/nosync.mjs");
        return { ...plain(r), ...out() };
      }),
    check(o, expect) {
      expect(o.code).toBe(0);
      const { sync, viaPromise } = o.exports.default;
      expect(sync.code).toBe("ERR_QUICKEXEC_SYNC_UNAVAILABLE");
      expect(sync.message).toMatch(/cross-origin isolated/);
      expect(sync.message).toMatch(/Cross-Origin-Embedder-Policy: require-corp/);
      // The promise form goes through an asynchronous host call: the file is missing.
      expect(viaPromise).toBe("ENOENT");
      expect(o.stdout).toBe("still running\n");
    },
  },
  {
    name: "zlib, Blob, FormData and structuredClone compute in the guest as in Node",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) =>
        plain(
          await rt.run(
            `import zlib from "node:zlib";
            const data = "quickexec ".repeat(20);
            const gz = zlib.gzipSync(data, { level: 9 });
            const form = new FormData();
            form.append("f", new File(["file"], "a.txt", { type: "text/plain" }));
            const parsed = await new Response(form).formData();
            const src = { when: new Date(0), m: new Map([[1, new Uint8Array([7])]]) };
            src.self = src;
            const copy = structuredClone(src);
            export default {
              gzip: gz.toString("hex"),
              back: zlib.gunzipSync(gz).toString() === data,
              crc: zlib.crc32(data),
              brotli: zlib.brotliDecompressSync(zlib.brotliCompressSync(data)).toString() === data,
              deflated: await new Promise((r) => zlib.deflate(data, (e, out) => r(zlib.inflateSync(out).toString() === data))),
              blob: await new Blob(["a", new Uint8Array([98])]).text(),
              file: [parsed.get("f").name, parsed.get("f").type, await parsed.get("f").text()],
              clone: [copy.self === copy, copy.when.getTime(), copy.m.get(1)[0], copy !== src],
            };`,
            "/root/zlib.mjs",
          ),
        ),
      ),
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports.default).toEqual({
        // What Node writes for this input at level 9 (pako is byte-identical to Node's zlib).
        gzip: "1f8b08000000000002032b2ccd4cce4ead484d56281cd22c003b5c5d0fc8000000",
        back: true,
        crc: 257776699,
        brotli: true,
        deflated: true,
        blob: "ab",
        file: ["a.txt", "text/plain", "file"],
        clone: [true, 0, 7, true],
      });
    },
  },
  // Reproducible runs: the virtual clock and randomSeed (test/shared/reproducible-cases.ts).
  ...REPRODUCIBLE_CASES,
  {
    name: "worker_threads: a Worker is a nested sandbox that echoes messages",
    sync: true,
    async run(api) {
      return withRuntime(api, { permissions: api.allowAll }, {}, async (rt, out) => {
        const r = await rt.exec(`
          const { Worker } = require("worker_threads");
          const w = new Worker("const { parentPort, workerData } = require('worker_threads'); parentPort.once('message', (m) => parentPort.postMessage([m, workerData]))", { eval: true, workerData: { n: 2 } });
          w.on("message", (m) => console.log(JSON.stringify(m)));
          w.on("exit", (c) => console.log("exit", c));
          w.postMessage("ping");
        `);
        return { code: r.code, stdout: out().stdout };
      });
    },
    check(o, expect) {
      expect(o).toEqual({ code: 0, stdout: '["ping",{"n":2}]\nexit 0\n' });
    },
  },
  {
    name: "worker_threads without synchronous host calls: the main thread, and new Worker() says why it cannot run",
    withoutSyncCalls: true,
    async run(api) {
      return withRuntime(api, { permissions: api.allowAll }, {}, async (rt) => {
        const r = await rt.run(`
          const wt = require("worker_threads");
          let code;
          try { new wt.Worker("1", { eval: true }) } catch (e) { code = e.code }
          module.exports = { isMainThread: wt.isMainThread, code };
        `);
        return plain(r);
      });
    },
    check(o, expect) {
      expect(o).toEqual({ code: 0, errorMessage: undefined, exports: { isMainThread: true, code: "ERR_QUICKEXEC_SYNC_UNAVAILABLE" } });
    },
  },
];

// ---- Live modules, host bindings and budgets ----------------------------------

/** The message a promise rejects with (or "resolved" if it did not). */
async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

/** A call result without its timing stats. */
function called(result: { code: number; value?: unknown; errorMessage?: string }) {
  const { code, value, errorMessage } = result;
  return { code, value, errorMessage };
}

const LIVE_CASES: SharedCase[] = [
  {
    name: "live module: load copies data exports and lists functions; calls keep state; dotted names; promises awaited; exec shares the realm",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) => {
        const m = await rt.load(`
          globalThis.total = 0;
          module.exports = {
            name: "counter", version: [1, 2],
            inc(by = 1) { total += by; return total; },
            math: { mul: (a, b) => a * b, async later(map) { await new Promise((r) => setTimeout(r, 5)); return { got: [...map], when: new Date(0), big: 2n ** 64n }; } },
          };`);
        const out = {
          exports: m.exports, functions: m.functions,
          one: called(await m.call("inc")), six: called(await m.call("inc", [5])),
          mul: called(await m.call("math.mul", [6, 7])),
          later: called(await m.call("math.later", [new Map([["a", 1]])])),
          exec: called(await m.exec("total * 2")),
          execDefines: called(await m.exec("var fromExec = 10; fromExec + total")),
          afterExec: called(await m.call("inc", [0])),
          missing: called(await m.call("math.nope")),
          badName: await rejection(m.call("a..b")),
          uncopyable: await rejection(m.call("inc", [() => 1])),
        };
        m.dispose();
        return { ...out, later: { ...out.later, value: JSON.parse(JSON.stringify(out.later.value, (k, v) => (typeof v === "bigint" ? String(v) : v))) } };
      }),
    check(o, expect) {
      expect(o.exports).toEqual({ name: "counter", version: [1, 2], math: {} });
      expect(o.functions).toEqual(["inc", "math.mul", "math.later"]);
      expect(o.one).toEqual({ code: 0, value: 1, errorMessage: undefined });
      expect(o.six).toEqual({ code: 0, value: 6, errorMessage: undefined });
      expect(o.mul.value).toBe(42);
      expect(o.later).toEqual({ code: 0, value: { got: [["a", 1]], when: "1970-01-01T00:00:00.000Z", big: "18446744073709551616" }, errorMessage: undefined });
      expect(o.exec).toEqual({ code: 0, value: 12, errorMessage: undefined });
      expect(o.execDefines.value).toBe(16);
      expect(o.afterExec.value).toBe(6);
      expect(o.missing.code).toBe(1);
      expect(o.missing.errorMessage).toContain("module.exports.math.nope is not a function");
      expect(o.badName).toContain("TypeError: name must be a dotted name");
      expect(o.uncopyable).toContain("the arguments of inc[0] is a function (anonymous), which cannot be copied into the sandbox");
    },
  },
  {
    name: "live module: an ES module loads with top-level await; a throwing call gives code 1 with the guest's stack and the module lives on",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) => {
        const m = await rt.load(`
          const base = await Promise.resolve(40);
          let calls = 0;
          export function add(n) { calls++; return base + n; }
          export function explode(what) { calls++; inner(what); }
          function inner(what) { throw new RangeError("bad " + what); }
          export async function rejectLater() { await null; throw new Error("later"); }
          export const count = () => calls;
          export const data = { base };`, "/root/plugin.mjs");
        const out = {
          exports: m.exports, functions: [...m.functions].sort(),
          add: called(await m.call("add", [2])),
          explode: called(await m.call("explode", ["input"])),
          rejected: called(await m.call("rejectLater")),
          count: called(await m.call("count")),
          alive: m.alive,
        };
        m.dispose();
        return out;
      }),
    check(o, expect) {
      expect(o.exports).toEqual({ data: { base: 40 } });
      expect(o.functions).toEqual(["add", "count", "explode", "rejectLater"]);
      expect(o.add.value).toBe(42);
      expect(o.explode.code).toBe(1);
      expect(o.explode.errorMessage).toContain("RangeError: bad input");
      // The guest's stack: the throwing function and its caller, in the module's file.
      expect(o.explode.errorMessage).toMatch(/at inner \(\/root\/plugin\.mjs:\d+/);
      expect(o.explode.errorMessage).toMatch(/at explode \(\/root\/plugin\.mjs:\d+/);
      expect(o.rejected).toMatchObject({ code: 1 });
      expect(o.rejected.errorMessage).toContain("Error: later");
      expect(o.count.value).toBe(2);
      expect(o.alive).toBe(true);
    },
  },
  {
    name: "live module: a load that throws rejects with ModuleLoadError; a CPU limit kills the module and later calls reject saying why",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) => {
        const failedLoad = await rejection(rt.load(`throw new Error("cannot start")`));
        const m = await rt.load(`module.exports = { spin() { for (;;) {} }, ok: () => "ok" }`);
        const before = called(await m.call("ok"));
        const spun = await m.call("spin", [], { cpuTimeLimitMs: 100 });
        const after = await rejection(m.call("ok"));
        const execAfter = await rejection(m.exec("1"));
        // The runtime still serves new modules and runs.
        const fresh = await rt.load(`module.exports = { ok: () => "fresh" }`);
        const freshCall = called(await fresh.call("ok"));
        fresh.dispose();
        return { failedLoad, before, spun: { code: spun.code, errorMessage: spun.errorMessage, cpu: spun.stats.cpuTimeMs }, after, execAfter, alive: m.alive, freshCall };
      }),
    check(o, expect) {
      expect(o.failedLoad).toContain("ModuleLoadError: The module could not be loaded (exit code 1)");
      expect(o.failedLoad).toContain("cannot start");
      expect(o.before.value).toBe("ok");
      expect(o.spun.code).toBe(124);
      expect(o.spun.errorMessage).toBe("CPU time limit exceeded");
      expect(o.after).toBe("Error: This module can no longer be called: a limit ended it (exit code 124: CPU time limit exceeded)");
      expect(o.execAfter).toContain("This module can no longer be called");
      expect(o.alive).toBe(false);
      expect(o.freshCall.value).toBe("fresh");
    },
  },
  {
    name: "live module: hitting the memory limit in the middle of a call ends it with 137, and the module is dead",
    run: (api) =>
      withRuntime(api, {}, { memoryLimit: 32 }, async (rt) => {
        const m = await rt.load(`const kept = []; module.exports = { grow() { for (;;) kept.push(new Array(100000).fill(kept.length)); }, size: () => kept.length }`);
        const size = called(await m.call("size"));
        const grown = called(await m.call("grow"));
        const after = await rejection(m.call("size"));
        return { size, grown, after };
      }),
    check(o, expect) {
      expect(o.size.value).toBe(0);
      expect(o.grown.code).toBe(137);
      expect(o.grown.errorMessage).toBe("Memory limit of 32 MB exceeded");
      expect(o.after).toContain("This module can no longer be called: it reached its memory limit (exit code 137");
    },
  },
  {
    name: "live module: a call racing dispose() rejects cleanly, as do queued and later calls; terminate() kills it with 143",
    run: (api) =>
      // The real clock, so the calls' timers really keep them in flight (the virtual clock would fire them at once).
      withRuntime(api, {}, { timingMitigation: "off" }, async (rt) => {
        const m = await rt.load(`module.exports = { slow: () => new Promise((r) => setTimeout(() => r("slow"), 200)), fast: () => "fast" }`);
        // Each outcome is taken at once: a call's rejection is the caller's to handle.
        const inFlight = rejection(m.call("slow"));
        const queued = rejection(m.call("fast"));
        await new Promise((r) => setTimeout(r, 20));
        m.dispose();
        const results = { inFlight: await inFlight, queued: await queued, later: await rejection(m.call("fast")) };
        m.dispose();
        const idle = await rt.load(`module.exports = { fast: () => "fast" }`);
        const raced = rejection(idle.call("fast"));
        idle.dispose();
        const t = await rt.load(`module.exports = { wait: () => new Promise((r) => setTimeout(r, 60000)), fast: () => 1 }`);
        const waiting = t.call("wait");
        await new Promise((r) => setTimeout(r, 20));
        t.terminate();
        const terminated = called(await waiting);
        return { ...results, raced: await raced, terminated, afterTerminate: await rejection(t.call("fast")) };
      }),
    check(o, expect) {
      expect(o.inFlight).toBe("Error: The module was disposed during the call");
      expect(o.queued).toBe("Error: This module can no longer be called: it was disposed");
      expect(o.later).toBe("Error: This module can no longer be called: it was disposed");
      expect(o.raced).toBe("Error: This module can no longer be called: it was disposed");
      expect(o.terminated.code).toBe(143);
      expect(o.afterTerminate).toBe("Error: This module can no longer be called: it was terminated");
    },
  },
  {
    name: "budgets: fuelLimit stops at the same point every time (runs and calls); wallTimeLimitMs ends a guest sleeping in timers or awaiting forever",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt, out) => {
        const counting = `let i = 0; for (;;) { i++; if (i % 5000 === 0) process.stdout.write(i + "\\n"); }`;
        const first = await rt.exec(counting, { fuelLimit: 400 });
        const firstOut = out().stdout.trim().split("\n").pop();
        const second = await rt.exec(counting, { fuelLimit: 400 });
        const secondOut = out().stdout.trim().split("\n").pop();
        const chain = "setTimeout(function f() { setTimeout(f, 0); }, 0)";
        const fuelChain = await rt.exec(chain, { fuelLimit: 50 });
        const wallChain = await rt.exec(chain, { wallTimeLimitMs: 300 });
        const forever = await rt.exec("new Promise(() => setInterval(() => {}, 1000))", { wallTimeLimitMs: 200 });
        const m = await rt.load(`module.exports = { count(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }, sleepy: () => new Promise((r) => setTimeout(r, 60000)) }`);
        const fuelA = await m.call("count", [200000]);
        const fuelB = await m.call("count", [200000]);
        // Under the virtual clock the 60 s timer fires at once; the module of a real-clock runtime really sleeps in it.
        const real = new api.NodeRuntime({ systemDriver: api.driver({}), runtimeDriverFactory: api.factory(), timingMitigation: "off" });
        const sleeper = await real.load(`module.exports = { sleepy: () => new Promise((r) => setTimeout(r, 60000)) }`);
        const sleepy = await sleeper.call("sleepy", [], { wallTimeLimitMs: 200 });
        const sleepyAlive = sleeper.alive;
        real.dispose();
        const virtualSleep = await m.call("sleepy", [], { wallTimeLimitMs: 200 });
        return {
          first: [first.code, first.errorMessage, first.stats.fuel], second: [second.code, second.errorMessage, second.stats.fuel], firstOut, secondOut,
          fuelChain: [fuelChain.code, fuelChain.errorMessage], wallChain: [wallChain.code, wallChain.errorMessage, wallChain.stats.wallTimeMs],
          forever: [forever.code, forever.errorMessage], fuelA: fuelA.stats.fuel, fuelB: fuelB.stats.fuel, sameValue: fuelA.value === fuelB.value,
          sleepy: [sleepy.code, sleepy.errorMessage, sleepy.stats.wallTimeMs], sleepyAlive, virtualSleep: [virtualSleep.code, m.alive],
        };
      }),
    check(o, expect) {
      expect(o.first[0]).toBe(124);
      expect(o.first[1]).toBe("Fuel limit of 400 exceeded");
      // Deterministic: the same fuel, and the same last line printed, on both runs.
      expect(o.second).toEqual(o.first);
      expect(o.secondOut).toBe(o.firstOut);
      expect(o.fuelChain).toEqual([124, "Fuel limit of 50 exceeded"]);
      expect(o.wallChain.slice(0, 2)).toEqual([124, "Wall-time limit of 300 ms exceeded"]);
      expect(o.wallChain[2]).toBeLessThan(3000);
      expect(o.forever).toEqual([124, "Wall-time limit of 200 ms exceeded"]);
      expect(o.fuelA).toBeGreaterThan(0);
      expect(o.fuelB).toBe(o.fuelA);
      expect(o.sameValue).toBe(true);
      expect(o.sleepy.slice(0, 2)).toEqual([124, "Wall-time limit of 200 ms exceeded"]);
      expect(o.sleepyAlive).toBe(false);
      expect(o.virtualSleep).toEqual([0, true]);
    },
  },
  {
    name: "bindings: the guest calls host functions at SecureExec.bindings (frozen), sync and async, with copied values",
    sync: true,
    run: (api) => {
      const seen: unknown[] = [];
      const store = new Map<string, unknown>([["a", { n: 1 }]]);
      return withRuntime(
        api,
        {},
        {
          bindings: {
            add: (a: number, b: number) => a + b,
            echo: (value: unknown) => (seen.push(value), value),
            kv: { get: async (key: string) => store.get(key) ?? null, set: (key: string, value: unknown) => void store.set(key, value) },
            fail: () => {
              throw new Error("host says no");
            },
            failLater: async () => {
              throw new TypeError("no, later");
            },
            leakFn: () => ({ fn: () => 1 }),
            leakObj: () => ({ inner: new (class Secret {})() }),
            never: () => new Promise(() => {}),
          },
        },
        async (rt) => {
          const r = await rt.run(`
            const b = SecureExec.bindings;
            const errorOf = (fn) => { try { fn(); return "no error"; } catch (e) { return { name: e.name, message: e.message, hostStack: /cases|loaded-module|bindings\\.[jt]s/.test(String(e.stack)) }; } };
            let assigned;
            try { b.add = null; assigned = b.add === null; } catch { assigned = "threw"; }
            b.kv.set("b", { list: [1, 2], when: new Date(5) });
            const proxy = new Proxy({ x: 1 }, {});
            const hostile = new Proxy({}, { ownKeys() { throw new Error("trap!"); } });
            export default {
              frozen: Object.isFrozen(b) && Object.isFrozen(b.kv) && Object.isFrozen(SecureExec),
              keys: Object.keys(b).sort(), assigned,
              sum: b.add(2, 3),
              echoed: b.echo({ m: new Map([[1, "x"]]), bytes: new Uint8Array([1, 2]) }),
              fromProxy: b.echo(proxy),
              hostile: errorOf(() => b.echo(hostile)),
              kvA: await b.kv.get("a"), kvPromise: b.kv.get("zz") instanceof Promise,
              fail: errorOf(() => b.fail()),
              failLater: await b.failLater().then(() => "no error", (e) => ({ name: e.name, message: e.message })),
              leakFn: errorOf(() => b.leakFn()),
              leakObj: errorOf(() => b.leakObj()),
            };`, "/root/bindings.mjs");
          const m = await rt.load(`module.exports = { wait: () => SecureExec.bindings.never() }`);
          const never = await m.call("wait", [], { wallTimeLimitMs: 200 });
          const e = (r.exports as any)?.default;
          return {
            code: r.code, errorMessage: r.errorMessage, exports: e && { ...e, echoed: { m: [...e.echoed.m], bytes: [...e.echoed.bytes] } },
            stored: store.get("b"), plainOnHost: seen.map((v) => Object.getPrototypeOf(v) === Object.prototype), never: [never.code, never.errorMessage],
          };
        },
      );
    },
    check(o, expect) {
      expect(o.errorMessage).toBeUndefined();
      expect(o.code).toBe(0);
      const e = o.exports;
      expect(e.frozen).toBe(true);
      expect(e.keys).toEqual(["add", "echo", "fail", "failLater", "kv", "leakFn", "leakObj", "never"]);
      expect(e.assigned).not.toBe(true);
      expect(e.sum).toBe(5);
      expect(e.echoed).toEqual({ m: [[1, "x"]], bytes: [1, 2] });
      expect(e.fromProxy).toEqual({ x: 1 });
      expect(e.hostile.name).toBe("TypeError");
      expect(e.hostile.message).toContain("could not be read: Error: trap!");
      expect(e.kvA).toEqual({ n: 1 });
      expect(e.kvPromise).toBe(true);
      expect(e.fail).toEqual({ name: "Error", message: "host says no", hostStack: false });
      expect(e.failLater).toEqual({ name: "Error", message: "no, later" });
      expect(e.leakFn.message).toBe("the result of SecureExec.bindings.leakFn.fn is a function (fn), which cannot be copied into the sandbox");
      expect(e.leakObj.message).toBe("the result of SecureExec.bindings.leakObj.inner is an instance of Secret, which cannot be copied into the sandbox");
      expect(o.stored).toEqual({ list: [1, 2], when: new Date(5) });
      // The host got plain copies, never the guest's objects or its Proxy.
      expect(o.plainOnHost).toEqual([true, true]);
      expect(o.never).toEqual([124, "Wall-time limit of 200 ms exceeded"]);
    },
  },
];

SHARED_CASES.push(...LIVE_CASES);

/** A copy of snapshot bytes whose header JSON is changed by `edit`, with a recomputed SHA-256 (as another version would write it). */
async function rewriteSnapshot(bytes: Uint8Array, edit: (header: any) => void): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(24, 24 + headerLength)));
  edit(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const rest = bytes.subarray(24 + headerLength, bytes.length - 32);
  const out = new Uint8Array(24 + json.length + rest.length + 32);
  out.set(bytes.subarray(0, 24));
  new DataView(out.buffer).setUint32(12, json.length, true);
  out.set(json, 24);
  out.set(rest, 24 + json.length);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", out.subarray(0, out.length - 32)));
  out.set(hash, out.length - 32);
  return out;
}

/** The `code` of a rejection (a SnapshotError's), or "resolved". */
async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return (error as { code?: string }).code ?? `no code: ${String(error)}`;
  }
}

const SNAPSHOT_CASES: SharedCase[] = [
  {
    name: "snapshot: state survives snapshot and restore (counter, closures, Map, class instances, ES module); two restores of the same bytes are independent",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) => {
        const m = await rt.load(`
          let count = 0;
          const seen = new Map();
          class Point { constructor(x, y) { this.x = x; this.y = y; } norm() { return Math.hypot(this.x, this.y); } }
          const makeAdder = (k) => (n) => n + k;
          const add10 = makeAdder(10);
          export const name = "plugin";
          export function inc() { return ++count; }
          export function put(key, x, y) { seen.set(key, new Point(x, y)); return seen.size; }
          export function norm(key) { return seen.get(key).norm(); }
          export function adder(n) { return add10(n); }
          export async function later(v) { await null; return v * 2; }`, "/root/plugin.mjs");
        called(await m.call("inc"));
        called(await m.call("inc"));
        called(await m.call("put", ["p", 3, 4]));
        const bytes = await m.snapshot();
        const afterOriginal = called(await m.call("inc"));
        const a = await rt.restore(bytes);
        const b = await rt.restore(bytes);
        const out = {
          isBytes: bytes instanceof Uint8Array,
          exports: a.exports,
          functions: [...a.functions],
          afterOriginal: afterOriginal.value,
          a1: called(await a.call("inc")).value,
          a2: called(await a.call("inc")).value,
          b1: called(await b.call("inc")).value,
          norm: called(await a.call("norm", ["p"])).value,
          adder: called(await b.call("adder", [5])).value,
          later: called(await a.call("later", [21])).value,
          exec: called(await b.exec("typeof Point")).value,
          again: called(await m.call("inc")).value,
        };
        // A restored module snapshots and restores again.
        const c = await rt.restore(await a.snapshot());
        const c1 = called(await c.call("inc")).value;
        for (const x of [a, b, c, m]) x.dispose();
        return { ...out, c1 };
      }),
    check(o, expect) {
      expect(o.isBytes).toBe(true);
      expect(o.exports).toEqual({ name: "plugin" });
      expect(o.functions.sort()).toEqual(["adder", "inc", "later", "norm", "put"]);
      expect([o.afterOriginal, o.a1, o.a2, o.b1, o.again]).toEqual([3, 3, 4, 3, 4]);
      expect(o.norm).toBe(5);
      expect(o.adder).toBe(15);
      expect(o.later).toBe(42);
      expect(o.exec).toBe("undefined");
      expect(o.c1).toBe(5);
    },
  },
  {
    name: "snapshot: refused while a timer (even unref'd) or an immediate is pending, naming it; allowed once the timer was cleared",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) => {
        const m = await rt.load(`
          let t = null; let ran = 0;
          module.exports = {
            arm() { t = setTimeout(() => ran++, 60000); },
            disarm() { clearTimeout(t); },
            interval() { t = setInterval(() => ran++, 1000); t.unref(); },
            immediate() { return new Promise((resolve) => { resolve(1); setImmediate(() => ran++); }); },
            ran: () => ran,
          };`);
        const errorOf = async () => {
          try {
            await m.snapshot();
            return "resolved";
          } catch (error) {
            return `${(error as { code?: string }).code}: ${(error as Error).message}`;
          }
        };
        called(await m.call("arm"));
        const timer = await errorOf();
        called(await m.call("disarm"));
        const cleared = await errorOf();
        called(await m.call("interval"));
        const unrefInterval = await errorOf();
        called(await m.call("disarm"));
        called(await m.call("immediate"));
        const afterImmediate = await errorOf();
        return { timer, cleared, unrefInterval, afterImmediate, alive: m.alive };
      }),
    check(o, expect) {
      expect(o.timer).toBe("ERR_QUICKEXEC_SNAPSHOT_PENDING: The module cannot be snapshotted while work is pending: timers (setTimeout/setInterval not yet run or cleared)");
      expect(o.cleared).toBe("resolved");
      expect(o.unrefInterval).toContain("ERR_QUICKEXEC_SNAPSHOT_PENDING: ");
      expect(o.unrefInterval).toContain("timers");
      // The call returned once its promise settled: the immediate it queued has not run yet.
      expect(o.afterImmediate).toBe("ERR_QUICKEXEC_SNAPSHOT_PENDING: The module cannot be snapshotted while work is pending: 1 setImmediate callback");
      // A refused snapshot leaves the module alive.
      expect(o.alive).toBe(true);
    },
  },
  {
    name: "snapshot: truncated, changed, other-version and foreign bytes are refused with ERR_QUICKEXEC_SNAPSHOT_* codes, never a crash",
    run: (api) =>
      withRuntime(api, {}, {}, async (rt) => {
        const m = await rt.load(`let n = 0; module.exports = { inc: () => ++n };`);
        const bytes = await m.snapshot();
        const flipped = bytes.slice();
        flipped[Math.floor(bytes.length / 2)]! ^= 0x40;
        const flippedHeader = bytes.slice();
        flippedHeader[30]! ^= 0x01;
        const otherFormat = bytes.slice();
        new DataView(otherFormat.buffer).setUint32(8, 2, true);
        const out = {
          half: await rejectionCode(rt.restore(bytes.subarray(0, bytes.length >> 1))),
          lastByteMissing: await rejectionCode(rt.restore(bytes.subarray(0, bytes.length - 1))),
          tiny: await rejectionCode(rt.restore(bytes.subarray(0, 5))),
          extra: await rejectionCode(rt.restore(new Uint8Array([...bytes, 0]))),
          flipped: await rejectionCode(rt.restore(flipped)),
          flippedHeader: await rejectionCode(rt.restore(flippedHeader)),
          otherFormat: await rejectionCode(rt.restore(otherFormat)),
          otherVersion: await rejectionCode(rt.restore(await rewriteSnapshot(bytes, (h) => (h.quickexec = "0.0.1")))),
          otherBuild: await rejectionCode(rt.restore(await rewriteSnapshot(bytes, (h) => (h.wasmBuild = "0123456789abcdef")))),
          badPointers: await rejectionCode(rt.restore(await rewriteSnapshot(bytes, (h) => (h.session.root = "x")))),
          foreign: await rejectionCode(rt.restore(new TextEncoder().encode("just some text, long enough to be read"))),
          notBytes: await rejectionCode(rt.restore("snapshot" as never)),
        };
        // After all that, the runtime and the original bytes still work.
        const good = await rt.restore(bytes);
        return { ...out, good: called(await good.call("inc")).value };
      }),
    check(o, expect) {
      expect(o).toEqual({
        half: "ERR_QUICKEXEC_SNAPSHOT_TRUNCATED",
        lastByteMissing: "ERR_QUICKEXEC_SNAPSHOT_TRUNCATED",
        tiny: "ERR_QUICKEXEC_SNAPSHOT_TRUNCATED",
        extra: "ERR_QUICKEXEC_SNAPSHOT_INVALID",
        flipped: "ERR_QUICKEXEC_SNAPSHOT_INTEGRITY",
        flippedHeader: "ERR_QUICKEXEC_SNAPSHOT_INTEGRITY",
        otherFormat: "ERR_QUICKEXEC_SNAPSHOT_VERSION",
        otherVersion: "ERR_QUICKEXEC_SNAPSHOT_VERSION",
        otherBuild: "ERR_QUICKEXEC_SNAPSHOT_VERSION",
        badPointers: "ERR_QUICKEXEC_SNAPSHOT_INVALID",
        foreign: "ERR_QUICKEXEC_SNAPSHOT_INVALID",
        notBytes: "ERR_QUICKEXEC_SNAPSHOT_INVALID",
        good: 1,
      });
    },
  },
  {
    name: "snapshot: restoring under a smaller memoryLimit than the snapshot needs is refused; a restored module hitting its memory limit ends with 137",
    run: async (api) => {
      const bytes = await withRuntime(api, {}, { memoryLimit: 64 }, async (rt) => {
        const m = await rt.load(`const kept = []; module.exports = { fill(n) { for (let i = 0; i < n; i++) kept.push(new Array(100000).fill(i)); return kept.length; }, size: () => kept.length };`);
        called(await m.call("fill", [30]));
        return m.snapshot();
      });
      const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
      const megabytes = JSON.parse(new TextDecoder().decode(bytes.subarray(24, 24 + headerLength))).memoryBytes / 1048576;
      const small = await withRuntime(api, {}, { memoryLimit: 24 }, async (rt) => {
        try {
          await rt.restore(bytes);
          return "resolved";
        } catch (error) {
          return `${(error as { code?: string }).code}: ${(error as Error).message}`;
        }
      });
      const fitting = await withRuntime(api, {}, { memoryLimit: 48 }, async (rt) => {
        const m = await rt.restore(bytes);
        const size = called(await m.call("size")).value;
        const grown = called(await m.call("fill", [1000]));
        return { size, grown: [grown.code, grown.errorMessage], alive: m.alive };
      });
      return { megabytes, small, fitting };
    },
    check(o, expect) {
      expect(o.megabytes).toBeGreaterThan(24);
      expect(o.small).toMatch(/^ERR_QUICKEXEC_SNAPSHOT_MEMORY_LIMIT: The snapshot needs \d+ MiB of memory, more than this runtime's memoryLimit of 24 MiB$/);
      expect(o.fitting).toEqual({ size: 30, grown: [137, "Memory limit of 48 MB exceeded"], alive: false });
    },
  },
  {
    name: "snapshot: a restored module runs under the restoring runtime's permissions and bindings",
    sync: true,
    run: async (api) => {
      const fs = api.createInMemoryFileSystem();
      await fs.writeFile("/data.txt", "secret");
      const bytes = await withRuntime(api, { filesystem: fs, permissions: api.allowAllFs }, { bindings: { host: { tag: () => "first" } } }, async (rt) => {
        const m = await rt.load(`const fs = require("fs"); module.exports = { read: () => fs.readFileSync("/data.txt", "utf8"), tag: () => SecureExec.bindings.host.tag() };`);
        return { first: [called(await m.call("read")).value, called(await m.call("tag")).value], bytes: await m.snapshot() };
      });
      const denied = await withRuntime(api, { filesystem: fs }, { bindings: { host: { tag: () => "second" } } }, async (rt) => {
        const m = await rt.restore(bytes.bytes);
        const read = called(await m.call("read"));
        return { read: [read.code, read.errorMessage?.split("\n")[0]], tag: called(await m.call("tag")).value };
      });
      return { first: bytes.first, denied };
    },
    check(o, expect) {
      expect(o.first).toEqual(["secret", "first"]);
      expect(o.denied.read[0]).toBe(1);
      expect(o.denied.read[1]).toContain("EACCES");
      expect(o.denied.tag).toBe("second");
    },
  },
];

SHARED_CASES.push(...SNAPSHOT_CASES, ...ASYNC_HOST_CASES);

/** Runs a case's check; a failure also shows what the case observed. */
export function checkCase(c: SharedCase, observed: unknown, expect: ExpectStatic, api: Pick<CaseApi, "kind" | "syncCalls">): void {
  try {
    c.check(observed, expect, api);
  } catch (error) {
    if (error instanceof Error) error.message += `\nobserved (${api.kind}): ${JSON.stringify(observed, null, 1)}`;
    throw error;
  }
}

/** The cases that apply where synchronous host calls do (or do not) work. */
export function casesFor(syncCalls: boolean): SharedCase[] {
  return SHARED_CASES.filter((c) => (syncCalls ? !c.withoutSyncCalls : !c.sync));
}
