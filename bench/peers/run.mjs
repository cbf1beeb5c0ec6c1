// quickexec next to its peers: the same workloads, in one process, on
// quickexec (this repo's dist/), @sebastianwessel/quickjs, secure-exec and raw
// quickjs-emscripten. Prints a Markdown table of absolute figures with ratios
// to quickexec (peer / quickexec: above 1x the peer takes longer or holds
// more). Never asserts on timings; every run's result is checked.
//
// Run with `npm run bench:peers` from the repository root (builds quickexec,
// installs this package's own dependencies, then runs
// `node --expose-gc bench/peers/run.mjs`). Loopback/no network: no workload
// touches the network.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { maxTickGap, pct, settleHeap, settledMemory } from "./lib/measure.mjs";
import { describePlan, formatBytes, formatMs, markdownTable, p50, ratio } from "./lib/report.mjs";
import { MEMORY_WARMUP, READS_PER_RUN, SMALL_FILE_TEXT } from "./lib/workloads.mjs";

if (typeof globalThis.gc !== "function") {
  console.error("bench/peers/run.mjs needs `node --expose-gc` (use `npm run bench:peers`)");
  process.exit(2);
}

/** How many times each figure is taken (the same for every peer). */
const PLANS = {
  coldStart: { warmup: 10, iterations: 100 },
  warmRun: { warmup: 20, iterations: 100 },
  fib27: { warmup: 2, iterations: 9 },
  readFileSmall: { warmup: 2, iterations: 9 },
  stallDuringCompute: { warmup: 1, iterations: 5 },
  extras: { warmup: 1, iterations: 5 },
};
const IDLE_SANDBOXES = 50;
/** Idle-memory measurements per peer (the table shows the median and the range). */
const MEMORY_ROUNDS = 3;

/** Median of each figure over several idle-memory rounds, with the range of the total. */
function medianMemory(rounds) {
  const total = (m) => m.rssBytes + (m.childRssBytes ?? 0);
  const median = (f) => pct(rounds.map(f), 50);
  return {
    ...rounds[0],
    rssBytes: median((m) => m.rssBytes),
    heapBytes: median((m) => m.heapBytes),
    childRssBytes: rounds[0].childRssBytes === undefined ? undefined : median((m) => m.childRssBytes),
    totalBytes: median(total),
    totalRange: [Math.min(...rounds.map(total)), Math.max(...rounds.map(total))],
  };
}

/** The peers, in column order: [column title, module, export name]. */
const PEERS = [
  ["quickexec", "./adapters/quickexec.mjs", "quickexec"],
  ["@sebastianwessel/quickjs", "./adapters/sebastianwessel-quickjs.mjs", "sebastianwesselQuickjs"],
  ["secure-exec", "./adapters/secure-exec.mjs", "secureExec"],
  ["quickjs-emscripten (raw)", "./adapters/quickjs-emscripten.mjs", "quickjsEmscripten"],
];

const message = (error) => (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 300);
const started = performance.now();

