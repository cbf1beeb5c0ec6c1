/**
 * The one place that reaches past quickjs-emscripten's public API.
 *
 * The engine needs a few things the library does not offer: to instantiate
 * the wasm itself (a capped memory, a watched heap-resize import, a guarded
 * `_malloc`), to read the raw pointers of a runtime, a context and a value (so
 * a prepared sandbox can be captured and restored), to rebuild the runtime and
 * context wrappers around restored pointers, to re-register host functions
 * with the same ids, and to turn a raw `JSValue` (from the rejection tracker)
 * into a handle, to find where QuickJS keeps its promise-rejection tracker
 * in a runtime, and to call a guest function without the library's
 * per-call allocations. Each function below says which internals of
 * quickjs-emscripten-core 0.32.0 and `@jitl/quickjs-wasmfile-release-sync`
 * 0.32.0 (and the QuickJS built into it) it relies on: upgrading either library means checking this file,
 * and only this file. Every cast into the library's private members is here.
 * @module
 */
import { Lifetime, QuickJSRuntime, QuickJSWASMModule, WeakLifetime, type QuickJSContext, type QuickJSHandle, type QuickJSSyncVariant } from "quickjs-emscripten-core";
import variantModule from "@jitl/quickjs-wasmfile-release-sync";

// ---- instantiation -------------------------------------------------------------------------

/** The emscripten module object the variant's factory returns (members used here only). */
type EmscriptenModule = Record<string, unknown> & { type?: string; _malloc?: (bytes: number) => number };

/** The variant's emscripten factory: takes the module arguments, resolves to the module. */
type EmscriptenFactory = (moduleArg: Record<string, unknown>) => Promise<EmscriptenModule>;

/** The variant's FFI class (a typed wrapper around the module's exported `QTS_*` functions). */
type FFIClass = new (module: EmscriptenModule) => unknown;

let cachedLoaders: Promise<{ factory: EmscriptenFactory; FFI: FFIClass }> | null = null;

/**
 * The variant's emscripten factory and FFI class, loaded once. Calling them
 * directly (as `newQuickJSWASMModuleFromVariant` does inside) skips its chain
 * of dynamic imports on every instance.
 *
 * Relies on: `QuickJSSyncVariant.importModuleLoader()` resolving to the
 * emscripten factory and `importFFI()` to the FFI class whose constructor
 * takes the emscripten module (both typed loosely by the library).
 */
function variantLoaders(): Promise<{ factory: EmscriptenFactory; FFI: FFIClass }> {
  const variant = variantModule as unknown as QuickJSSyncVariant;
  cachedLoaders ??= Promise.all([variant.importModuleLoader(), variant.importFFI()]).then(([factory, FFI]) => ({
    factory: factory as unknown as EmscriptenFactory,
    FFI: FFI as unknown as FFIClass,
  }));
  return cachedLoaders;
}

/** What {@link instantiateQuickJS} tells its caller about the instance it made. */
export interface InstantiateHooks {
  /** Called when the heap asked to grow and the memory refused (its `maximum` is reached). */
  onGrowRefused(): void;
  /**
   * Called when a host-side copy into the heap (the library's `_malloc`) got
   * no memory; must throw, so the library never writes through a null pointer.
   */
  onHostMallocFailed(bytes: number): never;
  /**
   * Called once the wasm instance exists, before emscripten's start-up code
   * ran: its memory then holds exactly the module's data segments.
   */
  onInstance?(): void;
  /**
   * Answers the C library's local-time call (emscripten's `_localtime_js`)
   * instead of the host's `Date`, so the guest never sees the host's zone.
   */
  localtime?(heap: Int32Array, time: number | bigint, tmPointer: number): void;
  /** Answers the C library's zone set-up (emscripten's `_tzset_js`) instead of the host's `Date`. */
  tzset?(heapU8: Uint8Array, heap32: Int32Array, timezone: number, daylight: number, stdName: number, dstName: number): void;
}

/** A QuickJS module bound to one wasm instance, and that instance's exports. */
export interface InstantiatedQuickJS {
  /** The library's module object, bound to this instance. */
  readonly quickjs: QuickJSWASMModule;
  /** The wasm instance's exports (the patched module also exports its function table). */
  readonly exports: WebAssembly.Exports;
  /**
   * Grows the heap to at least `bytes` the way the heap itself grows (so
   * emscripten's heap views follow); false if the memory's maximum refuses.
   */
  readonly growHeap: (bytes: number) => boolean;
}

