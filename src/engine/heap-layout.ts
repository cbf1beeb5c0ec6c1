/**
 * Where a QuickJS instance can have written, found once per compiled module
 * by probing a throwaway instance: what lets a finished sandbox's instance be
 * cleaned for the next run instead of being replaced (see `recycleSandbox` in
 * `sandbox-image.ts`).
 *
 * emscripten lays the linear memory out as static data, then the stack
 * (growing down), then the heap (growing up from the stack's top to the
 * program break, `sbrk`). A run writes only:
 * - the heap below the break: the allocator never hands out memory above it,
 *   and this build's allocator never lowers it (checked here), so the break
 *   at the end of a run is the run's high-water mark;
 * - the stack within QuickJS's stack limit below the stack's top (QuickJS
 *   checks the stack pointer against that limit before every frame that can
 *   grow it; a slack of two pages covers frames between checks);
 * - static data (in every prepared sandbox's image, so rewritten anyway).
 *
 * Relies on: the break being a 32-bit word in a page a fresh instance has
 * written (emscripten's `sbrk` pointer in static data), found as the highest
 * word that follows two large allocations from below to past their ends; the
 * first allocation of a fresh instance landing just above the stack's top.
 * @module
 */
import type { EngineInstance } from "./instance.js";
import { heapAlloc, heapFree } from "./quickjs-internals.js";
import { zeroScanner } from "./zero-scan.js";

/** wasm page size in bytes. */
const PAGE = 65536;
/** Pages below the stack's top a run may write besides QuickJS's stack limit (frames between its checks). */
const STACK_SLACK_PAGES = 2;

/** Where an instance of one compiled module keeps its program break and its stack. */
export interface HeapLayout {
  /** Index (in 32-bit words of the memory) of the program break. */
  readonly breakWord: number;
  /** The page holding the stack's top (and the heap's start). */
  readonly stackTopPage: number;
}

/** One layout per compiled module; null where the probe did not find one. */
const layouts = new WeakMap<WebAssembly.Module, HeapLayout | null>();
/** Each module's probe, once started. */
const probes = new WeakMap<WebAssembly.Module, Promise<void>>();

/** The module's layout, if it was probed and found. */
export function heapLayout(wasmModule: WebAssembly.Module): HeapLayout | null {
  return layouts.get(wasmModule) ?? null;
}

/** Whether the module's probe has started (its layout may still be unknown). */
export function heapLayoutProbed(wasmModule: WebAssembly.Module): boolean {
  return probes.has(wasmModule);
}

/**
 * Records `layout` as `wasmModule`'s, found elsewhere for the same wasm
 * build (by the build's own probe, shipped with the sandbox image: see
 * `image-file.ts`), so this thread need not probe; ignored once the module
 * was probed or given a layout.
 */
export function adoptHeapLayout(wasmModule: WebAssembly.Module, layout: HeapLayout): void {
  if (probes.has(wasmModule)) return;
  layouts.set(wasmModule, layout);
  probes.set(wasmModule, Promise.resolve());
}

/**
 * Probes a throwaway instance of `wasmModule` for its layout, once per module
 * (later calls get the same promise), and records it; until then
 * {@link heapLayout} is null. `freshPages` are the pages a fresh instance has
 * written (the break is among them).
 */
export function probeHeapLayout(
  wasmModule: WebAssembly.Module,
  instantiate: () => Promise<EngineInstance>,
  freshPages: readonly number[],
): Promise<void> {
  let probing = probes.get(wasmModule);
  if (!probing) {
    probing = instantiate().then(
      (instance) => layouts.set(wasmModule, probeOrNull(instance, freshPages)),
      () => layouts.set(wasmModule, null),
    ).then(() => {});
    probes.set(wasmModule, probing);
  }
  return probing;
}

function probeOrNull(instance: EngineInstance, pages: readonly number[]): HeapLayout | null {
  try {
    return probe(instance, pages);
  } catch {
    return null;
  }
}

function probe(instance: EngineInstance, pages: readonly number[]): HeapLayout | null {
  const { memory, quickjs } = instance;
  const read = () => {
    const words = new Int32Array(memory.buffer);
    return pages.map((page) => words.slice((page * PAGE) / 4, ((page + 1) * PAGE) / 4));
  };
  const before = read();
  const sizes = [1 << 20, 2 << 20];
  const pointers: number[] = [];
  const after: Int32Array[][] = [];
  for (const size of sizes) {
    pointers.push(heapAlloc(quickjs, size));
    after.push(read());
  }
  let found: number | null = null;
  let highest = -1;
  for (let p = 0; p < pages.length; p++) {
    for (let i = 0; i < before[p]!.length; i++) {
      const v0 = before[p]![i]! >>> 0;
      const v1 = after[0]![p]![i]! >>> 0;
      const v2 = after[1]![p]![i]! >>> 0;
      const follows = v0 < v1 && v1 < v2 && v1 >= pointers[0]! + sizes[0]! && v2 >= pointers[1]! + sizes[1]! && v2 <= memory.buffer.byteLength;
      if (!follows) continue;
      if (v2 > highest) [found, highest] = [(pages[p]! * PAGE) / 4 + i, v2];
      else if (v2 === highest) found = null;
    }
  }
  if (found === null) return null;
  // The allocator must never lower the break: freeing both must leave it where it is.
  for (const pointer of pointers.reverse()) heapFree(quickjs, pointer);
  if (new Int32Array(memory.buffer)[found]! >>> 0 !== highest) return null;
  const first = pointers[pointers.length - 1]!;
  return { breakWord: found, stackTopPage: Math.floor(first / PAGE) };
}

/**
 * The pages of `memory` a finished run may have written outside the static
 * data, given the thread's stack limit: the stack window below the stack's
 * top and the heap up to the break. Null when the run may have written
 * elsewhere (the page just below the stack window is not all zero), so the
 * instance must not be reused.
 */
export function runPages(memory: WebAssembly.Memory, layout: HeapLayout, maxStackBytes: number): number[] | null {
  const words = new Int32Array(memory.buffer);
  const brk = words[layout.breakWord]! >>> 0;
  if (brk > memory.buffer.byteLength || brk < layout.stackTopPage * PAGE) return null;
  const lowest = Math.max(0, layout.stackTopPage - Math.ceil(maxStackBytes / PAGE) - STACK_SLACK_PAGES);
  if (lowest > 0 && !zeroScanner(memory)((lowest - 1) * PAGE, lowest * PAGE)) return null;
  const pages: number[] = [];
  for (let page = lowest, last = Math.ceil(brk / PAGE); page < last; page++) pages.push(page);
  return pages;
}
