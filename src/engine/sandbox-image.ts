/**
 * Preparing a sandbox: building it (a runtime and context with the guest
 * prelude evaluated) or restoring it from a captured image.
 *
 * The first sandbox a thread prepares for a compiled module is built by
 * evaluating the prelude; its memory is then captured, and later ones
 * restore that image into their fresh instance (the state is the same in
 * every fresh sandbox), which skips compiling the prelude. Restoring needs
 * the raw pointers of the runtime, the context and the API handles, and
 * rewraps them in the library's classes: that is done through
 * `quickjs-internals.ts`.
 * @module
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten-core";
import type { EngineInstance } from "./instance.js";
import { MIN_MEMORY_MB } from "./protocol.js";
import { API_FUNCTIONS, GuestApi, type ApiFunction } from "./guest-api.js";
import { HostFunctions } from "./host-functions.js";
import { ModuleLoader } from "./module-loader.js";
import { missingModule } from "./modules.js";
import { PendingRejections } from "./pending-rejections.js";
import { installRejectionTracker, reattachRejectionTracker, type TrackerCallback } from "./rejection-tracker.js";
import { captureMemory, restoreMemory, usedPages, type MemoryImage } from "./memory-image.js";
import { heapLayout, runPages } from "./heap-layout.js";
import { reuseContext, reuseRuntime } from "./wrapper-reuse.js";
import { TABLE_EXPORT } from "../../wasm/patch.js";
import {
  adoptContext,
  adoptRuntime,
  contextPointer,
  forgetCallbacksExcept,
  handleAt,
  heapAlloc,
  nextHostRefId,
  putHostRef,
  runtimePointer,
  valuePointer,
} from "./quickjs-internals.js";
import { GUEST_PRELUDE } from "./guest-prelude.generated.js";
import { guestBuiltinNames } from "./guest-sources.js";

/** The bundled builtins the guest can require (internal ones excluded): `builtinModules` and friends. */
const GUEST_REQUIRABLE_BUILTINS = guestBuiltinNames().filter((name) => !name.startsWith("internal/"));
import type { SandboxPointers } from "./snapshot-protocol.js";

/** The live parts of a prepared sandbox, each owned by the sandbox for its whole life. */
export interface SandboxParts {
  /** The wasm instance. */
  readonly instance: EngineInstance;
  /** The QuickJS runtime. */
  readonly rt: QuickJSRuntime;
  /** The context the prelude ran in. */
  readonly ctx: QuickJSContext;
  /** The prelude's API. */
  readonly api: GuestApi;
  /** The host functions the prelude holds. */
  readonly host: HostFunctions;
  /** Unhandled rejections, fed by the runtime's rejection tracker. */
  readonly rejections: PendingRejections;
  /** The runtime's ES module loader (installed). */
  readonly modules: ModuleLoader;
}

/** A prepared sandbox, captured: its memory and the pointers its wrappers need. */
export interface SandboxImage extends SandboxPointers {
  /** The non-zero pages of the built sandbox's memory. */
  memory: MemoryImage;
  /** Pages a fresh instance writes (static data), zeroed where the image has none. */
  dirty: number[];
}

/** What a built sandbox records for its capture, besides its parts. */
interface BuildRecord {
  /** The rejection tracker's index in the function table. */
  tracker: number;
  /** The host-reference id of the first host function. */
  firstHostRef: number;
}

/** Where an adopted sandbox's rejection tracker (a trampoline at `index` of the function table) forwards to. */
interface TrackerTarget {
  readonly index: number;
  rejections: PendingRejections | null;
}

/** Each API function's index in {@link API_FUNCTIONS} (and in a captured image's `fns`). */
const API_INDEX = Object.fromEntries(API_FUNCTIONS.map((name, i) => [name, i])) as Record<ApiFunction, number>;

/** The tracker each instance's table holds from its last adoption (see `adoptSandbox`). */
const trackerTargets = new WeakMap<EngineInstance, TrackerTarget>();

/** One image per compiled module (per engine thread). */
const images = new WeakMap<WebAssembly.Module, SandboxImage>();
/** Modules whose image could not be restored. */
const failedImages = new WeakSet<WebAssembly.Module>();
/** Offered images this thread accepted. */
const acceptedOffers = new WeakSet<SandboxImage>();
/** Images made elsewhere (see {@link offerImage}), not yet tried. */
const offered = new WeakMap<WebAssembly.Module, SandboxImage>();

/**
 * Offers this thread an image of `wasmModule`'s prepared sandbox made
 * elsewhere (at build time, from the same wasm build and guest sources: the
 * caller checks that, see `image-file.ts`): the next sandbox restores it
 * instead of evaluating the prelude. If it cannot be restored, the thread
 * builds its sandboxes (and its own image) as it would without the offer.
 * Ignored once the thread has an image.
 */
export function offerImage(wasmModule: WebAssembly.Module, image: SandboxImage): void {
  if (!images.has(wasmModule)) offered.set(wasmModule, image);
}