/**
 * Instantiates QuickJS from an already compiled module into `memory`.
 *
 * Relies on:
 * - the emscripten factory accepting `wasmMemory` and an `instantiateWasm(imports, onSuccess)` hook;
 * - the variant's imports living in the (minified) namespace `a`, one of which
 *   is emscripten's heap-resize function, recognised by calling `.grow(` on the memory;
 * - the emscripten module exposing `_malloc`, which the library calls (through
 *   `module._malloc`, looked up at each call) for every host-side copy into the heap;
 * - the module's `type` field being `"sync"` for a sync variant;
 * - `new QuickJSWASMModule(module, ffi)` (its constructor is `@private`).
 */
export async function instantiateQuickJS(wasmModule: WebAssembly.Module, memory: WebAssembly.Memory, hooks: InstantiateHooks): Promise<InstantiatedQuickJS> {
  let exports: WebAssembly.Exports | null = null;
  let resize: ((requested: number) => boolean) | null = null;
  const { factory, FFI } = await variantLoaders();
  const emscripten = await factory({
    wasmMemory: memory,
    // Our own instantiation: the module is compiled once per process, and the
    // heap-resize import is wrapped to notice when growth is refused.
    instantiateWasm(imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance) => void) {
      const env = imports.a as Record<string, unknown>;
      let hooked = false;
      for (const name of Object.keys(env)) {
        const fn = env[name];
        if (typeof fn === "function" && /\.grow\(/.test(Function.prototype.toString.call(fn))) {
          resize = fn as (n: number) => boolean;
          env[name] = (requested: number) => {
            const grown = (fn as (n: number) => boolean)(requested);
            if (!grown) hooks.onGrowRefused();
            return grown;
          };
          hooked = true;
        }
      }
      if (!hooked) throw new Error("quickexec: the QuickJS build has no recognisable heap-resize import");
      hookTimeZone(env, memory, hooks);
      const instance = new WebAssembly.Instance(wasmModule, imports);
      hooks.onInstance?.();
      exports = instance.exports;
      onSuccess(instance);
      return instance.exports;
    },
  });
  if (!exports) throw new Error("quickexec: QuickJS was not instantiated through the engine's hook");
  emscripten.type = "sync";
  const malloc = emscripten._malloc;
  if (typeof malloc !== "function") throw new Error("quickexec: the QuickJS build exports no _malloc to guard");
  // Host-side copies only: QuickJS's own allocations happen inside the wasm and handle failure themselves.
  emscripten._malloc = (bytes: number) => {
    const pointer = malloc(bytes);
    if (pointer === 0 && bytes > 0) hooks.onHostMallocFailed(bytes);
    return pointer;
  };
  const quickjs = new QuickJSWASMModule(emscripten as never, new FFI(emscripten) as never);
  const grow = resize as ((n: number) => boolean) | null;
  const growHeap = (bytes: number) => memory.buffer.byteLength >= bytes || (grow !== null && grow(bytes) === true);
  return { quickjs, exports, growHeap };
}

/**
 * Replaces emscripten's two imports that read the host's time zone
 * (`_localtime_js`, which fills a `struct tm` from `new Date(t).getSeconds()`
 * and friends, and `_tzset_js`, which reads January's and July's offsets),
 * recognised by their source, with the hooks. Both must be found when hooks
 * are given: a build where they are not would show the guest the host's zone.
 */
function hookTimeZone(env: Record<string, unknown>, memory: WebAssembly.Memory, hooks: InstantiateHooks): void {
  const { localtime, tzset } = hooks;
  if (!localtime || !tzset) return;
  let found = 0;
  for (const name of Object.keys(env)) {
    const fn = env[name];
    if (typeof fn !== "function") continue;
    const source = Function.prototype.toString.call(fn);
    if (!source.includes("getTimezoneOffset")) continue;
    if (source.includes("getSeconds")) {
      env[name] = (time: number | bigint, tm: number) => localtime(new Int32Array(memory.buffer), time, tm);
      found |= 1;
    } else if (source.includes("getFullYear")) {
      env[name] = (timezone: number, daylight: number, stdName: number, dstName: number) =>
        tzset(new Uint8Array(memory.buffer), new Int32Array(memory.buffer), timezone, daylight, stdName, dstName);
      found |= 2;
    }
  }
  if (found !== 3) throw new Error("quickexec: the QuickJS build has no recognisable local-time imports");
}

