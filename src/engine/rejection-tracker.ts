/**
 * QuickJS's promise-rejection tracker, installed from the host side.
 *
 * quickjs-emscripten does not expose `JS_SetHostPromiseRejectionTracker`, so
 * the engine writes the tracker into the runtime itself: a two-line wasm
 * trampoline with the tracker's C signature is appended to the instance's
 * function table (exported by `wasm/patch.ts`), and its table index is stored
 * in `JSRuntime.host_promise_rejection_tracker` (found by
 * `rejectionTrackerSlot` in `quickjs-internals.ts`, which knows the layout).
 * @module
 */
import type { QuickJSRuntime } from "quickjs-emscripten-core";
import { TABLE_EXPORT } from "../../wasm/patch.js";
import { rejectionTrackerSlot } from "./quickjs-internals.js";

/** `void tracker(JSContext *ctx, JSValue promise, JSValue reason, BOOL is_handled, void *opaque)` with NaN-boxed JSValues. */
export type TrackerCallback = (ctx: number, promise: bigint, reason: bigint, isHandled: number, opaque: number) => void;

// (module (type (func (param i32 i64 i64 i32 i32))) (import "e" "f" (func (type 0))) (export "f" (func 0)))
const TRAMPOLINE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x09, 0x01, 0x60, 0x05, 0x7f, 0x7e, 0x7e, 0x7f, 0x7f, 0x00,
  0x02, 0x07, 0x01, 0x01, 0x65, 0x01, 0x66, 0x00, 0x00,
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
]);
let trampoline: WebAssembly.Module | null = null;
/** Where each table's trampoline forwards to: replacing the tracker of a table that has one is then a store, not a new wasm instance. */
const targets = new WeakMap<WebAssembly.Table, { callback: TrackerCallback }>();

/**
 * Installs `callback` as the runtime's promise-rejection tracker. Call right
 * after creating the runtime, before its interrupt handler is enabled.
 * Returns the tracker's index in the function table.
 * @throws if the QuickJS build does not look as expected (the engine then refuses to start).
 */
export function installRejectionTracker(
  exports: WebAssembly.Exports,
  memory: WebAssembly.Memory,
  runtime: QuickJSRuntime,
  callback: TrackerCallback,
): number {
  const table = exports[TABLE_EXPORT];
  if (!(table instanceof WebAssembly.Table)) throw new Error("quickexec: the QuickJS module was not patched to export its function table");
  const slot = rejectionTrackerSlot(memory, runtime);
  const index = attachTracker(table, callback);
  const words = new Int32Array(memory.buffer);
  words[slot] = index;
  words[slot + 1] = 0;
  return index;
}

/** Adds the trampoline calling `callback` to the table; returns its index. */
function attachTracker(table: WebAssembly.Table, callback: TrackerCallback): number {
  const index = table.grow(1);
  table.set(index, forwarder(table, callback) as never);
  return index;
}

/** A trampoline for `table` calling its current target, which starts as `callback`. */
function forwarder(table: WebAssembly.Table, callback: TrackerCallback): unknown {
  const target = { callback };
  targets.set(table, target);
  trampoline ??= new WebAssembly.Module(TRAMPOLINE);
  const f: TrackerCallback = (ctx, promise, reason, isHandled, opaque) => target.callback(ctx, promise, reason, isHandled, opaque);
  return (new WebAssembly.Instance(trampoline, { e: { f } }).exports as { f: unknown }).f;
}

/**
 * For a runtime restored from a memory image: the runtime already names the
 * tracker's table index, so the fresh instance's table gets the trampoline at
 * that same index. An instance that already has a tracker there (a prepared
 * sandbox whose memory a snapshot replaces) gets its entry replaced.
 */
export function reattachRejectionTracker(exports: WebAssembly.Exports, index: number, callback: TrackerCallback): void {
  const table = exports[TABLE_EXPORT];
  if (!(table instanceof WebAssembly.Table)) throw new Error("quickexec: the QuickJS module was not patched to export its function table");
  if (table.length === index + 1) {
    const target = targets.get(table);
    if (target) target.callback = callback;
    else table.set(index, forwarder(table, callback) as never);
    return;
  }
  if (table.length !== index) throw new Error("quickexec: the restored runtime's tracker slot does not match this instance's table");
  attachTracker(table, callback);
}
