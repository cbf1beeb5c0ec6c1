// Core benchmark of quickexec: first sandbox in a process, cold start, warm
// run, CPU-bound guest code against raw quickjs-emscripten, host RSS per live
// idle runtime, host event-loop stalls while a guest computes, and
// throughput with all cores busy.
//
// Run with `npm run bench` (builds first). Prints figures and ratios only; it
// never asserts on timing. Total run time is about a minute.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import os from "node:os";
import { readFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory } from "quickexec";
import { newQuickJSWASMModuleFromVariant } from "quickjs-emscripten-core";
import releaseSyncVariant from "@jitl/quickjs-wasmfile-release-sync";
import { alignedTable } from "./lib/table.mjs";
import { gc, settleHeap, pct } from "./lib/sampling.mjs";

// ---- helpers -------------------------------------------------------------------

const median = (sample) => pct(sample, 50);

/** The main thread's scheduler figures (Linux): ns on CPU, ns waiting in the run queue, timeslices. */
function mainThreadSchedstat() {
  try {
    const [run, wait, slices] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").trim().split(/\s+/).map(Number);
    return { run, wait, slices };
  } catch {
    return null;
  }
}
const ms = (v) => `${v.toFixed(v < 10 ? 3 : 1)} ms`;
const mb = (bytes) => bytes / 1048576;

function newRuntime(options = {}) {
  return new NodeRuntime({
    systemDriver: createNodeDriver(),
    runtimeDriverFactory: createNodeRuntimeDriverFactory(),
    ...options,
  });
}

function expectCode(result, code, what) {
  if (result.code !== code) {
    throw new Error(`${what}: expected exit code ${code}, got ${result.code} (${result.errorMessage ?? "no message"})`);
  }
}

const TRIVIAL = "module.exports = 1+1";
const FIB_N = 27;
const FIB_BODY = "function fib(n){return n<2?n:fib(n-1)+fib(n-2)}";
const FIB_SANDBOX = `${FIB_BODY} module.exports = fib(${FIB_N})`;
const FIB_EXPECTED = 196418;

const rows = [];
const benchStarted = performance.now();
const rssAtStart = process.memoryUsage().rss;

console.log("quickexec core benchmark");
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.availableParallelism?.() ?? os.cpus().length} CPUs, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, gc ${gc ? "available" : "NOT available"}`,
);

// ---- 0. first sandbox in a fresh process ------------------------------------------

/** Runs bench/lib/first-sandbox.mjs in a new process; resolves with its JSON line. */
function firstSandboxIn(which) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [fileURLToPath(new URL("./lib/first-sandbox.mjs", import.meta.url)), which], { timeout: 120000 }, (error, stdout) => {
      if (error) return reject(error);
      resolve(JSON.parse(stdout.trim().split("\n").pop()));
    });
  });
}

console.log("\n0. first sandbox in a fresh process (import + first run of \"module.exports = 1+1\") and fixed memory (RSS growth, heap settled), median of 5 processes each");
{
  const quick = [], floor = [];
  // Alternated, so a change in the machine's load hits both alike.
  for (let i = 0; i < 5; i++) {
    quick.push(await firstSandboxIn("quickexec"));
    floor.push(await firstSandboxIn("floor"));
  }
  const m = (list, key) => median(list.map((r) => r[key]));
  const [qMs, fMs, qCpu, fCpu] = [m(quick, "ms"), m(floor, "ms"), m(quick, "cpuMs"), m(floor, "cpuMs")];
  const [qMem, fMem] = [mb(m(quick, "fixedBytes")), mb(m(floor, "fixedBytes"))];
  console.log(`   quickexec: ${ms(qMs)} wall, ${ms(qCpu)} CPU (all threads), fixed memory ${qMem.toFixed(1)} MB`);
  console.log(`   raw quickjs-emscripten (import, module, runtime, context, eval): ${ms(fMs)} wall, ${ms(fCpu)} CPU, fixed memory ${fMem.toFixed(1)} MB`);
  console.log(`   ratios to the floor: wall ${(qMs / fMs).toFixed(1)}x, CPU ${(qCpu / fCpu).toFixed(1)}x, memory ${(qMem / fMem).toFixed(1)}x`);
  rows.push(["first sandbox in a process", "<= 60 ms", `${ms(qMs)} (${(qMs / fMs).toFixed(1)}x the floor's ${ms(fMs)})`, qMs <= 60]);
  rows.push(["fixed host memory (import + first sandbox)", "<= 20 MB", `${qMem.toFixed(1)} MB (${(qMem / fMem).toFixed(1)}x the floor's ${fMem.toFixed(1)} MB)`, qMem <= 20]);
}