// ---- the library's private members ---------------------------------------------------------

/** `QuickJSWASMModule`'s `@private` members used here (0.32: `module`, `ffi`, `callbacks`). */
interface ModuleInternals {
  module: { _malloc(bytes: number): number; _free(pointer: number): void };
  ffi: { QTS_FreeRuntime(rt: number): void; QTS_DupValuePointer(ctx: number, value: number): number };
  callbacks: { deleteRuntime(rt: number): void; runtimeCallbacks: Map<number, unknown>; contextCallbacks: Map<number, unknown> };
}

/** `QuickJSRuntime`'s `@private` members used here (0.32: `rt`, a `Lifetime<JSRuntimePointer>`, and `hostRefs`, a `HostRefMap`). */
interface RuntimeInternals {
  rt: { value: number };
  hostRefs: { nextId: number; put(value: object): number };
}

/** `QuickJSContext`'s `@private` members used here (0.32: `ctx`, a `Lifetime<JSContextPointer>`, and `memory`, a `ContextMemory`). */
interface ContextInternals {
  ctx: { value: number };
  memory: { heapValueHandle(pointer: number): QuickJSHandle };
}

const moduleInternals = (quickjs: QuickJSWASMModule) => quickjs as unknown as ModuleInternals;
const runtimeInternals = (rt: QuickJSRuntime) => rt as unknown as RuntimeInternals;
const contextInternals = (ctx: QuickJSContext) => ctx as unknown as ContextInternals;

/**
 * Allocates `bytes` in the guest's heap with the module's `_malloc` (as the
 * library does for its own copies); never freed by the library.
 * Relies on `QuickJSWASMModule.module._malloc` (`@private`).
 */
export function heapAlloc(quickjs: QuickJSWASMModule, bytes: number): number {
  return moduleInternals(quickjs).module._malloc(bytes);
}

/** Frees what {@link heapAlloc} allocated. Relies on `QuickJSWASMModule.module._free` (`@private`). */
export function heapFree(quickjs: QuickJSWASMModule, pointer: number): void {
  moduleInternals(quickjs).module._free(pointer);
}

/**
 * Drops every runtime and context the module's C-to-host callbacks know but
 * `runtime` and `context`, for an instance whose memory was just reset to an
 * image whose runtime and context are at those addresses: the other pointers
 * no longer name anything, and the wrappers adopted next register their own
 * callbacks under these two (replacing the entries left here, which nothing
 * calls before then).
 *
 * The two entries are overwritten rather than cleared: clearing a `Map`
 * gives it a new table that the old one links to, and with one clear per
 * run those tables chained every finished sandbox's wrappers to the next
 * one's, so the young-generation collector kept (and promoted) all of them
 * until a full collection.
 *
 * Relies on `QuickJSWASMModule.callbacks` (`@private`) and its maps
 * `runtimeCallbacks` and `contextCallbacks`.
 */
export function forgetCallbacksExcept(quickjs: QuickJSWASMModule, runtime: number, context: number): void {
  const { callbacks } = moduleInternals(quickjs);
  for (const pointer of [...callbacks.runtimeCallbacks.keys()]) if (pointer !== runtime) callbacks.runtimeCallbacks.delete(pointer);
  for (const pointer of [...callbacks.contextCallbacks.keys()]) if (pointer !== context) callbacks.contextCallbacks.delete(pointer);
}

/** The `JSRuntime*` a runtime wraps. Relies on `QuickJSRuntime.rt.value` (`@private`). */
export function runtimePointer(rt: QuickJSRuntime): number {
  return runtimeInternals(rt).rt.value;
}

/** The `JSContext*` a context wraps. Relies on `QuickJSContext.ctx.value` (`@private`). */
export function contextPointer(ctx: QuickJSContext): number {
  return contextInternals(ctx).ctx.value;
}

