/**
 * A live module's sandbox captured whole and restored into a fresh instance
 * (the engine's half of `module.snapshot()` and `runtime.restore(bytes)`).
 *
 * The state of a sandbox is its wasm linear memory plus a few pointers the
 * host-side wrappers hold (runtime, context, prelude API, the session's own
 * handles: see `SandboxPointers` and `LiveSessionState`). Capturing copies
 * the memory's non-zero pages (everything else is zero); restoring makes a
 * fresh instance of the same compiled module whose memory starts at the
 * snapshot's size (so emscripten's heap views cover it), writes the pages,
 * clears what the fresh instance itself wrote where the snapshot has zeros,
 * and rewraps the pointers as the prelude image does (`adoptSandbox`).
 *
 * A snapshot only restores into the same wasm build: its identity is a hash
 * of what a new instance holds before any code runs (the module's data
 * segments), of the guest prelude and of the prelude API's shape. What
 * start-up code writes differs between platforms (the time zone, say) and is
 * left out: a snapshot carries its own copy.
 * @module
 */
import { createInstance, type EngineInstance } from "./instance.js";
import { usedPages } from "./memory-image.js";
import { API_FUNCTIONS } from "./guest-api.js";
import { adoptSandbox, sandboxPointers, type SandboxParts } from "./sandbox-image.js";
import { SNAPSHOT_ERRORS, type LiveSessionState, type SnapshotPayload } from "./snapshot-protocol.js";
import { TABLE_EXPORT } from "../../wasm/patch.js";
import { GUEST_PRELUDE } from "./guest-prelude.generated.js";

/** wasm page size in bytes. */
const PAGE = 65536;

/** A snapshot this engine cannot take or restore, with its `SNAPSHOT_ERRORS` code. */
export class SnapshotRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a fresh instance of a module looks like: its build identity and the pages it wrote. */
interface FreshShape {
  id: string;
  dirty: number[];
}

const shapes = new WeakMap<WebAssembly.Module, Promise<FreshShape>>();

/**
 * The build identity of `wasmModule` (and the pages a fresh instance of it
 * writes), computed once per module on this thread from a throwaway instance.
 */
export function freshShape(wasmModule: WebAssembly.Module): Promise<FreshShape> {
  let shape = shapes.get(wasmModule);
  if (!shape) {
    const hash = new Fnv();
    // The memory right after instantiation holds only the data segments: the same wherever the
    // module runs (start-up code then writes what depends on the platform, the time zone among it).
    const onInstance = (memory: WebAssembly.Memory) => {
      const words = new Int32Array(memory.buffer);
      for (const page of usedPages(memory)) {
        hash.word(page);
        for (let i = (page * PAGE) / 4, end = i + PAGE / 4; i < end; i++) hash.word(words[i]!);
      }
    };
    shape = createInstance(wasmModule, 16, 0, onInstance).then((instance) => {
      for (let i = 0; i < GUEST_PRELUDE.length; i++) hash.word(GUEST_PRELUDE.charCodeAt(i));
      for (const name of API_FUNCTIONS) for (let i = 0; i < name.length; i++) hash.word(name.charCodeAt(i));
      hash.word(WebAssembly.Module.exports(wasmModule).length);
      return { id: hash.hex(), dirty: usedPages(instance.memory) };
    });
    shapes.set(wasmModule, shape);
    shape.catch(() => shapes.delete(wasmModule));
  }
  return shape;
}

/** Two 32-bit FNV-1a lanes with different offsets: an identity, not a defence (the snapshot's SHA-256 is that). */
class Fnv {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;
  word(w: number): void {
    this.a = Math.imul(this.a ^ (w & 0xffff), 0x01000193) >>> 0;
    this.a = Math.imul(this.a ^ (w >>> 16), 0x01000193) >>> 0;
    this.b = Math.imul(this.b ^ (w >>> 16), 0x01000193) >>> 0;
    this.b = Math.imul(this.b ^ (w & 0xffff), 0x01000193) >>> 0;
  }
  hex(): string {
    return this.a.toString(16).padStart(8, "0") + this.b.toString(16).padStart(8, "0");
  }
}

/**
 * What keeps the sandbox from being captured now, in words, or null when
 * nothing is pending. Calls into the guest's scheduler: run it inside an
 * activation (its meter installed).
 */
export function pendingWork(parts: SandboxParts): string | null {
  const { api, rt, rejections } = parts;
  const pending: string[] = [];
  const next = api.number("nextTimerAt");
  if (typeof next !== "number") {
    next.dispose();
    return "the guest's scheduler could not be read";
  }
  if (next !== -1) pending.push("timers (setTimeout/setInterval not yet run or cleared)");
  const immediates = api.number("immediateBatch");
  if (typeof immediates !== "number") immediates.dispose();
  else if (immediates > 0) pending.push(`${immediates} setImmediate callback${immediates === 1 ? "" : "s"}`);
  if (rt.hasPendingJob()) pending.push("promise jobs (microtasks)");
  if (rejections.size > 0) pending.push("unhandled promise rejections");
  if (pending.length === 0) {
    const refs = api.call("hasRefs");
    if ("error" in refs) refs.error!.dispose();
    else {
      if (api.ctx.dump(refs.value) === true) pending.push("host operations or handles (an async call the host has not answered, a server, a socket or a child process)");
      refs.value.dispose();
    }
  }
  return pending.length === 0 ? null : pending.join(", ");
}

