// quickexec "plugin-host": load an untrusted plugin once and call it per request,
// give it host bindings, freeze it to bytes and resume it (in the same runtime and
// in a second one), and stop a runaway call with a fuel budget. With a seed
// (and fuel, which is deterministic), every line printed is the same on every run.
// The last line is one JSON summary with "ok".
import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory } from "quickexec";

// The plugin: a CommonJS program with state of its own (a request counter) that
// keeps per-path visit counts in the host's key-value store through a binding.
const PLUGIN = `
  const { kv, log } = SecureExec.bindings;
  let requests = 0;
  module.exports = {
    handle(req) {
      requests += 1;
      const visits = (kv.get("visits:" + req.path) ?? 0) + 1;
      kv.set("visits:" + req.path, visits);
      const id = Math.random().toString(36).slice(2, 10); // seeded: same on every run
      log("#" + requests + " " + req.path + " id=" + id);
      return { request: requests, path: req.path, visits, id };
    },
    spin() { for (;;) {} }, // a bug: never returns
  };
`;

/** A runtime whose guests see `store` as `kv` and write to `logLines` through `log`. */
function makeRuntime(store, logLines) {
  return new NodeRuntime({
    systemDriver: createNodeDriver(),
    runtimeDriverFactory: createNodeRuntimeDriverFactory(),
    randomSeed: "plugin-host-example", // Math.random and crypto draw from this seed
    timingMitigation: "virtual", // the default: the guest cannot time itself with the host's clock
    bindings: {
      // Bindings get copies of the guest's arguments; results are copied back in.
      kv: { get: (key) => store.get(key), set: (key, value) => void store.set(key, value) },
      log: (line) => void logLines.push(line),
    },
  });
}

let callsMade = 0;

/** Calls the plugin's handler and returns its value, failing loudly on anything else. */
async function request(plugin, path) {
  callsMade += 1;
  // A real-time cap per request too, as a server would set (a stuck call ends with 124).
  const result = await plugin.call("handle", [{ path }], { wallTimeLimitMs: 10_000 });
  if (result.code !== 0) throw new Error(`handle(${path}) ended with ${result.code}: ${result.errorMessage}`);
  console.log(`[host] ${JSON.stringify(result.value)} (fuel ${result.stats.fuel})`);
  return result.value;
}

const storeA = new Map();
const logA = [];
const runtimeA = makeRuntime(storeA, logA);
let runtimeB;
try {
  // 1. Load once; the sandbox and the plugin's state stay alive between calls.
  const plugin = await runtimeA.load(PLUGIN, "/plugins/counter.js");
  console.log(`[host] loaded: functions ${JSON.stringify(plugin.functions)}`);
  for (const path of ["/home", "/about", "/home"]) await request(plugin, path);

  // 2. Freeze it. The bytes hold the guest's state (counter, PRNG, clock);
  //    the kv store is the host's, so the host saves its own side alongside.
  //    (Snapshots are refused while timers or host calls are pending.)
  const bytes = await plugin.snapshot();
  const savedStore = new Map(storeA);
  // Rounded: the header records the module's clock, so its length varies by a few bytes.
  const snapshotKiB = Math.round(bytes.byteLength / 1024);
  console.log(`[host] snapshot: about ${snapshotKiB} KiB`);

  // The original goes on serving: this is its 4th request.
  const original4 = await request(plugin, "/home");

  // 3. Restore in the same runtime: a new, independent module at request 3.
  const sameRuntime = await runtimeA.restore(bytes);
  storeA.clear();
  for (const [k, v] of savedStore) storeA.set(k, v); // put the host side back too
  const same4 = await request(sameRuntime, "/home");

  // 4. Restore in a second runtime, e.g. another process or machine, with its own
  //    bindings: the module uses the restoring runtime's kv, fed the saved store.
  const storeB = new Map(savedStore);
  const logB = [];
  runtimeB = makeRuntime(storeB, logB);
  const other = await runtimeB.restore(bytes);
  const other4 = await request(other, "/home");

  // 5. A budget on one call: fuel is deterministic, so the loop stops at the same
  //    point every time (code 124). The copy is dead afterwards; the others live on.
  const runaway = await sameRuntime.call("spin", [], { fuelLimit: 500 });
  console.log(`[host] spin ended with code ${runaway.code}: ${runaway.errorMessage}`);
  const afterSpin = await request(plugin, "/about");

  const sameAsOriginal = (v) => v.request === 4 && v.visits === 3 && v.id === original4.id;
  const ok =
    original4.request === 4 &&
    sameAsOriginal(same4) &&
    sameAsOriginal(other4) &&
    logB.length === 1 && logB[0] === logA[logA.length - 2] &&
    runaway.code === 124 && !sameRuntime.alive && plugin.alive && other.alive &&
    afterSpin.request === 5;
  console.log(
    JSON.stringify({
      ok,
      callsMade,
      restoredCounter: other4.request,
      snapshotKiB,
      restoredId: other4.id,
      fuelLimitCode: runaway.code,
      fuelLimitMessage: runaway.errorMessage,
    }),
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  runtimeA.dispose();
  runtimeB?.dispose();
}