// ---- 0b. a one-run process, start to exit -------------------------------------------

/** Milliseconds from spawning `node bench/lib/one-shot.mjs which` to its exit. */
function oneShotMs(which) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(process.execPath, [fileURLToPath(new URL("./lib/one-shot.mjs", import.meta.url)), which], { timeout: 120000 }, (error) => {
      if (error) return reject(error);
      resolve(performance.now() - t0);
    });
  });
}

console.log("\n0b. a process that runs one program and exits (node start, import, first run of \"module.exports = 1+1\", exit), median of 5 each");
{
  const quick = [], floor = [];
  for (let i = 0; i < 5; i++) {
    quick.push(await oneShotMs("quickexec"));
    floor.push(await oneShotMs("floor"));
  }
  const [q, f] = [median(quick), median(floor)];
  console.log(`   quickexec: ${ms(q)}; raw quickjs-emscripten: ${ms(f)} (${(q / f).toFixed(1)}x)`);
  rows.push(["one-run process, spawn to exit", "-", `${ms(q)} (${(q / f).toFixed(1)}x the floor's ${ms(f)})`, null]);
}

// ---- floor: raw quickjs-emscripten on this thread, measured in the same run --------------

/**
 * The floor of issue 17's cold-start and warm-run targets: the same wasm build
 * used directly (no sandbox, no limits, no thread hop). Cold: a new runtime
 * and context, eval of the trivial program, dispose. Warm: eval on a context
 * kept alive.
 */
async function rawFloor() {
  const QuickJS = await newQuickJSWASMModuleFromVariant(releaseSyncVariant);
  const cold = [], warm = [];
  for (let i = 0; i < 220; i++) {
    const t0 = performance.now();
    const vm = QuickJS.newContext();
    vm.unwrapResult(vm.evalCode("1+1")).dispose();
    vm.dispose();
    if (i >= 20) cold.push(performance.now() - t0);
  }
  const vm = QuickJS.newContext();
  for (let i = 0; i < 320; i++) {
    const t0 = performance.now();
    vm.unwrapResult(vm.evalCode("1+1")).dispose();
    if (i >= 20) warm.push(performance.now() - t0);
  }
  vm.dispose();
  return { cold: pct(cold, 50), warm: pct(warm, 50) };
}

/** CPU time of the whole process (every thread), ms: what a run costs the machine, less sensitive than wall time to a busy machine. */
function processCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const floor = await rawFloor();
console.log(`\nfloor (raw quickjs-emscripten, main thread): cold (runtime + context + eval + dispose) p50 ${ms(floor.cold)}, warm eval p50 ${ms(floor.warm)}`);

// ---- 1. cold start ---------------------------------------------------------------

async function coldStart(iterations, warmup, gapMs) {
  const times = [];
  for (let i = 0; i < warmup + iterations; i++) {
    if (gapMs > 0) await sleep(gapMs);
    const t0 = performance.now();
    const rt = newRuntime();
    const result = await rt.run(TRIVIAL);
    rt.dispose();
    const t = performance.now() - t0;
    expectCode(result, 0, "cold start");
    if (result.exports !== 2) throw new Error(`cold start: wrong exports ${result.exports}`);
    if (i >= warmup) times.push(t);
  }
  return times;
}