/** The `JSValue*` a handle owns (`Lifetime.value` is public, but typed as a branded pointer). */
export function valuePointer(handle: QuickJSHandle): number {
  return handle.value as unknown as number;
}

/**
 * The reference count of the object a NaN-boxed `JSValue` (as the rejection
 * tracker gives it) points to: the `ref_count` that starts every
 * `JSGCObjectHeader`. Only for values known to be objects (a promise).
 */
export function objectRefCount(memory: WebAssembly.Memory, value: bigint): number {
  return new DataView(memory.buffer).getInt32(Number(value & 0xffffffffn), true);
}

/**
 * A handle for a `JSValue*` the handle then owns (freed when it is disposed).
 * Relies on `QuickJSContext.memory.heapValueHandle` (`@private`).
 */
export function handleAt(ctx: QuickJSContext, pointer: number): QuickJSHandle {
  return contextInternals(ctx).memory.heapValueHandle(pointer);
}

/** `QuickJSContext`'s `@private` members a direct call uses (0.32: `module`, `ffi`, and the `success`/`fail` result makers). */
interface CallInternals {
  module: { _malloc(bytes: number): number; _free(pointer: number): void; HEAPU8: Uint8Array };
  ffi: {
    QTS_Call(ctx: number, fn: number, self: number, argc: number, argv: number): number;
    QTS_ResolveException(ctx: number, value: number): number;
    QTS_FreeValuePointer(ctx: number, value: number): void;
  };
  success(value: QuickJSHandle): GuestResult;
  fail(error: QuickJSHandle): GuestResult;
}

/** What `QuickJSContext.callFunction` gives back. */
type GuestResult = ReturnType<QuickJSContext["callFunction"]>;

/** A 32-bit view of each heap buffer (a new buffer once the memory grew). */
const heapWords = new WeakMap<ArrayBufferLike, Int32Array>();

/**
 * Calls `fn` with `undefined` as `this`, as `ctx.callFunction(fn, ctx.undefined, ...args)`
 * does, minus its per-call allocations (three typed arrays and a lifetime for
 * the argument array): the engine calls into the guest several times per
 * live call and per event-loop turn. Does not check the handles' owner (the
 * engine's handles are its own).
 *
 * Relies on: `QuickJSContext.module` (`_malloc`, `_free`, `HEAPU8`), `ffi`
 * (`QTS_Call`, `QTS_ResolveException`, `QTS_FreeValuePointer`), `success`,
 * `fail` and `memory.heapValueHandle` (all `@private`), and `QTS_Call` taking
 * the arguments as an array of `JSValue*` in the heap, as `callFunction` passes them.
 */
export function callGuest(ctx: QuickJSContext, fn: QuickJSHandle, args: readonly QuickJSHandle[]): GuestResult {
  const internals = ctx as unknown as CallInternals;
  const { module, ffi } = internals;
  const context = contextPointer(ctx);
  const argc = args.length;
  let argv = 0;
  if (argc > 0) {
    argv = module._malloc(argc * 4);
    const buffer = module.HEAPU8.buffer;
    let words = heapWords.get(buffer);
    if (!words) heapWords.set(buffer, (words = new Int32Array(buffer)));
    for (let i = 0; i < argc; i++) words[(argv >> 2) + i] = valuePointer(args[i]!);
  }
  let result: number;
  try {
    result = ffi.QTS_Call(context, valuePointer(fn), valuePointer(ctx.undefined), argc, argv);
  } finally {
    if (argv !== 0) module._free(argv);
  }
  const error = ffi.QTS_ResolveException(context, result);
  if (error !== 0) {
    ffi.QTS_FreeValuePointer(context, result);
    return internals.fail(handleAt(ctx, error));
  }
  return internals.success(handleAt(ctx, result));
}

/** `QuickJSContext`'s `@private` members its C-to-host function calls go through (0.32). */
interface HostCallInternals {
  ctx: { value: number };
  ffi: {
    QTS_ArgvGetJSValueConstPointer(argv: number, index: number): number;
    QTS_DupValuePointer(ctx: number, value: number): number;
    QTS_Throw(ctx: number, error: number): number;
  };
  memory: { copyJSValue: (value: number) => number; freeJSValue: (value: number) => void };
  runtime: QuickJSRuntime;
  getFunction(id: number): ((this: QuickJSHandle, ...args: QuickJSHandle[]) => unknown) | undefined;
  errorToHandle(error: unknown): QuickJSHandle;
  cToHostCallbacks: { callFunction(ctx: number, thisPointer: number, argc: number, argv: number, fnId: number): number };
}

