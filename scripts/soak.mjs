// Soak test (issue 6): 10,000 sequential runs on one NodeRuntime, mixing
// successes, permission denials and limit hits. Host RSS is printed at every
// 1,000 runs (after a full GC); the test fails if RSS grows more than 10 MB
// past the warm-up checkpoint, or if any run ends with an unexpected result.
//
// Run with `npm run soak` (builds first). Not part of `npm test`.
//   SOAK_RUNS=20000 npm run soak   more runs (a multiple of 1,000)
import v8 from "node:v8";
import vm from "node:vm";
import os from "node:os";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import {
  NodeRuntime,
  createNodeDriver,
  createNodeRuntimeDriverFactory,
  createInMemoryFileSystem,
} from "../dist/src/index.js";

const RUNS = Number(process.env.SOAK_RUNS ?? 10_000);
const CHECK_EVERY = 1_000;
const WARM_UP_RUNS = 1_000;
const MAX_GROWTH_MB = 10;
if (!Number.isInteger(RUNS) || RUNS < 2 * CHECK_EVERY || RUNS % CHECK_EVERY !== 0) {
  throw new RangeError(`SOAK_RUNS must be a multiple of ${CHECK_EVERY} and at least ${2 * CHECK_EVERY}, got ${process.env.SOAK_RUNS}`);
}

/** A callable gc without `node --expose-gc`. */
const gc = (() => {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc");
})();

/**
 * Host RSS once the host is settled: the lowest of several readings over
 * about a second, each after a full GC. A replaced engine thread (after a
 * terminate) takes a moment to give its memory back; a leak stays in every
 * reading, so the lowest one still shows it.
 */
async function settledRssMb() {
  let lowest = Infinity;
  for (let i = 0; i < 6; i++) {
    gc();
    await sleep(i === 0 ? 25 : 200);
    lowest = Math.min(lowest, process.memoryUsage().rss);
  }
  return lowest / 2 ** 20;
}

