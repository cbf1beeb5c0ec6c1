/**
 * Copies of a wasm instance's linear memory, page by page, so a prepared
 * sandbox can be reproduced in a fresh instance without evaluating the
 * prelude again. Only pages that hold data are kept: a fresh memory is zero,
 * and touching fewer pages also means fewer page faults when restoring.
 * @module
 */

/** wasm page size in bytes. */
const PAGE = 65536;

/** The non-zero pages of a memory. */
export interface MemoryImage {
  /** Page index -> page contents, for every page that is not all zero. */
  readonly pages: ReadonlyMap<number, Uint8Array>;
  /** Size of the memory when captured, in pages. */
  readonly length: number;
}

/**
 * The indices of the pages of `memory` that are not all zero. Read as 32-bit
 * integers: a `BigUint64Array` would make a BigInt of every word, which cost
 * tens of milliseconds per 16 MiB memory on every engine thread's first sandbox.
 */
export function usedPages(memory: WebAssembly.Memory): number[] {
  // 32-bit words: the JIT compares them as small integers (64-bit words would be BigInts, many times slower).
  const words = new Int32Array(memory.buffer);
  const perPage = PAGE / 4;
  const used: number[] = [];
  for (let page = 0; page < words.length / perPage; page++) {
    for (let i = page * perPage, end = i + perPage; i < end; i++) {
      if (words[i] !== 0) {
        used.push(page);
        break;
      }
    }
  }
  return used;
}

/** Captures the non-zero pages of `memory`. */
export function captureMemory(memory: WebAssembly.Memory): MemoryImage {
  const bytes = new Uint8Array(memory.buffer);
  const pages = new Map<number, Uint8Array>();
  for (const page of usedPages(memory)) pages.set(page, bytes.slice(page * PAGE, (page + 1) * PAGE));
  return { pages, length: bytes.length / PAGE };
}

/**
 * Makes `memory` equal to the image: writes the image's pages and zeroes
 * `dirty` pages (those a fresh instance wrote) that the image does not hold.
 */
export function restoreMemory(memory: WebAssembly.Memory, image: MemoryImage, dirty: readonly number[]): void {
  if (memory.buffer.byteLength < image.length * PAGE) throw new Error("quickexec: memory smaller than the image");
  const bytes = new Uint8Array(memory.buffer);
  for (const page of dirty) if (!image.pages.has(page)) bytes.fill(0, page * PAGE, (page + 1) * PAGE);
  for (const [page, contents] of image.pages) bytes.set(contents, page * PAGE);
}