/**
 * Makes the guest's calls of `ctx`'s host functions (made with
 * `newFunction`) do what the library's own dispatcher does, without its
 * per-call machinery (a scope, two generators run as "maybe async", a
 * lifetime set): the same borrowed handles for `this` and the arguments,
 * ended after the call; a returned handle duplicated for the guest and then
 * disposed; an `{ error }` or a thrown error thrown into the guest, as
 * `errorToHandle` makes it. That machinery was most of a host call's cost
 * (about 18 of 21 µs per call on a loaded 2-core machine, measured on raw
 * quickjs-emscripten). Only for synchronous host functions (the only kind
 * the sync variant has).
 *
 * Relies on: `QuickJSContext.cToHostCallbacks` being the object the
 * module's callbacks call `callFunction` on for each call (registered by
 * the constructor with `setContextCallbacks`), `ctx`, `ffi`
 * (`QTS_ArgvGetJSValueConstPointer`, `QTS_DupValuePointer`, `QTS_Throw`),
 * `memory.copyJSValue`/`freeJSValue`, `runtime`, `getFunction` and
 * `errorToHandle` (all `@private`), and the dispatcher's behaviour in 0.32.0
 * described above.
 */
export function callHostFunctionsDirectly(ctx: QuickJSContext): void {
  const internals = ctx as unknown as HostCallInternals;
  const { ffi, memory, runtime } = internals;
  const context = internals.ctx.value;
  const borrowed = (pointer: number): QuickJSHandle => new WeakLifetime(pointer, memory.copyJSValue, memory.freeJSValue, runtime) as unknown as QuickJSHandle;
  internals.cToHostCallbacks.callFunction = (calledIn, thisPointer, argc, argv, fnId) => {
    if (calledIn !== context) throw new Error("QuickJSContext instance received C -> JS call with mismatched ctx");
    const fn = internals.getFunction(fnId)!;
    const self = borrowed(thisPointer);
    const args = new Array<QuickJSHandle>(argc);
    for (let i = 0; i < argc; i++) args[i] = borrowed(ffi.QTS_ArgvGetJSValueConstPointer(argv, i));
    let handle: QuickJSHandle | undefined;
    try {
      const result = fn.apply(self, args) as QuickJSHandle | { value: QuickJSHandle } | { error: QuickJSHandle } | undefined;
      if (!result) return 0;
      if ("error" in result && result.error) throw result.error;
      handle = result instanceof Lifetime ? result : (result as { value: QuickJSHandle }).value;
      return ffi.QTS_DupValuePointer(context, handle.value as unknown as number);
    } catch (error) {
      const thrown = internals.errorToHandle(error);
      try {
        return ffi.QTS_Throw(context, thrown.value as unknown as number);
      } finally {
        thrown.dispose();
      }
    } finally {
      // In the order the library's scope ends them: the result, the arguments, `this`.
      if (handle?.alive) handle.dispose();
      for (let i = argc - 1; i >= 0; i--) args[i]!.dispose();
      self.dispose();
    }
  };
}

/**
 * A new counted reference to the `JSValue` stored at `valueAddress` (a heap
 * cell holding the value itself, not a `JSValue*`): the `JSValue*` of the
 * copy, or 0 when the heap is full. Relies on the FFI's `QTS_DupValuePointer`
 * (reached through the public `getFFI()`, whose pointer types are branded).
 */
export function dupValueAt(quickjs: QuickJSWASMModule, ctx: QuickJSContext, valueAddress: number): number {
  const ffi = quickjs.getFFI() as unknown as ModuleInternals["ffi"];
  return ffi.QTS_DupValuePointer(contextPointer(ctx), valueAddress);
}

/**
 * The id the runtime's next host reference (a host function, say) will get.
 * Relies on `QuickJSRuntime.hostRefs.nextId` (`@private`, in the `@private` `HostRefMap`).
 */
