/**
 * The read-only `node_modules` overlay: the host's `<cwd>/node_modules`
 * appears at `/root/node_modules` over another filesystem. Writes under the
 * overlay fail with EACCES; everything else goes to the underlying
 * filesystem. The overlay is confined like {@link createHostFileSystem}: links
 * inside `node_modules` cannot lead out of it.
 *
 * The overlay is taken as unchanging for the life of the filesystem object
 * ({@link IMMUTABLE_FOLDER}): a runtime reads each package file there once
 * and serves later runs from memory, so packages installed on the host while
 * a runtime lives are seen by runtimes created afterwards.
 * @module
 */
import { isAbsolute, join } from "node:path";
import { codedError } from "../errors.js";
import { hostModulesFileSystem } from "./host-modules.js";
import { createInMemoryFileSystemWith } from "./memory-fs.js";
import { writeByRewrite } from "./positional-io.js";
import { IMMUTABLE_FOLDER } from "./file-system.js";
import type { ModuleAccessOptions, VirtualFileSystem, VirtualStat } from "./types.js";

/** Where the overlay appears in the sandbox. */
export const MODULES_MOUNT = "/root/node_modules";

function readOnly(path: string): Error {
  return codedError(Error, "EACCES", `EACCES: ${path} is in the read-only node_modules overlay`, { reason: "node_modules is mounted read-only" });
}

const within = (path: string) => path === MODULES_MOUNT || path.startsWith(MODULES_MOUNT + "/");
const MOUNT_PARENT = "/root";

/**
 * Wraps `base` with the read-only overlay of the host's `node_modules`.
 * @param base the filesystem every other path goes to (default: a new in-memory one with `/root` and `/tmp`).
 * @throws TypeError if `options.cwd` is not an absolute path.
 */
