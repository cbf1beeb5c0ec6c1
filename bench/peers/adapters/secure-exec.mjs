// secure-exec 0.2.1: V8 isolates in a separate Rust process (`secure-exec-v8`,
// from the prebuilt @secure-exec/v8-linux-x64-gnu package), one isolate per
// `run`, talking to the host over a Unix domain socket.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as api from "secure-exec";
import { childPids, cpuMsOf, rssOf, sample } from "../lib/measure.mjs";
import { seedApiAdapter } from "../lib/seed-api-adapter.mjs";
import { EXPECTED, cjs } from "../lib/workloads.mjs";

const PACKAGE = "secure-exec";
const installed = JSON.parse(readFileSync(new URL(`../node_modules/${PACKAGE}/package.json`, import.meta.url), "utf8"));
/**
 * Command names of secure-exec's helper processes, as /proc shows them: the
 * V8 runtime, and esbuild's service process (secure-exec transforms guest
 * sources with esbuild's JS API, which starts it).
 */
const HELPERS = ["secure-exec-v8", "esbuild"];

/**
 * The prebuilt V8 helper packages @secure-exec/v8 0.2.1 looks for, by
 * platform (its own table). Only the linux-x64 one is on the npm registry;
 * the others answer 404.
 */
const HELPER_PACKAGES = {
  "linux-x64": "@secure-exec/v8-linux-x64-gnu",
  "linux-arm64": "@secure-exec/v8-linux-arm64-gnu",
  "darwin-x64": "@secure-exec/v8-darwin-x64",
  "darwin-arm64": "@secure-exec/v8-darwin-arm64",
};

/**
 * Throws, saying why, when the helper binary is missing. Without it secure-exec
 * spawns `secure-exec-v8` from PATH and the spawn error is emitted on a child
 * process it does not listen to, which would end this whole process.
 */
function checkHelperBinary() {
  const key = `${process.platform}-${process.arch}`;
  const pkg = HELPER_PACKAGES[key];
  if (!pkg) throw new Error(`secure-exec 0.2.1 ships no V8 helper binary for ${key}`);
  const binary = fileURLToPath(new URL(`../node_modules/${pkg}/secure-exec-v8`, import.meta.url));
  if (!existsSync(binary)) throw new Error(`the V8 helper binary is missing (${pkg} not installed: ${binary})`);
}

/** Summed CPU time (user + system) of the helper processes, in ms. */
function helperCpuMs() {
  return childPids(HELPERS).reduce((sum, pid) => sum + cpuMsOf(pid), 0);
}

/** Summed RSS of the helper processes, in bytes. */
function helperRss() {
  return childPids(HELPERS).reduce((sum, pid) => sum + (rssOf(pid) ?? 0), 0);
}

/**
 * A NodeRuntime kept open between measurements. secure-exec shares one helper
 * process among all live runtimes and kills it when the last one is disposed;
 * holding this one keeps the process up, as a server running sandboxes would.
 * @type {import("secure-exec").NodeRuntime | null}
 */
let pin = null;

/** Opens the pin with one checked run. */
async function openPin(newRuntime, runChecked) {
  pin = newRuntime();
  await runChecked(pin, cjs.trivial, EXPECTED.trivial, "first run");
}

/** @type {import("../lib/adapter.mjs").PeerAdapter} */
export const secureExec = seedApiAdapter({
  name: PACKAGE,
  version: installed.version,
  engine: "V8 (rusty_v8) isolates in one shared helper process (`secure-exec-v8`), over a Unix socket",
  notes: {
    coldStart: "`new NodeRuntime` + `run` + `dispose()` while another NodeRuntime keeps the shared V8 helper process alive (see the extra row for a fully cold start)",
    warmRun: "a further `run` on the same NodeRuntime; secure-exec still creates a new isolate (session) in the helper process for every run",
    readFileSmall: "guest `fs.readFileSync` of secure-exec's `createInMemoryFileSystem()` with `allowAllFs`: a synchronous call from the helper process to the host over the socket",
    idleSandboxMemory: "NodeRuntime objects that each did one run; the isolate is destroyed after each run, so an idle runtime holds no isolate. Host RSS plus the helper processes' RSS growth (secure-exec-v8 and esbuild)",
    stallDuringCompute: "the guest runs in the helper process; the host only serves bridge calls",
  },
  api,
  held: "a NodeRuntime after one run (its isolate already destroyed; the helper process is shared)",
  helperCpuMs,
  helperRss,

  async open(newRuntime, runChecked) {
    checkHelperBinary();
    await openPin(newRuntime, runChecked);
  },

  async extras(plan, { newRuntime, runChecked }) {
    const rows = [];
    const helpers = childPids(HELPERS);
    rows.push({
      label: "helper processes' RSS (secure-exec-v8 and esbuild, shared by all runtimes)",
      value: `${(helperRss() / 1048576).toFixed(1)} MB`,
      note: `${helpers.length} process(es), read from /proc after the other measurements, not in the table`,
    });
    // Fully cold: with no runtime left, dispose() kills the helper process, so
    // each iteration spawns it again and connects to it.
    pin.dispose();
    pin = null;
    const spawnPlan = { warmup: 1, iterations: Math.max(3, Math.min(plan.iterations, 7)) };
    const samples = await sample(async () => {
      const runtime = newRuntime();
      await runChecked(runtime, cjs.trivial, EXPECTED.trivial, "cold start with process spawn");
      runtime.dispose();
    }, spawnPlan);
    await openPin(newRuntime, runChecked);
    rows.push({ label: "cold start, no other runtime alive (helper process spawned each time)", samples, plan: spawnPlan });
    return rows;
  },

  close() {
    pin?.dispose();
    pin = null;
  },
});
