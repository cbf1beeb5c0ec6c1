/**
 * Shared cases for what works through asynchronous host calls: the callback
 * and promise forms of `fs` (with FileHandle and streams), and a guest HTTP
 * server answering the run's own requests. The same program gives the same
 * answers under the Node driver, on a cross-origin-isolated page and on a
 * page that is not isolated, with the same permission checks; only the sync
 * forms differ, and say why.
 *
 * Loaded into the browser page as it is, types stripped: type-only imports, no Node.
 */
import type { SharedCase } from "./cases.js";
import type { Permissions } from "../../dist/src/index.js";

/** The program's result and how the run ended, as plain data. */
function plain(result: { code: number; errorMessage?: string; exports?: unknown }) {
  return { code: result.code, errorMessage: result.errorMessage, exports: result.exports };
}

const ASYNC_FORMS_PROGRAM = `
  import fs from "node:fs";
  import { pipeline } from "node:stream/promises";
  const p = fs.promises;
  await p.mkdir("/data/sub", { recursive: true });
  await p.writeFile("/data/a.txt", "alpha");
  await p.appendFile("/data/a.txt", "-beta");
  await p.rename("/data/a.txt", "/data/sub/b.txt");
  const st = await p.stat("/data/sub/b.txt");
  const viaCallback = await new Promise((res, rej) => fs.readFile("/data/sub/b.txt", "utf8", (e, d) => (e ? rej(e) : res(d))));
  const written = await new Promise((res, rej) => fs.writeFile("/data/cb.bin", new Uint8Array([9, 8, 7]), (e) => (e ? rej(e) : fs.readFile("/data/cb.bin", (e2, b) => (e2 ? rej(e2) : res([...b]))))));
  const fh = await p.open("/data/h.bin", "w+");
  await fh.write(Buffer.from([1, 2, 3, 4]));
  const { bytesRead, buffer } = await fh.read(Buffer.alloc(4), 0, 4, 0);
  const handleSize = (await fh.stat()).size;
  await fh.close();
  await pipeline(fs.createReadStream("/data/sub/b.txt"), fs.createWriteStream("/data/copy.txt"));
  let missing;
  try { await p.readFile("/data/none") } catch (e) { missing = [e.code, e.syscall, e.path, e.message] }
  const missingCallback = await new Promise((res) => fs.stat("/nope", (e) => res([e.code, e.syscall, e.path])));
  const list = (await p.readdir("/data", { withFileTypes: true })).map((d) => d.name + (d.isDirectory() ? "/" : "")).sort();
  const exists = await new Promise((res) => fs.exists("/data/copy.txt", res));
  await p.rm("/data/sub", { recursive: true });
  const dir = await p.opendir("/data");
  const names = [];
  for await (const entry of dir) names.push(entry.name);
  let sync;
  try { sync = fs.readFileSync("/data/copy.txt", "utf8") } catch (e) { sync = e.code }
  export default { size: st.size, isFile: st.isFile(), viaCallback, written, read: [bytesRead, [...buffer]], handleSize, missing, missingCallback, list, exists, names: names.sort(), sync };`;