export function createModuleAccessFileSystem(base?: VirtualFileSystem, options: ModuleAccessOptions = {}): VirtualFileSystem {
  const cwd = options.cwd ?? process.cwd();
  if (typeof cwd !== "string" || !isAbsolute(cwd)) throw new TypeError(`moduleAccess.cwd must be an absolute path, got ${JSON.stringify(cwd)}`);
  const hostModules = join(cwd, "node_modules");
  /**
   * The host's folder, looked up when this filesystem first reaches the
   * overlay (a run that reads no package asks the host nothing: the lookup
   * is a system call) and kept for the filesystem's life; null when absent.
   */
  let found: VirtualFileSystem | null | undefined;
  const modules = (): VirtualFileSystem | null => (found === undefined ? (found = hostModulesFileSystem(hostModules)) : found);
  const lower = base ?? defaultBase();

  /** The overlay's own path for a sandbox path under the mount. */
  const inner = (path: string) => path.slice(MODULES_MOUNT.length) || "/";
  const missing = (path: string) => codedError(Error, "ENOENT", `ENOENT: ${path}`);
  const overlay = (path: string): VirtualFileSystem => {
    const folder = modules();
    if (!folder) throw missing(path);
    return folder;
  };
  const guardWrite = (...paths: string[]) => {
    for (const p of paths) if (within(p)) throw readOnly(p);
  };
  const dirStat = (): VirtualStat => ({
    mode: 0o40555, size: 4096, isDirectory: true, isSymbolicLink: false,
    atimeMs: 0, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0, ino: 0, nlink: 2, uid: 0, gid: 0,
  });
  /** `/root` exists when the overlay does, even if the lower filesystem has no such directory. */
  const mountParentStat = async (path: string, stat: (p: string) => Promise<VirtualStat>) => {
    try {
      return await stat(path);
    } catch (error) {
      if (path === MOUNT_PARENT && modules()) return dirStat();
      throw error;
    }
  };

  // Writes whose first argument is the only path: refused under the mount, passed down otherwise.
  const writes = Object.fromEntries(
    SINGLE_PATH_WRITES.map((name) => [
      name,
      async (path: string, ...rest: unknown[]) => {
        guardWrite(path);
        const method = lower[name] as ((path: string, ...rest: unknown[]) => Promise<unknown>) | undefined;
        if (!method) throw codedError(Error, "ENOSYS", "ENOSYS");
        return method.call(lower, path, ...rest);
      },
    ]),
  ) as Pick<Required<VirtualFileSystem>, (typeof SINGLE_PATH_WRITES)[number]>;

  // The writes are added after, not spread in first: a spread into this literal cost ~30 µs per filesystem (no shared shape).
  const fs: Omit<VirtualFileSystem, keyof typeof writes> = {
    async readFile(path) {
      return within(path) ? overlay(path).readFile(inner(path)) : lower.readFile(path);
    },
    async readTextFile(path) {
      return within(path) ? overlay(path).readTextFile(inner(path)) : lower.readTextFile(path);
    },
    async readDir(path) {
      if (within(path)) return overlay(path).readDir(inner(path));
      if (path !== MOUNT_PARENT || !modules()) return lower.readDir(path);
      const names = await lower.readDir(path).catch(() => [] as string[]);
      return names.includes("node_modules") ? names : [...names, "node_modules"].sort();
    },
    async readDirWithTypes(path) {
      if (within(path)) return overlay(path).readDirWithTypes(inner(path));
      if (path !== MOUNT_PARENT || !modules()) return lower.readDirWithTypes(path);
      const entries = (await lower.readDirWithTypes(path).catch(() => [])).filter((e) => e.name !== "node_modules");
      return [...entries, { name: "node_modules", isDirectory: true, isSymbolicLink: false }].sort((a, b) => (a.name < b.name ? -1 : 1));
    },
    async exists(path) {
      if (within(path)) return modules()?.exists(inner(path)) ?? false;
      if (path === MOUNT_PARENT && modules()) return true;
      return lower.exists(path);
    },
    async stat(path) {
      if (within(path)) return readOnlyStat(await overlay(path).stat(inner(path)));
      return mountParentStat(path, (p) => lower.stat(p));
    },
    async lstat(path) {
      if (within(path)) return readOnlyStat(await overlay(path).lstat(inner(path)));
      return mountParentStat(path, (p) => lower.lstat(p));
    },
    async rename(oldPath, newPath) {
      guardWrite(oldPath, newPath);
      return lower.rename(oldPath, newPath);
    },
    async symlink(target, linkPath) {
      guardWrite(linkPath);
      return lower.symlink(target, linkPath);
    },
    async readlink(path) {
      return within(path) ? overlay(path).readlink(inner(path)) : lower.readlink(path);
    },
    async link(oldPath, newPath) {
      guardWrite(oldPath, newPath);
      return lower.link(oldPath, newPath);
    },
    async realpath(path) {
      if (within(path)) {
        const real = await overlay(path).realpath(inner(path));
        return real === "/" ? MODULES_MOUNT : MODULES_MOUNT + real;
      }
      if (path === MOUNT_PARENT && modules()) return lower.realpath(path).catch(() => MOUNT_PARENT);
      return lower.realpath(path);
    },
    async pread(path, position, length) {
      if (within(path)) {
        const fs = overlay(path);
        return fs.pread ? fs.pread(inner(path), position, length) : (await fs.readFile(inner(path))).slice(position, position + length);
      }
      if (lower.pread) return lower.pread(path, position, length);
      return (await lower.readFile(path)).slice(position, position + length);
    },
    async pwrite(path, position, data) {
      guardWrite(path);
      if (lower.pwrite) return lower.pwrite(path, position, data);
      return writeByRewrite(lower, path, position, data);
    },
  };
  // Unchanging whether the host has the folder or not: it is looked up once, and nothing writes under the mount.
  return Object.assign(fs, writes, { [IMMUTABLE_FOLDER]: MODULES_MOUNT });
}

/** The write methods that take one path, first (`lchown` and `lutimes` are optional: ENOSYS without them). */
const SINGLE_PATH_WRITES = [
  "writeFile", "createDir", "mkdir", "removeFile", "removeDir", "chmod", "chown", "lchown", "utimes", "lutimes", "truncate",
] as const;

/** Nothing under the overlay is writable: its modes say so (`access(W_OK)` fails). */
function readOnlyStat(s: VirtualStat): VirtualStat {
  return { ...s, mode: s.mode & ~0o222 };
}

/** The default lower filesystem: in memory, with the directories a Node program expects. */
function defaultBase(): VirtualFileSystem {
  return createInMemoryFileSystemWith(["/root", "/tmp"]);
}
