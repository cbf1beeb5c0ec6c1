/**
 * An in-memory filesystem on memfs: nothing reaches the host's disk.
 * @module
 */
import { readAtAndClose, writeAtAndClose } from "./positional-io.js";
import { Volume } from "memfs";
import { codedError } from "../errors.js";
import type { VirtualDirEntry, VirtualFileSystem, VirtualStat } from "./types.js";

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

/**
 * Creates an empty in-memory filesystem (only `/` exists).
 * @example
 * const fs = createInMemoryFileSystem();
 * await fs.writeFile("/app/data.json", '{"key": "value"}');
 */
export function createInMemoryFileSystem(): VirtualFileSystem {
  const vol = new Volume();
  const statOf = (path: string, follow: boolean) => toVirtualStat((follow ? vol.statSync(path) : vol.lstatSync(path)) as unknown as StatLike);
  return {
    async readFile(path) {
      return bytes(vol.readFileSync(path) as Uint8Array);
    },
    async readTextFile(path) {
      return vol.readFileSync(path, "utf8") as string;
    },
    async readDir(path) {
      return (vol.readdirSync(path) as string[]).map(String);
    },
    async readDirWithTypes(path): Promise<VirtualDirEntry[]> {
      return (vol.readdirSync(path, { withFileTypes: true }) as unknown as Array<{ name: unknown; isDirectory(): boolean; isSymbolicLink(): boolean }>).map((d) => ({
        name: String(d.name),
        isDirectory: d.isDirectory(),
        isSymbolicLink: d.isSymbolicLink(),
      }));
    },
    async writeFile(path, content) {
      // writeFile parents are implicit in the seeds' examples (`writeFile("/app/data.json")` on an empty fs).
      const parent = path.slice(0, path.lastIndexOf("/")) || "/";
      if (!vol.existsSync(parent)) vol.mkdirSync(parent, { recursive: true, mode: DIR_MODE });
      vol.writeFileSync(path, content, { mode: FILE_MODE });
    },
    async createDir(path) {
      vol.mkdirSync(path, { mode: DIR_MODE });
    },
    async mkdir(path) {
      vol.mkdirSync(path, { recursive: true, mode: DIR_MODE });
    },
    async exists(path) {
      return vol.existsSync(path);
    },
    async stat(path) {
      return statOf(path, true);
    },
    async lstat(path) {
      return statOf(path, false);
    },
    async removeFile(path) {
      vol.unlinkSync(path);
    },
    async removeDir(path) {
      vol.rmdirSync(path);
    },
    async rename(oldPath, newPath) {
      // memfs's rename follows a final symbolic link and moves what it points to; rename(2) moves the link.
      if (vol.lstatSync(oldPath).isSymbolicLink()) return moveLink(vol, oldPath, newPath);
      vol.renameSync(oldPath, newPath);
    },
    async symlink(target, linkPath) {
      vol.symlinkSync(target, linkPath);
    },
    async readlink(path) {
      return String(vol.readlinkSync(path));
    },
    async link(oldPath, newPath) {
      vol.linkSync(oldPath, newPath);
    },
    async chmod(path, mode) {
      vol.chmodSync(path, mode);
    },
    async chown(path, uid, gid) {
      vol.chownSync(path, uid, gid);
    },
    async lchown(path, uid, gid) {
      vol.lchownSync(path, uid, gid);
    },
    async lutimes(path, atimeMs, mtimeMs) {
      vol.lutimesSync(path, atimeMs / 1000, mtimeMs / 1000);
    },
    async utimes(path, atimeMs, mtimeMs) {
      vol.utimesSync(path, atimeMs / 1000, mtimeMs / 1000);
    },
    async truncate(path, length) {
      vol.truncateSync(path, length);
    },
    async realpath(path) {
      return String(vol.realpathSync(path));
    },
    async pread(path, position, length) {
      return readAtAndClose(vol, vol.openSync(path, "r"), position, length);
    },
    async pwrite(path, position, data) {
      writeAtAndClose(vol, vol.openSync(path, "r+"), position, data);
    },
  };
}
