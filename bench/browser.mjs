// Browser benchmark of quickexec: the same measurements (bench/browser-page/measure.js)
// on a warm, cross-origin-isolated page in Debian's headless Chromium (browser
// bundle, engines in Web Workers) and in this Node process (engines in worker
// threads): cold start, fib(27) in the guest, small synchronous readFileSync
// round trips from the guest, and fib(27) in the platform's own V8 for reference.
//
// Run with `npm run bench` (builds first) or `node bench/browser.mjs` after
// `npm run build`. Prints figures and ratios only; it never asserts on timing.
// Everything stays on 127.0.0.1: the static server serves the repository root.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startStaticServer } from "../scripts/static-server.mjs";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../scripts/chromium-flags.mjs";
import * as measure from "./browser-page/measure.js";
import { alignedTable } from "./lib/table.mjs";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
for (const built of ["dist/browser/quickexec.js", "dist/browser/engine-worker.js", "dist/browser/quickjs.wasm", "dist/src/index.js"]) {
  if (!existsSync(join(repoRoot, built))) {
    console.error(`bench/browser.mjs: ${built} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}
const { NodeRuntime, allowAllFs, createInMemoryFileSystem, createNodeDriver, createNodeRuntimeDriverFactory } = await import(
  "../dist/src/index.js"
);

// ---- helpers -------------------------------------------------------------------

const ms = (v) => `${v.toFixed(v < 10 ? 3 : 1)} ms`;
const us = (v) => `${v.toFixed(1)} µs`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

/** The same measurements run in Node, through the Node build. */
const nodeEnv = {
  NodeRuntime,
  systemDriver: () => createNodeDriver(),
  memoryFsDriver: () => createNodeDriver({ filesystem: createInMemoryFileSystem(), permissions: allowAllFs }),
  runtimeDriverFactory: () => createNodeRuntimeDriverFactory(),
};

const OPTIONS = {
  coldStarts: { iterations: 200, warmup: 20 },
  guestFib: { runs: 7, warmup: 2 },
  guestReadFileSync: { rounds: 5, perRound: 400, warmup: 200 },
  hostFib: { runs: 7, warmup: 2 },
};

/** Starts Chromium exactly as the browser tests do (same path, same flags, fresh user data dir). */
async function launch() {
  const userDataDir = await mkdtemp(join(os.tmpdir(), "quickexec-bench-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_FLAGS],
    });
    return { context, userDataDir };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(
      `bench/browser.mjs: could not start ${CHROMIUM_PATH} (run \`node scripts/ensure-chromium.mjs\` to install it): ${error.message}`,
    );
  }
}

/** Opens the bench page, collecting its problems, and waits until it is ready. */
async function openBenchPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console.error: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.stack ?? e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? "unknown"})`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on("crash", () => problems.push("the page crashed"));
  const describe = () => (problems.length === 0 ? "(no page errors)" : problems.join("\n"));
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response?.ok()) throw new Error(`bench page ${url} answered ${response ? `HTTP ${response.status()}` : "nothing"}\n${describe()}`);
  let ready;
  try {
    ready = await (await page.waitForFunction(() => window.benchReady, undefined, { timeout: 30_000 })).jsonValue();
  } catch (error) {
    throw new Error(`bench page ${url} did not get ready: ${error.message}\n${describe()}`);
  }
  const run = async (name, options) => {
    try {
      return await page.evaluate(([n, o]) => window.benchRun(n, o), [name, options]);
    } catch (error) {
      throw new Error(`bench page, ${name}: ${error.message}\n${describe()}`);
    }
  };
  return { page, ready, run };
}

// ---- run ---------------------------------------------------------------------------

const started = performance.now();
console.log("quickexec browser benchmark");
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.availableParallelism?.() ?? os.cpus().length} CPUs, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
);

const server = await startStaticServer({ root: repoRoot, isolated: true });
let browser;
const results = { browser: {}, node: {} };
try {
  browser = await launch();
  const chromiumVersion = browser.context.browser()?.version() ?? "unknown";
  const bench = await openBenchPage(browser.context, `${server.url}bench/browser-page/index.html`);
  console.log(`chromium ${chromiumVersion} (${CHROMIUM_PATH}, headless), page ${bench.ready.crossOriginIsolated ? "cross-origin isolated" : "NOT cross-origin isolated"}`);
  console.log(`user agent: ${bench.ready.userAgent}`);
  if (!bench.ready.crossOriginIsolated) throw new Error("the bench page is not cross-origin isolated: synchronous guest calls cannot be measured");
  results.chromiumVersion = chromiumVersion;

  // Browser first, then Node, with the page idle while Node is measured.
  for (const [where, run] of [
    ["browser", (name, options) => bench.run(name, options)],
    ["node", (name, options) => (name === "hostFib" ? measure.hostFib(options) : measure[name](nodeEnv, options))],
  ]) {
    console.log(`\n${where === "browser" ? "Chromium page (Web Workers)" : "Node (worker threads)"}`);
    const r = results[where];
    r.first = await run("firstColdStart", {});
    console.log(`   first cold start (wasm compile + first engine thread): ${ms(r.first.ms)}`);
    r.cold = await run("coldStarts", OPTIONS.coldStarts);
    console.log(`   cold start, back-to-back (${r.cold.n} after ${OPTIONS.coldStarts.warmup} warm-up): p50 ${ms(r.cold.p50)}  p90 ${ms(r.cold.p90)}  max ${ms(r.cold.max)}`);
    r.fib = await run("guestFib", OPTIONS.guestFib);
    console.log(
      `   guest fib(${measure.FIB_N}), ${r.fib.runs} runs after ${OPTIONS.guestFib.warmup}: stats.wallTimeMs best ${ms(r.fib.wallBest)} median ${ms(r.fib.wallMedian)}; ` +
        `cpuTimeMs best ${ms(r.fib.cpuBest)} median ${ms(r.fib.cpuMedian)}; run() call median ${ms(r.fib.runCallMedian)}`,
    );
    r.read = await run("guestReadFileSync", OPTIONS.guestReadFileSync);
    console.log(
      `   guest fs.readFileSync, small in-memory file (${r.read.calls} calls in ${OPTIONS.guestReadFileSync.rounds} rounds): ` +
        `median round ${us(r.read.perCallMedianUs)}/call, best ${us(r.read.perCallBestUs)}, mean ${us(r.read.perCallMeanUs)}`,
    );
    r.v8 = await run("hostFib", OPTIONS.hostFib);
    console.log(`   ${where === "browser" ? "page" : "Node"} V8 fib(${measure.FIB_N}) (reference): best ${ms(r.v8.best)} median ${ms(r.v8.median)}`);
    console.log(`   guest fib / V8 fib (medians): ${ratio(r.fib.wallMedian, r.v8.median)}`);
  }
} finally {
  await browser?.context.close().catch(() => {});
  if (browser) await rm(browser.userDataDir, { recursive: true, force: true });
  await server.close();
}

// ---- summary ------------------------------------------------------------------------

const b = results.browser, n = results.node;
const rows = [
  ["first cold start (wasm compile + first engine)", ms(b.first.ms), ms(n.first.ms), ratio(b.first.ms, n.first.ms)],
  ["cold start p50 (new + run 1+1 + dispose)", ms(b.cold.p50), ms(n.cold.p50), ratio(b.cold.p50, n.cold.p50)],
  ["cold start p90", ms(b.cold.p90), ms(n.cold.p90), ratio(b.cold.p90, n.cold.p90)],
  [`guest fib(${measure.FIB_N}) wallTimeMs, best`, ms(b.fib.wallBest), ms(n.fib.wallBest), ratio(b.fib.wallBest, n.fib.wallBest)],
  [`guest fib(${measure.FIB_N}) wallTimeMs, median`, ms(b.fib.wallMedian), ms(n.fib.wallMedian), ratio(b.fib.wallMedian, n.fib.wallMedian)],
  ["guest readFileSync per call, median round", us(b.read.perCallMedianUs), us(n.read.perCallMedianUs), ratio(b.read.perCallMedianUs, n.read.perCallMedianUs)],
  [`V8 fib(${measure.FIB_N}), median (reference)`, ms(b.v8.median), ms(n.v8.median), ratio(b.v8.median, n.v8.median)],
];
console.log(`\nsummary (chromium ${results.chromiumVersion}, node ${process.version})`);
console.log(alignedTable(["figure", "browser", "node", "browser / node"], rows));
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
