// quickexec, from this repository's build (dist/), as the reference column:
// the file `import "quickexec"` loads under Node (the bundle and its engine
// worker), as a user's program gets it.
import { readFileSync } from "node:fs";
import * as api from "../../../dist/node/quickexec.js";
import { seedApiAdapter } from "../lib/seed-api-adapter.mjs";

const rootPackage = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));

/** @type {import("../lib/adapter.mjs").PeerAdapter} */
export const quickexec = seedApiAdapter({
  name: "quickexec",
  version: `${rootPackage.version} (this repo, dist/node)`,
  engine: "QuickJS (quickjs-emscripten 0.32 release-sync wasm) in a pool of worker threads",
  notes: {
    coldStart: "`new NodeRuntime` + `run` + `dispose()`; the process-wide engine-thread pool is already started (by init)",
    warmRun: "a further `run` on the same NodeRuntime (each run gets a fresh, pre-made sandbox from the pool)",
    readFileSmall: "guest `fs.readFileSync` of the in-memory filesystem (`createInMemoryFileSystem`, `allowAllFs`): a synchronous round trip from the engine thread to the host",
    idleSandboxMemory: "NodeRuntime objects that each did one run; a NodeRuntime holds no engine (engines live in the shared pool)",
    stallDuringCompute: "guest runs in a worker thread; the main thread only waits for the reply",
  },
  api,
  held: "a NodeRuntime after one run (no engine of its own)",
});
