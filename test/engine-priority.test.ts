/**
 * Node engine threads lower their own priority (nice 10, src/node/engine-priority.ts)
 * and the host thread keeps its own: guests yield the CPU to the host's event loop.
 * Read from /proc, so Linux only. Both the unbundled driver (dist/src) and the
 * bundled worker the package entry starts (dist/node/engine-worker.cjs) are checked.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The nice value of each thread of this process (field 19 of /proc/self/task/<tid>/stat). */
function niceValues(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      // Fields after the command name (in parentheses, which may hold spaces): state is field 3.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(tid), Number(fields[16]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

type Entry = typeof import("../dist/src/index.js");

async function threadsAfterARun(entry: Entry): Promise<{ before: Map<number, number>; after: Map<number, number> }> {
  const before = niceValues();
  const runtime = new entry.NodeRuntime({ systemDriver: entry.createNodeDriver(), runtimeDriverFactory: entry.createNodeRuntimeDriverFactory() });
  const result = await runtime.run("module.exports = 1 + 1");
  expect(result.exports).toBe(2);
  const after = niceValues();
  runtime.dispose();
  return { before, after };
}

describe.runIf(process.platform === "linux" && existsSync("/proc/self/task"))("engine thread priority (Linux)", () => {
  for (const [name, load] of [
    ["dist/src (unbundled worker)", () => import("../dist/src/index.js")],
    ["dist/node (bundled entry and worker)", () => import("../dist/node/quickexec.js" as string) as Promise<Entry>],
  ] as const) {
    it(`${name}: a new engine thread runs at nice 10, the host thread keeps its nice`, async () => {
      const hostNice = niceValues().get(process.pid);
      const { before, after } = await threadsAfterARun(await load());
      const started = [...after].filter(([tid]) => !before.has(tid));
      expect(started.some(([, nice]) => nice === 10)).toBe(true);
      expect(after.get(process.pid)).toBe(hostNice);
    });
  }
});
