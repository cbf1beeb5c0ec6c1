/**
 * The host's `node_modules` folder as the read-only overlay serves it (see
 * `module-access-fs.ts`), looked up by each driver's filesystem the first
 * time it reaches the overlay (a run that loads no package never does), but
 * built once per folder: making the host filesystem resolves the folder's
 * real path (a system call per path component), which cost most of a
 * `createNodeDriver()` (40-90 µs). Each lookup still asks the host whether
 * the folder is there now (one `stat`, 20 µs on a virtual machine), and
 * reuses the filesystem made earlier only for the very same folder (same
 * device and inode, as a directory): a folder created, removed or replaced
 * (a symlink pointed elsewhere) since then is seen as it is now. The
 * filesystem itself holds nothing but its root: every read goes to the host.
 * @module
 */
import { statSync } from "node:fs";
import { createHostFileSystem } from "./host-fs.js";
import type { VirtualFileSystem } from "./types.js";

/** The filesystem made for each folder path, with the identity of the directory it was made for. */
const made = new Map<string, { dev: number; ino: number; fs: VirtualFileSystem }>();
/** Folders remembered at most (a process making drivers for many working directories keeps the latest ones). */
const MAX_FOLDERS = 16;

/**
 * A host filesystem rooted at `path` if it is a directory now, else null
 * (missing, not a directory, or not reachable).
 */
export function hostModulesFileSystem(path: string): VirtualFileSystem | null {
  let stat;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (!stat || !stat.isDirectory()) {
    made.delete(path);
    return null;
  }
  const known = made.get(path);
  if (known && known.dev === stat.dev && known.ino === stat.ino) return known.fs;
  const fs = createHostFileSystem(path);
  made.delete(path);
  if (made.size >= MAX_FOLDERS) made.delete(made.keys().next().value!);
  made.set(path, { dev: stat.dev, ino: stat.ino, fs });
  return fs;
}
