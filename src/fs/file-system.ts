/**
 * The filesystem interface at the ops' level (after Deno's `FileSystem` in
 * `ext/fs/interface.rs`): every guest `fs` call is one call here, with
 * Node's flags and options already parsed. Paths are absolute, normalised
 * sandbox paths that the op layer has already checked; methods fail by
 * throwing an error whose `code` is a POSIX code (`ENOENT`, `EEXIST`, ...),
 * which the op turns into Node's error with the guest's path and syscall,
 * or an {@link FsPathError} that names a path and syscall of its own.
 *
 * Users give quickexec the simpler, seed-shaped `VirtualFileSystem`
 * (`./types.ts`); `toFileSystem` (`./full-fs.ts`) adds what it lacks.
 * @module
 */
import type { VirtualDirEntry, VirtualStat } from "./types.js";

/** How `open` opens a file (Node's string flags, parsed). */
export interface OpenOptions {
  /** Reads are allowed. */
  read: boolean;
  /** Writes are allowed. */
  write: boolean;
  /** Every write goes to the end of the file. */
  append: boolean;
  /** A missing file is created (empty). */
  create: boolean;
  /** An existing file is emptied. */
  truncate: boolean;
  /** The file must not exist yet (EEXIST otherwise). */
  createNew: boolean;
}

/** Bounds on how much one call may make a file grow. */
export interface GrowthLimit {
  /**
   * The most bytes a write or truncate may add past the file's current size
   * when it ends beyond this many bytes (EFBIG otherwise): a few bytes at a
   * huge position must not make the host allocate or store gigabytes.
   */
  maxGrowth: number;
}

/** An open file, as `open` hands it out. Positions are byte offsets. */
export interface FileHandle {
  /** Where the file was when it was opened. */
  readonly path: string;
  /** Up to `length` bytes at `position` (fewer at the end of the file); EISDIR on a directory. */
  read(position: number, length: number): Promise<Uint8Array>;
  /** Writes `data` at `position` (`"end"`: at the end of the file); resolves with the position written at. */
  write(position: number | "end", data: Uint8Array, limit: GrowthLimit): Promise<number>;
  /** The file's metadata. */
  stat(): Promise<VirtualStat>;
  /** Cuts or extends the file to `length` bytes. */
  truncate(length: number, limit: GrowthLimit): Promise<void>;
  /** Releases the handle. */
  close(): Promise<void>;
}

/** How `writeFile` writes. */
export interface WriteFileOptions extends GrowthLimit {
  /** Add to the end of an existing file instead of replacing it. */
  append: boolean;
  /** Fail with EEXIST if the file exists. */
  createNew: boolean;
  /** Permission bits of a file this call creates (before the umask, 022). */
  mode: number;
}

/**
 * The property under which a {@link VirtualFileSystem} names the folder
 * (absolute, normalised) whose files never change while the filesystem
 * object exists, so what is read there may be remembered for a runtime's
 * life (see `ops/module-files.ts`). Only quickexec's own filesystems set it.
 */
export const IMMUTABLE_FOLDER: unique symbol = Symbol.for("quickexec.immutableFolder");

/**
 * The property under which a {@link VirtualFileSystem} may offer a quick,
 * synchronous read of a whole regular file (a {@link QuickRead}). Only
 * quickexec's own filesystems set it (the in-memory one: one lookup instead
 * of a stat, an open, a read and a close).
 */
export const QUICK_READ: unique symbol = Symbol.for("quickexec.quickRead");

/** What a filesystem offers under {@link QUICK_READ}. */
export interface QuickRead {
  /**
   * The bytes of the regular file at `path` (a copy the caller owns), or
   * null whenever anything is unusual (no such file, a directory, over
   * `maxBytes`, not readable, ...): the filesystem's `stat` and `readFile`
   * then do the read and give the errors. It gives what those two give and
   * changes nothing they would not.
   */
  read(path: string, maxBytes: number): Uint8Array | null;
  /** The `readFile` and `stat` it stands for: it is used only while the filesystem's own are still these (not replaced, nor overridden by an object made from it). */
  readonly readFile: unknown;
  readonly stat: unknown;
}

