/**
 * Counting a run's writes to its filesystem, so what the module resolver
 * keeps for the run (parsed `package.json` files) is dropped as soon as the
 * guest changes anything: a program that writes a file and then requires it,
 * or rewrites a `package.json`, sees the new content at once.
 * @module
 */
import type { FileHandle, FileSystem, OpenOptions } from "../fs/file-system.js";

/** The calls that only read: everything else counts as a write. */
const READS = new Set<string | symbol>(["readFile", "stat", "lstat", "exists", "realpath", "readDir", "readDirWithTypes", "readlink"]);

/** A run's count of filesystem writes (it only grows). */
export interface WriteCounter {
  writes: number;
}

/**
 * `fs` with every call that may change it counted in `counter` (before the
 * call, so a write that fails half-way counts too): creating, removing,
 * renaming or linking entries, changing content or metadata, opening for
 * writing, and every write or truncate through a handle opened so.
 */
export function countWrites(fs: FileSystem, counter: WriteCounter): FileSystem {
  return new Proxy(fs, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== "function" || READS.has(name)) return typeof value === "function" ? value.bind(target) : value;
      if (name === "open") {
        return async (path: string, options: OpenOptions) => {
          const writable = options.write || options.create || options.truncate || options.append;
          if (writable) counter.writes++;
          const handle = await (value as FileSystem["open"]).call(target, path, options);
          return writable ? countHandleWrites(handle, counter) : handle;
        };
      }
      return (...args: unknown[]) => {
        counter.writes++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function countHandleWrites(handle: FileHandle, counter: WriteCounter): FileHandle {
  return new Proxy(handle, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== "function") return value;
      if (name !== "write" && name !== "truncate") return value.bind(target);
      return (...args: unknown[]) => {
        counter.writes++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