export function nextHostRefId(rt: QuickJSRuntime): number {
  return runtimeInternals(rt).hostRefs.nextId;
}

/**
 * Registers `fn` as the runtime's next host reference, as `newFunction` does,
 * without making a guest function object: for a restored runtime whose
 * function objects already name these ids. Relies on `QuickJSRuntime.hostRefs.put` (`@private`).
 */
export function putHostRef(rt: QuickJSRuntime, fn: object): number {
  return runtimeInternals(rt).hostRefs.put(fn);
}

/**
 * A runtime wrapper around an existing `JSRuntime*` (one restored from a
 * memory image), disposed the way the library disposes its own.
 * Relies on: the `@private` `QuickJSRuntime` constructor `{ module, ffi, rt, callbacks }`,
 * `QuickJSWASMModule`'s `@private` `module`, `ffi` and `callbacks`, and the
 * library's own runtime disposal (`QTS_FreeRuntime`, then `callbacks.deleteRuntime`).
 */
export function adoptRuntime(quickjs: QuickJSWASMModule, pointer: number): QuickJSRuntime {
  const { module, ffi, callbacks } = moduleInternals(quickjs);
  return new QuickJSRuntime({
    module,
    callbacks,
    ffi,
    rt: new Lifetime(pointer, undefined, (rt: number) => {
      ffi.QTS_FreeRuntime(rt);
      callbacks.deleteRuntime(rt);
    }),
  } as never);
}

/**
 * A context wrapper around an existing `JSContext*` of `rt`.
 * Relies on the `@private` `ContextOptions.contextPointer`.
 */
export function adoptContext(rt: QuickJSRuntime, pointer: number): QuickJSContext {
  return rt.newContext({ contextPointer: pointer } as never);
}

// ---- realms: contexts that live as long as their objects -----------------------------------

/** `QuickJSRuntime`'s `@private` members for its contexts (0.32: `contextMap`, `callbacks`). */
interface RuntimeContextInternals {
  contextMap: Map<number, QuickJSContext>;
  callbacks: { contextCallbacks: Map<number, unknown>; deleteContext(ctx: number): void };
}

/** `QuickJSContext`'s `@private` C-to-host callbacks object (0.32: `cToHostCallbacks`). */
interface ContextCallbackInternals {
  cToHostCallbacks: unknown;
}

/**
 * Drops the count a context wrapper holds on its `JSContext`, without
 * disposing the wrapper: from then on the context lives exactly as long as
 * something keeps it (its global object and built-ins hold counts on it, and
 * QuickJS's cycle collector frees the lot once the guest lets go). The
 * wrapper may only be used while the caller knows the guest still holds one
 * of the context's objects, must never be disposed, and is dropped with
 * {@link forgetContext}.
 *
 * Relies on: the FFI's `QTS_FreeContext` calling `JS_FreeContext`, which only
 * frees at a zero count; and every built-in function of a QuickJS context
 * holding a count on its realm (QuickJS 2025-09-13, `JS_NewCFunction3`).
 */
export function releaseContext(quickjs: QuickJSWASMModule, ctx: QuickJSContext): void {
  (quickjs.getFFI() as unknown as { QTS_FreeContext(ctx: number): void }).QTS_FreeContext(contextPointer(ctx));
}

/**
 * Removes a released context's wrapper from its runtime's tables (the
 * context itself is freed by QuickJS, or already was). A newer context made
 * at the same address keeps its own entries.
 * Relies on `QuickJSRuntime.contextMap` and `callbacks.contextCallbacks`
 * (`@private`) and `QuickJSContext.cToHostCallbacks` (`@private`).
 */
export function forgetContext(rt: QuickJSRuntime, ctx: QuickJSContext, pointer: number): void {
  const { contextMap, callbacks } = rt as unknown as RuntimeContextInternals;
  if (contextMap.get(pointer) === ctx) contextMap.delete(pointer);
  if (callbacks.contextCallbacks.get(pointer) === (ctx as unknown as ContextCallbackInternals).cToHostCallbacks) callbacks.deleteContext(pointer);
}

// ---- QuickJS's own memory layout -----------------------------------------------------------

/** Words of the runtime scanned for `interrupt_handler`. */
const SCAN_WORDS = 256;

