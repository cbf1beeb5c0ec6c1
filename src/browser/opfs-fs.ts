/**
 * A {@link VirtualFileSystem} in the browser's Origin Private File System
 * (`navigator.storage.getDirectory()`): the guest's files persist across
 * page loads, in the origin's own storage, out of the user's sight. It uses
 * the asynchronous handle API (`getFile`, `createWritable`), which the page's
 * main thread has, so it works with the browser driver on any page (the
 * engine runs in a worker; every call is made by the page).
 *
 * OPFS stores directories and file contents with a modification time, and
 * nothing else: there are no symbolic or hard links (`symlink` and `link`
 * fail with ENOSYS; `readlink` with EINVAL, as for any file that is not a
 * link), and permission bits, owners and times set by `chmod`, `chown` and
 * `utimes` are kept by this object for its life, not stored.
 * Environment-neutral apart from the OPFS handles it is given.
 * @module
 */
import { codedError } from "../errors.js";
import type { VirtualDirEntry, VirtualFileSystem, VirtualStat } from "../fs/types.js";

/** Options of {@link createOpfsFileSystem}. */
export interface OpfsFileSystemOptions {
  /**
   * The folder of the origin's OPFS that is the guest's `/` (made if
   * missing), so that several sandboxes of one origin keep apart. Default:
   * the OPFS root itself. A name or a relative path (`"sandboxes/a"`).
   */
  directory?: string;
  /** The directory that is the guest's `/`, given directly (instead of `directory`). */
  root?: FileSystemDirectoryHandle;
}

const FILE_MODE = 0o100644;
const DIR_MODE = 0o040755;

/** What `chmod`, `chown` and `utimes` set on one path, kept in memory. */
interface Overrides {
  mode?: number;
  uid?: number;
  gid?: number;
  atimeMs?: number;
  mtimeMs?: number;
}

type Entry = { kind: "file"; handle: FileSystemFileHandle } | { kind: "directory"; handle: FileSystemDirectoryHandle };

/** The directory-iteration part of a directory handle (not in every TypeScript DOM library). */
type Iterable = FileSystemDirectoryHandle & { entries(): AsyncIterableIterator<[string, FileSystemHandle]> };

function posixError(code: string, syscall: string, path: string): Error {
  return codedError(Error, code, `${code}: ${syscall} '${path}'`);
}

/** Maps an OPFS DOMException to the POSIX error it means. */
function mapped(error: unknown, syscall: string, path: string): Error {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "NotFoundError") return posixError("ENOENT", syscall, path);
  if (name === "TypeMismatchError") return posixError("ENOTDIR", syscall, path);
  if (name === "InvalidModificationError") return posixError("ENOTEMPTY", syscall, path);
  if (name === "NoModificationAllowedError") return posixError("EBUSY", syscall, path);
  if (name === "NotAllowedError" || name === "SecurityError") return posixError("EACCES", syscall, path);
  if (name === "QuotaExceededError") return posixError("ENOSPC", syscall, path);
  return error instanceof Error ? error : new Error(String(error));
}

/** The components of an absolute path (`/` has none); `.` and `..` are resolved. */
function partsOf(path: string): string[] {
  if (typeof path !== "string" || !path.startsWith("/")) throw new TypeError(`OPFS filesystem paths must be absolute, got ${JSON.stringify(path)}`);
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts;
}

function joinParts(parts: readonly string[]): string {
  return "/" + parts.join("/");
}

/**
 * Creates a {@link VirtualFileSystem} over the origin's OPFS (or the
 * directory given), for `createBrowserDriver({ filesystem })`. Fails when
 * the browser has no OPFS (`navigator.storage.getDirectory`).
 * @example
 * const filesystem = await createOpfsFileSystem({ directory: "sandbox" });
 * await filesystem.writeFile("/app/data.json", '{"key": "value"}');
 * const driver = createBrowserDriver({ filesystem, permissions: allowAllFs });
 */
