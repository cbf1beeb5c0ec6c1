// quickexec, from this repository's build (dist/), as the reference column.
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import {
  NodeRuntime,
  allowAllFs,
  createInMemoryFileSystem,
  createNodeDriver,
  createNodeRuntimeDriverFactory,
} from "../../../dist/src/index.js";
import { maxTickGap, pairedDifference, sampleWithCpu, settledMemory } from "../lib/measure.mjs";
import { EXPECTED, MEMORY_WARMUP, READS_PER_RUN, SMALL_FILE_PATH, SMALL_FILE_TEXT, check, cjs } from "../lib/workloads.mjs";

const rootPackage = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));

/** A NodeRuntime on the Node driver with `driverOptions` (filesystem, permissions). */
function newRuntime(driverOptions = {}) {
  return new NodeRuntime({
    systemDriver: createNodeDriver(driverOptions),
    runtimeDriverFactory: createNodeRuntimeDriverFactory(),
  });
}

/** Runs `code` and checks exit code 0 and the exports. */
async function runChecked(runtime, code, expected, what) {
  const result = await runtime.run(code);
  if (result.code !== 0) throw new Error(`quickexec ${what}: exit ${result.code} (${result.errorMessage})`);
  check(result.exports, expected, `quickexec ${what}`);
}

/** @type {import("../lib/adapter.mjs").PeerAdapter} */
export const quickexec = {
  name: "quickexec",
  version: `${rootPackage.version} (this repo, dist/)`,
  engine: "QuickJS (quickjs-emscripten 0.32 release-sync wasm) in a pool of worker threads",
  notes: {
    coldStart: "`new NodeRuntime` + `run` + `dispose()`; the process-wide engine-thread pool is already started (by init)",
    warmRun: "a further `run` on the same NodeRuntime (each run gets a fresh, pre-made sandbox from the pool)",
    readFileSmall: "guest `fs.readFileSync` of the in-memory filesystem (`createInMemoryFileSystem`, `allowAllFs`): a synchronous round trip from the engine thread to the host",
    idleSandboxMemory: "NodeRuntime objects that each did one run; a NodeRuntime holds no engine (engines live in the shared pool)",
    stallDuringCompute: "guest runs in a worker thread; the main thread only waits for the reply",
  },

  async init() {
    const t0 = performance.now();
    const runtime = newRuntime();
    await runChecked(runtime, cjs.trivial, EXPECTED.trivial, "first run");
    runtime.dispose();
    return { firstMs: performance.now() - t0 };
  },

  async coldStart(plan) {
    return sampleWithCpu(async () => {
      const runtime = newRuntime();
      await runChecked(runtime, cjs.trivial, EXPECTED.trivial, "cold start");
      runtime.dispose();
    }, plan);
  },

  async warmRun(plan) {
    const runtime = newRuntime();
    try {
      await runChecked(runtime, cjs.trivial, EXPECTED.trivial, "warm run");
      return await sampleWithCpu(() => runChecked(runtime, cjs.trivial, EXPECTED.trivial, "warm run"), plan);
    } finally {
      runtime.dispose();
    }
  },

  async fib27(plan) {
    const runtime = newRuntime();
    try {
      return await sampleWithCpu(() => runChecked(runtime, cjs.fib(27), EXPECTED.fib27, "fib(27)"), plan);
    } finally {
      runtime.dispose();
    }
  },

  async readFileSmall(plan) {
    const filesystem = createInMemoryFileSystem();
    await filesystem.writeFile(SMALL_FILE_PATH, SMALL_FILE_TEXT);
    const runtime = newRuntime({ filesystem, permissions: allowAllFs });
    try {
      const diffs = await pairedDifference(
        () => runChecked(runtime, cjs.reads(0), EXPECTED.noReads, "0 reads"),
        () => runChecked(runtime, cjs.reads(READS_PER_RUN), EXPECTED.reads, "reads"),
        plan,
      );
      return { samples: diffs.map((d) => d / READS_PER_RUN) };
    } finally {
      runtime.dispose();
    }
  },

  async idleSandboxMemory(count) {
    for (let i = 0; i < MEMORY_WARMUP; i++) {
      const runtime = newRuntime();
      await runChecked(runtime, cjs.trivial, EXPECTED.trivial, "idle sandbox warm-up");
      runtime.dispose();
    }
    const before = await settledMemory();
    const runtimes = [];
    for (let i = 0; i < count; i++) {
      const runtime = newRuntime();
      await runChecked(runtime, cjs.trivial, EXPECTED.trivial, "idle sandbox");
      runtimes.push(runtime);
    }
    const after = await settledMemory();
    for (const runtime of runtimes) runtime.dispose();
    return {
      count,
      rssBytes: (after.rss - before.rss) / count,
      heapBytes: (after.heapUsed - before.heapUsed) / count,
      held: "a NodeRuntime after one run (no engine of its own)",
    };
  },

  async stallDuringCompute(plan) {
    const runtime = newRuntime();
    const maxGaps = [];
    const wallMs = [];
    try {
      for (let i = 0; i < plan.warmup + plan.iterations; i++) {
        const m = await maxTickGap(() => runChecked(runtime, cjs.fib(30), EXPECTED.fib30, "fib(30)"));
        if (i >= plan.warmup) {
          maxGaps.push(m.maxGap);
          wallMs.push(m.wallMs);
        }
      }
    } finally {
      runtime.dispose();
    }
    return { maxGaps, wallMs };
  },

  async extras() {
    return [];
  },

  async close() {},
};
