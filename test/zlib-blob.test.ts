/**
 * What the differential cases cannot show for zlib, Blob and FormData:
 * - zlib computes inside the guest under its limits: a deflate (or Brotli)
 *   bomb ends the run with 137 under the memory limit, or with
 *   ERR_BUFFER_TOO_LARGE when maxOutputLength is set; a long compression
 *   ends with 124 under the CPU limit. The host's memory never grows for it.
 * - FormData and Blob bodies go over the wire as real fetch bodies to a
 *   local server (multipart/form-data with its boundary), and a multipart
 *   response written by the host's own undici parses with formData().
 *
 * Only 127.0.0.1 is contacted, through the default adapter that is allowed
 * nothing else.
 */
import * as http from "node:http";
import * as zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDefaultNetworkAdapter, type NodeDriverOptions } from "../dist/src/index.js";
import { harness } from "./helpers.js";

/** Runs `code` as a program and returns its exit code, error message and stdout. */
async function exec(code: string, options: { memoryLimit?: number; cpuTimeLimitMs?: number } = {}, driver: NodeDriverOptions = {}) {
  const h = harness(options, driver);
  try {
    const result = await h.runtime.exec(code, { filePath: "/root/main.js" });
    return { code: result.code, errorMessage: result.errorMessage, stdout: h.stdout(), stderr: h.stderr() };
  } finally {
    h.runtime.dispose();
  }
}

