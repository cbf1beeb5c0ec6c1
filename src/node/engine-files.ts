/**
 * The files a Node engine worker reads instead of holding everything in
 * memory: the guest's builtin sources (one builtin at a time, on its first
 * `require`: the whole set is megabytes a thread would otherwise parse and
 * keep at start) and the first sandbox's memory image (so the first sandbox
 * restores it instead of evaluating the prelude). `scripts/build.mjs` writes
 * both; a missing or stale file only costs speed (the thread then loads the
 * generated module of sources, or builds its first sandbox).
 * @module
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { BuiltinReader } from "../engine/guest-sources.js";

/** The builtins file, next to the compiled engine. */
const BUILTINS_FILE = new URL("../engine/guest-builtins.bin", import.meta.url);
/** The sandbox image, next to the compiled wasm loader. */
const IMAGE_FILE = new URL("../../wasm/sandbox-image.bin", import.meta.url);

/** Where each builtin's source lies in the file's body. */
interface BuiltinsIndex {
  id: string;
  builtins: Record<string, [offset: number, length: number]>;
}

/** Reads `length` bytes at `position` of the file open as `fd`. */
function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, bytes, done, length - done, position + done);
    if (n === 0) throw new Error("quickexec: the guest builtins file is truncated");
    done += n;
  }
  return bytes;
}

/**
 * A reader of the builtins file written for the guest sources `sourcesId`,
 * or null if the file is missing or belongs to other sources. Only its
 * index is read now; each source is read when asked for.
 */
export function builtinsFileReader(sourcesId: string): BuiltinReader | null {
  let index: BuiltinsIndex;
  let body: number;
  try {
    const fd = openSync(BUILTINS_FILE, "r");
    try {
      const length = readAt(fd, 0, 4).readUInt32LE(0);
      index = JSON.parse(readAt(fd, 4, length).toString("utf8")) as BuiltinsIndex;
      body = 4 + length;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  if (index.id !== sourcesId) return null;
  return (name) => {
    const entry = Object.prototype.hasOwnProperty.call(index.builtins, name) ? index.builtins[name] : undefined;
    if (!entry) return undefined;
    const fd = openSync(BUILTINS_FILE, "r");
    try {
      return readAt(fd, body + entry[0], entry[1]).toString("utf8");
    } finally {
      closeSync(fd);
    }
  };
}

/** The sandbox image file's bytes, or null if there is none. */
export function readImageFile(): Uint8Array | null {
  try {
    return readFileSync(IMAGE_FILE);
  } catch {
    return null;
  }
}

/**
 * {@link readImageFile}, read off the calling thread and into a buffer of
 * its own (whole, so it can be transferred to an engine thread): the host
 * reads it while a new engine thread boots and hands it over with the
 * module, so the thread neither reads the megabyte nor faults its pages in
 * on its way to its first run.
 */
export async function readImageFileAsync(): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    const bytes = await readFile(IMAGE_FILE);
    if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
      return new Uint8Array(bytes.buffer);
    }
    return new Uint8Array(bytes);
  } catch {
    return null;
  }
}