console.log("\n1. cold start: new NodeRuntime + run(\"module.exports = 1+1\") + dispose, sequential");
{
  // The very first one in the process: compiles the wasm and starts the first worker.
  await settleHeap();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const rt = newRuntime();
  expectCode(await rt.run(TRIVIAL), 0, "first run");
  rt.dispose();
  const first = performance.now() - t0;
  await sleep(100);
  await settleHeap();
  const rssAfter = process.memoryUsage().rss;
  console.log(`   first in process (wasm compile + worker start): ${ms(first)}`);
  console.log(`   process rss ${mb(rssBefore).toFixed(1)} MB before the first run, ${mb(rssAfter).toFixed(1)} MB after it (+${mb(rssAfter - rssBefore).toFixed(1)} MB: compiled wasm, engine thread(s), prepared sandbox)`);

  const cpu0 = processCpuMs();
  const backToBack = await coldStart(200, 20, 0);
  const coldCpu = (processCpuMs() - cpu0) / 220;
  const withGap = await coldStart(200, 20, 5);
  const b50 = pct(backToBack, 50), b95 = pct(backToBack, 95);
  const g50 = pct(withGap, 50), g95 = pct(withGap, 95);
  console.log(`   back-to-back (200 after 20 warm-up):   p50 ${ms(b50)}  p95 ${ms(b95)}  max ${ms(Math.max(...backToBack))}`);
  console.log(`   with 5 ms idle gap (200 after 20):     p50 ${ms(g50)}  p95 ${ms(g95)}  max ${ms(Math.max(...withGap))}`);
  console.log(`   CPU per cold start, all threads (back-to-back): ${ms(coldCpu)}`);
  const ratio = (v, f) => `${ms(v)} (${(v / f).toFixed(1)}x the floor's ${ms(f)})`;
  rows.push(["cold start p50, back-to-back", "<= 0.5 ms", ratio(b50, floor.cold), b50 <= 0.5]);
  rows.push(["cold start p50, 5 ms idle gap", "<= 0.5 ms", ratio(g50, floor.cold), g50 <= 0.5]);
  rows.push(["cold start p95, back-to-back", "<= 1.5 ms", ms(b95), b95 <= 1.5]);
  rows.push(["cold start p95, 5 ms idle gap", "<= 1.5 ms", ms(g95), g95 <= 1.5]);
  rows.push(["cold start CPU, all threads", "-", ms(coldCpu), null]);
}

// ---- 2. warm run -----------------------------------------------------------------

console.log("\n2. warm run: one NodeRuntime, run(\"module.exports = 1+1\") repeatedly");
{
  const rt = newRuntime();
  const back = [], gapped = [];
  for (let i = 0; i < 20; i++) expectCode(await rt.run(TRIVIAL), 0, "warm run");
  const cpu0 = processCpuMs();
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    const r = await rt.run(TRIVIAL);
    back.push(performance.now() - t0);
    expectCode(r, 0, "warm run");
  }
  const warmCpu = (processCpuMs() - cpu0) / 300;
  for (let i = 0; i < 200; i++) {
    await sleep(5);
    const t0 = performance.now();
    const r = await rt.run(TRIVIAL);
    gapped.push(performance.now() - t0);
    expectCode(r, 0, "warm run");
  }
  rt.dispose();
  console.log(`   back-to-back (300 after 20 warm-up):   p50 ${ms(pct(back, 50))}  p95 ${ms(pct(back, 95))}`);
  console.log(`   with 5 ms idle gap (200):              p50 ${ms(pct(gapped, 50))}  p95 ${ms(pct(gapped, 95))}`);
  console.log(`   CPU per warm run, all threads (back-to-back): ${ms(warmCpu)}`);
  const [wb, wg] = [pct(back, 50), pct(gapped, 50)];
  rows.push(["warm run p50, back-to-back", "<= 0.25 ms", `${ms(wb)} (${(wb / floor.warm).toFixed(0)}x the floor's eval, ${ms(floor.warm)}); p95 ${ms(pct(back, 95))}`, wb <= 0.25]);
  rows.push(["warm run p50, 5 ms idle gap", "<= 0.25 ms", `${ms(wg)}; p95 ${ms(pct(gapped, 95))}`, wg <= 0.25]);
  rows.push(["warm run CPU, all threads", "-", ms(warmCpu), null]);
}

