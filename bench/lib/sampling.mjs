// Shared by the bench scripts: a callable gc, a settled heap, and percentiles.
import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import vm from "node:vm";

/** A callable gc, without needing `node --expose-gc` (package.json runs plain `node`); null when V8 refuses. */
export const gc = (() => {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc");
  } catch {
    return null;
  }
})();

/** A few collections with pauses between them, so the heap (and RSS) settles before a reading. */
export async function settleHeap() {
  if (!gc) return;
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(20);
  }
}

/** Nearest-rank percentile of an unsorted sample. */
export function pct(sample, p) {
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
