/**
 * The one wrapper that gives a seed-shaped {@link VirtualFileSystem} (a
 * user's own, or a built-in one) the ops-level {@link FileSystem}: the POSIX
 * behaviour the simpler interface lacks is emulated here once (mkdir -p with
 * the first directory made, append, exclusive create, open flags, positional
 * reads and writes over whole files when `pread`/`pwrite` are missing, the
 * walk that names what is missing from a path, links changed in place or
 * refused with ENOSYS), so each fs op makes one call on the result.
 * @module
 */
import type { FileHandle, FileSystem, GrowthLimit, OpenOptions } from "./file-system.js";
import { FileTooLargeError, FsPathError, QUICK_READ, type QuickRead } from "./file-system.js";
import { codedError } from "../errors.js";
import { parentOf } from "./paths.js";
import { writeByRewrite } from "./positional-io.js";
import type { VirtualFileSystem, VirtualStat } from "./types.js";

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
/** The umask every new file and directory gets. */
const UMASK = 0o022;
/** What `mkdir` and `writeFile` create when the guest asks for no mode of its own. */
const DEFAULT_DIR_MODE = 0o777;
const DEFAULT_FILE_MODE = 0o666;

/** Whether a stat is of a directory (by flag or by mode). */
export function isDirectoryStat(s: VirtualStat): boolean {
  return s.isDirectory || (s.mode & S_IFMT) === S_IFDIR;
}

/** An error with a POSIX `code` (the op builds Node's message from the code). */
function posixError(code: string): Error {
  return codedError(Error, code, code);
}

/** The stat of `path`, or null if nothing is there. */
async function statOrNull(fs: VirtualFileSystem, path: string, follow = true): Promise<VirtualStat | null> {
  try {
    return await (follow ? fs.stat(path) : fs.lstat(path));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw error;
  }
}

/**
 * The largest `count` in [0, n] for which `holds(count)` is true, where
 * `holds(0)` is true and `holds` stays true up to some count and false after
 * it (as "the first `count` components of a path exist"). Tries `n` first,
 * then halves: a deep path costs a few filesystem calls, not one per level.
 */
