/**
 * Positional reads and writes: on an already opened file, for filesystems
 * built on a synchronous `fs`-like API (Node's `fs`, memfs's `Volume`), and
 * over whole files for a filesystem that has no `pwrite`.
 * @module
 */
import type { VirtualFileSystem } from "./types.js";

/** The synchronous calls positional I/O needs; Node's `fs` and memfs's `Volume` both have them. */
export interface SyncFileIo {
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}

/** Reads up to `length` bytes at `position` from `fd`, then closes it. */
export function readAtAndClose(io: SyncFileIo, fd: number, position: number, length: number): Uint8Array {
  try {
    const out = new Uint8Array(length);
    const n = io.readSync(fd, out, 0, length, position);
    return n === length ? out : out.slice(0, n);
  } finally {
    io.closeSync(fd);
  }
}

/** Writes `data` at `position` to `fd`, then closes it. */
export function writeAtAndClose(io: SyncFileIo, fd: number, position: number, data: Uint8Array): void {
  try {
    io.writeSync(fd, data, 0, data.byteLength, position);
  } finally {
    io.closeSync(fd);
  }
}

/** Writes `data` at `position` of the file at `path` by rewriting the whole file (extended with zeros as needed). */
export async function writeByRewrite(fs: Pick<VirtualFileSystem, "readFile" | "writeFile">, path: string, position: number, data: Uint8Array): Promise<void> {
  const old = await fs.readFile(path);
  const next = new Uint8Array(Math.max(old.byteLength, position + data.byteLength));
  next.set(old);
  next.set(data, position);
  await fs.writeFile(path, next);
}
