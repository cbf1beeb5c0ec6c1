/**
 * Whether a range of a wasm memory is all zero, asked after every run (see
 * `runPages` in `heap-layout.ts`): a 64 KiB page read 16 bytes at a time by a
 * tiny wasm module that imports the memory (WebAssembly SIMD), about ten
 * times faster than a JavaScript loop over a typed array (~1.4 against ~14
 * µs per page, on the path between a run and the next). Until the module is
 * compiled, or where it cannot be (no SIMD), the JavaScript loop answers.
 * @module
 */

/**
 * The module, hand-assembled: `z(start, end)` returns 1 when every byte in
 * `[start, end)` of the imported memory is zero, else 0; `start < end`, both
 * multiples of 64. Equivalent text:
 * ```wat
 * (module
 *   (import "m" "m" (memory 0))
 *   (func (export "z") (param $p i32) (param $end i32) (result i32)
 *     (loop $next
 *       (if (v128.any_true (v128.or (v128.or (v128.load offset=0 (local.get $p)) (v128.load offset=16 (local.get $p)))
 *                                   (v128.or (v128.load offset=32 (local.get $p)) (v128.load offset=48 (local.get $p)))))
 *         (then (return (i32.const 0))))
 *       (br_if $next (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 64))) (local.get $end))))
 *     (i32.const 1)))
 * ```
 */
const BODY = [
  0x00, // no locals
  0x03, 0x40, // loop
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x00, // local.get 0; v128.load offset=0
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x10, // local.get 0; v128.load offset=16
  0xfd, 0x50, // v128.or
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x20, // local.get 0; v128.load offset=32
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x30, // local.get 0; v128.load offset=48
  0xfd, 0x50, // v128.or
  0xfd, 0x50, // v128.or
  0xfd, 0x53, // v128.any_true
  0x04, 0x40, 0x41, 0x00, 0x0f, 0x0b, // if: return 0; end
  0x20, 0x00, 0x41, 0xc0, 0x00, 0x6a, 0x22, 0x00, // local.tee 0 (local.get 0 + 64)
  0x20, 0x01, 0x49, 0x0d, 0x00, // br_if 0 (< end)
  0x0b, // end loop
  0x41, 0x01, // i32.const 1
  0x0b, // end
];
const MODULE_BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // type: (i32, i32) -> i32
  0x02, 0x08, 0x01, 0x01, 0x6d, 0x01, 0x6d, 0x02, 0x00, 0x00, // import "m" "m" (memory 0)
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x07, 0x05, 0x01, 0x01, 0x7a, 0x00, 0x00, // export "z"
  0x0a, BODY.length + 2, 0x01, BODY.length, ...BODY,
]);

/** Tells whether bytes `[start, end)` of a memory are all zero. */
export type ZeroScan = (start: number, end: number) => boolean;

/**
 * The compiled module: compiled off the thread as soon as this module loads
 * (a synchronous compile could hold up a run by milliseconds on a busy
 * machine); until then (undefined) the JavaScript loop answers. Null: it
 * cannot be made here.
 */
let compiled: WebAssembly.Module | null | undefined;
WebAssembly.compile(MODULE_BYTES).then(
  (module) => void (compiled = module),
  () => void (compiled = null),
);
/** One scanner per memory (its instance imports that memory). */
const scanners = new WeakMap<WebAssembly.Memory, ZeroScan>();

/** The JavaScript fallback: 32-bit words compared as small integers. */
function scanInJs(memory: WebAssembly.Memory): ZeroScan {
  return (start, end) => {
    const words = new Int32Array(memory.buffer);
    for (let i = start >> 2, last = end >> 2; i < last; i++) if (words[i] !== 0) return false;
    return true;
  };
}

/**
 * The scanner for `memory`. `start` and `end` must be multiples of 64 inside
 * the memory, `start < end`.
 */
export function zeroScanner(memory: WebAssembly.Memory): ZeroScan {
  let scan = scanners.get(memory);
  if (scan) return scan;
  // Not compiled yet: the loop answers this time, and is not remembered.
  if (compiled === undefined) return scanInJs(memory);
  if (compiled) {
    try {
      const z = new WebAssembly.Instance(compiled, { m: { m: memory } }).exports.z as (start: number, end: number) => number;
      scan = (start, end) => z(start, end) === 1;
    } catch {
      scan = scanInJs(memory);
    }
  } else scan = scanInJs(memory);
  scanners.set(memory, scan);
  return scan;
}
