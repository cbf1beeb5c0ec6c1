// The adapter for a peer with the seed API (`NodeRuntime`, `createNodeDriver`,
// `createNodeRuntimeDriverFactory`, `createInMemoryFileSystem`, `allowAllFs`):
// quickexec and secure-exec run the very same workload code, so the figures
// differ only by the engine behind the API.
import { pairedDifference, perSandbox, sampleWithCpu, settledMemory, stallSamples } from "./measure.mjs";
import { EXPECTED, MEMORY_WARMUP, READS_PER_RUN, SMALL_FILE_PATH, SMALL_FILE_TEXT, check, cjs } from "./workloads.mjs";

/**
 * What is particular to one peer with the seed API.
 * @typedef {object} SeedApiPeer
 * @property {string} name package name (also the prefix of every check's message)
 * @property {string} version installed version
 * @property {string} engine what executes the guest, and on which thread or process
 * @property {Record<string, string>} notes what each figure means for this peer, by workload key
 * @property {{ NodeRuntime: any, createNodeDriver: Function, createNodeRuntimeDriverFactory: Function, createInMemoryFileSystem: Function, allowAllFs: unknown }} api the package's exports
 * @property {string} held what one idle sandbox holds, for the memory figure
 * @property {() => number} [helperCpuMs] CPU time (ms) of the peer's helper processes, added to each sample's CPU
 * @property {() => number} [helperRss] RSS (bytes) of the peer's helper processes
 * @property {(newRuntime: () => any, runChecked: RunChecked) => Promise<void>} [open] called by init (before timing stops) instead of one run on a throw-away runtime
 * @property {(plan: import("./adapter.mjs").Plan, tools: { newRuntime: () => any, runChecked: RunChecked }) => Promise<import("./adapter.mjs").Extra[]>} [extras] peer-specific figures
 * @property {() => Promise<void> | void} [close] releases what `open` or `extras` hold
 */

/**
 * Runs `code` on `runtime` and checks exit code 0 and the exports.
 * @callback RunChecked
 * @param {any} runtime
 * @param {string} code
 * @param {unknown} expected
 * @param {string} what
 * @returns {Promise<void>}
 */

/**
 * Builds the adapter for a peer with the seed API.
 * @param {SeedApiPeer} peer
 * @returns {import("./adapter.mjs").PeerAdapter}
 */
export function seedApiAdapter(peer) {
  const { api, helperCpuMs, helperRss } = peer;
  /** A NodeRuntime on the peer's Node driver with `driverOptions` (filesystem, permissions). */
  const newRuntime = (driverOptions = {}) =>
    new api.NodeRuntime({
      systemDriver: api.createNodeDriver(driverOptions),
      runtimeDriverFactory: api.createNodeRuntimeDriverFactory(),
    });
  /** @type {RunChecked} */
  const runChecked = async (runtime, code, expected, what) => {
    const result = await runtime.run(code);
    if (result.code !== 0) throw new Error(`${peer.name} ${what}: exit ${result.code} (${result.errorMessage})`);
    check(result.exports, expected, `${peer.name} ${what}`);
  };
  /** Samples `what` (the trivial program unless given) on one runtime kept for the whole sample. */
  async function onOneRuntime(plan, code, expected, what) {
    const runtime = newRuntime();
    try {
      await runChecked(runtime, code, expected, what);
      return await sampleWithCpu(() => runChecked(runtime, code, expected, what), plan, helperCpuMs);
    } finally {
      runtime.dispose();
    }
  }

  return {
    name: peer.name,
    version: peer.version,
    engine: peer.engine,
    notes: peer.notes,

    async init() {
      const t0 = performance.now();
      if (peer.open) await peer.open(newRuntime, runChecked);
      else {
        const runtime = newRuntime();
        await runChecked(runtime, cjs.trivial, EXPECTED.trivial, "first run");
        runtime.dispose();
      }
      const firstMs = performance.now() - t0;
      return helperRss ? { firstMs, helperRssBytes: helperRss() } : { firstMs };
    },

    async coldStart(plan) {
      return sampleWithCpu(
        async () => {
          const runtime = newRuntime();
          await runChecked(runtime, cjs.trivial, EXPECTED.trivial, "cold start");
          runtime.dispose();
        },
        plan,
        helperCpuMs,
      );
    },

    warmRun: (plan) => onOneRuntime(plan, cjs.trivial, EXPECTED.trivial, "warm run"),

    fib27: (plan) => onOneRuntime(plan, cjs.fib(27), EXPECTED.fib27, "fib(27)"),

    async readFileSmall(plan) {
      const filesystem = api.createInMemoryFileSystem();
      await filesystem.writeFile(SMALL_FILE_PATH, SMALL_FILE_TEXT);
      const runtime = newRuntime({ filesystem, permissions: api.allowAllFs });
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
      const helperBefore = helperRss?.();
      const runtimes = [];
      for (let i = 0; i < count; i++) {
        const runtime = newRuntime();
        await runChecked(runtime, cjs.trivial, EXPECTED.trivial, "idle sandbox");
        runtimes.push(runtime);
      }
      const after = await settledMemory();
      const helperAfter = helperRss?.();
      for (const runtime of runtimes) runtime.dispose();
      const memory = perSandbox(before, after, count, peer.held);
      return helperRss ? { ...memory, childRssBytes: (helperAfter - helperBefore) / count } : memory;
    },

    async stallDuringCompute(plan) {
      const runtime = newRuntime();
      try {
        return await stallSamples(plan, () => runChecked(runtime, cjs.fib(30), EXPECTED.fib30, "fib(30)"));
      } finally {
        runtime.dispose();
      }
    },

    async extras(plan) {
      return peer.extras ? peer.extras(plan, { newRuntime, runChecked }) : [];
    },

    async close() {
      await peer.close?.();
    },
  };
}