// ---- 2b. steady state ------------------------------------------------------------
// Sections 1 and 2 measure a process's early runs, while V8 is still compiling the
// host's and the engine's JavaScript (the engine thread's glue is optimized after
// about 1,000 to 2,000 runs); a plugin host that lives long runs in this state.

console.log("\n2b. steady state: the same back-to-back, after 2,000 of each");
{
  const cold = await coldStart(500, 2000, 0);
  const rt = newRuntime();
  const warm = [];
  for (let i = 0; i < 2500; i++) {
    const t0 = performance.now();
    const r = await rt.run(TRIVIAL);
    if (i >= 2000) warm.push(performance.now() - t0);
    expectCode(r, 0, "steady warm run");
  }
  rt.dispose();
  const [c50, c95, w50, w95] = [pct(cold, 50), pct(cold, 95), pct(warm, 50), pct(warm, 95)];
  console.log(`   cold start (500 after 2,000):          p50 ${ms(c50)}  p95 ${ms(c95)}`);
  console.log(`   warm run (500 after 2,000):            p50 ${ms(w50)}  p95 ${ms(w95)}`);
  rows.push(["cold start p50 / p95, steady state", "<= 0.5 / 1.5 ms", `${ms(c50)} (${(c50 / floor.cold).toFixed(1)}x the floor) / ${ms(c95)}`, c50 <= 0.5 && c95 <= 1.5]);
  rows.push(["warm run p50, steady state", "<= 0.25 ms", `${ms(w50)}; p95 ${ms(w95)}`, w50 <= 0.25]);
}

// ---- 3. fib(27): sandbox vs raw quickjs-emscripten ---------------------------------

