/**
 * The prepared sandbox's image as a file: built once by `scripts/build-image.mjs`
 * (the prelude evaluated in a fresh instance, its memory captured) and
 * shipped next to the wasm, so an engine thread's first sandbox restores it
 * (well under a millisecond) instead of evaluating the prelude (the largest
 * part of a first sandbox).
 *
 * The image only holds for the wasm build and the guest sources it was made
 * from. The file carries the sources' identity, the SHA-256 of the wasm
 * bytes, the module's export count and a copy of the pages a new instance
 * holds before any of its code ran (the module's data segments); a thread
 * uses the image only when the sources and the build match
 * ({@link loadImageFile}): the build by the digest of the bytes its module
 * was compiled from where the thread was given it (a Node engine worker:
 * the host hashes the bytes it compiles), else by the export count and the
 * data segments (checked against a throwaway instance). What the instance's start-up code writes
 * differs between hosts (emscripten's environment strings hold the program's
 * path, and the locale under newer Node), and is left out of the check as a
 * live module's snapshot leaves it out (`snapshot-image.ts`): the image
 * carries its own copy of those pages, and the guest never reads them.
 * Nothing else in the image depends on the host: built under two time
 * zones and locales, two images differ only in QuickJS's own Math.random
 * state, which the guest never uses (the prelude replaces Math.random per run).
 *
 * The header also carries the module's heap layout, probed at build time
 * (`heap-layout.ts`): a property of the wasm build alone, so a thread that
 * takes the image can recycle its very first sandbox instead of probing a
 * throwaway instance first (which made a thread's second run wait for a new
 * instance).
 *
 * Layout: the 8 bytes `QXIMAGE1`, a 4-byte little-endian length, that many
 * bytes of JSON ({@link ImageHeader}, padded so the pages start 8-byte
 * aligned), then the image's pages and then the data-segment pages, 64 KiB
 * each, in the header's order.
 * @module
 */
import type { HeapLayout } from "./heap-layout.js";
import { createInstance } from "./instance.js";
import { usedPages } from "./memory-image.js";
import { MIN_MEMORY_MB } from "./protocol.js";
import type { SandboxImage } from "./sandbox-image.js";
import type { SandboxPointers } from "./snapshot-protocol.js";

/** wasm page size in bytes. */
const PAGE = 65536;
const MAGIC = "QXIMAGE1";

/** What the file says about its pages and where the sandbox's parts are. */
interface ImageHeader {
  /** `GUEST_SOURCES_ID` of the sources the prelude came from. */
  sourcesId: string;
  /** SHA-256 (hex) of the patched wasm bytes the image was made with. */
  wasmDigest: string;
  /** How many exports the (patched) wasm module has. */
  wasmExports: number;
  /** Where the runtime, context and prelude API are. */
  pointers: SandboxPointers;
  /** The memory's size when captured, in pages. */
  length: number;
  /** The image's non-zero pages. */
  pages: number[];
  /** The pages a fresh instance writes (start-up code included): cleared where the image has none. */
  dirty: number[];
  /** How many pages from the start of memory the module's data segments reach (stored whole, zero pages too). */
  segments: number;
  /** The module's heap layout, probed at build time (absent from older files, or where the probe found none). */
  layout?: HeapLayout;
}

/** A sandbox image read from a file, with the heap layout of the build it was made from (null if the file has none). */
export interface LoadedImage {
  image: SandboxImage;
  layout: HeapLayout | null;
}

/**
 * A copy of the memory a new instance of `wasmModule` has before its
 * start-up code runs (its data segments): the first `pages` pages, or
 * without `pages` up to the last non-zero page (a scan of the whole memory).
 */
export async function dataSegments(wasmModule: WebAssembly.Module, pages?: number): Promise<Uint8Array> {
  let copy: Uint8Array | null = null;
  const onInstance = (memory: WebAssembly.Memory) => {
    const bytes = new Uint8Array(memory.buffer);
    copy = bytes.slice(0, (pages ?? Math.max(-1, ...usedPages(memory)) + 1) * PAGE);
  };
  await createInstance(wasmModule, MIN_MEMORY_MB, 0, onInstance);
  if (!copy) throw new Error("quickexec: the instance was not made through the engine's hook");
  return copy;
}

/**
 * The file for `image`, of `wasmModule` (compiled from the bytes whose
 * SHA-256 is `wasmDigest`) whose new instances hold `segments` (from
 * {@link dataSegments}), and of the guest sources `sourcesId`.
 */
