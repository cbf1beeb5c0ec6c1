/**
 * One QuickJS wasm instance with its own capped `WebAssembly.Memory`.
 *
 * `setMemoryLimit` inside QuickJS does not bound real memory in the prebuilt
 * wasm, so the cap is the memory's `maximum`: a failed heap growth becomes a
 * clean out-of-memory inside the guest. The emscripten import that grows the
 * heap is wrapped so the engine knows the cap was hit even when the guest
 * catches the error.
 *
 * quickjs-emscripten copies host strings and bytes into the heap with the
 * module's `_malloc` and does not check for a null result: at the cap it would
 * write them over address 0 and corrupt the instance (a run then spun forever
 * outside the CPU meter). That `_malloc` is wrapped too, so a host-side copy
 * that finds the heap full throws {@link GuestHeapExhausted} instead. How both
 * are wrapped is the business of `quickjs-internals.ts`.
 * @module
 */
import type { QuickJSWASMModule } from "quickjs-emscripten-core";
import { instantiateQuickJS } from "./quickjs-internals.js";
import { MIN_MEMORY_MB } from "./protocol.js";
import { GuestTimeZone } from "./time-zone.js";

/** Bytes in one wasm page. */
const PAGE = 65536;

/** A copy from the host into the guest's heap found no room: the memory limit is reached. */
export class GuestHeapExhausted extends Error {
  constructor(bytes: number) {
    super(`the guest heap has no room for ${bytes} bytes from the host`);
    this.name = "GuestHeapExhausted";
  }
}

/** A live wasm instance and what the engine needs to watch about it. */
export interface EngineInstance {
  /** The QuickJS module bound to this instance. */
  readonly quickjs: QuickJSWASMModule;
  /** The instance's memory; its `maximum` is the memory limit. */
  readonly memory: WebAssembly.Memory;
  /** The memory limit in MiB this instance was made for. */
  readonly memoryLimitMb: number;
  /** Set once the heap failed to grow because the cap was reached. */
  readonly heapExhausted: () => boolean;
  /** Clears the {@link heapExhausted} mark, for an instance whose memory was reset to a prepared image. */
  readonly clearHeapExhausted: () => void;
  /** The wasm instance's exports (the patched module also exports its function table). */
  readonly exports: WebAssembly.Exports;
  /** The compiled module it was instantiated from. */
  readonly wasmModule: WebAssembly.Module;
  /** Grows the memory to at least `bytes` as the heap grows itself (emscripten's views follow); false at the limit. */
  readonly growHeap: (bytes: number) => boolean;
  /** The guest's local time zone (UTC until set), which answers QuickJS's local-time calls. */
  readonly timeZone: GuestTimeZone;
}

/**
 * Instantiates QuickJS from an already compiled module with a memory capped at
 * `memoryLimitMb`. Costs about half a millisecond; no compilation happens here.
 * @param initialBytes the memory's initial size (default: the module's minimum, 16 MiB); a
 *   restored snapshot starts at its own size, so the heap views emscripten keeps see all of it.
 * @param onInstance called with the memory once instantiated, before any start-up code ran
 *   (it then holds the module's data segments and nothing else).
 */
export async function createInstance(
  wasmModule: WebAssembly.Module,
  memoryLimitMb: number,
  initialBytes = 0,
  onInstance?: (memory: WebAssembly.Memory) => void,
): Promise<EngineInstance> {
  const initialPages = Math.max(MIN_MEMORY_MB * (1048576 / PAGE), Math.ceil(initialBytes / PAGE));
  const maximumPages = Math.max(initialPages, Math.floor((memoryLimitMb * 1048576) / PAGE));
  const memory = new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages });
  let exhausted = false;
  const timeZone = new GuestTimeZone();
  const { quickjs, exports, growHeap } = await instantiateQuickJS(wasmModule, memory, {
    onGrowRefused() {
      exhausted = true;
    },
    onHostMallocFailed(bytes) {
      exhausted = true;
      throw new GuestHeapExhausted(bytes);
    },
    onInstance: onInstance && (() => onInstance(memory)),
    localtime: (heap, time, tm) => timeZone.localtime(heap, time, tm),
    tzset: (heapU8, heap32, timezone, daylight, stdName, dstName) => timeZone.tzset(heapU8, heap32, timezone, daylight, stdName, dstName),
  });
  return {
    quickjs,
    memory,
    memoryLimitMb,
    heapExhausted: () => exhausted,
    clearHeapExhausted: () => void (exhausted = false),
    exports,
    wasmModule,
    growHeap,
    timeZone,
  };
}