console.log(`\n3. fib(${FIB_N}): quickexec sandbox (worker thread) vs raw quickjs-emscripten (main thread), median of 7 after 2 warm-up`);
{
  const RUNS = 7, WARMUP = 2;

  // quickexec
  const rt = newRuntime({ cpuTimeLimitMs: 60000 });
  const sbCpu = [], sbWall = [], sbFuel = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const r = await rt.run(FIB_SANDBOX);
    expectCode(r, 0, "fib in sandbox");
    if (r.exports !== FIB_EXPECTED) throw new Error(`fib in sandbox: wrong result ${r.exports}`);
    if (i >= WARMUP) {
      sbCpu.push(r.stats.cpuTimeMs);
      sbWall.push(r.stats.wallTimeMs);
      sbFuel.push(r.stats.fuel);
    }
  }
  // The same with an idle gap before each run, so the worker has finished preparing its next sandbox.
  const sbWallGap = [], sbCpuGap = [];
  for (let i = 0; i < RUNS; i++) {
    await sleep(20);
    const r = await rt.run(FIB_SANDBOX);
    expectCode(r, 0, "fib in sandbox");
    sbWallGap.push(r.stats.wallTimeMs);
    sbCpuGap.push(r.stats.cpuTimeMs);
  }
  rt.dispose();

  // raw quickjs-emscripten, same wasm build, one runtime+context per run (like the sandbox)
  const QuickJS = await newQuickJSWASMModuleFromVariant(releaseSyncVariant);
  const rawRun = (code, interruptHandler) => {
    const qrt = QuickJS.newRuntime();
    if (interruptHandler) qrt.setInterruptHandler(interruptHandler);
    const ctx = qrt.newContext();
    try {
      const t0 = performance.now();
      const result = ctx.evalCode(code);
      const t = performance.now() - t0;
      const handle = ctx.unwrapResult(result);
      const value = ctx.getNumber(handle);
      handle.dispose();
      if (value !== FIB_EXPECTED) throw new Error(`raw fib: wrong result ${value}`);
      return t;
    } finally {
      ctx.dispose();
      qrt.dispose();
    }
  };
  const measureRaw = (code, makeHandler) => {
    const times = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t = rawRun(code, makeHandler?.());
      if (i >= WARMUP) times.push(t);
    }
    return times;
  };
  const FIB_GLOBAL = `${FIB_BODY} fib(${FIB_N})`;
  // The sandbox runs CommonJS code inside a function wrapper, so `fib` is a closure variable there.
  const FIB_WRAPPED = `(function(){${FIB_BODY} return fib(${FIB_N})})()`;
  const raw = measureRaw(FIB_GLOBAL);
  let rawCalls = 0;
  const rawInterrupt = measureRaw(FIB_GLOBAL, () => () => (rawCalls++, false));
  const rawWrapped = measureRaw(FIB_WRAPPED);
  // An interrupt handler doing what the sandbox's does per call: count, read a shared flag, read the clock.
  const control = new Int32Array(new SharedArrayBuffer(16));
  const rawMeterLike = measureRaw(FIB_WRAPPED, () => {
    const start = performance.now();
    let fuel = 0;
    return () => {
      fuel++;
      if (Atomics.load(control, 0) !== 0) return true;
      return performance.now() - start > 60000;
    };
  });

  const cpu = median(sbCpu), wall = median(sbWall);
  const r0 = median(raw), rI = median(rawInterrupt), rW = median(rawWrapped), rM = median(rawMeterLike);
  console.log(`   quickexec  stats.cpuTimeMs  median ${ms(cpu)}  (min ${ms(Math.min(...sbCpu))}, max ${ms(Math.max(...sbCpu))})`);
  console.log(`   quickexec  stats.wallTimeMs median ${ms(wall)}  (min ${ms(Math.min(...sbWall))}, max ${ms(Math.max(...sbWall))}); fuel ${sbFuel[0]}`);
  console.log(`   quickexec, 20 ms idle gap before each run: wallTimeMs median ${ms(median(sbWallGap))}, cpuTimeMs median ${ms(median(sbCpuGap))}`);
  console.log(`   raw, global script, no interrupt handler:         median ${ms(r0)}`);
  console.log(`   raw, global script, interrupt handler ()=>false:  median ${ms(rI)}  (${(rawCalls / (WARMUP + RUNS)).toFixed(0)} handler calls per run)`);
  console.log(`   raw, function-wrapped (as the sandbox runs CJS):  median ${ms(rW)}`);
  console.log(`   raw, function-wrapped + sandbox-like handler:     median ${ms(rM)}`);
  console.log(`   ratio sandbox cpuTimeMs / raw global, no handler:    ${(cpu / r0).toFixed(3)}x`);
  console.log(`   ratio sandbox cpuTimeMs / raw global, with handler:  ${(cpu / rI).toFixed(3)}x`);
  console.log(`   ratio sandbox wallTimeMs / raw global, no handler:   ${(wall / r0).toFixed(3)}x`);
  console.log(`   ratio sandbox wallTimeMs (20 ms gap) / raw global:   ${(median(sbWallGap) / r0).toFixed(3)}x`);
  console.log(`   ratio sandbox cpuTimeMs / raw wrapped, no handler:   ${(cpu / rW).toFixed(3)}x`);
  rows.push([`fib(${FIB_N}) sandbox cpu / raw (no handler)`, "<= 1.05x", `${(cpu / r0).toFixed(3)}x (${ms(cpu)} vs ${ms(r0)})`, cpu / r0 <= 1.05]);
  rows.push([`fib(${FIB_N}) sandbox wall / raw, back-to-back`, "<= 1.05x", `${(wall / r0).toFixed(3)}x (${ms(wall)} vs ${ms(r0)})`, wall / r0 <= 1.05]);
  const wg = median(sbWallGap);
  rows.push([`fib(${FIB_N}) sandbox wall / raw, 20 ms gap`, "<= 1.05x", `${(wg / r0).toFixed(3)}x (${ms(wg)} vs ${ms(r0)})`, wg / r0 <= 1.05]);
  rows.push([`fib(${FIB_N}) sandbox cpu / raw (with handler)`, "-", `${(cpu / rI).toFixed(3)}x (${ms(cpu)} vs ${ms(rI)})`, null]);
}

// ---- 4. host RSS per idle sandbox -------------------------------------------------