/**
 * The index (in 32-bit words of the instance's memory) of
 * `JSRuntime.host_promise_rejection_tracker` in `rt`; the word after it is
 * that tracker's opaque pointer. Enables the runtime's interrupt handler
 * (answering false), so call it before a run installs its own.
 *
 * Relies on: the `JSRuntime` of the QuickJS built into
 * `@jitl/quickjs-wasmfile-release-sync` 0.32 (wasm32) holding
 * `interrupt_handler, interrupt_opaque, host_promise_rejection_tracker,
 * host_promise_rejection_tracker_opaque` in that order within its first
 * {@link SCAN_WORDS} words; `setInterruptHandler` writing `interrupt_handler`
 * (and, at most, the word after it); and the tracker slot being empty in a
 * fresh runtime. `interrupt_handler` is located by watching which word
 * changes when the interrupt handler is enabled.
 * @throws if the runtime does not look as expected (the engine then refuses to start).
 */
export function rejectionTrackerSlot(memory: WebAssembly.Memory, rt: QuickJSRuntime): number {
  const rtPointer = runtimePointer(rt);
  const before = new Int32Array(memory.buffer, rtPointer, SCAN_WORDS).slice();
  rt.setInterruptHandler(() => false);
  const after = new Int32Array(memory.buffer, rtPointer, SCAN_WORDS);
  const changed: number[] = [];
  for (let i = 0; i < SCAN_WORDS; i++) if (before[i] !== after[i]) changed.push(i);
  const handlerWord = changed[0];
  if (handlerWord === undefined || changed.length > 2 || (changed.length === 2 && changed[1] !== handlerWord + 1)) {
    throw new Error("quickexec: could not locate the interrupt handler in the QuickJS runtime");
  }
  const trackerWord = handlerWord + 2;
  if (after[trackerWord] !== 0 || after[trackerWord + 1] !== 0) throw new Error("quickexec: the QuickJS runtime layout is not the expected one");
  return rtPointer / 4 + trackerWord;
}

/** `QuickJSContext`'s `@private` members {@link evalScript} goes through (0.32). */
interface EvalInternals {
  module: { _malloc(bytes: number): number; _free(pointer: number): void; HEAPU8: Uint8Array };
  ffi: { QTS_Eval(ctx: number, code: number, length: number, filename: string, detectModule: number, flags: number): number };
}

const scriptEncoder = new TextEncoder();

/** Whether a string holds no lone surrogate (any surrogate, where the engine lacks `isWellFormed`). */
const wellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !/[\uD800-\uDFFF]/.test(text);

/**
 * `ctx.evalCode(code, filename, { type: "global", strict: false })`, with the
 * code copied into the heap by one `TextEncoder` pass: the library counts and
 * copies it a character at a time in JavaScript, which is most of the host's
 * share of compiling a large module. A string holding a lone surrogate goes
 * the library's way (the encoder would replace it).
 *
 * Relies on: `QuickJSContext.module` (`_malloc`, `_free`, `HEAPU8`) and `ffi.QTS_Eval`
 * (`@private`), called as `evalCode` calls it (a NUL-terminated copy, its length without
 * the NUL, no module detection, flags 0 for a global sloppy script).
 */
export function evalScript(ctx: QuickJSContext, code: string, filename: string): GuestResult {
  if (!wellFormed(code)) return ctx.evalCode(code, filename, { type: "global", strict: false });
  const { module, ffi } = ctx as unknown as EvalInternals;
  const bytes = scriptEncoder.encode(code);
  const pointer = module._malloc(bytes.length + 1);
  let result: number;
  try {
    const heap = module.HEAPU8;
    heap.set(bytes, pointer);
    heap[pointer + bytes.length] = 0;
    result = ffi.QTS_Eval(contextPointer(ctx), pointer, bytes.length, filename, 0, 0);
  } finally {
    module._free(pointer);
  }
  const internals = ctx as unknown as CallInternals;
  const error = internals.ffi.QTS_ResolveException(contextPointer(ctx), result);
  if (error !== 0) {
    internals.ffi.QTS_FreeValuePointer(contextPointer(ctx), result);
    return internals.fail(handleAt(ctx, error));
  }
  return internals.success(handleAt(ctx, result));
}
