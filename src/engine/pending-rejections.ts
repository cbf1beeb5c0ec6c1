/**
 * Promises rejected without a handler, as QuickJS's rejection tracker (see
 * `rejection-tracker.ts`) reports them: kept until the microtask queue
 * drains, when the event loop hands them to `unhandledRejection`; dropped
 * again if a handler is attached first.
 *
 * The tracker gives raw `JSValue`s; each kept one gets a counted handle of
 * its own, which this table owns until it hands it out with {@link PendingRejections.take}.
 * @module
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten-core";
import type { EngineInstance } from "./instance.js";
import { dupValueAt, handleAt, objectRefCount } from "./quickjs-internals.js";

/** A rejected promise and its reason, as handles. */
export interface Rejection {
  /** The promise. */
  readonly promise: QuickJSHandle;
  /** What it was rejected with. */
  readonly reason: QuickJSHandle;
}

/** The rejections without a handler so far, by promise. */
export class PendingRejections {
  private readonly pending = new Map<bigint, Rejection>();
  /** The promise of the tracker's last report, if that report was a rejection without handlers. */
  private lastRejected: bigint | null = null;

  /**
   * @param instance the instance whose memory holds `scratch`.
   * @param ctx the context the promises live in.
   * @param scratch an 8-byte heap cell used to turn a `JSValue` into a handle (allocated once, kept in the image).
   */
  constructor(
    private readonly instance: EngineInstance,
    private readonly ctx: QuickJSContext,
    readonly scratch: number,
  ) {}

  /** How many rejections are waiting. */
  get size(): number {
    return this.pending.size;
  }

  /** The tracker's report: a rejection without handlers (`handled` false), or a handler added later. */
  track(promise: bigint, reason: bigint, handled: boolean): void {
    const previous = this.lastRejected;
    this.lastRejected = handled ? null : promise;
    if (!handled) {
      if (this.pending.has(promise)) return;
      const promiseHandle = this.handleOf(promise);
      const reasonHandle = this.handleOf(reason);
      // Out of memory: the run is ending with the memory limit anyway.
      if (promiseHandle && reasonHandle) {
        this.pending.set(promise, { promise: promiseHandle, reason: reasonHandle });
        if (previous !== null && previous !== promise) this.dropModuleBodyPromise(previous, reasonHandle);
      } else {
        promiseHandle?.dispose();
        reasonHandle?.dispose();
      }
      return;
    }
    const entry = this.pending.get(promise);
    if (!entry) return;
    this.pending.delete(promise);
    entry.promise.dispose();
    entry.reason.dispose();
  }

  /** The promises waiting now (to tell later which ones came since). */
  keys(): Set<bigint> {
    return new Set(this.pending.keys());
  }

  /**
   * Drops the rejections that came since `before` was taken and were
   * rejected with `reason`: the promises QuickJS makes for its own module
   * evaluation, which no guest code can reach or handle.
   */
  dropSince(before: Set<bigint>, reason: QuickJSHandle): void {
    for (const [key, entry] of this.pending) {
      if (before.has(key) || !this.ctx.sameValue(entry.reason, reason)) continue;
      this.pending.delete(key);
      entry.promise.dispose();
      entry.reason.dispose();
    }
  }

  /**
   * QuickJS runs a module's body as an async function: when the body throws,
   * that function's promise is rejected, read and let go at once, and the
   * module's evaluation promise is rejected with the same error right after
   * (the one `import()` waits on and handles). The first promise was never
   * the guest's: it is dropped when, by the time the second is rejected, it
   * was rejected with the same reason by the tracker's report just before,
   * and this table's handle is the last reference to it (so no code can
   * ever reach it to add a handler).
   */
  private dropModuleBodyPromise(previous: bigint, reason: QuickJSHandle): void {
    const entry = this.pending.get(previous);
    if (!entry || !this.ctx.sameValue(entry.reason, reason)) return;
    if (objectRefCount(this.instance.memory, previous) !== 1) return;
    this.pending.delete(previous);
    entry.promise.dispose();
    entry.reason.dispose();
  }

  /** Hands out every waiting rejection, oldest first; the caller owns their handles now. */
  take(): Rejection[] {
    const taken = [...this.pending.values()];
    this.pending.clear();
    return taken;
  }

  /** A new handle (a counted reference) for a JSValue the tracker was given; null if the heap is full. */
  private handleOf(value: bigint): QuickJSHandle | null {
    new DataView(this.instance.memory.buffer).setBigInt64(this.scratch, value, true);
    const pointer = dupValueAt(this.instance.quickjs, this.ctx, this.scratch);
    return pointer === 0 ? null : handleAt(this.ctx, pointer);
  }
}
