#!/usr/bin/env node
// A small static file server for the browser example and the browser tests.
//
// Binds 127.0.0.1 only. Serves files under `root` and nothing else: request
// paths with `..` or `.` segments (plain or percent-encoded), dot-files,
// backslashes or null bytes are refused, and a symlink that leads outside
// `root` is not followed. No directory listings: a directory answers with its
// index.html or 404. With `isolated` (the default) every response carries the
// headers that make a page cross-origin isolated (COOP same-origin, COEP
// require-corp) plus CORP same-origin, so SharedArrayBuffer is available.
//
// Run directly (`node scripts/static-server.mjs`) it serves the repository
// root on $PORT (default 8080) with isolation and prints the example's URL.
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Content types by file extension; anything else is application/octet-stream. */
const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** The headers that make a page cross-origin isolated, sent when `isolated` is true. */
const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Content type for a file name. */
function contentTypeOf(name) {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Splits a raw request path into decoded segments, or returns a status code
 * when the path is refused (403) or malformed (400).
 */
function decodeSegments(rawPath) {
  if (!rawPath.startsWith("/")) return 400;
  const segments = [];
  for (const raw of rawPath.slice(1).split("/")) {
    let segment;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return 400;
    }
    // "." and ".." (also as %2e), dot-files such as .git, and anything that
    // could act as a separator or terminator once decoded.
    if (segment.startsWith(".") || segment.includes("/") || segment.includes("\\") || segment.includes("\0")) {
      return 403;
    }
    segments.push(segment);
  }
  return segments;
}

/** True when `path` is `dir` or inside it. */
function isInside(dir, path) {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** Checks startStaticServer's options and returns them with defaults applied. */
function checkOptions(options) {
  if (options === null || typeof options !== "object") {
    throw new TypeError("startStaticServer: options must be an object with a root directory");
  }
  const { root, port = 0, isolated = true } = options;
  if (typeof root !== "string" || root === "") {
    throw new TypeError(`startStaticServer: root must be a non-empty directory path, got ${JSON.stringify(root)}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`startStaticServer: port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (typeof isolated !== "boolean") {
    throw new TypeError(`startStaticServer: isolated must be a boolean, got ${String(isolated)}`);
  }
  return { root, port, isolated };
}

/**
 * Starts a static file server on 127.0.0.1.
 *
 * @param {{ root: string, port?: number, isolated?: boolean }} options
 *   `root`: the directory to serve; `port`: 0 (the default) picks a free one;
 *   `isolated` (default true): send COOP/COEP/CORP on every response.
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 *   `url` is `http://127.0.0.1:<port>/`; `close()` stops the server and ends open connections.
 */
export async function startStaticServer(options) {
  const { root, port, isolated } = checkOptions(options);
  let rootReal;
  try {
    rootReal = await realpath(resolve(root));
  } catch (error) {
    throw new Error(`startStaticServer: root ${JSON.stringify(root)} cannot be opened: ${error.message}`);
  }
  if (!(await stat(rootReal)).isDirectory()) {
    throw new Error(`startStaticServer: root ${JSON.stringify(root)} is not a directory`);
  }

  const baseHeaders = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (isolated) Object.assign(baseHeaders, ISOLATION_HEADERS);

  /** Ends the response with a short plain-text status message. */
  function fail(res, status, message) {
    const body = `${status} ${message}\n`;
    res.writeHead(status, {
      ...baseHeaders,
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
    });
    res.end(body);
  }

  /** Resolves a request path to a regular file inside root, or an error status. */
  async function locate(rawPath) {
    const segments = decodeSegments(rawPath);
    if (typeof segments === "number") return { status: segments };
    let path = join(rootReal, ...segments);
    if (!isInside(rootReal, path)) return { status: 403 };
    let info;
    try {
      path = await realpath(path);
      if (!isInside(rootReal, path)) return { status: 403 };
      info = await stat(path);
    } catch {
      return { status: 404 };
    }
    if (info.isDirectory()) {
      // Relative URLs on the page only work under the trailing-slash form.
      if (!rawPath.endsWith("/")) return { redirect: `${rawPath}/` };
      try {
        path = await realpath(join(path, "index.html"));
        if (!isInside(rootReal, path)) return { status: 403 };
        info = await stat(path);
      } catch {
        return { status: 404 };
      }
    }
    if (!info.isFile()) return { status: 404 };
    return { path, size: info.size };
  }

  async function handle(req, res) {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      fail(res, 405, "Method Not Allowed");
      return;
    }
    const target = req.url ?? "";
    const query = target.indexOf("?");
    const rawPath = query === -1 ? target : target.slice(0, query);
    const found = await locate(rawPath);
    if ("redirect" in found) {
      res.writeHead(301, { ...baseHeaders, Location: found.redirect + (query === -1 ? "" : target.slice(query)) });
      res.end();
      return;
    }
    if ("status" in found) {
      fail(res, found.status, found.status === 403 ? "Forbidden" : found.status === 400 ? "Bad Request" : "Not Found");
      return;
    }
    res.writeHead(200, { ...baseHeaders, "Content-Type": contentTypeOf(found.path), "Content-Length": found.size });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const stream = createReadStream(found.path);
    stream.on("error", () => res.destroy());
    stream.pipe(res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) fail(res, 500, "Internal Server Error");
      else res.destroy();
    });
  });

  await new Promise((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", rejectListen);
      resolveListen();
    });
  });
  const actualPort = server.address().port;
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    port: actualPort,
    close() {
      return new Promise((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
      });
    },
  };
}

/** True when this file is the script Node was started with. */
function isMain() {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const rawPort = process.env.PORT ?? "8080";
  const port = /^\d+$/.test(rawPort) ? Number(rawPort) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    console.error(`static-server: PORT must be an integer from 0 to 65535, got ${JSON.stringify(rawPort)}`);
    process.exit(1);
  }
  const repoRoot = fileURLToPath(new URL("..", import.meta.url));
  const server = await startStaticServer({ root: repoRoot, port, isolated: true });
  console.log(`Serving ${repoRoot} on ${server.url} (cross-origin isolated)`);
  console.log(`Browser example: ${server.url}examples/browser/`);
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
