// Raw quickjs-emscripten: the engine quickexec is built on, with nothing
// around it (no Node APIs, no permissions, no limits, no worker thread).
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { RELEASE_SYNC, newQuickJSWASMModule } from "quickjs-emscripten";
import { pairedDifference, perSandbox, sampleWithCpu, settledMemory, stallSamples } from "../lib/measure.mjs";
import { EXPECTED, MEMORY_WARMUP, READS_PER_RUN, SMALL_FILE_PATH, SMALL_FILE_TEXT, check, script } from "../lib/workloads.mjs";

const PACKAGE = "quickjs-emscripten";
const installed = JSON.parse(readFileSync(new URL(`../node_modules/${PACKAGE}/package.json`, import.meta.url), "utf8"));

/** Evaluates `code` as a global script in `context` and checks its completion value. */
function evalChecked(context, code, expected, what) {
  const handle = context.unwrapResult(context.evalCode(code));
  const value = context.dump(handle);
  handle.dispose();
  check(value, expected, `${PACKAGE} ${what}`);
}

/** A new runtime and context of `module`, and a function disposing both. */
function newContext(module) {
  const runtime = module.newRuntime();
  const context = runtime.newContext();
  return { context, dispose: () => (context.dispose(), runtime.dispose()) };
}

/**
 * Installs a global `readFileSync(path)` host function answering from `files`
 * (the raw engine has no filesystem: this is the smallest stand-in).
 */
function installReadFile(context, files) {
  const fn = context.newFunction("readFileSync", (pathHandle) => {
    const path = context.getString(pathHandle);
    const text = files.get(path);
    if (text === undefined) return { error: context.newError(`ENOENT: no such file, open '${path}'`) };
    return context.newString(text);
  });
  context.setProp(context.global, "readFileSync", fn);
  fn.dispose();
}

/** @type {import("quickjs-emscripten").QuickJSWASMModule | null} */
let quickjs = null;

/** @type {import("../lib/adapter.mjs").PeerAdapter} */
export const quickjsEmscripten = {
  name: PACKAGE,
  version: installed.version,
  engine: "QuickJS (release-sync wasm) called directly on the host's main thread",
  notes: {
    coldStart: "`module.newRuntime()` + `newContext()` + `evalCode` + dispose both; the wasm module is loaded once (by init)",
    warmRun: "`evalCode` on an existing context",
    readFileSmall: "no filesystem: a host function `readFileSync(path)` installed with `newFunction` returns the 100-byte string from a host Map",
    idleSandboxMemory: "live runtime + context pairs that each evaluated the program; measured on a freshly loaded wasm module",
    stallDuringCompute: "`evalCode` is synchronous on the main thread, so the host loop is blocked for the whole computation",
  },

  async init() {
    const t0 = performance.now();
    quickjs = await newQuickJSWASMModule(RELEASE_SYNC);
    const { context, dispose } = newContext(quickjs);
    evalChecked(context, script.trivial, EXPECTED.trivial, "first run");
    dispose();
    return { firstMs: performance.now() - t0 };
  },

  async coldStart(plan) {
    return sampleWithCpu(() => {
      const { context, dispose } = newContext(quickjs);
      evalChecked(context, script.trivial, EXPECTED.trivial, "cold start");
      dispose();
    }, plan);
  },

  async warmRun(plan) {
    const { context, dispose } = newContext(quickjs);
    try {
      evalChecked(context, script.trivial, EXPECTED.trivial, "warm run");
      return await sampleWithCpu(() => evalChecked(context, script.trivial, EXPECTED.trivial, "warm run"), plan);
    } finally {
      dispose();
    }
  },

  async fib27(plan) {
    const { context, dispose } = newContext(quickjs);
    try {
      return await sampleWithCpu(() => evalChecked(context, script.fib(27), EXPECTED.fib27, "fib(27)"), plan);
    } finally {
      dispose();
    }
  },

  async readFileSmall(plan) {
    const { context, dispose } = newContext(quickjs);
    try {
      installReadFile(context, new Map([[SMALL_FILE_PATH, SMALL_FILE_TEXT]]));
      const diffs = await pairedDifference(
        async () => evalChecked(context, script.reads(0), EXPECTED.noReads, "0 reads"),
        async () => evalChecked(context, script.reads(READS_PER_RUN), EXPECTED.reads, "reads"),
        plan,
      );
      return { samples: diffs.map((d) => d / READS_PER_RUN) };
    } finally {
      dispose();
    }
  },

  async idleSandboxMemory(count) {
    // A fresh wasm module (its own linear memory), so earlier work's freed memory is not reused.
    for (let i = 0; i < MEMORY_WARMUP; i++) {
      const sandbox = newContext(quickjs);
      evalChecked(sandbox.context, script.trivial, EXPECTED.trivial, "idle sandbox warm-up");
      sandbox.dispose();
    }
    const fresh = await newQuickJSWASMModule(RELEASE_SYNC);
    const before = await settledMemory();
    const open = [];
    for (let i = 0; i < count; i++) {
      const sandbox = newContext(fresh);
      evalChecked(sandbox.context, script.trivial, EXPECTED.trivial, "idle sandbox");
      open.push(sandbox);
    }
    const after = await settledMemory();
    for (const sandbox of open) sandbox.dispose();
    return perSandbox(before, after, count, "a live QuickJS runtime + context");
  },

  async stallDuringCompute(plan) {
    const { context, dispose } = newContext(quickjs);
    try {
      return await stallSamples(plan, async () => evalChecked(context, script.fib(30), EXPECTED.fib30, "fib(30)"));
    } finally {
      dispose();
    }
  },

  async extras() {
    return [];
  },

  async close() {
    quickjs = null;
  },
};