/** The cases; cases.ts lists them with the others. */
export const ASYNC_HOST_CASES: SharedCase[] = [
  {
    name: "fs callbacks, fs.promises, FileHandle and streams work alike with or without synchronous host calls",
    run: async (api) => {
      const filesystem = api.createInMemoryFileSystem();
      const rt = new api.NodeRuntime({ systemDriver: api.driver({ permissions: api.allowAllFs, filesystem }), runtimeDriverFactory: api.factory() });
      try {
        const r = await rt.run(ASYNC_FORMS_PROGRAM, "/root/async-fs.mjs");
        const onHost = new TextDecoder().decode(await filesystem.readFile("/data/copy.txt"));
        return { ...plain(r), onHost };
      } finally {
        rt.dispose();
      }
    },
    check(o, expect, api) {
      expect(o.code).toBe(0);
      expect(o.exports.default).toEqual({
        size: 10,
        isFile: true,
        viaCallback: "alpha-beta",
        written: [9, 8, 7],
        read: [4, [1, 2, 3, 4]],
        handleSize: 4,
        missing: ["ENOENT", "open", "/data/none", "ENOENT: no such file or directory, open '/data/none'"],
        missingCallback: ["ENOENT", "stat", "/nope"],
        list: ["cb.bin", "copy.txt", "h.bin", "sub/"],
        exists: true,
        names: ["cb.bin", "copy.txt", "h.bin"],
        // Only the sync form depends on the page: it says why it cannot run.
        sync: api.syncCalls ? "alpha-beta" : "ERR_QUICKEXEC_SYNC_UNAVAILABLE",
      });
      expect(o.onHost).toBe("alpha-beta");
    },
  },
  {
    name: "fs permission: the asynchronous forms ask the host's callback too, and its refusal reaches the guest as Node's error",
    run: async (api) => {
      const seen: Array<{ op: string; path: string }> = [];
      const permissions: Permissions = {
        fs: (req) => {
          seen.push({ op: req.op, path: req.path });
          return req.path.startsWith("/public") ? { allow: true } : { allow: false, reason: "only /public is shared" };
        },
      };
      const rt = new api.NodeRuntime({ systemDriver: api.driver({ permissions }), runtimeDriverFactory: api.factory() });
      try {
        const r = await rt.run(
          `import fs from "node:fs";
          await fs.promises.mkdir("/public", { recursive: true });
          await fs.promises.writeFile("/public/ok.txt", "fine");
          let denied, deniedCallback;
          try { await fs.promises.readFile("/etc/passwd", "utf8") } catch (e) { denied = { code: e.code, syscall: e.syscall, path: e.path, message: e.message } }
          deniedCallback = await new Promise((res) => fs.writeFile("/secret.txt", "x", (e) => res(e && e.code)));
          export default { ok: await fs.promises.readFile("/public/ok.txt", "utf8"), denied, deniedCallback };`,
          "/root/perm.mjs",
        );
        return { ...plain(r), seen };
      } finally {
        rt.dispose();
      }
    },
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports.default.ok).toBe("fine");
      expect(o.exports.default.deniedCallback).toBe("EACCES");
      const denied = o.exports.default.denied;
      expect([denied.code, denied.syscall, denied.path]).toEqual(["EACCES", "open", "/etc/passwd"]);
      expect(denied.message).toContain("only /public is shared");
      expect(o.seen).toContainEqual({ op: "read", path: "/etc/passwd" });
      expect(o.seen).toContainEqual({ op: "write", path: "/secret.txt" });
      expect(o.seen).toContainEqual({ op: "write", path: "/public/ok.txt" });
    },
  },
  {
    name: "without synchronous host calls, each sync form of fs says why it cannot run and what does, and crypto's entropy still comes",
    withoutSyncCalls: true,
    run: async (api) => {
      const rt = new api.NodeRuntime({ systemDriver: api.driver({ permissions: api.allowAllFs }), runtimeDriverFactory: api.factory() });
      try {
        return plain(
          await rt.run(`
            const fs = require("fs");
            const crypto = require("crypto");
            const codes = [];
            let message;
            for (const call of [() => fs.readFileSync("/a"), () => fs.writeFileSync("/a", "x"), () => fs.statSync("/"), () => fs.readdirSync("/")]) {
              try { call(); codes.push("ran") } catch (e) { codes.push(e.code); message = e.message }
            }
            module.exports = { codes, message, random: crypto.randomBytes(8).length, uuid: /^[0-9a-f-]{36}$/.test(crypto.randomUUID()), values: crypto.getRandomValues(new Uint8Array(4)).length };`),
        );
      } finally {
        rt.dispose();
      }
    },
    check(o, expect) {
      expect(o.code).toBe(0);
      const { codes, message, random, uuid, values } = o.exports;
      expect(codes).toEqual(Array(4).fill("ERR_QUICKEXEC_SYNC_UNAVAILABLE"));
      expect(message).toMatch(/not cross-origin isolated/);
      expect(message).toMatch(/fs callbacks and fs\.promises/);
      expect([random, uuid, values]).toEqual([8, true, 4]);
    },
  },
  {
    name: "a guest HTTP server answers the run's own fetch and http.get, and an aborted fetch rejects, on every page",
    run: async (api) => {
      const rt = new api.NodeRuntime({ systemDriver: api.driver({ permissions: api.allowAll, networkAdapter: api.networkAdapter() }), runtimeDriverFactory: api.factory() });
      try {
        return plain(
          await rt.run(
            `import http from "node:http";
            let slowResponse;
            const server = http.createServer((req, res) => {
              if (req.url === "/slow") return void (slowResponse = res);
              res.setHeader("x-guest", "yes");
              res.end("guest server says " + req.url);
            });
            await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
            const base = "http://127.0.0.1:" + server.address().port;
            const viaFetch = await fetch(base + "/hi");
            const viaHttp = await new Promise((resolve, reject) => http.get(base + "/there", (res) => {
              let body = "";
              res.on("data", (c) => (body += c));
              res.on("end", () => resolve([res.statusCode, body]));
            }).on("error", reject));
            const controller = new AbortController();
            const slow = fetch(base + "/slow", { signal: controller.signal }).then(() => "resolved", (e) => e.name);
            setTimeout(() => controller.abort(), 50);
            const aborted = await slow;
            slowResponse?.end("late");
            await new Promise((resolve) => server.close(resolve));
            export default { fetch: [viaFetch.status, viaFetch.headers.get("x-guest"), await viaFetch.text()], http: viaHttp, aborted };`,
            "/root/server.mjs",
          ),
        );
      } finally {
        rt.dispose();
      }
    },
    check(o, expect) {
      expect(o).toEqual({
        code: 0,
        errorMessage: undefined,
        exports: { default: { fetch: [200, "yes", "guest server says /hi"], http: [200, "guest server says /there"], aborted: "AbortError" } },
      });
    },
  },
];
