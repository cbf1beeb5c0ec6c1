/**
 * An in-memory filesystem on memfs: nothing reaches the host's disk.
 *
 * memfs is loaded on the first call of the first in-memory filesystem, not
 * when quickexec is imported: it costs about 9 MB of host memory, which a
 * host whose guests never touch a file (or that only imports
 * `toVirtualStat`) should not pay. Every method is asynchronous, so nothing
 * changes for callers; calls made while it loads run in the order made.
 * @module
 */
import { readAtAndClose, writeAtAndClose } from "./positional-io.js";
import type { Volume } from "memfs";
import { codedError } from "../errors.js";
import type { VirtualDirEntry, VirtualFileSystem, VirtualStat } from "./types.js";
import { QUICK_READ, type QuickRead } from "./file-system.js";

/** Real paths an in-memory filesystem remembers at most (see `realpaths` in {@link createInMemoryFileSystemWith}). */
const MAX_REALPATHS = 4096;

/** New files and directories get Node's defaults under the usual umask (022). */
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;

interface StatLike {
  mode: number | bigint;
  size: number | bigint;
  ino: number | bigint;
  nlink: number | bigint;
  uid: number | bigint;
  gid: number | bigint;
  atimeMs: number | bigint;
  mtimeMs: number | bigint;
  ctimeMs: number | bigint;
  birthtimeMs: number | bigint;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** Converts a Node-style `Stats` to a {@link VirtualStat}. */
export function toVirtualStat(s: StatLike): VirtualStat {
  return {
    mode: Number(s.mode),
    size: Number(s.size),
    isDirectory: s.isDirectory(),
    isSymbolicLink: s.isSymbolicLink(),
    atimeMs: Number(s.atimeMs),
    mtimeMs: Number(s.mtimeMs),
    ctimeMs: Number(s.ctimeMs),
    birthtimeMs: Number(s.birthtimeMs),
    ino: Number(s.ino),
    nlink: Number(s.nlink),
    uid: Number(s.uid),
    gid: Number(s.gid),
  };
}

/** Copies bytes out of a Buffer into a plain Uint8Array the caller owns. */
function bytes(data: Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

function codeError(code: string, message: string): Error {
  return codedError(Error, code, `${code}: ${message}`);
}

/**
 * Moves the symbolic link at `from` (not what it points to) to `to`, as
 * rename(2) does: an entry at `to` that is not a directory is replaced.
 */
function moveLink(vol: Volume, from: string, to: string): void {
  if (from === to) return;
  const parent = to.slice(0, to.lastIndexOf("/")) || "/";
  if (!vol.statSync(parent).isDirectory()) throw codeError("ENOTDIR", `rename '${from}' -> '${to}'`);
  let existing: { isDirectory(): boolean } | undefined;
  try {
    existing = vol.lstatSync(to);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw codeError("EISDIR", `rename '${from}' -> '${to}'`);
  const target = String(vol.readlinkSync(from));
  if (existing) vol.unlinkSync(to);
  vol.symlinkSync(target, to);
  vol.unlinkSync(from);
}

let memfs: Promise<typeof import("memfs")> | null = null;

/** memfs, imported once on first use. */
function loadMemfs(): Promise<typeof import("memfs")> {
  memfs ??= import("memfs");
  memfs.catch(() => (memfs = null));
  return memfs;
}

/**
 * What memfs asks of the host process: the same as the host's `process`,
 * except that the uid and gid its permission checks compare against are
 * read once, when the filesystem is made. memfs asks for both on every path
 * it walks, and each is a system call (about 5 µs on a virtual machine;
 * 8 of them made up half of a small `readFileSync`).
 */
function volumeProcess(): object | undefined {
  const host = (globalThis as { process?: NodeJS.Process }).process;
  // A browser has no process: memfs makes do without one.
  if (typeof host?.getuid !== "function" || typeof host.getgid !== "function") return undefined;
  const uid = host.getuid();
  const gid = host.getgid();
  return {
    cwd: () => host.cwd(),
    platform: host.platform,
    emitWarning: host.emitWarning.bind(host),
    env: host.env,
    getuid: () => uid,
    getgid: () => gid,
  };
}

/** What the quick read uses of memfs 4's volume (its `Superblock` and inodes); another memfs gets no quick read. */
interface MemfsCore {
  openFiles: number;
  maxFiles: number;
  walk(path: string, resolveSymlinks: boolean, checkExistence: boolean, checkAccess: boolean, funcName: string): { ok: boolean; value?: { getNode(): MemfsNode } | null };
}
interface MemfsNode {
  isFile(): boolean;
  getSize(): number;
  canRead(uid: number, gid: number): boolean;
  read(into: Uint8Array, offset: number, length: number, position: number): number;
}

/**
 * The volume's quick read of a whole file ({@link QUICK_READ}): one walk
 * to the file, links followed, then its bytes; what memfs's own
 * `readFileSync` would give on the same path when it succeeds (the same
 * walk with the same access checks, the same read permission check with
 * the same ids, a copy of the same bytes, the access time set), and null for anything
 * else (missing, a directory, a trailing slash, too many open files, too
 * large, unreadable): the usual calls then make the read and its errors.
 */
function quickReader(vol: Volume, uid: number, gid: number): QuickRead["read"] | null {
  const core = (vol as unknown as { _core?: Partial<MemfsCore> })._core;
  if (!core || typeof core.walk !== "function" || typeof core.openFiles !== "number" || typeof core.maxFiles !== "number") return null;
  const superblock = core as MemfsCore;
  return (path, maxBytes) => {
    if (path.endsWith("/") || superblock.openFiles >= superblock.maxFiles) return null;
    try {
      const found = superblock.walk(path, true, true, true, "open");
      const node = found.ok ? found.value?.getNode() : undefined;
      if (!node || !node.isFile() || node.getSize() > maxBytes || !node.canRead(uid, gid)) return null;
      // Straight into a buffer of the caller's own (memfs's read sets the access time, as its readFileSync does).
      const size = node.getSize();
      const data = new Uint8Array(size);
      return node.read(data, 0, size, 0) === size ? data : null;
    } catch {
      return null;
    }
  };
}

/** The uid and gid memfs compares file modes against: the host process's (0 without one, as memfs does). */
function hostIds(): { uid: number; gid: number } {
  const host = (globalThis as { process?: NodeJS.Process }).process;
  return {
    uid: typeof host?.getuid === "function" ? host.getuid() : 0,
    gid: typeof host?.getgid === "function" ? host.getgid() : 0,
  };
}

/**
 * Creates an empty in-memory filesystem (only `/` exists).
 * @example
 * const fs = createInMemoryFileSystem();
 * await fs.writeFile("/app/data.json", '{"key": "value"}');
 */
export function createInMemoryFileSystem(): VirtualFileSystem {
  return createInMemoryFileSystemWith([]);
}

/**
 * An in-memory filesystem holding the empty `directories` (made, with their
 * parents, when memfs is loaded).
 */
export function createInMemoryFileSystemWith(directories: readonly string[]): VirtualFileSystem {
  let made: Volume | null = null;
  let making: Promise<Volume> | null = null;
  let quick: QuickRead["read"] | null = null;
  const volume = (): Volume | Promise<Volume> =>
    made ??
    (making ??= loadMemfs().then(({ Volume }) => {
      const process = volumeProcess();
      const vol = process ? Volume.fromJSON({}, "/", { process } as never) : new Volume();
      for (const dir of directories) vol.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
      const ids = hostIds();
      quick = quickReader(vol, ids.uid, ids.gid);
      return (made = vol);
    }));
  /**
   * Real paths already resolved, while nothing changed: every fs op asks for
   * its path's real location before the permission check (see
   * `src/ops/fs-access.ts`), and an import asks twice, each a walk of memfs's
   * tree (about a microsecond, a fifth of a small read). Emptied before
   * anything that could change what a path resolves to runs (any call that
   * writes: entries, links, modes and owners alike), so an answer is never
   * older than the last change; only resolved paths are kept, failures are
   * asked again.
   */
  let realpaths = new Map<string, string>();
  /** Use before every change to the tree (see `realpaths`). */
  const changing = (vol: Volume): Volume => {
    if (realpaths.size > 0) realpaths = new Map();
    return vol;
  };
  const statOf = (vol: Volume, path: string, follow: boolean) => toVirtualStat((follow ? vol.statSync(path) : vol.lstatSync(path)) as unknown as StatLike);
  const filesystem: VirtualFileSystem = {
    async readFile(path) {
      const vol = await volume();
      return bytes(vol.readFileSync(path) as Uint8Array);
    },
    async readTextFile(path) {
      const vol = await volume();
      return vol.readFileSync(path, "utf8") as string;
    },
    async readDir(path) {
      const vol = await volume();
      return (vol.readdirSync(path) as string[]).map(String);
    },
    async readDirWithTypes(path): Promise<VirtualDirEntry[]> {
      const vol = await volume();
      return (vol.readdirSync(path, { withFileTypes: true }) as unknown as Array<{ name: unknown; isDirectory(): boolean; isSymbolicLink(): boolean }>).map((d) => ({
        name: String(d.name),
        isDirectory: d.isDirectory(),
        isSymbolicLink: d.isSymbolicLink(),
      }));
    },
    async writeFile(path, content) {
      const vol = changing(await volume());
      // writeFile parents are implicit in the seeds' examples (`writeFile("/app/data.json")` on an empty fs).
      const parent = path.slice(0, path.lastIndexOf("/")) || "/";
      if (!vol.existsSync(parent)) vol.mkdirSync(parent, { recursive: true, mode: DIR_MODE });
      vol.writeFileSync(path, content, { mode: FILE_MODE });
    },
    async createDir(path) {
      const vol = changing(await volume());
      vol.mkdirSync(path, { mode: DIR_MODE });
    },
    async mkdir(path) {
      const vol = changing(await volume());
      vol.mkdirSync(path, { recursive: true, mode: DIR_MODE });
    },
    async exists(path) {
      const vol = await volume();
      return vol.existsSync(path);
    },
    async stat(path) {
      const vol = await volume();
      return statOf(vol, path, true);
    },
    async lstat(path) {
      const vol = await volume();
      return statOf(vol, path, false);
    },
    async removeFile(path) {
      const vol = changing(await volume());
      vol.unlinkSync(path);
    },
    async removeDir(path) {
      const vol = changing(await volume());
      vol.rmdirSync(path);
    },
    async rename(oldPath, newPath) {
      const vol = changing(await volume());
      // memfs's rename follows a final symbolic link and moves what it points to; rename(2) moves the link.
      if (vol.lstatSync(oldPath).isSymbolicLink()) return moveLink(vol, oldPath, newPath);
      vol.renameSync(oldPath, newPath);
    },
    async symlink(target, linkPath) {
      const vol = changing(await volume());
      vol.symlinkSync(target, linkPath);
    },
    async readlink(path) {
      const vol = await volume();
      return String(vol.readlinkSync(path));
    },
    async link(oldPath, newPath) {
      const vol = changing(await volume());
      vol.linkSync(oldPath, newPath);
    },
    async chmod(path, mode) {
      const vol = changing(await volume());
      vol.chmodSync(path, mode);
    },
    async chown(path, uid, gid) {
      const vol = changing(await volume());
      vol.chownSync(path, uid, gid);
    },
    async lchown(path, uid, gid) {
      const vol = changing(await volume());
      vol.lchownSync(path, uid, gid);
    },
    async lutimes(path, atimeMs, mtimeMs) {
      const vol = changing(await volume());
      vol.lutimesSync(path, atimeMs / 1000, mtimeMs / 1000);
    },
    async utimes(path, atimeMs, mtimeMs) {
      const vol = changing(await volume());
      vol.utimesSync(path, atimeMs / 1000, mtimeMs / 1000);
    },
    async truncate(path, length) {
      const vol = changing(await volume());
      vol.truncateSync(path, length);
    },
    async realpath(path) {
      const vol = await volume();
      const known = realpaths.get(path);
      if (known !== undefined) return known;
      const real = String(vol.realpathSync(path));
      if (realpaths.size >= MAX_REALPATHS) realpaths = new Map();
      realpaths.set(path, real);
      return real;
    },
    async pread(path, position, length) {
      const vol = await volume();
      return readAtAndClose(vol, vol.openSync(path, "r"), position, length);
    },
    async pwrite(path, position, data) {
      const vol = changing(await volume());
      writeAtAndClose(vol, vol.openSync(path, "r+"), position, data);
    },
  };
  // Not enumerable: a copy made by spreading this one does not carry it (and it stands for these methods only).
  Object.defineProperty(filesystem, QUICK_READ, {
    value: {
      // Before memfs is loaded there is nothing to read quickly.
      read: (path, maxBytes) => (quick ? quick(path, maxBytes) : null),
      readFile: filesystem.readFile,
      stat: filesystem.stat,
    } satisfies QuickRead,
  });
  return filesystem;
}
