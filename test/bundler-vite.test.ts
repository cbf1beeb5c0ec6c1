/**
 * A bundler user's path: the page in test/bundler-app (quickexec imported by
 * its package name) built by Vite's JavaScript API, the build's output alone
 * served from loopback, and the page run in headless Chromium, isolated and
 * not. Vite must find the engine worker and the wasm through the browser
 * entry's `new URL("./file", import.meta.url)` and emit them with the page's
 * assets: the server holds nothing else, so a file left behind is a 404.
 *
 * The package is installed as the app's node_modules/quickexec the way npm
 * would lay it out (package.json and dist/browser, which test/packaging
 * checks `npm pack` publishes), so Vite resolves `quickexec/browser` and
 * `quickexec` through the package's real `exports` map. The dev server's run
 * checks the other place bundling moves the library to: Vite pre-bundles it
 * into its cache directory, away from the worker and the wasm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, createLogger, createServer, type ViteDevServer } from "vite";
import { startStaticServer, type StaticServer } from "../scripts/static-server.mjs";
import { launchChromium, openPage, type LaunchedChromium } from "./browser/chromium.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** One program's run, as the page reports it. */
interface PageRun {
  code: number;
  errorMessage: string;
  stdout: string;
  stderr: string;
}

/** What test/bundler-app/main.js leaves in `window.bundlerAppResult`. */
interface PageResult {
  isolated: boolean;
  sameEntry: boolean;
  prints: PageRun;
  files: PageRun;
}

/** The print-only program's output (it needs no synchronous host call, so any page runs it). */
const PRINTS_OUTPUT = `joined: /a/c.txt\nsum: 5050\nhex: ${Buffer.from("quickexec").toString("hex")}\n`;

/** The file program's output: it reads the page's /data/input.txt, writes an upper-case copy and reads that back. */
const FILES_OUTPUT = `read: "hello from the page"\nwrote: HELLO FROM THE PAGE 19\n`;

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

let app = "";
let out = "";
const warnings: string[] = [];
let chromium: LaunchedChromium | undefined;
const servers: StaticServer[] = [];
let devServer: ViteDevServer | undefined;

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), "quickexec-vite-"));
  out = join(app, "dist");
  const installed = join(app, "node_modules/quickexec");
  mkdirSync(installed, { recursive: true });
  cpSync(join(root, "package.json"), join(installed, "package.json"));
  cpSync(join(root, "dist/browser"), join(installed, "dist/browser"), { recursive: true });
  cpSync(join(root, "test/bundler-app"), app, { recursive: true });
  const logger = createLogger("warn");
  logger.warn = (message) => void warnings.push(message);
  logger.warnOnce = (message) => void warnings.push(message);
  await build({
    root: app,
    configFile: false,
    envFile: false,
    cacheDir: join(app, ".vite"),
    logLevel: "warn",
    customLogger: logger,
    build: { outDir: out, emptyOutDir: true, reportCompressedSize: false },
  });
  chromium = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await Promise.all(servers.map((server) => server.close()));
  await devServer?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

/** Serves the build's output (and nothing else), opens its page and waits for the page's result. */
async function runBuiltPage(isolated: boolean): Promise<{ result: PageResult; problems: string }> {
  const server = await startStaticServer({ root: out, isolated });
  servers.push(server);
  return runPageAt(server.url);
}

/** Opens the app's page at `url` and waits for its result. */
async function runPageAt(url: string): Promise<{ result: PageResult; problems: string }> {
  const { page, describeProblems } = await openPage(chromium!.context, url);
  try {
    try {
      await page.waitForFunction(
        () => (window as { bundlerAppResult?: unknown }).bundlerAppResult !== undefined || document.getElementById("status")?.textContent?.startsWith("error"),
        undefined,
        // Vite's dev server runs the 5 MiB engine worker through its transforms on first request.
        { timeout: 45_000 },
      );
    } catch (error) {
      throw new Error(`the built page never finished (status ${JSON.stringify(await page.textContent("#status"))}): ${String(error)}\n${describeProblems()}`);
    }
    const result = await page.evaluate(() => (window as { bundlerAppResult?: unknown }).bundlerAppResult as PageResult | undefined);
    if (result === undefined) throw new Error(`the built page failed: ${await page.textContent("#status")}\n${describeProblems()}`);
    return { result, problems: describeProblems() };
  } finally {
    await page.close();
  }
}

describe("quickexec bundled by Vite", () => {
  it("emits the engine worker and the wasm, byte for byte, with the page's assets, and warns about neither", () => {
    const assets = readdirSync(join(out, "assets"));
    const worker = assets.filter((name) => /^engine-worker-.*\.js$/.test(name));
    const wasm = assets.filter((name) => /^quickjs-.*\.wasm$/.test(name));
    expect(worker, assets.join(", ")).toHaveLength(1);
    expect(wasm, assets.join(", ")).toHaveLength(1);
    expect(sha256(join(out, "assets", worker[0]!))).toBe(sha256(join(root, "dist/browser/engine-worker.js")));
    expect(sha256(join(out, "assets", wasm[0]!))).toBe(sha256(join(root, "dist/browser/quickjs.wasm")));
    expect(warnings.filter((warning) => /engine-worker|quickjs\.wasm|import\.meta\.url|doesn't exist at build time/.test(warning))).toEqual([]);
  });

  it("runs programs on a cross-origin-isolated page: stdout, and a file the page wrote read and written by the guest", async () => {
    const { result, problems } = await runBuiltPage(true);
    expect(result.isolated).toBe(true);
    expect(result.sameEntry).toBe(true);
    expect(result.prints).toEqual({ code: 0, errorMessage: "", stdout: PRINTS_OUTPUT, stderr: "" });
    expect(result.files).toEqual({ code: 0, errorMessage: "", stdout: FILES_OUTPUT, stderr: "" });
    expect(problems).toBe("(no page errors)");
  }, 60_000);

  it("on a page that is not isolated, the assets load too: printing runs, a synchronous fs call fails saying why", async () => {
    const { result, problems } = await runBuiltPage(false);
    expect(result.isolated).toBe(false);
    expect(result.prints).toEqual({ code: 0, errorMessage: "", stdout: PRINTS_OUTPUT, stderr: "" });
    expect(result.files.code).toBe(1);
    expect(result.files.stdout).toBe("");
    expect(result.files.stderr).toContain("not cross-origin isolated");
    expect(problems).toBe("(no page errors)");
  }, 60_000);

  it("under Vite's dev server too (dependencies pre-bundled into its cache), on an isolated page", async () => {
    devServer = await createServer({
      root: app,
      configFile: false,
      envFile: false,
      cacheDir: join(app, ".vite-dev"),
      customLogger: createLogger("error"),
      server: { host: "127.0.0.1", port: 0, watch: null, headers: { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" } },
    });
    await devServer.listen();
    const { result, problems } = await runPageAt(devServer.resolvedUrls!.local[0]!);
    expect(result.isolated).toBe(true);
    expect(result.prints).toEqual({ code: 0, errorMessage: "", stdout: PRINTS_OUTPUT, stderr: "" });
    expect(result.files).toEqual({ code: 0, errorMessage: "", stdout: FILES_OUTPUT, stderr: "" });
    expect(problems).toBe("(no page errors)");
  }, 90_000);
});