/** Captures the sandbox and the session's state (nothing may be pending: see {@link pendingWork}). */
export async function captureSnapshot(parts: SandboxParts, session: LiveSessionState): Promise<SnapshotPayload> {
  const { instance } = parts;
  const shape = await freshShape(instance.wasmModule);
  const table = instance.exports[TABLE_EXPORT];
  if (!(table instanceof WebAssembly.Table)) throw new Error("quickexec: the QuickJS module was not patched to export its function table");
  const pages = usedPages(instance.memory);
  const source = new Uint8Array(instance.memory.buffer);
  const pageData = new Uint8Array(pages.length * PAGE);
  pages.forEach((page, i) => pageData.set(source.subarray(page * PAGE, (page + 1) * PAGE), i * PAGE));
  return {
    wasmBuild: shape.id,
    memoryBytes: source.byteLength,
    pageIndex: Uint32Array.from(pages),
    pageData,
    // The rejection tracker is the last function the engine added to the table (nothing else grows it).
    sandbox: sandboxPointers(parts, table.length - 1),
    session,
  };
}

/** An instance a snapshot may be written into: a prepared sandbox's, and the pages it may have written. */
export interface ReusableInstance {
  instance: EngineInstance;
  written: ReadonlySet<number>;
}

/**
 * An instance of `wasmModule` holding the snapshot's sandbox, with this
 * thread's stack limit and a memory capped at `memoryLimitMb`: `reuse`'s
 * when given (grown to the snapshot's size as the heap grows itself, so
 * emscripten's heap views follow; nothing to instantiate then), else a fresh
 * one whose memory starts at the snapshot's size.
 * @throws SnapshotRefused when the snapshot was made by another build or does not fit the limit.
 */
export async function restoreSnapshot(
  wasmModule: WebAssembly.Module,
  payload: SnapshotPayload,
  memoryLimitMb: number,
  maxStackBytes: number,
  reuse: ReusableInstance | null,
): Promise<SandboxParts> {
  const shape = await freshShape(wasmModule);
  if (payload.wasmBuild !== shape.id) {
    throw new SnapshotRefused(SNAPSHOT_ERRORS.VERSION, `The snapshot was made by another build of the QuickJS wasm (build ${payload.wasmBuild}; this engine runs ${shape.id})`);
  }
  if (payload.memoryBytes > memoryLimitMb * 1048576) {
    throw new SnapshotRefused(SNAPSHOT_ERRORS.MEMORY_LIMIT, `The snapshot needs ${payload.memoryBytes / 1048576} MiB of memory, more than this runtime's memoryLimit of ${memoryLimitMb} MiB`);
  }
  // A larger memory than the snapshot's is fine: its pages above are zero, as they were for the guest.
  const fits = reuse !== null && reuse.instance.memoryLimitMb === memoryLimitMb && reuse.instance.growHeap(payload.memoryBytes);
  const instance = fits ? reuse.instance : await createInstance(wasmModule, memoryLimitMb, payload.memoryBytes);
  writePages(instance.memory, payload, fits ? reuse.written : shape.dirty);
  const parts = adoptSandbox(instance, payload.sandbox);
  // The snapshot's stack limit is its thread's: this thread's own applies here.
  parts.rt.setMaxStackSize(maxStackBytes);
  return parts;
}

/** Writes the snapshot's pages into `memory` and clears the `written` pages it does not hold (they were zero when captured). */
function writePages(memory: WebAssembly.Memory, payload: SnapshotPayload, written: Iterable<number>): void {
  const bytes = new Uint8Array(memory.buffer);
  const { pageIndex, pageData } = payload;
  if (pageData.byteLength !== pageIndex.length * PAGE) throw new Error("quickexec: the snapshot's pages do not match its index");
  const stored = new Set(pageIndex);
  for (const page of written) if (!stored.has(page)) bytes.fill(0, page * PAGE, (page + 1) * PAGE);
  // Consecutive pages are copied as one run.
  for (let i = 0; i < pageIndex.length; ) {
    let j = i + 1;
    while (j < pageIndex.length && pageIndex[j] === pageIndex[j - 1]! + 1) j++;
    const at = pageIndex[i]! * PAGE;
    if (at + (j - i) * PAGE > bytes.byteLength) throw new Error("quickexec: the snapshot's pages lie outside its memory");
    bytes.set(pageData.subarray(i * PAGE, j * PAGE), at);
    i = j;
  }
}