export function encodeImageFile(
  image: SandboxImage,
  segments: Uint8Array,
  wasmModule: WebAssembly.Module,
  sourcesId: string,
  wasmDigest: string,
  layout: HeapLayout | null,
): Uint8Array {
  const { memory, dirty, ...pointers } = image;
  const pages = [...memory.pages.keys()].sort((a, b) => a - b);
  const segmentPages = segments.length / PAGE;
  const header: ImageHeader = { sourcesId, wasmDigest, wasmExports: WebAssembly.Module.exports(wasmModule).length, pointers, length: memory.length, pages, dirty, segments: segmentPages };
  if (layout) header.layout = { breakWord: layout.breakWord, stackTopPage: layout.stackTopPage };
  const text = JSON.stringify(header);
  const json = new TextEncoder().encode(text.padEnd(text.length + ((8 - ((MAGIC.length + 4 + text.length) % 8)) % 8)));
  const out = new Uint8Array(MAGIC.length + 4 + json.length + (pages.length + segmentPages) * PAGE);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  let at = MAGIC.length + 4;
  out.set(json, at);
  at += json.length;
  for (const page of pages) (out.set(memory.pages.get(page)!, at), (at += PAGE));
  out.set(segments, at);
  return out;
}

/**
 * The image in `bytes` (with the heap layout the build probed) if it was
 * made from `wasmModule`'s build and the guest sources `sourcesId`, else the
 * reason it cannot be used. The build
 * is checked by `wasmDigest`, the SHA-256 of the bytes `wasmModule` was
 * compiled from, when given; without it, against a throwaway instance's
 * data segments (about one instantiation, on the first sandbox's path).
 * The pages stay views of `bytes`.
 */
export async function loadImageFile(bytes: Uint8Array, wasmModule: WebAssembly.Module, sourcesId: string, wasmDigest?: string): Promise<LoadedImage | string> {
  const head = MAGIC.length + 4;
  if (bytes.length < head || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) return "not a sandbox image file";
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  let header: ImageHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(head, head + jsonLength))) as ImageHeader;
  } catch {
    return "the sandbox image file's header is not JSON";
  }
  if (header.sourcesId !== sourcesId) return "the sandbox image was made from other guest sources";
  if (header.wasmExports !== WebAssembly.Module.exports(wasmModule).length) return "the sandbox image was made from another wasm build";
  let at = head + jsonLength;
  if (bytes.length !== at + (header.pages.length + header.segments) * PAGE) return "the sandbox image file is truncated";
  const take = () => bytes.subarray(at, (at += PAGE));
  const pages = new Map<number, Uint8Array>(header.pages.map((page) => [page, take()]));
  const image: SandboxImage = { ...header.pointers, memory: { pages, length: header.length }, dirty: header.dirty };
  const loaded: LoadedImage = { image, layout: validLayout(header.layout) };
  if (wasmDigest !== undefined) return header.wasmDigest === wasmDigest ? loaded : "the sandbox image was made from another wasm build";
  // One page past the recorded ones, which must be zero: a module with more data is another build.
  const fresh = await dataSegments(wasmModule, header.segments + 1);
  for (let page = 0; page < header.segments; page++) if (!sameBytes(fresh.subarray(page * PAGE, (page + 1) * PAGE), take())) return "the sandbox image was made from another wasm build";
  if (fresh.subarray(header.segments * PAGE).some((b) => b !== 0)) return "the sandbox image was made from another wasm build";
  return loaded;
}

/** The header's layout if it is one (two non-negative integers), else null (the thread then probes its own). */
function validLayout(layout: unknown): HeapLayout | null {
  if (typeof layout !== "object" || layout === null) return null;
  const { breakWord, stackTopPage } = layout as Record<string, unknown>;
  if (!Number.isSafeInteger(breakWord) || !Number.isSafeInteger(stackTopPage) || (breakWord as number) < 0 || (stackTopPage as number) < 0) return null;
  return { breakWord: breakWord as number, stackTopPage: stackTopPage as number };
}

/** Whether two 64 KiB pages are equal (compared a word at a time where both are aligned). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const x = new Int32Array(a.buffer, a.byteOffset, PAGE / 4);
    const y = new Int32Array(b.buffer, b.byteOffset, PAGE / 4);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  for (let i = 0; i < PAGE; i++) if (a[i] !== b[i]) return false;
  return true;
}
