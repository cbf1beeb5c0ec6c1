/**
 * The runtime and context wrappers of a recycled sandbox, made as a fresh
 * adoption would make them, without making new ones (see `recycleSandbox` in
 * `sandbox-image.ts`). Once the instance's memory holds the image again, the
 * wrappers of the finished run wrap the very same `JSRuntime` and
 * `JSContext` pointers; only the host-side state the run gave them has to
 * go. A new `QuickJSContext` cost ~17 µs per run (its constructor allocates
 * in the heap and binds methods), and the new wrappers of every run were
 * most of what survived the thread's young-generation collections.
 *
 * What a run can leave in them, and what is done about it:
 * - the runtime's host references (functions made during the run): a new,
 *   empty table, filled again by the caller as after an adoption;
 * - the runtime's contexts (`node:vm` realms): only the main one is kept;
 * - the context's cached heap values (`global`, `BigInt`, `Symbol` and the
 *   two well-known symbols): forgotten, their heap cells were rewound;
 * - the context's output cell (`uint32Out`) and the lifetimes its memory
 *   owns: a new cell is allocated, as the context's constructor does, at the
 *   point of the adoption where a new context would be made, so the heap
 *   ends up byte for byte as after an adoption;
 * - the interrupt handler, the module loader and the C-to-host dispatcher:
 *   the caller sets them anew, as for new wrappers.
 * Anything else found (a system context) makes the wrappers unfit: the
 * caller then adopts new ones.
 *
 * Relies on these `@private` members of quickjs-emscripten-core 0.32:
 * `QuickJSRuntime.rt`, `contextMap`, `hostRefs` (a `HostRefMap` made with no
 * arguments), `context`, `callbacks` (`setRuntimeCallbacks`, `setContextCallbacks`),
 * `cToHostCallbacks`; `QuickJSContext.cToHostCallbacks`, `QuickJSContext.ctx`, `runtime`, `uint32Out`,
 * `_global`, `_BigInt`, `_Symbol`, `_SymbolIterator`, `_SymbolAsyncIterator`,
 * and `memory` (a `ContextMemory`: `ctx`, `scope._disposables`, a `Lifetime`
 * whose `_value` is a set,
 * `manage`, `newTypedArray`).
 * @module
 */
import type { QuickJSContext, QuickJSRuntime } from "quickjs-emscripten-core";

/** The runtime wrapper's members touched here. */
interface RuntimeState {
  rt?: { value?: unknown };
  contextMap?: unknown;
  hostRefs?: unknown;
  context?: unknown;
}

/** The context wrapper's members touched here. */
interface ContextState {
  ctx?: { value?: unknown };
  runtime?: unknown;
  uint32Out?: unknown;
  _global?: unknown;
  _BigInt?: unknown;
  _Symbol?: unknown;
  _SymbolIterator?: unknown;
  _SymbolAsyncIterator?: unknown;
  memory?: {
    ctx?: unknown;
    scope?: { _disposables?: { value?: unknown } };
    manage?: (lifetime: unknown) => unknown;
    newTypedArray?: (kind: Uint32ArrayConstructor, length: number) => unknown;
  };
}

/**
 * Readies a finished run's runtime wrapper for the next run on the same
 * `JSRuntime` (`pointer`): an empty host-reference table and no context yet
 * (see {@link reuseContext}). Returns null, changing nothing, if the wrapper
 * is not one this module can vouch for.
 */
export function reuseRuntime(rt: QuickJSRuntime, pointer: number): QuickJSRuntime | null {
  const state = rt as unknown as RuntimeState;
  if (state.rt?.value !== pointer || state.context !== undefined || !(state.contextMap instanceof Map)) return null;
  const HostRefs = (state.hostRefs as { constructor?: unknown } | undefined)?.constructor;
  if (typeof HostRefs !== "function") return null;
  const callbacks = (state as { callbacks?: { setRuntimeCallbacks?: unknown } }).callbacks;
  const own = (state as { cToHostCallbacks?: unknown }).cToHostCallbacks;
  if (typeof callbacks?.setRuntimeCallbacks !== "function" || own === undefined) return null;
  state.hostRefs = new (HostRefs as new () => object)();
  state.contextMap = new Map();
  // As the constructor registers them (the entry is normally still this wrapper's).
  (callbacks.setRuntimeCallbacks as (pointer: number, callbacks: unknown) => void).call(callbacks, pointer, own);
  return rt;
}

/**
 * Readies a finished run's context wrapper for the next run on the same
 * `JSContext` (`pointer`) of `rt` (a wrapper readied by {@link reuseRuntime}):
 * call it where an adoption makes its new context, right after the memory
 * was restored. Returns null, changing nothing, if the wrapper is not one
 * this module can vouch for (the caller adopts a new one).
 */
export function reuseContext(ctx: QuickJSContext, rt: QuickJSRuntime, pointer: number): QuickJSContext | null {
  const state = ctx as unknown as ContextState;
  const memory = state.memory;
  const owned = memory?.scope?._disposables?.value;
  if (!memory?.scope?._disposables || !("_value" in memory.scope._disposables)) return null;
  if (state.ctx?.value !== pointer || state.runtime !== rt || !(owned instanceof Set) || !owned.has(memory!.ctx)) return null;
  if (typeof memory!.manage !== "function" || typeof memory!.newTypedArray !== "function") return null;
  // The old cells were in the rewound heap: forgotten, never freed.
  state._global = state._BigInt = state._Symbol = state._SymbolIterator = state._SymbolAsyncIterator = undefined;
  // A new set rather than a cleared one: clearing gives the set a new table the old one links to, which chained
  // every run's table to the next one's through young-generation collections (see `forgetCallbacksExcept`).
  (memory!.scope!._disposables as { _value: unknown })._value = new Set([memory!.ctx]);
  // What the constructor allocates, in the same order: the heap then matches an adoption's.
  state.uint32Out = memory!.manage(memory!.newTypedArray(Uint32Array, 1));
  const runtime = rt as unknown as { contextMap: Map<number, QuickJSContext>; callbacks: { setContextCallbacks(pointer: number, callbacks: unknown): void } };
  runtime.contextMap.set(pointer, ctx);
  // As the constructor registers them (the entry is normally still this wrapper's).
  runtime.callbacks.setContextCallbacks(pointer, (ctx as unknown as { cToHostCallbacks: unknown }).cToHostCallbacks);
  return ctx;
}
