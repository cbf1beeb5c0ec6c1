/**
 * Validation of a user-supplied {@link VirtualFileSystem}.
 * @module
 */
import type { VirtualFileSystem } from "./types.js";

/** The methods every filesystem must have (`pread` and `pwrite` are optional). */
const REQUIRED: ReadonlyArray<keyof VirtualFileSystem> = [
  "readFile", "readTextFile", "readDir", "readDirWithTypes", "writeFile", "createDir", "mkdir", "exists", "stat", "lstat",
  "removeFile", "removeDir", "rename", "symlink", "readlink", "link", "chmod", "chown", "utimes", "truncate", "realpath",
];

/** Returns `value` if it implements {@link VirtualFileSystem}; throws a TypeError naming what is missing. */
export function checkFileSystem(value: unknown, name: string): VirtualFileSystem {
  if (value === null || typeof value !== "object") throw new TypeError(`${name} must be a VirtualFileSystem object, e.g. createInMemoryFileSystem()`);
  const missing = REQUIRED.filter((method) => typeof (value as Record<string, unknown>)[method] !== "function");
  if (missing.length) throw new TypeError(`${name} is not a VirtualFileSystem: missing method${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  for (const method of ["pread", "pwrite", "lchown", "lutimes"] as const) {
    const fn = (value as Record<string, unknown>)[method];
    if (fn !== undefined && typeof fn !== "function") throw new TypeError(`${name}.${method} must be a function when given`);
  }
  return value as VirtualFileSystem;
}
