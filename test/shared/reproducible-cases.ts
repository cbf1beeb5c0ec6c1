/**
 * Shared driver cases of reproducible runs (README "Reproducible runs"): the
 * virtual clock (the default `timingMitigation`), `randomSeed`, and the
 * "freeze" and "off" clocks beside them. Part of the shared driver suite
 * (spread into `SHARED_CASES` in cases.ts), so each runs under the Node
 * driver and in Chromium; test/reproducible-drivers.test.ts also compares
 * the seeded case's output and fuel between the two drivers byte for byte.
 *
 * Like cases.ts, this file must stay importable in a browser: type-only
 * imports, no Node.
 */
import type { NodeRuntime as NodeRuntimeClass, NodeRuntimeOptions, StdioEvent } from "../../dist/src/index.js";
import type { CaseApi, SharedCase } from "./cases.js";

type Options = Partial<Omit<NodeRuntimeOptions, "systemDriver" | "runtimeDriverFactory">>;

/** Runs `body` with a fresh runtime (in-memory filesystem, default permissions) that records its output. */
async function withRuntime<T>(api: CaseApi, options: Options, body: (rt: NodeRuntimeClass, out: () => string) => Promise<T>): Promise<T> {
  const events: StdioEvent[] = [];
  const rt = new api.NodeRuntime({ systemDriver: api.driver(), runtimeDriverFactory: api.factory(), onStdio: (e) => events.push(e), ...options });
  try {
    return await body(rt, () => {
      const text = events.map((e) => `${e.channel}: ${e.message}`).join("");
      events.length = 0;
      return text;
    });
  } finally {
    rt.dispose();
  }
}

/** The program of the seeded case: every clock and random source, around timers, a loop and a promise chain. */
export const SEEDED_PROGRAM = `
  const t0 = Date.now();
  const line = (...parts) => console.log(parts.join(" "));
  line("start", new Date().toISOString(), performance.now(), performance.timeOrigin);
  const crypto = require("node:crypto");
  line("math", Math.random(), Math.random(), Math.random());
  line("bytes", crypto.randomBytes(24).toString("hex"));
  line("uuid", crypto.randomUUID(), globalThis.crypto.randomUUID());
  line("values", Array.from(globalThis.crypto.getRandomValues(new Uint32Array(3))).join(","), crypto.randomInt(1e6));
  let x = 0;
  for (let i = 0; i < 20000; i++) x = (x + i * Math.random()) % 1000;
  line("loop", x, performance.now(), process.hrtime.bigint());
  setTimeout(() => line("timer 250", Date.now() - t0, new Date().toISOString(), Math.random()), 250);
  setTimeout(() => {
    line("timer 1000", Date.now() - t0, crypto.randomBytes(4).toString("hex"));
    crypto.randomFill(new Uint8Array(8), (err, buf) => line("randomFill", Buffer.from(buf).toString("hex")));
  }, 1000);
  (async () => { for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 100)); line("awaited", Date.now() - t0, process.uptime()); })();
  process.on("exit", () => line("exit", Date.now() - t0, performance.now()));
`;

/** Runs {@link SEEDED_PROGRAM} with `seed`: its output and fuel. */
async function seededRun(rt: NodeRuntimeClass, out: () => string, seed: number | string) {
  const r = await rt.exec(SEEDED_PROGRAM, { randomSeed: seed });
  return { code: r.code, errorMessage: r.errorMessage, stdout: out(), fuel: r.stats.fuel };
}

/** The seeded case, by name: test/reproducible-drivers.test.ts runs it under both drivers. */
export const SEEDED_CASE_NAME = "reproducible runs: a seeded program under the virtual clock repeats its output and fuel exactly";

