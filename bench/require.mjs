// require('semver') (47 files) from the node_modules overlay in a fresh
// sandbox, two ways interleaved in one process: under the allow-all fs preset
// (module.load sends the package's files ahead: one host call) and under a
// closure that allows everything (each require asks the host, as every
// require did before the prefetch). Prints guest-measured wall time, process
// CPU per run over an empty run (all threads, from /proc/self/task/*/schedstat:
// Linux only, steadier than wall time on a loaded machine), host calls (fuel:
// one unit per host call here) and the raw quickjs-emscripten floor. Never asserts.
//
// Run with `npm run build && node bench/require.mjs [runs] [package]` (another
// package of node_modules instead of semver; the floor is printed for semver only).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NodeRuntime, allowAllFs, createNodeDriver, createNodeRuntimeDriverFactory } from "quickexec";
import { rawRequireTimes } from "./lib/require-floor.mjs";

const RUNS = Number(process.argv[2]) || 30;
const PACKAGE = process.argv[3] || "semver";
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs) => Math.min(...xs);
const hasSchedstat = existsSync(`/proc/self/task/${process.pid}/schedstat`);

/** CPU milliseconds of the whole process so far, summed over its threads (0 without /proc). */
function processCpuMs() {
  if (!hasSchedstat) return 0;
  let total = 0;
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      total += Number(readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
    } catch {
      // a thread that ended meanwhile
    }
  }
  return total;
}

const runtimeWith = (permissions) =>
  new NodeRuntime({
    systemDriver: createNodeDriver({ permissions, moduleAccess: { cwd: process.cwd() } }),
    runtimeDriverFactory: createNodeRuntimeDriverFactory(),
    timingMitigation: "off",
    memoryLimit: 256,
  });

const PROGRAM = `const t = performance.now(); require(${JSON.stringify(PACKAGE)}); module.exports = [performance.now() - t];`;
const sides = {
  "sent ahead (allowAllFs)": { runtime: runtimeWith(allowAllFs), wall: [], cpu: [], fuel: [] },
  "asked per require (closure)": { runtime: runtimeWith({ fs: () => ({ allow: true }) }), wall: [], cpu: [], fuel: [] },
};
for (const side of Object.values(sides)) {
  for (let i = 0; i < 3; i++) await side.runtime.run(PROGRAM);
  const t = processCpuMs();
  for (let i = 0; i < RUNS; i++) await side.runtime.run("module.exports = 0");
  side.empty = (processCpuMs() - t) / RUNS;
}
for (let i = 0; i < RUNS; i++) {
  for (const side of Object.values(sides)) {
    const t = processCpuMs();
    const result = await side.runtime.run(PROGRAM);
    if (result.code !== 0) throw new Error(result.errorMessage);
    side.cpu.push(processCpuMs() - t);
    side.wall.push(result.exports[0]);
    side.fuel.push(result.stats.fuel);
  }
}
console.log(`require('${PACKAGE}'), fresh sandbox, ${RUNS} interleaved runs each`);
for (const [name, side] of Object.entries(sides)) {
  const cpu = hasSchedstat ? `, CPU over an empty run ${(median(side.cpu) - side.empty).toFixed(1)} ms` : "";
  console.log(`  ${name.padEnd(28)} wall min ${min(side.wall).toFixed(1)} ms, median ${median(side.wall).toFixed(1)} ms${cpu}, fuel ${median(side.fuel)}`);
  side.runtime.dispose();
}
if (PACKAGE !== "semver") process.exit(0);
const floor = (await rawRequireTimes(join(process.cwd(), "node_modules", "semver"), "index.js", RUNS)).slice(1);
console.log(`  ${"floor (raw quickjs-emscripten)".padEnd(28)} wall min ${min(floor).toFixed(1)} ms, median ${median(floor).toFixed(1)} ms`);
