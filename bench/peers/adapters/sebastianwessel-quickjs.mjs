// @sebastianwessel/quickjs: QuickJS wasm on the host's main thread, one
// context per `runSandboxed` call, alive while the callback runs.
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { loadQuickJs } from "@sebastianwessel/quickjs";
import { RELEASE_SYNC } from "quickjs-emscripten";
import { pairedDifference, perSandbox, sampleWithCpu, settledMemory, stallSamples } from "../lib/measure.mjs";
import { EXPECTED, MEMORY_WARMUP, SMALL_FILE_PATH, SMALL_FILE_TEXT, check, esm, readsTotal } from "../lib/workloads.mjs";

const PACKAGE = "@sebastianwessel/quickjs";
const installed = JSON.parse(readFileSync(new URL(`../node_modules/${PACKAGE}/package.json`, import.meta.url), "utf8"));

/**
 * Reads per measured program. Fewer than the others' 1000: each guest
 * `readFileSync` here costs about 19 ms (the host copies the whole `__fs`
 * object, `this` of the call, on every call), so 1000 would take about 19 s per
 * program. The figure is per call either way.
 */
const READS = 50;

/** The `mountFs` tree that puts the small file at SMALL_FILE_PATH (`/data/small.txt`). */
const MOUNT = { data: { "small.txt": SMALL_FILE_TEXT } };

/** Evaluates `code` with the sandbox's `evalCode` and checks `{ ok: true, data: expected }`. */
async function evalChecked(evalCode, code, expected, what) {
  const result = await evalCode(code);
  if (!result.ok) throw new Error(`${PACKAGE} ${what}: ${result.error?.name}: ${result.error?.message}`);
  check(result.data, expected, `${PACKAGE} ${what}`);
}

/** @type {{ runSandboxed: Function } | null} */
let loaded = null;

/** @type {import("../lib/adapter.mjs").PeerAdapter} */
export const sebastianwesselQuickjs = {
  name: PACKAGE,
  version: installed.version,
  engine: "QuickJS (quickjs-emscripten 0.32 release-sync wasm, the variant we pass to loadQuickJs) on the host's main thread",
  notes: {
    coldStart: "`runSandboxed(({ evalCode }) => evalCode(program))`: a new context, its memfs volume and Node-compat modules, then dispose; the wasm module is loaded once (by init)",
    warmRun: "a further `evalCode` inside the same `runSandboxed` callback (same context)",
    readFileSmall: `guest \`readFileSync\` from \`node:fs\`, backed by the memfs volume given as \`mountFs\` (\`allowFs: true\`); same context; ${READS} reads per program instead of 1000 (each call costs ~19 ms: the library converts the whole \`__fs\` object, the call's \`this\`, to a host value on every call)`,
    idleSandboxMemory: "live contexts: `runSandboxed` callbacks that evaluated the program and wait; measured on a freshly loaded wasm module",
    stallDuringCompute: "the guest runs on the main thread, so the host loop is blocked for the whole computation",
  },

  async init() {
    const t0 = performance.now();
    loaded = await loadQuickJs(RELEASE_SYNC);
    await loaded.runSandboxed(({ evalCode }) => evalChecked(evalCode, esm.trivial, EXPECTED.trivial, "first run"));
    return { firstMs: performance.now() - t0 };
  },

  async coldStart(plan) {
    const { runSandboxed } = loaded;
    return sampleWithCpu(
      () => runSandboxed(({ evalCode }) => evalChecked(evalCode, esm.trivial, EXPECTED.trivial, "cold start")),
      plan,
    );
  },

  async warmRun(plan) {
    return loaded.runSandboxed(async ({ evalCode }) => {
      await evalChecked(evalCode, esm.trivial, EXPECTED.trivial, "warm run");
      return sampleWithCpu(() => evalChecked(evalCode, esm.trivial, EXPECTED.trivial, "warm run"), plan);
    });
  },

  async fib27(plan) {
    return loaded.runSandboxed(({ evalCode }) =>
      sampleWithCpu(() => evalChecked(evalCode, esm.fib(27), EXPECTED.fib27, "fib(27)"), plan),
    );
  },

  async readFileSmall(plan) {
    const diffs = await loaded.runSandboxed(
      ({ evalCode }) =>
        pairedDifference(
          () => evalChecked(evalCode, esm.reads(0), EXPECTED.noReads, "0 reads"),
          () => evalChecked(evalCode, esm.reads(READS), readsTotal(READS), "reads"),
          plan,
        ),
      { allowFs: true, mountFs: MOUNT },
    );
    return { samples: diffs.map((d) => d / READS), readsPerRun: READS };
  },

  async idleSandboxMemory(count) {
    // A fresh wasm module, so the contexts cannot reuse memory freed by earlier work.
    for (let i = 0; i < MEMORY_WARMUP; i++) {
      await loaded.runSandboxed(({ evalCode }) => evalChecked(evalCode, esm.trivial, EXPECTED.trivial, "idle sandbox warm-up"));
    }
    const { runSandboxed } = await loadQuickJs(RELEASE_SYNC);
    const before = await settledMemory();
    let open;
    const gate = new Promise((resolve) => (open = resolve));
    const finished = [];
    for (let i = 0; i < count; i++) {
      let ready;
      const isReady = new Promise((resolve) => (ready = resolve));
      finished.push(
        runSandboxed(async ({ evalCode }) => {
          await evalChecked(evalCode, esm.trivial, EXPECTED.trivial, "idle sandbox");
          ready();
          await gate;
        }),
      );
      await Promise.race([isReady, finished[i]]);
    }
    const after = await settledMemory();
    open();
    await Promise.all(finished);
    return perSandbox(before, after, count, "a live QuickJS context (its runtime, memfs volume and host bindings) inside a waiting `runSandboxed` callback");
  },

  async stallDuringCompute(plan) {
    return loaded.runSandboxed(({ evalCode }) => stallSamples(plan, () => evalChecked(evalCode, esm.fib(30), EXPECTED.fib30, "fib(30)")));
  },

  async extras() {
    return [];
  },

  async close() {
    loaded = null;
  },
};
