/**
 * Long ASCII strings copied into the guest's heap with the platform's
 * encoder. The library's `newString` measures and encodes a string one UTF-16
 * unit at a time in JavaScript (emscripten's `lengthBytesUTF8` and
 * `stringToUTF8`): for the ~800 characters of a run's configuration that was
 * tens of microseconds per run until the engine thread's JIT had optimized
 * those loops (its first hundreds of runs). For ASCII text the UTF-8 bytes are
 * the characters themselves, so the copy here gives the heap exactly the
 * bytes, the allocation size and the calls (`_malloc`, `QTS_NewString`,
 * `_free`, in that order) the library's would; anything else goes through the
 * library.
 *
 * Relies on these `@private` members of quickjs-emscripten-core 0.32's
 * `QuickJSContext`: `module` (`_malloc`, `_free`, `HEAPU8`; `_malloc` is the
 * guarded one, see `instance.ts`), `ffi.QTS_NewString`, `ctx`, and
 * `memory.heapValueHandle`.
 * @module
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten-core";

/** The context's members used here. */
interface StringInternals {
  module: { _malloc(bytes: number): number; _free(pointer: number): void; HEAPU8: Uint8Array };
  ffi: { QTS_NewString(ctx: number, pointer: number): number };
  ctx: { value: number };
  memory: { heapValueHandle(pointer: number): QuickJSHandle };
}

/** Shorter strings gain nothing worth a second path. */
const MIN_LENGTH = 64;
const ASCII = /^[\x00-\x7f]*$/;
const encoder = new TextEncoder();

/** A guest string with `text`'s value, as `ctx.newString(text)` makes it. */
export function newGuestString(ctx: QuickJSContext, text: string): QuickJSHandle {
  if (text.length < MIN_LENGTH || !ASCII.test(text)) return ctx.newString(text);
  const { module, ffi, memory } = ctx as unknown as StringInternals;
  const pointer = module._malloc(text.length + 1);
  let value: number;
  try {
    // After the allocation: it may have grown the memory (a new buffer).
    const heap = module.HEAPU8;
    encoder.encodeInto(text, heap.subarray(pointer, pointer + text.length));
    heap[pointer + text.length] = 0;
    value = ffi.QTS_NewString((ctx as unknown as StringInternals).ctx.value, pointer);
  } finally {
    module._free(pointer);
  }
  return memory.heapValueHandle(value);
}
