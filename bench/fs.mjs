// quickexec filesystem benchmark: synchronous host calls from the guest, bulk
// bytes in and out, and requiring a 50-file package from the node_modules
// overlay. Prints figures and ratios measured in this one run; never asserts.
import { readFileSync as hostReadFileSync, mkdtempSync, rmSync, writeFileSync as hostWriteFileSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import {
  NodeRuntime,
  allowAllFs,
  createHostFileSystem,
  createInMemoryFileSystem,
  createNodeDriver,
  createNodeRuntimeDriverFactory,
} from "quickexec";
import { requireFloor } from "./lib/require-floor.mjs";
import { floorHostCallMicros } from "./lib/host-call-floor.mjs";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const us = (v) => `${v.toFixed(1)} µs`;

function runtimeWith(driverOptions) {
  return new NodeRuntime({
    systemDriver: createNodeDriver({ permissions: allowAllFs, ...driverOptions }),
    runtimeDriverFactory: createNodeRuntimeDriverFactory(),
    timingMitigation: "off",
    memoryLimit: 256,
  });
}

async function exportsOf(runtime, code, filePath) {
  const result = await runtime.run(code, filePath);
  if (result.code !== 0) throw new Error(`benchmark program failed: ${result.errorMessage}`);
  return result.exports;
}

console.log("quickexec filesystem benchmark");
console.log(`${new Date().toISOString()}  node ${process.version}  ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`);

// ---- 1. small synchronous calls ----------------------------------------------------
const memory = createInMemoryFileSystem();
await memory.writeFile("/data/small.txt", "hello, sandbox\n");
const hostDir = mkdtempSync(join(tmpdir(), "qe-bench-"));
hostWriteFileSync(join(hostDir, "small.txt"), "hello, sandbox\n");

const SMALL_CALLS = 5000;
const smallLoop = (path) => `
  const fs = require('fs');
  for (let i = 0; i < 200; i++) fs.readFileSync(${JSON.stringify(path)}, 'utf8');
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < ${SMALL_CALLS / 5}; i++) fs.readFileSync(${JSON.stringify(path)}, 'utf8');
    rounds.push((performance.now() - t0) * 1000 / ${SMALL_CALLS / 5});
    const t1 = performance.now();
    for (let i = 0; i < ${SMALL_CALLS / 5}; i++) fs.existsSync(${JSON.stringify(path)});
    rounds.push((performance.now() - t1) * 1000 / ${SMALL_CALLS / 5});
  }
  module.exports = rounds;
`;
const ROUNDS = 7;
console.log(`\n1. small synchronous host calls from the guest (µs per call, median of ${ROUNDS} runs x 5 rounds of ${SMALL_CALLS / 5}, interleaved with the floor)`);
const memRuntime = runtimeWith({ filesystem: memory });
// The floor runs between the sandbox's runs, so both see the same machine load.
const memRounds = [];
const floorRounds = [];
for (let r = 0; r < ROUNDS; r++) {
  floorRounds.push(...(await floorHostCallMicros(new Map([["/data/small.txt", "hello, sandbox\n"]]), "/data/small.txt", SMALL_CALLS / 5, 5)));
  memRounds.push(...(await exportsOf(memRuntime, smallLoop("/data/small.txt"))));
}
const memRead = median(memRounds.filter((_, i) => i % 2 === 0));
const memExists = median(memRounds.filter((_, i) => i % 2 === 1));
const floorCall = median(floorRounds);
const hostRuntime = runtimeWith({ filesystem: createHostFileSystem(hostDir) });
const hostRounds = await exportsOf(hostRuntime, smallLoop("/small.txt"));
const hostRead = median(hostRounds.filter((_, i) => i % 2 === 0));
let t = performance.now();
for (let i = 0; i < SMALL_CALLS; i++) hostReadFileSync(join(hostDir, "small.txt"), "utf8");
const nativeRead = ((performance.now() - t) * 1000) / SMALL_CALLS;
console.log(`   readFileSync, in-memory filesystem:  ${us(memRead)}   (${(memRead / floorCall).toFixed(2)}x the floor; target: at most 1.5x, about 20 µs)`);
console.log(`   floor, raw quickjs-emscripten host function (same thread, a Map): ${us(floorCall)}`);
console.log(`   existsSync,   in-memory filesystem:  ${us(memExists)}`);
console.log(`   readFileSync, host directory:        ${us(hostRead)}`);
console.log(`   host Node's own fs.readFileSync:     ${us(nativeRead)}   (ratio sandbox in-memory / native: ${(memRead / nativeRead).toFixed(1)}x)`);

// ---- 2. 1 MiB in and out -------------------------------------------------------------
console.log("\n2. 1 MiB write and read (MB/s, median of 7)");
const bulk = `
  const fs = require('fs');
  const data = Buffer.alloc(1 << 20, 97);
  const text = data.toString('latin1');
  const out = { writeBuf: [], readBuf: [], writeStr: [], readStr: [] };
  for (let i = 0; i < 8; i++) {
    let t = performance.now(); fs.writeFileSync('/data/big.bin', data); out.writeBuf.push(performance.now() - t);
    t = performance.now(); const back = fs.readFileSync('/data/big.bin'); out.readBuf.push(performance.now() - t);
    if (back.length !== data.length) throw new Error('short read');
    t = performance.now(); fs.writeFileSync('/data/big.txt', text); out.writeStr.push(performance.now() - t);
    t = performance.now(); const s = fs.readFileSync('/data/big.txt', 'utf8'); out.readStr.push(performance.now() - t);
    if (s.length !== text.length) throw new Error('short read');
  }
  for (const k of Object.keys(out)) out[k].shift();
  module.exports = out;
`;
for (const [name, runtime, dir] of [["in-memory", memRuntime, "/data"], ["host directory", hostRuntime, "/"]]) {
  const times = await exportsOf(runtime, bulk.replaceAll("/data/", dir === "/" ? "/" : "/data/"));
  const rate = (ms) => (1 / (median(ms) / 1000)).toFixed(0);
  console.log(
    `   ${name.padEnd(15)} Buffer write ${rate(times.writeBuf)} MB/s, read ${rate(times.readBuf)} MB/s;  utf8 string write ${rate(times.writeStr)} MB/s, read ${rate(times.readStr)} MB/s`,
  );
}

// ---- 3. a 50-file package -------------------------------------------------------------
const PACKAGE_RUNS = 15;
console.log(`\n3. require('semver') (50 files) from the read-only node_modules overlay, fresh sandbox each time (${PACKAGE_RUNS} runs, each next to a floor sample)`);
const overlayRuntime = runtimeWith({ moduleAccess: { cwd: process.cwd() } });
// The floor: the same files compiled and run by raw quickjs-emscripten, handed over as strings (no host call per file).
const floorSample = await requireFloor(join(process.cwd(), "node_modules", "semver"), "index.js");
floorSample();
const requireTimes = [];
const baseline = [];
const floorTimes = [];
for (let i = 0; i <= PACKAGE_RUNS; i++) {
  const [files, ms] = await exportsOf(
    overlayRuntime,
    `const t = performance.now(); const semver = require('semver'); const ms = performance.now() - t;
     module.exports = [Object.keys(require.cache).filter((k) => k.includes('/semver/')).length, ms, semver.valid('1.2.3')];`,
  );
  const base = await exportsOf(overlayRuntime, `const t = performance.now(); require('path'); module.exports = performance.now() - t;`);
  const floorMs = floorSample();
  if (i === 0) console.log(`   files loaded: ${files}`);
  else {
    requireTimes.push(ms);
    baseline.push(base);
    floorTimes.push(floorMs);
  }
}
const minOf = (xs) => Math.min(...xs);
console.log(
  `   require('semver'): median ${median(requireTimes).toFixed(2)} ms, min ${minOf(requireTimes).toFixed(2)} ms   (require('path'), a bundled builtin, for scale: ${median(baseline).toFixed(2)} ms)`,
);
console.log(
  `   floor, raw quickjs-emscripten loading the same files from strings: median ${median(floorTimes).toFixed(2)} ms, min ${minOf(floorTimes).toFixed(2)} ms   ` +
    `(ratio of medians ${(median(requireTimes) / median(floorTimes)).toFixed(2)}x, of minimums ${(minOf(requireTimes) / minOf(floorTimes)).toFixed(2)}x; target: at most 10 ms)`,
);
console.log("   (ES module rows, each next to its floor: node bench/require.mjs)");

memRuntime.dispose();
hostRuntime.dispose();
overlayRuntime.dispose();
rmSync(hostDir, { recursive: true, force: true });