export const REPRODUCIBLE_CASES: SharedCase[] = [
  {
    name: SEEDED_CASE_NAME,
    run: (api) =>
      withRuntime(api, { randomSeed: 7 }, async (rt, out) => {
        const first = await seededRun(rt, out, 7);
        const second = await seededRun(rt, out, 7);
        const runtimeSeed = await rt.exec(SEEDED_PROGRAM);
        const viaRuntime = { stdout: out(), fuel: runtimeSeed.stats.fuel };
        const other = await seededRun(rt, out, "7");
        return { first, second, viaRuntime, other };
      }),
    check(o, expect) {
      expect(o.first.code).toBe(0);
      expect(o.first.errorMessage).toBeUndefined();
      expect(o.first.fuel).toBeGreaterThan(0);
      // Byte for byte, fuel included; the runtime's randomSeed is the same seed as exec's.
      expect(o.second).toEqual(o.first);
      expect(o.viaRuntime).toEqual({ stdout: o.first.stdout, fuel: o.first.fuel });
      const lines = o.first.stdout.split("\n");
      // The default start instant; every line's time is the virtual clock's (fuel and timers), never the host's.
      expect(lines[0]).toMatch(/^stdout: start 2025-01-01T00:00:00\.00\dZ [\d.]+ 1735689600000$/);
      expect(lines.map((l: string) => l.split(" ")[1])).toEqual(["start", "math", "bytes", "uuid", "values", "loop", "timer", "awaited", "timer", "randomFill", "exit", undefined]);
      const timer250 = lines.find((l: string) => l.startsWith("stdout: timer 250 "))!.split(" ");
      expect(Number(timer250[3])).toBeGreaterThanOrEqual(250);
      expect(timer250[4]).toMatch(/^2025-01-01T00:00:00\.\d{3}Z$/);
      // A different seed (the string "7" is not the number 7) draws different values.
      const draws = (s: string) => s.split("\n").filter((l) => /^stdout: (math|bytes|uuid|values)/.test(l));
      for (const [a, b] of draws(o.first.stdout).map((l: string, i: number) => [l, draws(o.other.stdout)[i]])) expect(b).not.toBe(a);
    },
  },
  {
    name: "reproducible runs: without a seed, Math.random and crypto differ from run to run",
    // crypto.randomBytes takes the host's entropy through a synchronous call.
    sync: true,
    run: (api) =>
      withRuntime(api, {}, async (rt, out) => {
        const program = `console.log(Math.random(), require("crypto").randomBytes(8).toString("hex"))`;
        await rt.exec(program);
        await rt.exec(program);
        return out().split("\n").filter(Boolean);
      }),
    check(o, expect) {
      expect(o).toHaveLength(2);
      const [a, b] = o.map((l: string) => l.split(" "));
      expect(a[1]).not.toBe(b[1]);
      expect(a[2]).not.toBe(b[2]);
      expect(Number(a[1])).toBeGreaterThanOrEqual(0);
      expect(Number(a[1])).toBeLessThan(1);
    },
  },
  {
    name: "virtual clock: a one-hour setTimeout fires at once, and Date moves by the timer's delay",
    run: (api) =>
      withRuntime(api, {}, async (rt) => {
        const started = Date.now();
        const r = await rt.run(`
          const t0 = Date.now(), p0 = performance.now(), start = new Date().toISOString();
          export default await new Promise((resolve) => setTimeout(() => resolve({ start, date: Date.now() - t0, perf: performance.now() - p0, iso: new Date().toISOString() }), 3600_000));`, "/root/hour.mjs");
        const wallMs = Date.now() - started;
        return { code: r.code, value: (r.exports as any)?.default, wallMs };
      }),
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.value.start).toMatch(/^2025-01-01T00:00:00\.00\dZ$/);
      // The clock jumped by the delay (plus the little the callback's own work moved it).
      expect(o.value.date).toBeGreaterThanOrEqual(3_600_000);
      expect(o.value.date).toBeLessThan(3_600_005);
      expect(o.value.perf).toBeGreaterThanOrEqual(3_600_000);
      expect(o.value.perf).toBeLessThan(3_600_005);
      expect(o.value.iso).toMatch(/^2025-01-01T01:00:00\.00\dZ$/);
      // Not slept: a real hour is 3,600,000 ms; the run took seconds at most, however loaded the machine.
      expect(o.wallMs).toBeLessThan(60_000);
    },
  },
  {
    name: "virtual clock: virtualClockStart sets the start instant",
    run: (api) =>
      withRuntime(api, { virtualClockStart: Date.UTC(2030, 5, 1, 12) }, async (rt, out) => {
        await rt.exec(`console.log(new Date().toISOString(), Date.now(), performance.timeOrigin)`);
        await rt.exec(`console.log(new Date().toISOString())`, { virtualClockStart: new Date("1999-12-31T23:59:59.000Z") });
        return out();
      }),
    check(o, expect) {
      expect(o).toBe(`stdout: 2030-06-01T12:00:00.000Z ${Date.UTC(2030, 5, 1, 12)} ${Date.UTC(2030, 5, 1, 12)}\nstdout: 1999-12-31T23:59:59.000Z\n`);
    },
  },
  {
    name: "virtual clock: timers fire in deadline order, then creation order, each when its delay has passed",
    run: (api) =>
      withRuntime(api, {}, async (rt) => {
        const r = await rt.run(`
          const t0 = Date.now(), log = [];
          const at = (name) => () => log.push([name, Date.now() - t0]);
          setTimeout(at("30"), 30); setTimeout(at("10a"), 10); setTimeout(at("10b"), 10); setTimeout(at("0"), 0);
          setTimeout(() => { setTimeout(at("nested 5"), 5); setImmediate(at("immediate")); }, 20);
          let ticks = 0; const iv = setInterval(() => { log.push(["interval", Date.now() - t0]); if (++ticks === 3) clearInterval(iv); }, 12);
          export default await new Promise((resolve) => setTimeout(() => resolve(log), 100));`, "/root/order.mjs");
        return { code: r.code, log: (r.exports as any)?.default };
      }),
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.log.map((e: [string, number]) => e[0])).toEqual(["0", "10a", "10b", "interval", "immediate", "interval", "nested 5", "30", "interval"]);
      // Each fired when its deadline came, not before, and the clock moved only a little past it (the work done meanwhile).
      const due: Record<string, number[]> = { "0": [1], "10a": [10], "10b": [10], interval: [12, 24, 36], immediate: [20], "nested 5": [25], "30": [30] };
      const seen: Record<string, number> = {};
      for (const [name, t] of o.log as [string, number][]) {
        const expected = due[name]![(seen[name] = (seen[name] ?? -1) + 1)]!;
        expect(t).toBeGreaterThanOrEqual(expected);
        expect(t).toBeLessThan(expected + 3);
      }
    },
  },
  {
    name: "virtual clock: debounce fires once, its wait after the last call, as in Node",
    run: (api) =>
      withRuntime(api, {}, async (rt) => {
        const r = await rt.run(`
          // lodash's debounce in miniature: it reads Date.now() and re-arms a timer for the time remaining.
          function debounce(fn, wait) {
            let lastCall = 0, timer = null, lastArgs;
            function fire() {
              const since = Date.now() - lastCall;
              if (since < wait) { timer = setTimeout(fire, wait - since); return; }
              timer = null; fn(...lastArgs);
            }
            return (...args) => { lastArgs = args; lastCall = Date.now(); if (timer === null) timer = setTimeout(fire, wait); };
          }
          const t0 = Date.now(), calls = [];
          const save = debounce((v) => calls.push([v, Date.now() - t0]), 200);
          save("a"); setTimeout(() => save("b"), 50); setTimeout(() => save("c"), 150);
          setTimeout(() => save("d"), 600);
          // A retry loop with backoff: three failures, then success.
          let attempts = 0; const tries = [];
          const attempt = () => new Promise((res, rej) => (++attempts < 4 ? rej(new Error("busy")) : res("ok")));
          async function retry() { for (let delay = 100; ; delay *= 2) { try { return await attempt(); } catch { tries.push(Date.now() - t0); await new Promise((r) => setTimeout(r, delay)); } } }
          const outcome = await retry();
          export default await new Promise((resolve) => setTimeout(() => resolve({ calls, tries, outcome, end: Date.now() - t0 }), 1000));`, "/root/debounce.mjs");
        return { code: r.code, value: (r.exports as any)?.default };
      }),
    check(o, expect) {
      expect(o.code).toBe(0);
      const { calls, tries, outcome, end } = o.value;
      expect(calls.map((c: [string, number]) => c[0])).toEqual(["c", "d"]);
      expect(calls[0][1]).toBeGreaterThanOrEqual(350);
      expect(calls[0][1]).toBeLessThan(355);
      expect(calls[1][1]).toBeGreaterThanOrEqual(800);
      expect(calls[1][1]).toBeLessThan(805);
      expect(outcome).toBe("ok");
      expect(tries).toHaveLength(3);
      expect(tries[1] - tries[0]).toBeGreaterThanOrEqual(100);
      expect(tries[2] - tries[1]).toBeGreaterThanOrEqual(200);
      expect(tries[2] - tries[1]).toBeLessThan(205);
      expect(end).toBeGreaterThanOrEqual(1700);
    },
  },
  {
    name: "virtual clock: a busy-wait loop on Date.now ends, the clock moving with the work done",
    run: (api) =>
      withRuntime(api, {}, async (rt) => {
        const r = await rt.run(`
          const t0 = Date.now(), p0 = performance.now(); let spins = 0;
          while (Date.now() < t0 + 5) spins++;
          module.exports = { spins, moved: performance.now() - p0 };`);
        return { code: r.code, exports: r.exports, fuel: r.stats.fuel };
      }),
    check(o, expect) {
      expect(o.code).toBe(0);
      expect(o.exports.spins).toBeGreaterThan(0);
      expect(o.exports.moved).toBeGreaterThanOrEqual(5);
      // 0.25 ms of virtual time per unit of fuel.
      expect(o.fuel * 0.25).toBeGreaterThanOrEqual(5);
    },
  },
  {
    name: 'timingMitigation "freeze" and "off" keep their meaning beside the virtual default',
    run: (api) => {
      const program = `const t0 = Date.now(), p0 = performance.now();
        export default await new Promise((resolve) => setTimeout(() => resolve({ t0, date: Date.now() - t0, perf: performance.now() - p0, p0 }), 60));`;
      const measure = (timingMitigation: "freeze" | "off") =>
        withRuntime(api, { timingMitigation }, async (rt) => {
          const before = Date.now();
          const r = await rt.run(program, "/root/clock.mjs");
          return { code: r.code, value: (r.exports as any)?.default, before, wallMs: Date.now() - before };
        });
      return Promise.all([measure("freeze"), measure("off")]).then(([freeze, off]) => ({ freeze, off }));
    },
    check(o, expect) {
      expect(o.freeze.code).toBe(0);
      expect(o.freeze.value).toMatchObject({ date: 0, perf: 0, p0: 0 });
      // The frozen clock is the host's at the run's start, and the 60 ms timer really waited.
      expect(o.freeze.value.t0).toBeGreaterThanOrEqual(o.freeze.before);
      expect(o.freeze.wallMs).toBeGreaterThanOrEqual(55);
      expect(o.off.code).toBe(0);
      expect(o.off.value.date).toBeGreaterThanOrEqual(55);
      expect(o.off.value.perf).toBeGreaterThanOrEqual(55);
      expect(o.off.value.t0).toBeGreaterThanOrEqual(o.off.before);
    },
  },
];