export async function createOpfsFileSystem(options: OpfsFileSystemOptions = {}): Promise<VirtualFileSystem> {
  if (options === null || typeof options !== "object") throw new TypeError("createOpfsFileSystem options must be an object");
  for (const key of Object.keys(options)) {
    if (key !== "directory" && key !== "root") throw new TypeError(`Unknown option of createOpfsFileSystem: ${key} (known: directory, root)`);
  }
  let root = options.root;
  if (root === undefined) {
    const storage = (globalThis as { navigator?: { storage?: { getDirectory?: () => Promise<FileSystemDirectoryHandle> } } }).navigator?.storage;
    if (typeof storage?.getDirectory !== "function") {
      throw codedError(Error, "ERR_QUICKEXEC_NO_OPFS", "This browser has no Origin Private File System (navigator.storage.getDirectory): use createInMemoryFileSystem() instead");
    }
    root = await storage.getDirectory();
  } else if (root === null || typeof root !== "object" || typeof (root as { getDirectoryHandle?: unknown }).getDirectoryHandle !== "function") {
    throw new TypeError("createOpfsFileSystem: root must be a FileSystemDirectoryHandle");
  }
  if (options.directory !== undefined) {
    if (typeof options.directory !== "string" || options.directory === "") throw new TypeError("createOpfsFileSystem: directory must be a non-empty string");
    for (const part of options.directory.split("/").filter((p) => p !== "" && p !== ".")) {
      if (part === "..") throw new TypeError("createOpfsFileSystem: directory must not contain ..");
      root = await root.getDirectoryHandle(part, { create: true });
    }
  }
  return new OpfsFileSystem(root);
}

class OpfsFileSystem implements VirtualFileSystem {
  private readonly overrides = new Map<string, Overrides>();

  constructor(private readonly root: FileSystemDirectoryHandle) {}

  /** The directory at `parts`; ENOENT / ENOTDIR as the walk finds. */
  private async dirAt(parts: readonly string[], syscall: string, path: string, create = false): Promise<FileSystemDirectoryHandle> {
    let dir = this.root;
    for (const part of parts) {
      try {
        dir = await dir.getDirectoryHandle(part, { create });
      } catch (error) {
        throw mapped(error, syscall, path);
      }
    }
    return dir;
  }

  /** The entry at `path` (a file or a directory); ENOENT if nothing is there. */
  private async entryAt(path: string, syscall: string): Promise<Entry> {
    const parts = partsOf(path);
    if (parts.length === 0) return { kind: "directory", handle: this.root };
    const parent = await this.dirAt(parts.slice(0, -1), syscall, path);
    const name = parts[parts.length - 1]!;
    try {
      return { kind: "file", handle: await parent.getFileHandle(name) };
    } catch (error) {
      if ((error as { name?: unknown })?.name !== "TypeMismatchError") throw mapped(error, syscall, path);
    }
    try {
      return { kind: "directory", handle: await parent.getDirectoryHandle(name) };
    } catch (error) {
      throw mapped(error, syscall, path);
    }
  }

  private async fileAt(path: string, syscall: string): Promise<FileSystemFileHandle> {
    const entry = await this.entryAt(path, syscall);
    if (entry.kind !== "file") throw posixError("EISDIR", syscall, path);
    return entry.handle;
  }

  /** The parent directory of `path` and the entry's name (`/` has none: EPERM for changes). */
  private async parentOf(path: string, syscall: string, create = false): Promise<{ parent: FileSystemDirectoryHandle; name: string; parts: string[] }> {
    const parts = partsOf(path);
    if (parts.length === 0) throw posixError("EPERM", syscall, path);
    return { parent: await this.dirAt(parts.slice(0, -1), syscall, path, create), name: parts[parts.length - 1]!, parts };
  }

  private async write(handle: FileSystemFileHandle, keep: boolean, act: (w: FileSystemWritableFileStream) => Promise<void>): Promise<void> {
    const writable = await handle.createWritable({ keepExistingData: keep });
    try {
      await act(writable);
    } catch (error) {
      await writable.abort().catch(() => {});
      throw error;
    }
    await writable.close();
  }

  async readFile(path: string): Promise<Uint8Array> {
    const file = await (await this.fileAt(path, "open")).getFile();
    return new Uint8Array(await file.arrayBuffer());
  }

  async readTextFile(path: string): Promise<string> {
    return (await (await this.fileAt(path, "open")).getFile()).text();
  }

  async readDir(path: string): Promise<string[]> {
    return (await this.readDirWithTypes(path)).map((entry) => entry.name);
  }

