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
 * that finds the heap full throws {@link GuestHeapExhausted} instead.
 * @module
 */
import { QuickJSWASMModule, type QuickJSSyncVariant } from "quickjs-emscripten-core";
import variantModule from "@jitl/quickjs-wasmfile-release-sync";

const baseVariant = variantModule as unknown as QuickJSSyncVariant;

/** Bytes in one wasm page. */
const PAGE = 65536;
import { MIN_MEMORY_MB } from "./protocol.js";

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
  /** The wasm instance's exports (the patched module also exports its function table). */
  readonly exports: WebAssembly.Exports;
}

/**
 * Instantiates QuickJS from an already compiled module with a memory capped at
 * `memoryLimitMb`. Costs about half a millisecond; no compilation happens here.
 */
export async function createInstance(wasmModule: WebAssembly.Module, memoryLimitMb: number): Promise<EngineInstance> {
  const initialPages = MIN_MEMORY_MB * (1048576 / PAGE);
  const maximumPages = Math.max(initialPages, Math.floor((memoryLimitMb * 1048576) / PAGE));
  const memory = new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages });
  let exhausted = false;
  let exports: WebAssembly.Exports | null = null;
  const { factory, FFI } = await loaders();
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
          env[name] = (requested: number) => {
            const grown = (fn as (n: number) => boolean)(requested);
            if (!grown) exhausted = true;
            return grown;
          };
          hooked = true;
        }
      }
      if (!hooked) throw new Error("quickexec: the QuickJS build has no recognisable heap-resize import");
      const instance = new WebAssembly.Instance(wasmModule, imports);
      exports = instance.exports;
      onSuccess(instance);
      return instance.exports;
    },
  });
  if (!exports) throw new Error("quickexec: QuickJS was not instantiated through the engine's hook");
  emscripten.type = "sync";
  const module = emscripten as unknown as { _malloc(bytes: number): number };
  const malloc = module._malloc;
  if (typeof malloc !== "function") throw new Error("quickexec: the QuickJS build exports no _malloc to guard");
  // Host-side copies only: QuickJS's own allocations happen inside the wasm and handle failure themselves.
  module._malloc = (bytes: number) => {
    const pointer = malloc(bytes);
    if (pointer === 0 && bytes > 0) {
      exhausted = true;
      throw new GuestHeapExhausted(bytes);
    }
    return pointer;
  };
  const quickjs = new QuickJSWASMModule(emscripten as never, new FFI(emscripten) as never);
  return { quickjs, memory, memoryLimitMb, heapExhausted: () => exhausted, exports };
}

type EmscriptenFactory = (moduleArg: Record<string, unknown>) => Promise<Record<string, unknown> & { type?: string }>;

let cachedLoaders: Promise<{ factory: EmscriptenFactory; FFI: new (module: unknown) => unknown }> | null = null;

/**
 * The variant's emscripten factory and FFI class, loaded once. Calling them
 * directly (as newQuickJSWASMModuleFromVariant does inside) skips its chain of
 * dynamic imports on every instance.
 */
function loaders() {
  cachedLoaders ??= Promise.all([baseVariant.importModuleLoader(), baseVariant.importFFI()]).then(([factory, FFI]) => ({
    factory: factory as unknown as EmscriptenFactory,
    FFI: FFI as unknown as new (module: unknown) => unknown,
  }));
  return cachedLoaders;
}