async function lastHolding(n: number, holds: (count: number) => Promise<boolean>): Promise<number> {
  if (n === 0 || (await holds(n))) return n;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (await holds(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Concatenates bytes. */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

/** A marker under which a filesystem may carry its own ops-level implementation. */
export const NATIVE_FILE_SYSTEM: unique symbol = Symbol.for("quickexec.FileSystem");

/**
 * The ops-level {@link FileSystem} of `vfs`: its own native one if it carries
 * one under {@link NATIVE_FILE_SYSTEM}, else the emulation over its methods.
 */
export function toFileSystem(vfs: VirtualFileSystem): FileSystem {
  const native = (vfs as { [NATIVE_FILE_SYSTEM]?: unknown })[NATIVE_FILE_SYSTEM];
  if (native !== undefined && native !== null && typeof native === "object") return native as FileSystem;
  return new EmulatedFileSystem(vfs);
}

/** The emulation of {@link FileSystem} over a {@link VirtualFileSystem}. */
class EmulatedFileSystem implements FileSystem {
  /** The filesystem's quick read of a whole file, if it has one (see {@link QUICK_READ}). */
  private readonly quick: QuickRead | null;

  constructor(private readonly vfs: VirtualFileSystem) {
    const quick = (vfs as { [QUICK_READ]?: QuickRead })[QUICK_READ];
    this.quick = quick !== null && typeof quick === "object" && typeof quick.read === "function" ? quick : null;
  }

  /** Fails as Node does when the directory a new entry goes into is missing or not a directory. */
  private async requireParentDir(path: string): Promise<void> {
    const parent = await statOrNull(this.vfs, parentOf(path));
    if (parent === null) throw posixError("ENOENT");
    if (!isDirectoryStat(parent)) throw posixError("ENOTDIR");
  }

  /** EFBIG when growing the file at `path` to `end` bytes adds more than the limit allows. */
  private async checkGrowth(path: string, end: number, limit: GrowthLimit): Promise<void> {
    if (end <= limit.maxGrowth) return;
    const s = await statOrNull(this.vfs, path);
    if (end - (s?.size ?? 0) > limit.maxGrowth) throw posixError("EFBIG");
  }

  /** Writes `data` at `position`, through `pwrite` or by rewriting the whole file. */
  private async writeAt(path: string, position: number, data: Uint8Array): Promise<void> {
    const vfs = this.vfs;
    if (vfs.pwrite) return vfs.pwrite(path, position, data);
    await writeByRewrite(vfs, path, position, data);
  }

  async readFile(path: string, options: { maxBytes: number }): Promise<Uint8Array> {
    const quick = this.quick;
    // Only while it stands for this filesystem's own methods (an object made from it may have replaced them).
    if (quick && this.vfs.readFile === quick.readFile && this.vfs.stat === quick.stat) {
      const bytes = quick.read(path, options.maxBytes);
      if (bytes) return bytes;
    }
    const s = await this.vfs.stat(path);
    // Node opens the directory, then fails to read it: the error names no path.
    if (isDirectoryStat(s)) throw new FsPathError("EISDIR", "read");
    if (s.size > options.maxBytes) throw new FileTooLargeError(s.size);
    return this.vfs.readFile(path);
  }

  async writeFile(path: string, data: Uint8Array, options: { append: boolean; createNew: boolean; mode: number } & GrowthLimit): Promise<void> {
    const vfs = this.vfs;
    const existing = await statOrNull(vfs, path);
    if (existing && options.createNew) throw posixError("EEXIST");
    if (existing && isDirectoryStat(existing)) throw posixError("EISDIR");
    if (!existing) await this.requireParentDir(path);
    if (options.append && existing && existing.size > 0) {
      if (vfs.pwrite) return vfs.pwrite(path, existing.size, data);
      return vfs.writeFile(path, concat(await vfs.readFile(path), data));
    }
    await vfs.writeFile(path, data);
    // A new file gets the requested mode under the usual umask.
    if (!existing && (options.mode & ~UMASK) !== (DEFAULT_FILE_MODE & ~UMASK)) await vfs.chmod(path, options.mode & ~UMASK);
  }

  async copyFile(from: string, to: string, options: { exclusive: boolean; maxBytes: number }): Promise<void> {
    const vfs = this.vfs;
    const s = await vfs.stat(from);
    if (isDirectoryStat(s)) throw posixError("EISDIR");
    if (s.size > options.maxBytes) throw new FileTooLargeError(s.size);
    const target = await statOrNull(vfs, to);
    if (target && options.exclusive) throw posixError("EEXIST");
    if (target && isDirectoryStat(target)) throw posixError("EISDIR");
    if (!target) await this.requireParentDir(to);
    await vfs.writeFile(to, await vfs.readFile(from));
  }

  stat(path: string): Promise<VirtualStat> {
    return this.vfs.stat(path);
  }

  lstat(path: string): Promise<VirtualStat> {
    return this.vfs.lstat(path);
  }

  exists(path: string): Promise<boolean> {
    return this.vfs.exists(path);
  }

  async realpath(path: string, options?: { explain: boolean }): Promise<string> {
    if (!options?.explain) return this.vfs.realpath(path);
    const vfs = this.vfs;
    let real: string | null;
    try {
      real = await vfs.realpath(path);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === "ELOOP") throw error;
      real = null;
    }
    if (real !== null && (await statOrNull(vfs, real)) !== null) return real;
    throw await this.explainMissing(path);
  }

  /** Names what is missing from `path` as Node's walk does: the first missing component (lstat), or a dangling link (stat). */
  private async explainMissing(path: string): Promise<FsPathError> {
    const vfs = this.vfs;
    // Only the last existing component can be a dangling link (nothing exists below one).
    const names = path.split("/").filter(Boolean);
    const prefix = (count: number) => "/" + names.slice(0, count).join("/");
    const lstatAt = (count: number) => statOrNull(vfs, prefix(count), false);
    const existing = await lastHolding(names.length, async (count) => (await lstatAt(count)) !== null);
    if (existing > 0) {
      const entry = await lstatAt(existing);
      if (entry?.isSymbolicLink && (await statOrNull(vfs, prefix(existing))) === null) return new FsPathError("ENOENT", "stat", prefix(existing));
    }
    if (existing < names.length) return new FsPathError("ENOENT", "lstat", prefix(existing + 1));
    return new FsPathError("ENOENT", "lstat", path);
  }

  readDir(path: string): Promise<string[]> {
    return this.vfs.readDir(path);
  }

  readDirWithTypes(path: string) {
    return this.vfs.readDirWithTypes(path);
  }

  async mkdir(path: string, options: { recursive: boolean; mode: number }): Promise<string | undefined> {
    const vfs = this.vfs;
    // Modes other than the default are applied under the usual umask.
    const applyMode = async () => {
      if (options.mode !== DEFAULT_DIR_MODE) await vfs.chmod(path, options.mode & ~UMASK);
    };
    if (!options.recursive) {
      await vfs.createDir(path);
      await applyMode();
      return undefined;
    }
    // Find the deepest existing ancestor; anything in the way that is not a directory fails.
    const names = path.split("/").filter(Boolean);
    const prefix = (count: number) => "/" + names.slice(0, count).join("/");
    const existing = await lastHolding(names.length, async (count) => (await statOrNull(vfs, prefix(count))) !== null);
    const s = await vfs.stat(prefix(existing));
    if (!isDirectoryStat(s)) throw posixError(existing === names.length ? "EEXIST" : "ENOTDIR");
    if (existing === names.length) return undefined;
    await vfs.mkdir(path);
    await applyMode();
    return prefix(existing + 1);
  }

  async rmdir(path: string): Promise<void> {
    const s = await this.vfs.lstat(path);
    if (!isDirectoryStat(s)) throw posixError("ENOTDIR");
    await this.vfs.removeDir(path);
  }

  async unlink(path: string): Promise<void> {
    const s = await this.vfs.lstat(path);
    if (isDirectoryStat(s) && !s.isSymbolicLink) throw posixError("EISDIR");
    await this.vfs.removeFile(path);
  }

  rename(from: string, to: string): Promise<void> {
    return this.vfs.rename(from, to);
  }

  link(from: string, to: string): Promise<void> {
    return this.vfs.link(from, to);
  }

  symlink(target: string, path: string): Promise<void> {
    return this.vfs.symlink(target, path);
  }

  async readlink(path: string): Promise<string> {
    const s = await this.vfs.lstat(path);
    if (!s.isSymbolicLink) throw posixError("EINVAL");
    return this.vfs.readlink(path);
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.vfs.chmod(path, mode);
  }

  chown(path: string, uid: number, gid: number): Promise<void> {
    return this.vfs.chown(path, uid, gid);
  }

  /**
   * A change to the entry at `path` itself (a final link is not followed):
   * `own`, the filesystem's own method for links, when it has one; else
   * `asTarget`, which cannot reach a link.
   */
  private async changeEntry(path: string, own: (() => Promise<void>) | undefined, asTarget: () => Promise<void>): Promise<void> {
    const s = await this.vfs.lstat(path);
    if (own !== undefined) return own();
    // Without the filesystem's own link method a link cannot be changed; anything else is changed as its target would be.
    if (s.isSymbolicLink) throw posixError("ENOSYS");
    return asTarget();
  }

  lchown(path: string, uid: number, gid: number): Promise<void> {
    const vfs = this.vfs;
    const own = vfs.lchown;
    return this.changeEntry(path, own ? () => own.call(vfs, path, uid, gid) : undefined, () => vfs.chown(path, uid, gid));
  }

  utimes(path: string, atimeMs: number, mtimeMs: number): Promise<void> {
    return this.vfs.utimes(path, atimeMs, mtimeMs);
  }

  lutimes(path: string, atimeMs: number, mtimeMs: number): Promise<void> {
    const vfs = this.vfs;
    const own = vfs.lutimes;
    return this.changeEntry(path, own ? () => own.call(vfs, path, atimeMs, mtimeMs) : undefined, () => vfs.utimes(path, atimeMs, mtimeMs));
  }

  async truncate(path: string, length: number, limit: GrowthLimit): Promise<void> {
    const s = await this.vfs.stat(path);
    if (isDirectoryStat(s)) throw posixError("EISDIR");
    await this.checkGrowth(path, length, limit);
    await this.vfs.truncate(path, Math.max(0, length));
  }

  async open(path: string, options: OpenOptions): Promise<FileHandle> {
    const vfs = this.vfs;
    const s = await statOrNull(vfs, path);
    if (s && options.createNew) throw posixError("EEXIST");
    if (s && isDirectoryStat(s) && options.write) throw posixError("EISDIR");
    if (s && options.write && (s.mode & 0o222) === 0 && vfs.pwrite) {
      // A file whose mode says it cannot be written (the read-only node_modules overlay says so of everything) is
      // tried with a write of no bytes: a read-only mount refuses the open itself, as the kernel does.
      await vfs.pwrite(path, 0, new Uint8Array(0));
    }
    if (!s) {
      if (!options.create) throw posixError("ENOENT");
      await this.requireParentDir(path);
      await vfs.writeFile(path, new Uint8Array(0));
    } else if (options.truncate) {
      await vfs.truncate(path, 0);
    }
    return new EmulatedHandle(this, vfs, path);
  }

  /** For handles: positional write with the growth check. */
  async writeHandle(path: string, position: number | "end", data: Uint8Array, limit: GrowthLimit): Promise<number> {
    const at = position === "end" ? (await this.vfs.stat(path)).size : position;
    await this.checkGrowth(path, at + data.byteLength, limit);
    await this.writeAt(path, at, data);
    return at;
  }

  /** For handles: truncate with the growth check only (a descriptor is never a directory's). */
  async truncateHandle(path: string, length: number, limit: GrowthLimit): Promise<void> {
    await this.checkGrowth(path, length, limit);
    await this.vfs.truncate(path, length);
  }
}

/** A descriptor over a path: every call goes to the file at that path. */
class EmulatedHandle implements FileHandle {
  constructor(
    private readonly owner: EmulatedFileSystem,
    private readonly vfs: VirtualFileSystem,
    readonly path: string,
  ) {}

  async read(position: number, length: number): Promise<Uint8Array> {
    const vfs = this.vfs;
    const s = await vfs.stat(this.path);
    if (isDirectoryStat(s)) throw posixError("EISDIR");
    const want = Math.max(0, Math.min(length, s.size - position));
    if (want === 0) return new Uint8Array(0);
    if (vfs.pread) return vfs.pread(this.path, position, want);
    return (await vfs.readFile(this.path)).slice(position, position + want);
  }

  write(position: number | "end", data: Uint8Array, limit: GrowthLimit): Promise<number> {
    return this.owner.writeHandle(this.path, position, data, limit);
  }

  stat(): Promise<VirtualStat> {
    return this.vfs.stat(this.path);
  }

  truncate(length: number, limit: GrowthLimit): Promise<void> {
    return this.owner.truncateHandle(this.path, length, limit);
  }

  async close(): Promise<void> {
    // Nothing is held open: every call reaches the file by its path.
  }
}