  async readDirWithTypes(path: string): Promise<VirtualDirEntry[]> {
    const entry = await this.entryAt(path, "scandir");
    if (entry.kind !== "directory") throw posixError("ENOTDIR", "scandir", path);
    const out: VirtualDirEntry[] = [];
    for await (const [name, handle] of (entry.handle as Iterable).entries()) out.push({ name, isDirectory: handle.kind === "directory", isSymbolicLink: false });
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async writeFile(path: string, content: string | Uint8Array): Promise<void> {
    // As the in-memory filesystem: missing parents are made.
    const { parent, name } = await this.parentOf(path, "open", true);
    let handle: FileSystemFileHandle;
    try {
      handle = await parent.getFileHandle(name, { create: true });
    } catch (error) {
      throw (error as { name?: unknown })?.name === "TypeMismatchError" ? posixError("EISDIR", "open", path) : mapped(error, "open", path);
    }
    const data = typeof content === "string" ? content : new Uint8Array(content);
    await this.write(handle, false, (w) => w.write(data));
  }

  async createDir(path: string): Promise<void> {
    const { parent, name } = await this.parentOf(path, "mkdir");
    if (await this.exists(path)) throw posixError("EEXIST", "mkdir", path);
    try {
      await parent.getDirectoryHandle(name, { create: true });
    } catch (error) {
      throw mapped(error, "mkdir", path);
    }
  }

  async mkdir(path: string): Promise<void> {
    const parts = partsOf(path);
    let dir = this.root;
    for (let i = 0; i < parts.length; i++) {
      try {
        dir = await dir.getDirectoryHandle(parts[i]!, { create: true });
      } catch (error) {
        const last = i === parts.length - 1;
        throw (error as { name?: unknown })?.name === "TypeMismatchError" ? posixError(last ? "EEXIST" : "ENOTDIR", "mkdir", path) : mapped(error, "mkdir", path);
      }
    }
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.entryAt(path, "access");
      return true;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === "ENOENT" || code === "ENOTDIR") return false;
      throw error;
    }
  }

  async stat(path: string): Promise<VirtualStat> {
    const entry = await this.entryAt(path, "stat");
    const key = joinParts(partsOf(path));
    const own = this.overrides.get(key) ?? {};
    let size = 0;
    let modified = 0;
    if (entry.kind === "file") {
      const file = await entry.handle.getFile();
      size = file.size;
      modified = file.lastModified;
    }
    const kindBits = entry.kind === "file" ? 0o100000 : 0o040000;
    const mtimeMs = own.mtimeMs ?? modified;
    return {
      mode: own.mode === undefined ? (entry.kind === "file" ? FILE_MODE : DIR_MODE) : kindBits | (own.mode & 0o7777),
      size,
      isDirectory: entry.kind === "directory",
      isSymbolicLink: false,
      atimeMs: own.atimeMs ?? mtimeMs,
      mtimeMs,
      ctimeMs: mtimeMs,
      birthtimeMs: mtimeMs,
      ino: 0,
      nlink: 1,
      uid: own.uid ?? 0,
      gid: own.gid ?? 0,
    };
  }

  lstat(path: string): Promise<VirtualStat> {
    // No links: an entry is what it points to.
    return this.stat(path);
  }

  async removeFile(path: string): Promise<void> {
    const { parent, name } = await this.parentOf(path, "unlink");
    if ((await this.entryAt(path, "unlink")).kind !== "file") throw posixError("EISDIR", "unlink", path);
    try {
      await parent.removeEntry(name);
    } catch (error) {
      throw mapped(error, "unlink", path);
    }
    this.forget(path);
  }

  async removeDir(path: string): Promise<void> {
    const { parent, name } = await this.parentOf(path, "rmdir");
    if ((await this.entryAt(path, "rmdir")).kind !== "directory") throw posixError("ENOTDIR", "rmdir", path);
    try {
      await parent.removeEntry(name);
    } catch (error) {
      throw mapped(error, "rmdir", path);
    }
    this.forget(path);
  }

  async rename(oldPath: string, newPath: string): Promise<void> {
    const from = joinParts(partsOf(oldPath));
    const to = joinParts(partsOf(newPath));
    const source = await this.entryAt(from, "rename");
    if (from === to) return;
    if (source.kind === "directory" && to.startsWith(from + "/")) throw posixError("EINVAL", "rename", oldPath);
    const { parent: fromParent, name: fromName } = await this.parentOf(from, "rename");
    const { parent: toParent, name: toName } = await this.parentOf(to, "rename");
    if (await this.exists(to)) {
      const target = await this.entryAt(to, "rename");
      if (source.kind === "file" && target.kind === "directory") throw posixError("EISDIR", "rename", newPath);
      if (source.kind === "directory" && target.kind === "file") throw posixError("ENOTDIR", "rename", newPath);
      if (target.kind === "directory" && (await this.readDir(to)).length > 0) throw posixError("ENOTEMPTY", "rename", newPath);
      await toParent.removeEntry(toName).catch((error: unknown) => {
        throw mapped(error, "rename", newPath);
      });
      this.forget(to);
    }
    try {
      await copyEntry(source, toParent, toName);
      await fromParent.removeEntry(fromName, { recursive: true });
    } catch (error) {
      throw mapped(error, "rename", oldPath);
    }
    // What was kept for the old path (and below it) now belongs to the new one.
    for (const [key, value] of [...this.overrides]) {
      if (key === from || key.startsWith(from + "/")) {
        this.overrides.delete(key);
        this.overrides.set(to + key.slice(from.length), value);
      }
    }
  }

  async symlink(_target: string, linkPath: string): Promise<void> {
    throw posixError("ENOSYS", "symlink", linkPath);
  }

  async readlink(path: string): Promise<string> {
    await this.entryAt(path, "readlink");
    throw posixError("EINVAL", "readlink", path);
  }

  async link(_oldPath: string, newPath: string): Promise<void> {
    throw posixError("ENOSYS", "link", newPath);
  }

  async chmod(path: string, mode: number): Promise<void> {
    await this.entryAt(path, "chmod");
    this.set(path, { mode: mode & 0o7777 });
  }

  async chown(path: string, uid: number, gid: number): Promise<void> {
    await this.entryAt(path, "chown");
    this.set(path, { uid, gid });
  }

  async utimes(path: string, atimeMs: number, mtimeMs: number): Promise<void> {
    await this.entryAt(path, "utime");
    this.set(path, { atimeMs, mtimeMs });
  }

  async truncate(path: string, length: number): Promise<void> {
    const handle = await this.fileAt(path, "open");
    await this.write(handle, true, (w) => w.truncate(length));
  }

  async realpath(path: string): Promise<string> {
    await this.entryAt(path, "realpath");
    return joinParts(partsOf(path));
  }

  async pread(path: string, position: number, length: number): Promise<Uint8Array> {
    const file = await (await this.fileAt(path, "read")).getFile();
    return new Uint8Array(await file.slice(position, position + length).arrayBuffer());
  }

  async pwrite(path: string, position: number, data: Uint8Array): Promise<void> {
    const handle = await this.fileAt(path, "write");
    // Writing past the end fills the gap with zero bytes (File System Standard).
    await this.write(handle, true, (w) => w.write({ type: "write", position, data: new Uint8Array(data) }));
  }

  private set(path: string, values: Overrides): void {
    const key = joinParts(partsOf(path));
    this.overrides.set(key, { ...this.overrides.get(key), ...values });
  }

  private forget(path: string): void {
    const key = joinParts(partsOf(path));
    for (const known of [...this.overrides.keys()]) if (known === key || known.startsWith(key + "/")) this.overrides.delete(known);
  }
}

/** Copies `entry` (a file, or a directory with everything in it) to `name` in `parent`. */
async function copyEntry(entry: Entry, parent: FileSystemDirectoryHandle, name: string): Promise<void> {
  if (entry.kind === "file") {
    const file = await entry.handle.getFile();
    const target = await parent.getFileHandle(name, { create: true });
    const writable = await target.createWritable({ keepExistingData: false });
    await writable.write(await file.arrayBuffer());
    await writable.close();
    return;
  }
  const dir = await parent.getDirectoryHandle(name, { create: true });
  for await (const [childName, child] of (entry.handle as Iterable).entries()) {
    const childEntry: Entry = child.kind === "file" ? { kind: "file", handle: child as FileSystemFileHandle } : { kind: "directory", handle: child as FileSystemDirectoryHandle };
    await copyEntry(childEntry, dir, childName);
  }
}