/** The image this thread captured or accepted for `wasmModule`, if any (what `scripts/build-image.mjs` ships). */
export function currentImage(wasmModule: WebAssembly.Module): SandboxImage | undefined {
  return images.get(wasmModule);
}

/** wasm page size in bytes. */
const PAGE = 65536;

/** An image is taken only while the memory has its initial size, so any fresh instance can hold it. */
const IMAGE_INITIAL_BYTES = MIN_MEMORY_MB * 1048576;

/**
 * Prepares a sandbox in the fresh `instance`: restored from this module's
 * image if there is one, else built (and captured, for the next ones).
 * Returns null if the image could not be restored: the instance is then
 * unusable, and the caller prepares a new one (this thread builds every
 * sandbox of that module from now on).
 */
export function prepareSandbox(wasmModule: WebAssembly.Module, instance: EngineInstance, maxStackBytes: number): SandboxParts | null {
  const offer = offered.get(wasmModule);
  if (offer) {
    offered.delete(wasmModule);
    if (!failedImages.has(wasmModule) && instance.memory.buffer.byteLength === IMAGE_INITIAL_BYTES) {
      images.set(wasmModule, offer);
      acceptedOffers.add(offer);
    }
  }
  const image = images.get(wasmModule);
  if (image) {
    try {
      return restore(instance, image);
    } catch {
      // Not expected; never retried. An offered image is replaced by one this thread builds.
      images.delete(wasmModule);
      if (!acceptedOffers.has(image)) failedImages.add(wasmModule);
      return null;
    }
  }
  const dirty = usedPages(instance.memory);
  const [parts, record] = build(instance, maxStackBytes);
  if (instance.memory.buffer.byteLength === IMAGE_INITIAL_BYTES && !failedImages.has(wasmModule)) {
    images.set(wasmModule, capture(parts, record, dirty));
  }
  return parts;
}

/** The pages a fresh instance of this module writes before any code runs (empty without an image). */
export function freshInstancePages(wasmModule: WebAssembly.Module): readonly number[] {
  return images.get(wasmModule)?.dirty ?? [];
}

/**
 * The pages a sandbox prepared from this module's image may have written
 * (the image's pages and what a fresh instance writes), or null when the
 * module has no image: what must be cleared to reuse such a sandbox's
 * instance for another memory image.
 */
export function preparedPages(wasmModule: WebAssembly.Module): ReadonlySet<number> | null {
  const image = images.get(wasmModule);
  return image ? new Set([...image.memory.pages.keys(), ...image.dirty]) : null;
}

/**
 * Makes the instance of a sandbox whose run has ended a prepared sandbox
 * again, as if it were fresh: the image is written back over every page the
 * run may have written (the stack window and the heap up to the break, see
 * `heap-layout.ts`), the pages outside the image among them are zeroed, and
 * the wrappers are rebuilt around the image's pointers; nothing of the
 * host-side wrappers of the run survives. Costs a copy of the image and of
 * the heap the run used, instead of a new instance and its page faults.
 * Returns null, leaving the instance alone, when it cannot be reused: no
 * image or layout for its module, the memory grew past the image's size, or
 * the run may have written where the layout says it cannot.
 */
export function recycleSandbox(parts: SandboxParts, maxStackBytes: number): SandboxParts | null {
  const { instance } = parts;
  const image = images.get(instance.wasmModule);
  const layout = heapLayout(instance.wasmModule);
  if (!image || !layout || instance.memory.buffer.byteLength !== image.memory.length * PAGE) return null;
  const table = instance.exports[TABLE_EXPORT];
  // The run added nothing to the function table (the tracker is its last entry, as in the image).
  if (!(table instanceof WebAssembly.Table) || table.length !== image.tracker + 1) return null;
  const written = runPages(instance.memory, layout, maxStackBytes);
  if (!written) return null;
  restoreMemory(instance.memory, image.memory, [...image.dirty, ...written]);
  forgetCallbacksExcept(instance.quickjs, image.runtime, image.context);
  instance.clearHeapExhausted();
  try {
    return adoptSandbox(instance, image, parts);
  } catch {
    // Not expected (the image restored into fresh instances the same way): the instance is dropped.
    return null;
  }
}

/** Builds a sandbox by evaluating the prelude. */
function build(instance: EngineInstance, maxStackBytes: number): [SandboxParts, BuildRecord] {
  const rt = instance.quickjs.newRuntime();
  rt.setMaxStackSize(maxStackBytes);
  let rejections: PendingRejections | null = null;
  const tracker = installRejectionTracker(instance.exports, instance.memory, rt, forward(() => rejections));
  const ctx = rt.newContext();
  const firstHostRef = nextHostRefId(rt);
  const host = new HostFunctions(ctx, instance);
  using hostObject = ctx.newObject();
  for (const [name, impl] of host.list()) {
    using fn = ctx.newFunction(name, impl);
    ctx.setProp(hostObject, name, fn);
  }
  // Data, not a function: the names of the builtins the guest can require, kept by the prelude (so in the image).
  using names = ctx.newArray();
  GUEST_REQUIRABLE_BUILTINS.forEach((name, i) => {
    using handle = ctx.newString(name);
    ctx.setProp(names, i, handle);
  });
  ctx.setProp(hostObject, "builtinNames", names);
  using factory = ctx.unwrapResult(ctx.evalCode(GUEST_PRELUDE, "node:internal/prelude"));
  const api = GuestApi.fromObject(ctx, ctx.unwrapResult(ctx.callFunction(factory, ctx.undefined, hostObject)));
  rejections = new PendingRejections(instance, ctx, heapAlloc(instance.quickjs, 8));
  return [assemble(instance, rt, ctx, api, host, rejections), { tracker, firstHostRef }];
}