/** A filesystem at the ops' level: one call per guest `fs` call. */
export interface FileSystem {
  /**
   * The whole content of a file. A directory fails with EISDIR (syscall
   * `read`, no path, as Node reports it); a file larger than `maxBytes`
   * with {@link FileTooLargeError}.
   */
  readFile(path: string, options: { maxBytes: number }): Promise<Uint8Array>;
  /** Creates, replaces or appends to a file (its directory must exist: ENOENT / ENOTDIR otherwise; EISDIR on a directory). */
  writeFile(path: string, data: Uint8Array, options: WriteFileOptions): Promise<void>;
  /** Copies a file's content (EISDIR for a directory on either side; EEXIST with `exclusive`). */
  copyFile(from: string, to: string, options: { exclusive: boolean; maxBytes: number }): Promise<void>;
  /** Metadata, following symbolic links. */
  stat(path: string): Promise<VirtualStat>;
  /** Metadata of the entry itself. */
  lstat(path: string): Promise<VirtualStat>;
  /** Whether anything exists at `path` (links followed). */
  exists(path: string): Promise<boolean>;
  /**
   * The canonical path. With `explain`, a path that does not resolve fails
   * with an {@link FsPathError} naming what is missing as Node's walk does:
   * the first missing component (`lstat`) or a dangling link (`stat`).
   */
  realpath(path: string, options?: { explain: boolean }): Promise<string>;
  /** Names in a directory. */
  readDir(path: string): Promise<string[]>;
  /** Names in a directory with their types. */
  readDirWithTypes(path: string): Promise<VirtualDirEntry[]>;
  /**
   * Creates a directory (`mode` before the umask, 022). With `recursive`,
   * missing parents too, and resolves with the first directory it created
   * (undefined when it already existed); anything in the way that is not a
   * directory fails (EEXIST at the path itself, ENOTDIR above it).
   */
  mkdir(path: string, options: { recursive: boolean; mode: number }): Promise<string | undefined>;
  /** Removes an empty directory (ENOTDIR if it is not one). */
  rmdir(path: string): Promise<void>;
  /** Removes a file or link (EISDIR for a directory). */
  unlink(path: string): Promise<void>;
  /** Moves an entry (a link is moved, not what it points to). */
  rename(from: string, to: string): Promise<void>;
  /** Creates a hard link. */
  link(from: string, to: string): Promise<void>;
  /** Creates a symbolic link at `path` whose content is `target`. */
  symlink(target: string, path: string): Promise<void>;
  /** The content of a symbolic link (EINVAL if it is not one). */
  readlink(path: string): Promise<string>;
  /** Changes permission bits. */
  chmod(path: string, mode: number): Promise<void>;
  /** Changes owner and group. */
  chown(path: string, uid: number, gid: number): Promise<void>;
  /** Changes the owner of a link itself (ENOSYS where links cannot be changed). */
  lchown(path: string, uid: number, gid: number): Promise<void>;
  /** Sets access and modification times (milliseconds since the epoch). */
  utimes(path: string, atimeMs: number, mtimeMs: number): Promise<void>;
  /** Sets the times of a link itself (ENOSYS where links cannot be changed). */
  lutimes(path: string, atimeMs: number, mtimeMs: number): Promise<void>;
  /** Cuts or extends a file to `length` bytes (EISDIR on a directory). */
  truncate(path: string, length: number, limit: GrowthLimit): Promise<void>;
  /** Opens a file as the options say (creating, emptying or refusing as they ask). */
  open(path: string, options: OpenOptions): Promise<FileHandle>;
}

/**
 * A failure about a path and syscall of the filesystem layer's choosing (the
 * missing component of a walk, or a read of a directory that Node reports
 * without a path): the op reports these instead of its own. Only
 * quickexec's own code makes them; a user filesystem's error fields are never
 * trusted for messages.
 */
export class FsPathError extends Error {
  /**
   * @param code the POSIX code.
   * @param syscall the syscall Node's message names.
   * @param path the path Node's message names (none: undefined).
   */
  constructor(
    readonly code: string,
    readonly syscall: string,
    readonly path?: string,
  ) {
    super(`${code}: ${syscall}${path === undefined ? "" : ` '${path}'`}`);
  }
}

/** A file larger than a read may bring into the sandbox. */
export class FileTooLargeError extends Error {
  /** `code` of the error. */
  readonly code = "ERR_FS_FILE_TOO_LARGE";
  /** @param size the file's size in bytes. */
  constructor(readonly size: number) {
    super(`File size (${size}) is too large`);
  }
}
