import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStaticServer, type StaticServer } from "../scripts/static-server.mjs";

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends a request with `path` exactly as given (no URL normalisation, unlike
 * fetch, so `..` segments reach the server).
 */
function rawRequest(port: number, path: string, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const ISOLATION = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
};

let base: string;
let root: string;
const SECRET = "outside the served root";

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "quickexec-static-"));
  root = join(base, "root");
  mkdirSync(join(root, "sub"), { recursive: true });
  mkdirSync(join(root, "empty"));
  writeFileSync(join(base, "secret.txt"), SECRET);
  writeFileSync(join(root, "index.html"), "<p>root index</p>");
  writeFileSync(join(root, "sub", "index.html"), "<p>sub index</p>");
  writeFileSync(join(root, "a.js"), "export const a = 1;");
  writeFileSync(join(root, "b.mjs"), "export const b = 2;");
  writeFileSync(join(root, "c.wasm"), Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  writeFileSync(join(root, "d.json"), '{"d":4}');
  writeFileSync(join(root, "e.css"), "p { color: red }");
  writeFileSync(join(root, "a.js.map"), '{"version":3}');
  writeFileSync(join(root, ".hidden"), "dot-file");
  writeFileSync(join(root, "has space.txt"), "spaced");
  symlinkSync(join(base, "secret.txt"), join(root, "link-out.txt"));
  symlinkSync(base, join(root, "dir-out"));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

describe("startStaticServer (isolated, the default)", () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await startStaticServer({ root });
  });
  afterAll(async () => {
    await server.close();
  });

  it("listens on 127.0.0.1 at the port it reports", () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it.each([
    ["/a.js", "text/javascript", "export const a = 1;"],
    ["/b.mjs", "text/javascript", "export const b = 2;"],
    ["/d.json", "application/json", '{"d":4}'],
    ["/e.css", "text/css", "p { color: red }"],
    ["/a.js.map", "application/json", '{"version":3}'],
    ["/index.html", "text/html", "<p>root index</p>"],
    ["/has%20space.txt", "text/plain", "spaced"],
  ])("serves %s as %s", async (path, type, body) => {
    const res = await rawRequest(server.port, path);
    expect(res.status).toBe(200);
    expect(String(res.headers["content-type"]).split(";")[0]).toBe(type);
    expect(res.body).toBe(body);
  });

  it("serves .wasm as application/wasm with its exact bytes", async () => {
    const res = await fetch(`${server.url}c.wasm`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/wasm");
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  });

  it("answers / and a directory with a trailing slash with its index.html, and ignores the query", async () => {
    expect((await rawRequest(server.port, "/")).body).toBe("<p>root index</p>");
    expect((await rawRequest(server.port, "/sub/")).body).toBe("<p>sub index</p>");
    expect((await rawRequest(server.port, "/sub/?x=1")).body).toBe("<p>sub index</p>");
  });

  it("redirects a directory without the trailing slash, keeping the query", async () => {
    const res = await rawRequest(server.port, "/sub?x=1");
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe("/sub/?x=1");
  });

  it("does not list a directory without index.html", async () => {
    const res = await rawRequest(server.port, "/empty/");
    expect(res.status).toBe(404);
    expect(res.body).not.toContain("index");
  });

  it("answers a missing file with 404", async () => {
    expect((await rawRequest(server.port, "/nope.js")).status).toBe(404);
  });

  it("sends the isolation headers and no-store on files, directories, redirects and errors", async () => {
    for (const path of ["/a.js", "/", "/sub", "/nope.js", "/../secret.txt"]) {
      const res = await rawRequest(server.port, path);
      expect(res.headers, path).toMatchObject(ISOLATION);
      expect(res.headers["cache-control"], path).toBe("no-store");
    }
  });

  it.each([
    "/../secret.txt",
    "/sub/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/sub/%2e%2e/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%5csecret.txt",
    "/a.js%00.html",
    "/.hidden",
    "/./a.js",
  ])("refuses %s", async (path) => {
    const res = await rawRequest(server.port, path);
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain("dot-file");
  });

  it("does not follow a symlink that leads outside the root", async () => {
    for (const path of ["/link-out.txt", "/dir-out/secret.txt"]) {
      const res = await rawRequest(server.port, path);
      expect(res.status, path).toBe(403);
      expect(res.body, path).not.toContain(SECRET);
    }
  });

  it("rejects a malformed percent-encoding with 400", async () => {
    expect((await rawRequest(server.port, "/%E0%A4%A.js")).status).toBe(400);
  });

  it("answers HEAD without a body and other methods with 405", async () => {
    const head = await rawRequest(server.port, "/a.js", "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(String("export const a = 1;".length));
    expect(head.body).toBe("");
    const post = await rawRequest(server.port, "/a.js", "POST");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
  });
});

describe("startStaticServer (isolated: false)", () => {
  it("sends none of the isolation headers, but still no-store", async () => {
    const server = await startStaticServer({ root, isolated: false });
    try {
      for (const path of ["/a.js", "/", "/nope.js"]) {
        const res = await rawRequest(server.port, path);
        for (const name of Object.keys(ISOLATION)) expect(res.headers[name], `${path} ${name}`).toBeUndefined();
        expect(res.headers["cache-control"], path).toBe("no-store");
      }
      expect((await rawRequest(server.port, "/a.js")).body).toBe("export const a = 1;");
    } finally {
      await server.close();
    }
  });
});

describe("startStaticServer options", () => {
  it("rejects bad options with an error naming them", async () => {
    await expect(startStaticServer({ root: "" })).rejects.toThrow(/root/);
    await expect(startStaticServer({ root: join(base, "missing") })).rejects.toThrow(/root .*missing/);
    await expect(startStaticServer({ root: join(root, "a.js") })).rejects.toThrow(/not a directory/);
    await expect(startStaticServer({ root, port: -1 })).rejects.toThrow(/port/);
    await expect(startStaticServer({ root, port: 1.5 })).rejects.toThrow(/port/);
    await expect(startStaticServer({ root, isolated: "yes" as unknown as boolean })).rejects.toThrow(/isolated/);
  });

  it("close() ends the server: the port stops answering", async () => {
    const server = await startStaticServer({ root });
    await server.close();
    await expect(rawRequest(server.port, "/a.js")).rejects.toThrow(/ECONNREFUSED/);
  });
});