/** Reproduces the captured sandbox in a fresh instance. */
function restore(instance: EngineInstance, image: SandboxImage): SandboxParts {
  restoreMemory(instance.memory, image.memory, image.dirty);
  return adoptSandbox(instance, image);
}

/**
 * Rewraps a sandbox whose memory was just written (an image restored into
 * `instance`): the runtime, context and API handles around the image's
 * pointers, the host functions under their old host-reference ids, the
 * rejection tracker at its old table index. `previous`, the parts of the
 * run that just ended in this instance, gives its runtime and context
 * wrappers to be readied again instead.
 * @throws if the instance does not line up with the image (the caller discards it).
 */
export function adoptSandbox(instance: EngineInstance, image: SandboxPointers, previous?: SandboxParts): SandboxParts {
  // A recycled sandbox's wrappers are readied again rather than made anew (see `wrapper-reuse.ts`).
  const reused = previous ? reuseRuntime(previous.rt, image.runtime) : null;
  const rt = reused ?? adoptRuntime(instance.quickjs, image.runtime);
  // The image's runtime has its interrupt handler enabled; answer it until a run installs its own.
  rt.setInterruptHandler(() => false);
  // A recycled instance keeps its tracker's trampoline (making one is a wasm instantiation): only its target changes.
  let target = trackerTargets.get(instance);
  if (!target || target.index !== image.tracker) {
    const fresh: TrackerTarget = { index: image.tracker, rejections: null };
    reattachRejectionTracker(instance.exports, image.tracker, forward(() => fresh.rejections));
    trackerTargets.set(instance, (target = fresh));
  }
  target.rejections = null;
  const ctx = (reused && reuseContext(previous!.ctx, rt, image.context)) || adoptContext(rt, image.context);
  if (nextHostRefId(rt) !== image.firstHostRef) throw new Error("quickexec: host references do not line up with the image");
  const host = new HostFunctions(ctx, instance);
  for (const [, impl] of host.list()) putHostRef(rt, impl);
  const api = GuestApi.lazy(ctx, handleAt(ctx, image.api), (name) => handleAt(ctx, image.fns[API_INDEX[name]]!));
  const rejections = new PendingRejections(instance, ctx, image.scratch);
  target.rejections = rejections;
  return assemble(instance, rt, ctx, api, host, rejections);
}

/** The pointers of a prepared sandbox's parts (for a snapshot of it); `tracker` is passed in, as the parts do not hold it. */
export function sandboxPointers(parts: SandboxParts, tracker: number): SandboxPointers {
  return {
    runtime: runtimePointer(parts.rt),
    context: contextPointer(parts.ctx),
    api: valuePointer(parts.api.handle),
    fns: API_FUNCTIONS.map((name) => valuePointer(parts.api.fn(name))),
    scratch: parts.rejections.scratch,
    tracker,
    firstHostRef: nextHostRefId(parts.rt) - parts.host.list().length,
  };
}

/** The tracker's callback, forwarding to the rejections table once it exists. */
function forward(rejections: () => PendingRejections | null): TrackerCallback {
  return (_ctx, promise, reason, handled) => rejections()?.track(promise, reason, handled !== 0);
}

/** What a sandbox needs besides its memory: the API bound to the host functions, and the module loader. */
function assemble(
  instance: EngineInstance,
  rt: QuickJSRuntime,
  ctx: QuickJSContext,
  api: GuestApi,
  host: HostFunctions,
  rejections: PendingRejections,
): SandboxParts {
  host.bindApi(api);
  host.bindRejections(rejections);
  const modules = new ModuleLoader(api, (op, args) => host.callOp(op, args), () => host.run);
  rt.setModuleLoader(
    (name) => modules.load(name),
    // A node:vm script (in a realm, or run in this context) has no module loader (importModuleDynamically is not supported).
    (base, requested, context) =>
      context === ctx && !host.realms.isVmScript(base)
        ? modules.normalize(base, requested)
        : missingModule("A dynamic import callback was not specified.", "ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING"),
  );
  return { instance, rt, ctx, api, host, rejections, modules };
}

/** Captures a freshly built sandbox, for {@link restore}. */
function capture(parts: SandboxParts, record: BuildRecord, dirty: number[]): SandboxImage {
  return { ...sandboxPointers(parts, record.tracker), memory: captureMemory(parts.instance.memory), dirty, firstHostRef: record.firstHostRef };
}