console.log("\n4. host RSS with 1,000 idle NodeRuntime instances alive (each did one run)");
{
  const N = 1000;
  await settleHeap();
  const before = process.memoryUsage();
  const runtimes = [];
  for (let i = 0; i < N; i++) {
    const rt = newRuntime();
    expectCode(await rt.run(TRIVIAL), 0, "idle sandbox run");
    runtimes.push(rt);
  }
  await settleHeap();
  const after = process.memoryUsage();
  const perRss = mb(after.rss - before.rss) / N;
  const perHeap = mb(after.heapUsed - before.heapUsed) / N;
  console.log(`   rss before ${mb(before.rss).toFixed(1)} MB, after ${mb(after.rss).toFixed(1)} MB (gc ${gc ? "forced" : "not available"})`);
  console.log(`   per sandbox: rss ${(perRss * 1024).toFixed(1)} KB, V8 heapUsed ${(perHeap * 1024).toFixed(1)} KB`);
  console.log("   (a NodeRuntime holds no engine: sandboxes live in the process-wide worker pool, at most 8 threads, 4 kept idle)");
  rows.push(["host RSS per live idle runtime, 1,000 alive", "< 0.2 MB", `${perRss.toFixed(4)} MB`, perRss < 0.2]);
  for (const rt of runtimes) rt.dispose();
}

// ---- 5. host event-loop stall --------------------------------------------------------

/** Runs `work` while a 5 ms host interval records the largest gap between its ticks. */
async function maxTickGap(work) {
  let last = performance.now();
  let maxGap = 0, ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
  }, 5);
  await sleep(30);
  maxGap = 0;
  last = performance.now();
  ticks = 0;
  const s0 = mainThreadSchedstat();
  const value = await work();
  const s1 = mainThreadSchedstat();
  clearInterval(timer);
  const sched = s0 && s1 ? { runMs: (s1.run - s0.run) / 1e6, waitMs: (s1.wait - s0.wait) / 1e6 } : null;
  return { maxGap, ticks, value, sched };
}

console.log("\n5. host event loop while a guest computes (setInterval 5 ms, largest gap between ticks)");
{
  const idleGap = await maxTickGap(() => sleep(1000));
  console.log(`   reference, host idle for 1 s:                        max gap ${ms(idleGap.maxGap)} (${idleGap.ticks} ticks)`);

  const rt = newRuntime({ cpuTimeLimitMs: 1000 });
  const spin = await maxTickGap(() => rt.run("while(true){}"));
  expectCode(spin.value, 124, "while(true) with cpuTimeLimitMs 1000");
  console.log(
    `   while(true){} with cpuTimeLimitMs 1000:              max gap ${ms(spin.maxGap)} (${spin.ticks} ticks; ` +
      `guest cpu ${ms(spin.value.stats.cpuTimeMs)}, wall ${ms(spin.value.stats.wallTimeMs)}, code ${spin.value.code})`,
  );
  rt.dispose();

  // Eight guests at once: the pool grows to its maximum (new threads start from the main thread), then shrinks.
  const rt8 = newRuntime({ cpuTimeLimitMs: 300 });
  const cpu0 = process.cpuUsage();
  const eight = await maxTickGap(() => Promise.all(Array.from({ length: 8 }, () => rt8.run("while(true){}"))));
  const cpu8 = process.cpuUsage(cpu0);
  for (const r of eight.value) expectCode(r, 124, "8 concurrent while(true)");
  console.log(`   8 concurrent while(true){}, cpuTimeLimitMs 300 each: max gap ${ms(eight.maxGap)} (${eight.ticks} ticks; pool grows to 8 threads)`);
  const charged = eight.value.reduce((sum, r) => sum + r.stats.cpuTimeMs, 0);
  console.log(
    `   8 guests: charged cpuTimeMs ${charged.toFixed(0)} ms in total, process CPU actually used ${((cpu8.user + cpu8.system) / 1000).toFixed(0)} ms ` +
      `(the meter reads wall time while guest code runs, so time spent descheduled is charged too)`,
  );
  for (const [name, m] of [["1 guest", spin], ["8 guests", eight]]) {
    if (m.sched) {
      console.log(`   main thread during ${name}: ${m.sched.runMs.toFixed(1)} ms on CPU, ${m.sched.waitMs.toFixed(1)} ms runnable but waiting for a CPU (/proc schedstat)`);
    }
  }
  rt8.dispose();

  rows.push(["host event-loop max gap, 1 guest spinning", "< 20 ms", ms(spin.maxGap), spin.maxGap < 20]);
  rows.push(["host event-loop max gap, 8 guests spinning", "< 20 ms", ms(eight.maxGap), eight.maxGap < 20]);
}

