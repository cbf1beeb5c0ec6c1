// Measuring helpers shared by every adapter: timed samples, percentiles,
// forced gc, resident memory of this process and of its child processes, and
// the host event loop's largest gap while some work runs.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { readFileSync, readdirSync } from "node:fs";

/**
 * Nearest-rank percentile of an unsorted sample.
 * @param {number[]} sample
 * @param {number} p percentile, 0-100
 * @returns {number}
 */
export function pct(sample, p) {
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/**
 * Runs `op` `warmup` times untimed, then `iterations` times timed (host wall clock).
 * @param {() => Promise<unknown> | unknown} op
 * @param {{ warmup: number, iterations: number }} plan
 * @returns {Promise<number[]>} milliseconds per timed call
 */
export async function sample(op, plan) {
  for (let i = 0; i < plan.warmup; i++) await op();
  const times = [];
  for (let i = 0; i < plan.iterations; i++) {
    const t0 = performance.now();
    await op();
    times.push(performance.now() - t0);
  }
  return times;
}

/**
 * Like {@link sample}, and also the CPU time spent per timed call: this whole
 * process (every thread, from `process.cpuUsage`) plus `otherCpuMs` (CPU of
 * helper processes, for peers that run the guest out of process).
 * @param {() => Promise<unknown> | unknown} op
 * @param {{ warmup: number, iterations: number }} plan
 * @param {() => number} [otherCpuMs] cumulative CPU ms of other processes
 * @returns {Promise<{ samples: number[], cpuMsPerRun: number }>}
 */
export async function sampleWithCpu(op, plan, otherCpuMs = () => 0) {
  for (let i = 0; i < plan.warmup; i++) await op();
  const cpu0 = process.cpuUsage();
  const other0 = otherCpuMs();
  const samples = await sample(op, { warmup: 0, iterations: plan.iterations });
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 + (otherCpuMs() - other0);
  return { samples, cpuMsPerRun: cpuMs / plan.iterations };
}

/**
 * CPU time (user + system) a process has used, in ms, from /proc (Linux,
 * assuming the usual 100 clock ticks per second); 0 when unreadable.
 * @param {number} pid
 * @returns {number}
 */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * Times `base` and `work` back to back, `iterations` pairs after `warmup` pairs,
 * and returns the difference of each pair (work minus base), in ms.
 * @param {() => Promise<unknown>} base
 * @param {() => Promise<unknown>} work
 * @param {{ warmup: number, iterations: number }} plan
 * @returns {Promise<number[]>}
 */
export async function pairedDifference(base, work, plan) {
  const diffs = [];
  for (let i = 0; i < plan.warmup + plan.iterations; i++) {
    const t0 = performance.now();
    await base();
    const t1 = performance.now();
    await work();
    const t2 = performance.now();
    if (i >= plan.warmup) diffs.push(t2 - t1 - (t1 - t0));
  }
  return diffs;
}

/**
 * Forces full garbage collections (needs `node --expose-gc`), with short pauses
 * so finalizers and freed wasm memory settle.
 * @returns {Promise<void>}
 */
export async function settleHeap() {
  if (typeof globalThis.gc !== "function") throw new Error("run node with --expose-gc");
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await sleep(25);
  }
}

/**
 * Forces gc until this process's RSS stops moving: three readings 300 ms apart
 * within 128 KB of each other (at most 12 readings). V8 hands freed memory
 * (wasm memories above all) back to the system a second or two after the gc
 * that freed it, so a single reading can still shrink afterwards and be
 * charged to whatever is measured next.
 * @returns {Promise<NodeJS.MemoryUsage>}
 */
export async function settledMemory() {
  const readings = [];
  for (let i = 0; i < 12; i++) {
    await settleHeap();
    readings.push(process.memoryUsage());
    const last3 = readings.slice(-3).map((m) => m.rss);
    if (last3.length === 3 && Math.max(...last3) - Math.min(...last3) < 128 * 1024) break;
    await sleep(300);
  }
  return readings[readings.length - 1];
}

/**
 * Resident set size of a process in bytes, from /proc (Linux); null when unreadable.
 * @param {number} pid
 * @returns {number | null}
 */
export function rssOf(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Pids of this process's direct children whose command name is one of `comms` (Linux /proc).
 * @param {string[]} comms
 * @returns {number[]}
 */
export function childPids(comms) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && comms.includes(name)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/**
 * Runs `work` while a host `setInterval` of `intervalMs` records the largest
 * gap between its ticks (how long the host event loop was blocked).
 * @template T
 * @param {() => Promise<T>} work
 * @param {number} [intervalMs]
 * @returns {Promise<{ maxGap: number, ticks: number, wallMs: number, value: T }>}
 */
export async function maxTickGap(work, intervalMs = 1) {
  let last = performance.now();
  let maxGap = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
  }, intervalMs);
  await sleep(20);
  maxGap = 0;
  ticks = 0;
  last = performance.now();
  const t0 = performance.now();
  const value = await work();
  const wallMs = performance.now() - t0;
  // One more tick, so a block that lasted until the end of `work` is counted.
  await sleep(intervalMs + 1);
  clearInterval(timer);
  return { maxGap, ticks, wallMs, value };
}

/**
 * The stall figure: `run` (one fib(30) program) under {@link maxTickGap},
 * `plan.warmup` untimed times then `plan.iterations` timed ones.
 * @param {{ warmup: number, iterations: number }} plan
 * @param {() => Promise<unknown>} run
 * @returns {Promise<{ maxGaps: number[], wallMs: number[] }>}
 */
export async function stallSamples(plan, run) {
  const maxGaps = [];
  const wallMs = [];
  for (let i = 0; i < plan.warmup + plan.iterations; i++) {
    const m = await maxTickGap(run);
    if (i >= plan.warmup) {
      maxGaps.push(m.maxGap);
      wallMs.push(m.wallMs);
    }
  }
  return { maxGaps, wallMs };
}

/**
 * The idle-memory figure from settled readings taken before and after
 * `count` sandboxes were made and kept.
 * @param {{ rss: number, heapUsed: number }} before
 * @param {{ rss: number, heapUsed: number }} after
 * @param {number} count
 * @param {string} held what one idle sandbox holds
 * @returns {{ count: number, rssBytes: number, heapBytes: number, held: string }}
 */
export function perSandbox(before, after, count, held) {
  return { count, rssBytes: (after.rss - before.rss) / count, heapBytes: (after.heapUsed - before.heapUsed) / count, held };
}
