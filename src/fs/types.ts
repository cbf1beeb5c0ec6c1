/**
 * The filesystem interface the guest's `fs` is served from.
 *
 * Paths are absolute, normalised POSIX paths of the sandbox (the op layer
 * resolves `.`, `..`, `//` and the guest's cwd before calling). Methods fail
 * by throwing (or rejecting with) an error whose `code` is a POSIX code such
 * as `ENOENT`, `EEXIST`, `ENOTDIR`, `EISDIR`, `ENOTEMPTY`, `EACCES`; the op
 * layer turns it into Node's error with the guest's path and syscall.
 * @module
 */

/** What `stat` and `lstat` report. Times are milliseconds since the epoch. */
export interface VirtualStat {
  /** File type and permission bits, as in `st_mode` (e.g. `0o100644` for a regular file). */
  mode: number;
  /** Size in bytes. */
  size: number;
  /** Whether the entry is a directory. */
  isDirectory: boolean;
  /** Whether the entry is a symbolic link (only `lstat` reports `true`). */
  isSymbolicLink: boolean;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  /** Inode number (optional; 0 when unknown). */
  ino?: number;
  /** Number of hard links (optional; 1 when unknown). */
  nlink?: number;
  uid?: number;
  gid?: number;
}

/** One directory entry, as `readDirWithTypes` lists it. */
export interface VirtualDirEntry {
  name: string;
  isDirectory: boolean;
  /** Whether the entry is a symbolic link (optional; `false` when unknown). */
  isSymbolicLink?: boolean;
}

/** A filesystem the guest can be given. Every method may be synchronous or return a promise. */
export interface VirtualFileSystem {
  /** The whole content of a file. */
  readFile(path: string): Promise<Uint8Array>;
  /** The whole content of a file, decoded as UTF-8. */
  readTextFile(path: string): Promise<string>;
  /** Names in a directory (no `.` or `..`). */
  readDir(path: string): Promise<string[]>;
  /** Names in a directory with their types. */
  readDirWithTypes(path: string): Promise<VirtualDirEntry[]>;
  /** Creates or replaces a file (its directory must exist). */
  writeFile(path: string, content: string | Uint8Array): Promise<void>;
  /** Creates one directory (its parent must exist; fails with EEXIST if it exists). */
  createDir(path: string): Promise<void>;
  /** Creates a directory and any missing parents (succeeds if it exists). */
  mkdir(path: string): Promise<void>;
  /** Whether anything exists at `path` (symbolic links followed). */
  exists(path: string): Promise<boolean>;
  /** Metadata, following symbolic links. */
  stat(path: string): Promise<VirtualStat>;
  /** Metadata of the entry itself (a symbolic link is not followed). */
  lstat(path: string): Promise<VirtualStat>;
  /** Removes a file or symbolic link. */
  removeFile(path: string): Promise<void>;
  /** Removes an empty directory. */
  removeDir(path: string): Promise<void>;
  /** Moves an entry. */
  rename(oldPath: string, newPath: string): Promise<void>;
  /** Creates a symbolic link at `linkPath` whose content is `target` (stored as given). */
  symlink(target: string, linkPath: string): Promise<void>;
  /** The content of a symbolic link. */
  readlink(path: string): Promise<string>;
  /** Creates a hard link. */
  link(oldPath: string, newPath: string): Promise<void>;
  /** Changes permission bits. */
  chmod(path: string, mode: number): Promise<void>;
  /** Changes owner and group. */
  chown(path: string, uid: number, gid: number): Promise<void>;
  /** Sets access and modification times (milliseconds since the epoch). */
  utimes(path: string, atimeMs: number, mtimeMs: number): Promise<void>;
  /** Cuts or extends a file to `length` bytes. */
  truncate(path: string, length: number): Promise<void>;
  /** The canonical path: every symbolic link resolved (fails with ENOENT if it does not exist). */
  realpath(path: string): Promise<string>;
  /** Changes the owner of a symbolic link itself. Optional: without it, a link's owner cannot be changed. */
  lchown?(path: string, uid: number, gid: number): Promise<void>;
  /** Sets the times of a symbolic link itself. Optional, like `lchown`. */
  lutimes?(path: string, atimeMs: number, mtimeMs: number): Promise<void>;
  /** Reads `length` bytes at `position` (fewer at the end of the file). Optional: the whole file is read otherwise. */
  pread?(path: string, position: number, length: number): Promise<Uint8Array>;
  /** Writes `data` at `position`, extending the file as needed. Optional: the whole file is rewritten otherwise. */
  pwrite?(path: string, position: number, data: Uint8Array): Promise<void>;
}

/** Options of the read-only `node_modules` overlay. */
export interface ModuleAccessOptions {
  /** Absolute host path whose `node_modules` appears at `/root/node_modules`. Defaults to `process.cwd()`. */
  cwd?: string;
}