console.log("# quickexec and its peers (bench/peers/run.mjs)\n");
console.log(`date ${new Date().toISOString()}; node ${process.version}; ${os.cpus()[0]?.model ?? "unknown CPU"}; ` +
  `${os.availableParallelism?.() ?? os.cpus().length} CPUs; ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);

// ---- load and start every peer ---------------------------------------------------------

/** @type {Array<{ title: string, adapter: any, failed?: string, firstMs?: number, results: Record<string, any> }>} */
const peers = [];
for (const [title, path, exportName] of PEERS) {
  const peer = { title, adapter: null, results: {} };
  try {
    const before = await settledMemory();
    peer.adapter = (await import(path))[exportName];
    const started = await peer.adapter.init();
    peer.firstMs = started.firstMs;
    peer.fixedBytes = (await settledMemory()).rss - before.rss;
    peer.helperBytes = started.helperRssBytes;
    console.log(`loaded ${title} ${peer.adapter.version}: ${peer.adapter.engine}; first sandbox in the process ${formatMs(peer.firstMs)}`);
  } catch (error) {
    peer.failed = `could not run: ${message(error)}`;
    console.log(`${title}: ${peer.failed}`);
  }
  peers.push(peer);
}

/**
 * Runs `fn` on every peer that loaded (in `order`, column titles, when given),
 * storing its result or the reason it has none.
 */
async function measureAll(key, fn, order = null) {
  const sequence = order ? order.map((title) => peers.find((p) => p.title === title)) : peers;
  for (const peer of sequence) {
    if (peer.failed) {
      peer.results[key] = { na: "the peer could not run (reason below the table)" };
      continue;
    }
    await settleHeap();
    try {
      peer.results[key] = await fn(peer.adapter);
    } catch (error) {
      peer.results[key] = { na: `failed: ${message(error)}` };
    }
    const r = peer.results[key];
    const shown = r.na ? `n/a (${r.na})` : r.samples ? `p50 ${formatMs(pct(r.samples, 50))}` : "done";
    console.log(`  ${key.padEnd(20)} ${peer.title.padEnd(26)} ${shown}`);
  }
}

// ---- measurements ------------------------------------------------------------------------

console.log(`\nmeasuring (memory first, while the heaps are young)`);
// The peers whose idle sandbox is a small host object go first: the wasm peers'
// rounds load fresh wasm modules, whose memory the system gets back only some
// time after they are dropped, which would show up as negative growth in
// whatever is measured next.
await measureAll("idleSandboxMemory", async (a) => {
  const rounds = [];
  for (let i = 0; i < MEMORY_ROUNDS; i++) rounds.push(await a.idleSandboxMemory(IDLE_SANDBOXES));
  return medianMemory(rounds);
}, ["quickexec", "secure-exec", "quickjs-emscripten (raw)", "@sebastianwessel/quickjs"]);
const idleReference = await maxTickGap(() => sleep(500));
await measureAll("coldStart", (a) => a.coldStart(PLANS.coldStart));
await measureAll("warmRun", (a) => a.warmRun(PLANS.warmRun));
await measureAll("fib27", (a) => a.fib27(PLANS.fib27));
await measureAll("readFileSmall", (a) => a.readFileSmall(PLANS.readFileSmall));
await measureAll("stallDuringCompute", (a) => a.stallDuringCompute(PLANS.stallDuringCompute));
await measureAll("extras", async (a) => ({ rows: await a.extras(PLANS.extras) }));
for (const peer of peers) {
  try {
    await peer.adapter?.close();
  } catch (error) {
    console.log(`${peer.title}: close failed: ${message(error)}`);
  }
}

// ---- the table -----------------------------------------------------------------------------

const reference = peers[0];
const na = (result) => `n/a: ${result.na}`;

/** One table row from a value getter and a formatter; ratios against the first column. */
function row(label, how, value, format, cellOf = null) {
  const ref = reference.failed ? undefined : value(reference);
  return [
    label,
    how,
    ...peers.map((peer) => {
      if (cellOf) {
        const custom = cellOf(peer);
        if (custom !== undefined) return custom;
      }
      const v = value(peer);
      if (v === undefined) return "n/a";
      const r = peer === reference ? "" : ratio(v, ref);
      return r ? `${format(v)} (${r})` : format(v);
    }),
  ];
}

/** The row of a timing workload: its p50 per peer, or "n/a: reason". */
const timingRow = (label, key, unitNote, format = formatMs) =>
  row(label, `${describePlan(PLANS[key])}${unitNote}`, (peer) => p50(peer.results[key]), format, (peer) => {
    const result = peer.results[key];
    if (result?.na) return na(result);
    if (result?.readsPerRun && result.readsPerRun !== READS_PER_RUN) {
      const r = peer === reference ? "" : ratio(p50(result), p50(reference.results[key]));
      return `${format(p50(result))}${r ? ` (${r})` : ""}; ${result.readsPerRun} reads per run`;
    }
    return undefined;
  });

/** The row of the CPU time per call of a timing workload (mean over the timed calls). */
const cpuRow = (label, key) =>
  row(label, `mean over the same ${PLANS[key].iterations}; process.cpuUsage (all threads) + helper process`,
    (peer) => peer.results[key]?.cpuMsPerRun, formatMs,
    (peer) => (peer.results[key]?.na ? na(peer.results[key]) : undefined));

const memory = (peer) => peer.results.idleSandboxMemory;
const stall = (peer) => peer.results.stallDuringCompute;

const rows = [
  row("first sandbox in the process (load engine + first run)", "once", (peer) => peer.firstMs, formatMs, (peer) =>
    peer.failed ? "n/a: the peer could not run (reason below the table)" : undefined,
  ),
  row("fixed memory: RSS growth from import + init (first sandbox), plus helper processes", "once, gc forced until RSS settles",
    (peer) => (peer.failed ? undefined : peer.fixedBytes + (peer.helperBytes ?? 0)), formatBytes,
    (peer) => {
      if (peer.failed) return "n/a: the peer could not run (reason below the table)";
      if (peer.helperBytes === undefined) return undefined;
      const total = peer.fixedBytes + peer.helperBytes;
      const r = peer === reference ? "" : ratio(total, reference.fixedBytes);
      return `${formatBytes(total)} = ${formatBytes(peer.fixedBytes)} host + ${formatBytes(peer.helperBytes)} helpers${r ? ` (${r})` : ""}`;
    }),
  timingRow("cold start: new sandbox + trivial program + dispose", "coldStart", ""),
  cpuRow("CPU time per cold start", "coldStart"),
  timingRow("warm run: trivial program on an already-made runtime/context", "warmRun", ""),
  cpuRow("CPU time per warm run", "warmRun"),
  timingRow("fib(27) in the guest (host wall time of the run)", "fib27", ""),
  cpuRow("CPU time per fib(27) run", "fib27"),
  timingRow(`readFileSync of a ${SMALL_FILE_TEXT.length}-byte file, per call`, "readFileSmall",
    `; runs of ${READS_PER_RUN} reads minus runs of 0, / ${READS_PER_RUN}`),
  row(`host memory per idle sandbox (RSS growth / ${IDLE_SANDBOXES})`,
    `median of ${MEMORY_ROUNDS} rounds [range]; each: ${IDLE_SANDBOXES} kept alive after ${MEMORY_WARMUP} made and disposed, gc forced until RSS settles, before and after`,
    (peer) => (memory(peer)?.na ? undefined : memory(peer).totalBytes), formatBytes,
    (peer) => {
      const m = memory(peer);
      if (!m || m.na) return m ? na(m) : "n/a";
      const r = peer === reference ? "" : ratio(m.totalBytes, memory(reference)?.totalBytes);
      const split = m.childRssBytes === undefined ? "" : ` = ${formatBytes(m.rssBytes)} host + ${formatBytes(m.childRssBytes)} helpers`;
      return `${formatBytes(m.totalBytes)}${split}${r ? ` (${r})` : ""} [${formatBytes(m.totalRange[0])} .. ${formatBytes(m.totalRange[1])}]`;
    }),
  row(`V8 heapUsed per idle sandbox (host)`, `median of the same ${MEMORY_ROUNDS} rounds`, (peer) => (memory(peer)?.na ? undefined : memory(peer).heapBytes), formatBytes,
    (peer) => (memory(peer)?.na ? na(memory(peer)) : undefined)),
  row("host event-loop max gap while the guest runs fib(30) (1 ms interval)", describePlan(PLANS.stallDuringCompute, "p50 of the max gap"),
    (peer) => (stall(peer)?.na ? undefined : pct(stall(peer).maxGaps, 50)), formatMs,
    (peer) => {
      const s = stall(peer);
      if (!s || s.na) return s ? na(s) : "n/a";
      const v = pct(s.maxGaps, 50);
      const r = peer === reference ? "" : ratio(v, pct(stall(reference).maxGaps ?? [0], 50));
      return `${formatMs(v)}${r ? ` (${r})` : ""}, worst ${formatMs(Math.max(...s.maxGaps))}`;
    }),
  row("fib(30) run, host wall time (for the row above)", describePlan(PLANS.stallDuringCompute),
    (peer) => (stall(peer)?.na ? undefined : pct(stall(peer).wallMs, 50)), formatMs,
    (peer) => (stall(peer)?.na ? na(stall(peer)) : undefined)),
];

console.log(`\n## Table (ratio in parentheses: peer / quickexec; above 1x the peer takes longer or holds more)\n`);
console.log(markdownTable(["figure", "how", ...peers.map((p) => `${p.title}${p.adapter ? ` ${p.adapter.version}` : ""}`)], rows));
for (const peer of peers.filter((p) => p.failed)) console.log(`\n**${peer.title}: ${peer.failed}**`);
console.log(`\nhost idle reference: max gap of the 1 ms interval over 500 ms with nothing running: ${formatMs(idleReference.maxGap)}`);

console.log("\n## Extra figures\n");
for (const peer of peers) {
  for (const extra of peer.results.extras?.rows ?? []) {
    const value = extra.samples
      ? `${describePlan(extra.plan)}: ${formatMs(pct(extra.samples, 50))} (min ${formatMs(Math.min(...extra.samples))}, max ${formatMs(Math.max(...extra.samples))})`
      : extra.value;
    console.log(`- ${peer.title}, ${extra.label}: ${value}${extra.note ? ` (${extra.note})` : ""}`);
  }
  if (peer.results.extras?.na) console.log(`- ${peer.title}, extras: n/a: ${peer.results.extras.na}`);
}

console.log("\n## What each column measures\n");
for (const peer of peers) {
  if (!peer.adapter) {
    console.log(`- ${peer.title}: ${peer.failed}`);
    continue;
  }
  console.log(`- **${peer.title} ${peer.adapter.version}**: ${peer.adapter.engine}.`);
  for (const [key, note] of Object.entries(peer.adapter.notes)) console.log(`  - ${key}: ${note}`);
  const held = memory(peer)?.held;
  if (held) console.log(`  - an idle sandbox here is: ${held}`);
}
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
