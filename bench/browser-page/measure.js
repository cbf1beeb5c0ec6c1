// The measurements of bench/browser.mjs, written once and run twice: in the
// bench page (bench/browser-page/index.html, browser bundle, Web Workers) and
// in Node (dist/src/index.js, worker threads). Plain ESM with no imports, so
// the page can load it as it is. Every function takes an `env` describing the
// platform:
//   env.NodeRuntime         the NodeRuntime class of that build
//   env.systemDriver(opts)  a system driver (browser or Node) built with `opts`
//   env.memoryFsDriver()    a system driver with a fresh in-memory filesystem and allowAllFs
//   env.runtimeDriverFactory()
// Results are plain objects of numbers (milliseconds unless named otherwise);
// nothing here asserts on timing, only on results being right.

/** The trivial program of the cold-start figure. */
export const TRIVIAL = "module.exports = 1+1";
/** fib(27), the CPU-bound program, and its expected result. */
export const FIB_N = 27;
export const FIB_BODY = "function fib(n){return n<2?n:fib(n-1)+fib(n-2)}";
export const FIB_SANDBOX = `${FIB_BODY} module.exports = fib(${FIB_N})`;
export const FIB_EXPECTED = 196418;

/** Nearest-rank percentile of an unsorted sample. */
export function pct(sample, p) {
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Throws unless the run ended with exit code 0 (and, when given, exported `exportsValue`). */
function check(result, what, exportsValue) {
  if (result.code !== 0) {
    throw new Error(`${what}: expected exit code 0, got ${result.code} (${result.errorMessage ?? "no message"})`);
  }
  if (exportsValue !== undefined && result.exports !== exportsValue) {
    throw new Error(`${what}: expected exports ${JSON.stringify(exportsValue)}, got ${JSON.stringify(result.exports)}`);
  }
}

function newRuntime(env, options = {}) {
  return new env.NodeRuntime({
    systemDriver: env.systemDriver(),
    runtimeDriverFactory: env.runtimeDriverFactory(),
    ...options,
  });
}

/** One cold start: new NodeRuntime + run(TRIVIAL) + dispose, timed. */
async function oneColdStart(env) {
  const t0 = performance.now();
  const rt = newRuntime(env);
  const result = await rt.run(TRIVIAL);
  rt.dispose();
  const t = performance.now() - t0;
  check(result, "cold start", 2);
  return t;
}

/** The very first cold start on this page / in this process: compiles the wasm and starts the first engine thread. */
export async function firstColdStart(env) {
  return { ms: await oneColdStart(env) };
}

/** Cold starts back to back: `iterations` timed after `warmup` untimed. */
export async function coldStarts(env, { iterations = 200, warmup = 20 } = {}) {
  const times = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const t = await oneColdStart(env);
    if (i >= warmup) times.push(t);
  }
  return { n: times.length, p50: pct(times, 50), p90: pct(times, 90), max: Math.max(...times) };
}

/** fib(27) in the guest: one runtime, `runs` timed after `warmup`; the run's own stats plus the caller's wall time. */
export async function guestFib(env, { runs = 7, warmup = 2 } = {}) {
  const rt = newRuntime(env, { cpuTimeLimitMs: 60000 });
  const wall = [], cpu = [], outside = [];
  try {
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = performance.now();
      const r = await rt.run(FIB_SANDBOX);
      const t = performance.now() - t0;
      check(r, "fib in the guest", FIB_EXPECTED);
      if (i < warmup) continue;
      wall.push(r.stats.wallTimeMs);
      cpu.push(r.stats.cpuTimeMs);
      outside.push(t);
    }
  } finally {
    rt.dispose();
  }
  return {
    runs,
    wallBest: Math.min(...wall), wallMedian: pct(wall, 50),
    cpuBest: Math.min(...cpu), cpuMedian: pct(cpu, 50),
    runCallBest: Math.min(...outside), runCallMedian: pct(outside, 50),
  };
}

/** fib(27) in the platform's own engine (V8 on the page or in Node), for reference. */
export function hostFib({ runs = 7, warmup = 2 } = {}) {
  // A fresh function from source, so neither side benefits from feedback gathered elsewhere.
  const fib = new Function(`${FIB_BODY} return fib;`)();
  const times = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    const value = fib(FIB_N);
    const t = performance.now() - t0;
    if (value !== FIB_EXPECTED) throw new Error(`host fib: wrong result ${value}`);
    if (i >= warmup) times.push(t);
  }
  return { runs, best: Math.min(...times), median: pct(times, 50) };
}

/**
 * Small synchronous fs.readFileSync round trips from the guest: the guest writes a 15-byte
 * file to its in-memory filesystem, reads it `warmup` times, then times `rounds` rounds of
 * `perRound` reads with its own performance.now (timingMitigation "off", or the guest clock
 * would be frozen). Per-call figures are in microseconds.
 */
export async function guestReadFileSync(env, { rounds = 5, perRound = 400, warmup = 200 } = {}) {
  const rt = new env.NodeRuntime({
    systemDriver: env.memoryFsDriver(),
    runtimeDriverFactory: env.runtimeDriverFactory(),
    timingMitigation: "off",
  });
  const code = `
    const fs = require('fs');
    const text = 'hello, sandbox\\n';
    fs.writeFileSync('/small.txt', text);
    for (let i = 0; i < ${warmup}; i++) fs.readFileSync('/small.txt', 'utf8');
    const rounds = [];
    let wrong = 0;
    for (let r = 0; r < ${rounds}; r++) {
      const t0 = performance.now();
      for (let i = 0; i < ${perRound}; i++) if (fs.readFileSync('/small.txt', 'utf8') !== text) wrong++;
      rounds.push((performance.now() - t0) * 1000 / ${perRound});
    }
    if (wrong !== 0) throw new Error(wrong + ' reads returned the wrong text');
    module.exports = rounds;
  `;
  let perCall;
  try {
    const r = await rt.run(code);
    check(r, "readFileSync loop in the guest");
    perCall = r.exports;
  } finally {
    rt.dispose();
  }
  if (!Array.isArray(perCall) || perCall.length !== rounds || perCall.some((v) => typeof v !== "number" || !(v > 0))) {
    throw new Error(`readFileSync loop in the guest: unexpected timings ${JSON.stringify(perCall)}`);
  }
  const mean = perCall.reduce((a, b) => a + b, 0) / perCall.length;
  return { calls: rounds * perRound, perCallMedianUs: pct(perCall, 50), perCallBestUs: Math.min(...perCall), perCallMeanUs: mean };
}
