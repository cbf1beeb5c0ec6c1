// require('semver') (47 files) from the node_modules overlay in a fresh
// sandbox, two ways interleaved in one process: under the allow-all fs preset
// (module.load sends the package's files ahead: one host call) and under a
// closure that allows everything (each require asks the host, as every
// require did before the prefetch). Prints guest-measured wall time, process
// CPU per run over an empty run (all threads, from /proc/self/task/*/schedstat:
// Linux only, steadier than wall time on a loaded machine), host calls (fuel:
// one unit per host call here) and the raw quickjs-emscripten floor. Never asserts.
//
// Then ES modules: `import('parse5')` (19 files from the overlay) and an
// import of 51 relative files of the guest's own (in-memory) filesystem, each
// next to its floor (bench/lib/esm-floor.mjs), interleaved.
//
// Run with `npm run build && node bench/require.mjs [runs] [package]` (another
// package of node_modules instead of semver; the floor is printed for semver only).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NodeRuntime, allowAllFs, createInMemoryFileSystem, createNodeDriver, createNodeRuntimeDriverFactory } from "quickexec";
import { rawRequireTimes } from "./lib/require-floor.mjs";
import { importFloor, moduleGraph } from "./lib/esm-floor.mjs";

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
if (PACKAGE === "semver") {
  const floor = (await rawRequireTimes(join(process.cwd(), "node_modules", "semver"), "index.js", RUNS)).slice(1);
  console.log(`  ${"floor (raw quickjs-emscripten)".padEnd(28)} wall min ${min(floor).toFixed(1)} ms, median ${median(floor).toFixed(1)} ms`);
}

// ---- ES modules: `import` of a package from the overlay, and of many relative files of the guest's own filesystem ----
const ESM_FILES = 50;
const own = createInMemoryFileSystem();
const ownSources = new Map();
for (let i = 0; i < ESM_FILES; i++) ownSources.set(`/app/lib/m${i}.mjs`, `export const v${i} = ${i};\nexport function f${i}(x) { return x + v${i}; }\n`);
ownSources.set("/app/lib/index.mjs", Array.from({ length: ESM_FILES }, (_, i) => `export * from './m${i}.mjs';`).join("\n") + "\n");
for (const [file, text] of ownSources) await own.writeFile(file, text);
const esmRuntime = new NodeRuntime({
  systemDriver: createNodeDriver({ permissions: allowAllFs, filesystem: own, moduleAccess: { cwd: process.cwd() } }),
  runtimeDriverFactory: createNodeRuntimeDriverFactory(),
  timingMitigation: "off",
  memoryLimit: 256,
});
const parse5Entry = join(process.cwd(), "node_modules/parse5/dist/index.js");
const esmCases = [
  ["import('parse5') (19 files, overlay)", "parse5", moduleGraph(parse5Entry), parse5Entry],
  [`import of ${ESM_FILES + 1} relative files (own filesystem)`, "/app/lib/index.mjs", moduleGraph("/app/lib/index.mjs", (file) => ownSources.get(file)), "/app/lib/index.mjs"],
];
console.log(`ES modules, fresh sandbox, ${RUNS} runs each interleaved with the floor (raw quickjs-emscripten, sources handed over up front)`);
for (const [name, specifier, graph, entry] of esmCases) {
  const floor = await importFloor(graph, entry);
  const program = `const t = performance.now(); await import(${JSON.stringify(specifier)}); export const ms = performance.now() - t;`;
  for (let i = 0; i < 3; i++) await esmRuntime.run(program, "/app/main.mjs");
  const wall = [];
  const floorWall = [];
  const fuel = [];
  for (let i = 0; i < RUNS; i++) {
    floorWall.push(floor());
    const result = await esmRuntime.run(program, "/app/main.mjs");
    if (result.code !== 0) throw new Error(result.errorMessage);
    wall.push(result.exports.ms);
    fuel.push(result.stats.fuel);
  }
  console.log(`  ${name.padEnd(44)} wall min ${min(wall).toFixed(1)} ms, median ${median(wall).toFixed(1)} ms, fuel ${median(fuel)}; floor min ${min(floorWall).toFixed(1)} ms, median ${median(floorWall).toFixed(1)} ms (ratio of medians ${(median(wall) / median(floorWall)).toFixed(2)}x)`);
}
esmRuntime.dispose();