describe("zlib under the sandbox's limits", () => {
  // 256 MiB of zeros: about 250 KiB deflated.
  const bomb = zlib.deflateSync(Buffer.alloc(256 * 1024 * 1024)).toString("base64");
  const brotliBomb = zlib.brotliCompressSync(Buffer.alloc(256 * 1024 * 1024)).toString("base64");

  it("a deflate bomb inflated under a 32 MiB memory limit ends the run with 137", async () => {
    const r = await exec(`const z = require("zlib"); const out = z.inflateSync(Buffer.from(${JSON.stringify(bomb)}, "base64")); console.log("inflated", out.length);`, {
      memoryLimit: 32,
      cpuTimeLimitMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(137);
    expect(r.stdout).not.toContain("inflated");
  }, 90_000);

  it("with maxOutputLength the same bomb fails with ERR_BUFFER_TOO_LARGE, sync and as a callback", async () => {
    const r = await exec(
      `const z = require("zlib");
       const bomb = Buffer.from(${JSON.stringify(bomb)}, "base64");
       try { z.inflateSync(bomb, { maxOutputLength: 1 << 20 }); } catch (e) { console.log("sync", e.code, e.name, e.message); }
       z.inflate(bomb, { maxOutputLength: 1 << 20 }, (e) => console.log("callback", e.code));`,
      { memoryLimit: 32, cpuTimeLimitMs: 30_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("sync ERR_BUFFER_TOO_LARGE RangeError Cannot create a Buffer larger than 1048576 bytes\ncallback ERR_BUFFER_TOO_LARGE\n");
  }, 60_000);

  it("a Brotli bomb ends with 137 under the memory limit, or ERR_BUFFER_TOO_LARGE with maxOutputLength", async () => {
    const unlimited = await exec(`require("zlib").brotliDecompressSync(Buffer.from(${JSON.stringify(brotliBomb)}, "base64")); console.log("decoded");`, {
      memoryLimit: 32,
      cpuTimeLimitMs: 60_000,
    });
    expect(unlimited.code, unlimited.stderr).toBe(137);
    const limited = await exec(
      `try { require("zlib").brotliDecompressSync(Buffer.from(${JSON.stringify(brotliBomb)}, "base64"), { maxOutputLength: 4096 }); } catch (e) { console.log(e.code); }`,
      { memoryLimit: 32, cpuTimeLimitMs: 60_000 },
    );
    expect(limited.code, limited.stderr).toBe(0);
    expect(limited.stdout).toBe("ERR_BUFFER_TOO_LARGE\n");
  }, 120_000);

  it("a long compression ends with 124 under the CPU limit", async () => {
    const r = await exec(
      `const z = require("zlib"); const data = Buffer.alloc(64 * 1024 * 1024, "abcdefgh"); z.gzipSync(data, { level: 9 }); console.log("done");`,
      { memoryLimit: 256, cpuTimeLimitMs: 500 },
    );
    expect(r.code, r.stderr).toBe(124);
    expect(r.errorMessage).toBe("CPU time limit exceeded");
    expect(r.stdout).toBe("");
  }, 30_000);
});

// ---- fetch with FormData and Blob bodies --------------------------------------------------

type Hit = { contentType: string; body: string };
const hits: Hit[] = [];
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      hits.push({ contentType: req.headers["content-type"] ?? "", body: body.toString("latin1") });
      if (req.url === "/multipart") {
        // A multipart body as the host's own undici writes it.
        const form = new FormData();
        form.append("greeting", "hello from the host");
        form.append("upload", new Blob(["file bytes \u00e9"], { type: "text/plain" }), "host.txt");
        const response = new Response(form);
        res.writeHead(200, { "content-type": response.headers.get("content-type") ?? "" });
        res.end(Buffer.from(await response.arrayBuffer()));
        return;
      }
      // Echo what was received, parsed by the host's undici.
      const parsed = await new Response(body, { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData().catch(() => null);
      const fields: unknown[] = [];
      if (parsed) {
        for (const [name, value] of parsed as unknown as Iterable<[string, string | File]>) {
          fields.push(typeof value === "string" ? [name, value] : [name, value.name, value.type, await value.text()]);
        }
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ contentType: req.headers["content-type"], length: body.length, fields, text: parsed ? null : body.toString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function network(): NodeDriverOptions {
  return {
    networkAdapter: createDefaultNetworkAdapter({ allowPrivateAddresses: (address: string) => address === "127.0.0.1" }),
    permissions: { network: (r) => ({ allow: r.hostname === "127.0.0.1" }) },
  };
}

describe("FormData and Blob as fetch bodies", () => {
  it("sends a FormData body as multipart/form-data that the host's undici parses", async () => {
    const r = await exec(
      `(async () => {
        const form = new FormData();
        form.append("name", "quickexec");
        form.append("note", "line one\\nline two");
        form.append("file", new File(["guest file \\u00e9"], "guest.txt", { type: "text/plain" }));
        form.append("blob", new Blob([new Uint8Array([0, 1, 2, 255])]), "bytes.bin");
        const res = await fetch("${base}/echo", { method: "POST", body: form });
        console.log(JSON.stringify(await res.json()));
      })();`,
      { cpuTimeLimitMs: 10_000 },
      network(),
    );
    expect(r.code, r.stderr).toBe(0);
    const echoed = JSON.parse(r.stdout);
    expect(echoed.contentType).toMatch(/^multipart\/form-data; boundary=----formdata-undici-0\d{11}$/);
    expect(echoed.fields).toEqual([
      ["name", "quickexec"],
      ["note", "line one\r\nline two"],
      ["file", "guest.txt", "text/plain", "guest file \u00e9"],
      ["blob", "bytes.bin", "application/octet-stream", "\u0000\u0001\u0002\ufffd"],
    ]);
  }, 30_000);

  it("sends a Blob body with its type as Content-Type", async () => {
    const r = await exec(
      `(async () => {
        const res = await fetch("${base}/echo", { method: "PUT", body: new Blob(["blob body"], { type: "text/x-guest" }) });
        console.log(JSON.stringify(await res.json()));
      })();`,
      { cpuTimeLimitMs: 10_000 },
      network(),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ contentType: "text/x-guest", length: 9, fields: [], text: "blob body" });
  }, 30_000);

  it("parses a multipart response from the server with formData(), and reads blob()", async () => {
    const r = await exec(
      `(async () => {
        const form = await (await fetch("${base}/multipart")).formData();
        const file = form.get("upload");
        console.log(JSON.stringify([form.get("greeting"), file.name, file.type, await file.text(), file instanceof File]));
        const blob = await (await fetch("${base}/multipart")).blob();
        console.log(blob.type.startsWith("multipart/form-data; boundary="), blob.size > 100);
      })();`,
      { cpuTimeLimitMs: 10_000 },
      network(),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify(["hello from the host", "host.txt", "text/plain", "file bytes \u00e9", true])}\ntrue true\n`);
  }, 30_000);
});