// ---- 6. throughput -----------------------------------------------------------------------

/** Trivial runs per second of `lanes` concurrent loops on one pool, for `durationMs` (each run a fresh sandbox, as in 1.). */
async function quickexecThroughput(lanes, durationMs) {
  const runtimes = Array.from({ length: lanes }, () => newRuntime());
  // Concurrent warm-up rounds: the pool starts one thread per lane before the clock runs.
  for (let round = 0; round < 5; round++) {
    for (const r of await Promise.all(runtimes.map((rt) => rt.run(TRIVIAL)))) expectCode(r, 0, "throughput warm-up");
  }
  let done = 0;
  const until = performance.now() + durationMs;
  const t0 = performance.now();
  await Promise.all(runtimes.map(async (rt) => {
    while (performance.now() < until) {
      expectCode(await rt.run(TRIVIAL), 0, "throughput run");
      done++;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  for (const rt of runtimes) rt.dispose();
  return done / seconds;
}

/** The floor's runs per second: `lanes` worker threads each making a QuickJS runtime and context, evaluating 1+1 and disposing, for `durationMs`. */
async function floorThroughput(lanes, durationMs) {
  const { Worker } = await import("node:worker_threads");
  const source = `
    const { parentPort, workerData } = require("node:worker_threads");
    Promise.all([import("quickjs-emscripten-core"), import("@jitl/quickjs-wasmfile-release-sync")]).then(async ([core, variant]) => {
      const QuickJS = await core.newQuickJSWASMModuleFromVariant(variant.default);
      const once = () => { const rt = QuickJS.newRuntime(); const ctx = rt.newContext(); ctx.unwrapResult(ctx.evalCode("1+1")).dispose(); ctx.dispose(); rt.dispose(); };
      for (let i = 0; i < 50; i++) once();
      parentPort.postMessage("ready");
      parentPort.once("message", (start) => {
        let done = 0;
        const until = start + workerData;
        while (Date.now() < until) (once(), done++);
        parentPort.postMessage(done);
      });
    });`;
  const workers = Array.from({ length: lanes }, () => new Worker(source, { eval: true, workerData: durationMs }));
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once("message", resolve))));
  const start = Date.now() + 20;
  const counts = await Promise.all(workers.map((w) => new Promise((resolve) => (w.once("message", resolve), w.postMessage(start)))));
  await Promise.all(workers.map((w) => w.terminate()));
  return counts.reduce((a, b) => a + b, 0) / (durationMs / 1000);
}

{
  const lanes = os.availableParallelism?.() ?? os.cpus().length;
  console.log(`\n6. throughput: trivial runs per second with all ${lanes} cores busy (${lanes} concurrent loops for 3 s; each run a fresh sandbox)`);
  const quick = await quickexecThroughput(lanes, 3000);
  const floorRate = await floorThroughput(lanes, 3000);
  console.log(`   quickexec: ${quick.toFixed(0)} runs/s (new sandbox + run("module.exports = 1+1") on the pool's threads)`);
  console.log(`   raw quickjs-emscripten: ${floorRate.toFixed(0)} runs/s (runtime + context + eval("1+1") + dispose, one loop per worker thread)`);
  rows.push(["throughput, trivial runs/s, all cores busy", "-", `${quick.toFixed(0)} runs/s (floor ${floorRate.toFixed(0)} runs/s, ${(quick / floorRate).toFixed(2)}x)`, null]);
}

// ---- summary -------------------------------------------------------------------------

console.log("\nsummary");
console.log(alignedTable(["figure", "target", "measured", "met"], rows.map(([a, b, c, d]) => [a, b, c, d === null ? "" : d ? "yes" : "NO"])));
console.log(`\nbench took ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