/** OS threads of this process (Linux): engine worker threads come and go with the pool. */
function threadCount() {
  try {
    return Number(/Threads:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

// ---- the runtime under test ---------------------------------------------------

const filesystem = createInMemoryFileSystem();
await filesystem.mkdir("/data", { recursive: true });
await filesystem.writeFile("/data/in.txt", new TextEncoder().encode("soak input\n"));
await filesystem.mkdir("/secret", { recursive: true });
await filesystem.writeFile("/secret/key", new TextEncoder().encode("do not read"));

let outputBytes = 0;
let spawned = 0;
/** A command executor that only counts: the permission must stop every spawn before it. */
const countingExecutor = {
  spawn() {
    spawned++;
    throw new Error("soak: the childProcess permission should have refused this spawn");
  },
};
const runtime = new NodeRuntime({
  systemDriver: createNodeDriver({
    filesystem,
    commandExecutor: countingExecutor,
    useDefaultNetwork: true,
    processConfig: { env: { VISIBLE: "yes", HIDDEN: "no" } },
    permissions: {
      fs: (req) => ({ allow: !req.path.startsWith("/secret") }),
      env: (req) => ({ allow: req.key === "VISIBLE" }),
      network: () => ({ allow: false, reason: "soak: no network" }),
      childProcess: () => ({ allow: false, reason: "soak: no processes" }),
    },
  }),
  runtimeDriverFactory: createNodeRuntimeDriverFactory(),
  memoryLimit: 32,
  onStdio: (event) => {
    outputBytes += event.message.length;
  },
});

/**
 * The mix, one kind per run in turn. Each kind runs a program and checks its
 * result; `check` returns a description of what is wrong, or null.
 */
const KINDS = [
  {
    name: "success (exports)",
    run: (i) => runtime.run(`module.exports = { i: ${i}, sum: [1, 2, 3].reduce((a, b) => a + b) };`),
    check: (r, i) => (r.code === 0 && r.exports?.i === i && r.exports.sum === 6 ? null : r),
  },
  {
    name: "success (ESM, timers, console)",
    run: (i) =>
      runtime.run(
        `await new Promise((r) => setTimeout(r, 0)); console.log("run", ${i}); export const n = ${i};`,
        "/root/main.mjs",
      ),
    check: (r, i) => (r.code === 0 && r.exports?.n === i ? null : r),
  },
  {
    name: "fs read allowed",
    run: () => runtime.run(`module.exports = require("fs").readFileSync("/data/in.txt", "utf8");`),
    check: (r) => (r.code === 0 && r.exports === "soak input\n" ? null : r),
  },
  {
    name: "fs write then read",
    run: (i) =>
      runtime.run(`const fs = require("fs"); fs.writeFileSync("/data/out.txt", "w${i}"); module.exports = fs.readFileSync("/data/out.txt", "utf8");`),
    check: (r, i) => (r.code === 0 && r.exports === `w${i}` ? null : r),
  },
  {
    name: "fs denied",
    run: () => runtime.run(`try { require("fs").readFileSync("/secret/key"); module.exports = "read!" } catch (e) { module.exports = e.code }`),
    check: (r) => (r.code === 0 && r.exports === "EACCES" ? null : r),
  },
  {
    name: "env filtered",
    run: () => runtime.run(`module.exports = [process.env.VISIBLE, process.env.HIDDEN, Object.keys(process.env).length];`),
    check: (r) => (r.code === 0 && r.exports?.[0] === "yes" && r.exports[1] === undefined && r.exports[2] === 1 ? null : r),
  },
  {
    name: "network denied",
    run: () =>
      runtime.run(`export const r = await fetch("http://127.0.0.1:39999/").then(() => "fetched!", (e) => e.cause?.code ?? e.code);`, "/root/net.mjs"),
    check: (r) => (r.code === 0 && r.exports?.r === "EACCES" ? null : r),
  },
  {
    name: "child process denied",
    run: () => runtime.run(`try { require("child_process").execSync("ls"); module.exports = "spawned!" } catch (e) { module.exports = e.code }`),
    check: (r) => (r.code === 0 && r.exports === "EACCES" ? null : r),
  },
  {
    name: "CPU limit",
    run: () => runtime.exec(`for (;;) {}`, { cpuTimeLimitMs: 5 }),
    check: (r) => (r.code === 124 ? null : r),
  },
  {
    name: "memory limit",
    run: () => runtime.exec(`const a = []; for (;;) a.push("x".repeat(1 << 16) + a.length);`),
    check: (r) => (r.code === 137 ? null : r),
  },
  {
    name: "uncaught error",
    run: () => runtime.exec(`throw new TypeError("soak")`),
    check: (r) => (r.code === 1 && /TypeError: soak/.test(r.errorMessage ?? "") ? null : r),
  },
  {
    name: "terminate",
    run: async () => {
      const pending = runtime.exec(`setInterval(() => {}, 1); for (;;) {}`);
      await sleep(1);
      runtime.terminate();
      return pending;
    },
    check: (r) => (r.code === 143 ? null : r),
  },
];

// ---- the soak -------------------------------------------------------------------

console.log(`soak: ${RUNS} sequential runs, ${KINDS.length} kinds in turn; Node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"} x${os.cpus().length}`);
const failures = new Map();
const counts = new Map(KINDS.map((k) => [k.name, 0]));
const checkpoints = [];
const started = performance.now();
const startRss = await settledRssMb();
console.log(`${"runs".padStart(6)}  ${"rss MB".padStart(8)}  ${"vs warm-up".padStart(10)}  ${"heap MB".padStart(8)}  ${"threads".padStart(7)}  ${"elapsed s".padStart(9)}`);
console.log(`${"0".padStart(6)}  ${startRss.toFixed(1).padStart(8)}  ${"".padStart(10)}  ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1).padStart(8)}  ${String(threadCount()).padStart(7)}  ${"0.0".padStart(9)}`);

for (let i = 1; i <= RUNS; i++) {
  const kind = KINDS[i % KINDS.length];
  let problem;
  try {
    problem = kind.check(await kind.run(i), i);
  } catch (error) {
    problem = error;
  }
  counts.set(kind.name, counts.get(kind.name) + 1);
  if (problem !== null) {
    const list = failures.get(kind.name) ?? [];
    list.push({ i, problem });
    failures.set(kind.name, list);
  }
  if (i % CHECK_EVERY === 0) {
    const rss = await settledRssMb();
    checkpoints.push({ runs: i, rss });
    const base = checkpoints.find((c) => c.runs === WARM_UP_RUNS);
    const growth = i > WARM_UP_RUNS && base ? `${(rss - base.rss >= 0 ? "+" : "") + (rss - base.rss).toFixed(1)}` : i === WARM_UP_RUNS ? "(base)" : "";
    console.log(
      `${String(i).padStart(6)}  ${rss.toFixed(1).padStart(8)}  ${growth.padStart(10)}  ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1).padStart(8)}  ${String(threadCount()).padStart(7)}  ${((performance.now() - started) / 1000).toFixed(1).padStart(9)}`,
    );
  }
}
runtime.dispose();

const base = checkpoints.find((c) => c.runs === WARM_UP_RUNS).rss;
const after = checkpoints.filter((c) => c.runs > WARM_UP_RUNS);
const worst = Math.max(...after.map((c) => c.rss));
const growth = worst - base;
console.log(`\nruns per kind: ${[...counts].map(([name, n]) => `${name} ${n}`).join(", ")}`);
console.log(`guest output delivered: ${(outputBytes / 1024).toFixed(0)} KiB; wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`RSS after warm-up (${WARM_UP_RUNS} runs): ${base.toFixed(1)} MB; highest later: ${worst.toFixed(1)} MB; growth ${growth.toFixed(1)} MB (limit ${MAX_GROWTH_MB} MB)`);

let failed = false;
for (const [name, list] of failures) {
  failed = true;
  const first = list[0];
  console.error(`FAIL ${name}: ${list.length} unexpected result(s); first at run ${first.i}:`, first.problem);
}
if (spawned !== 0) {
  failed = true;
  console.error(`FAIL the command executor was called ${spawned} time(s) despite the denying permission`);
}
if (growth > MAX_GROWTH_MB) {
  failed = true;
  console.error(`FAIL RSS grew ${growth.toFixed(1)} MB after warm-up (more than ${MAX_GROWTH_MB} MB)`);
}
console.log(failed ? "soak: FAILED" : "soak: passed");
process.exitCode = failed ? 1 : 0;
