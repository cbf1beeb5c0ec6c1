/**
 * A filesystem backed by one directory of the host, which the guest sees as
 * `/`. Nothing outside that directory can be reached: every path is walked
 * component by component from the root, symbolic links are resolved by this
 * walk as if the root were `/` (an absolute target, or `..` past the top,
 * stays inside), and the final host path holds no symbolic link when the
 * system call runs.
 *
 * Symbolic links the guest creates are stored so that host programs that
 * follow them later stay inside the root as well: every target is stored as
 * an absolute path under the root (`readlink` gives a relative target back
 * relative to the link's directory, normalised), and a relative target that
 * climbs above the root is refused.
 *
 * Calls are synchronous system calls wrapped in promises: each completes in
 * microseconds, far less than a trip through libuv's thread pool.
 * @module
 */
import { readAtAndClose, writeAtAndClose } from "./positional-io.js";
import * as nodeFs from "node:fs";
import { join, posix, resolve as hostResolve } from "node:path";
import { toVirtualStat } from "./memory-fs.js";
import { codedError } from "../errors.js";
import type { VirtualFileSystem } from "./types.js";

/** Most symbolic links followed while walking one path (Linux's limit). */
const MAX_LINK_HOPS = 40;

function fsError(code: string, message: string): Error {
  return codedError(Error, code, `${code}: ${message}`);
}

function split(path: string): string[] {
  return path.split("/").filter((part) => part !== "" && part !== ".");
}

/** Where a sandbox path lives on the host. */
interface Located {
  /** The host path (inside the root, free of symbolic links except maybe the final component). */
  host: string;
  /** The same place as a sandbox path. */
  virtual: string;
}

/**
 * Creates a filesystem rooted at the host directory `root`.
 * @param root an existing host directory; the guest sees it as `/`.
 * @throws Error if `root` is not an existing directory.
 */
export function createHostFileSystem(root: string): VirtualFileSystem {
  if (typeof root !== "string" || root === "") throw new TypeError("createHostFileSystem: root must be a non-empty string path");
  let base: string;
  try {
    base = nodeFs.realpathSync(hostResolve(root));
  } catch {
    throw new Error(`createHostFileSystem: root ${JSON.stringify(root)} does not exist`);
  }
  if (!nodeFs.statSync(base).isDirectory()) throw new Error(`createHostFileSystem: root ${JSON.stringify(root)} is not a directory`);
  const prefix = base === "/" ? "/" : base + "/";

  /** A link target as the sandbox sees it (targets stored under the root lose that prefix). */
  const fromStored = (target: string): string => {
    if (target === base) return "/";
    if (base !== "/" && target.startsWith(prefix)) return target.slice(base.length);
    return target;
  };

  /** Walks `path` from the root, resolving links inside it. */
  function locate(path: string, followFinal: boolean): Located {
    let pending = split(path);
    let resolved: string[] = [];
    let hops = 0;
    let missing = false;
    while (pending.length > 0) {
      const name = pending.shift()!;
      if (name === "..") {
        resolved.pop();
        continue;
      }
      const candidate = [...resolved, name];
      if (missing || (pending.length === 0 && !followFinal)) {
        resolved = candidate;
        continue;
      }
      let stat: nodeFs.Stats;
      try {
        stat = nodeFs.lstatSync(join(base, ...candidate));
      } catch {
        // Does not exist (or is not reachable): the rest is taken as written, and the call reports it.
        missing = true;
        resolved = candidate;
        continue;
      }
      if (!stat.isSymbolicLink()) {
        resolved = candidate;
        continue;
      }
      if (++hops > MAX_LINK_HOPS) throw fsError("ELOOP", "too many symbolic links encountered");
      const target = fromStored(nodeFs.readlinkSync(join(base, ...candidate)));
      if (target.startsWith("/")) resolved = [];
      pending = [...split(target), ...pending];
    }
    return { host: join(base, ...resolved), virtual: "/" + resolved.join("/") };
  }

  const follow = (path: string) => locate(path, true).host;
  const noFollow = (path: string) => locate(path, false).host;

  /** Opens a located file without following a link swapped in since the walk. */
  const openNoFollow = (host: string, flags: number) => nodeFs.openSync(host, flags | nodeFs.constants.O_NOFOLLOW);

  return {
    async readFile(path) {
      const fd = openNoFollow(follow(path), nodeFs.constants.O_RDONLY);
      try {
        const data = nodeFs.readFileSync(fd);
        return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      } finally {
        nodeFs.closeSync(fd);
      }
    },
    async readTextFile(path) {
      return new TextDecoder().decode(await this.readFile(path));
    },
    async readDir(path) {
      return nodeFs.readdirSync(follow(path));
    },
    async readDirWithTypes(path) {
      return nodeFs.readdirSync(follow(path), { withFileTypes: true }).map((d) => ({
        name: d.name,
        isDirectory: d.isDirectory(),
        isSymbolicLink: d.isSymbolicLink(),
      }));
    },
    async writeFile(path, content) {
      const { O_WRONLY, O_CREAT, O_TRUNC } = nodeFs.constants;
      const fd = openNoFollow(follow(path), O_WRONLY | O_CREAT | O_TRUNC);
      try {
        nodeFs.writeFileSync(fd, content);
      } finally {
        nodeFs.closeSync(fd);
      }
    },
    async createDir(path) {
      nodeFs.mkdirSync(noFollow(path));
    },
    async mkdir(path) {
      nodeFs.mkdirSync(follow(path), { recursive: true });
    },
    async exists(path) {
      try {
        nodeFs.statSync(follow(path));
        return true;
      } catch {
        return false;
      }
    },
    async stat(path) {
      return toVirtualStat(nodeFs.lstatSync(follow(path)));
    },
    async lstat(path) {
      return toVirtualStat(nodeFs.lstatSync(noFollow(path)));
    },
    async removeFile(path) {
      nodeFs.unlinkSync(noFollow(path));
    },
    async removeDir(path) {
      nodeFs.rmdirSync(noFollow(path));
    },
    async rename(oldPath, newPath) {
      nodeFs.renameSync(noFollow(oldPath), noFollow(newPath));
    },
    async symlink(target, linkPath) {
      const at = locate(linkPath, false);
      // Every link the guest makes is stored as an absolute host path under the root: host programs that
      // follow it later land where the guest meant, and moving the link cannot make it climb out.
      const absolute = target.startsWith("/");
      const parts = absolute ? [] : split(at.virtual).slice(0, -1);
      for (const part of split(target)) {
        if (part !== "..") parts.push(part);
        // `/..` is `/`; a relative target climbing above the root is refused.
        else if (parts.pop() === undefined && !absolute) throw fsError("EPERM", "a symbolic link may not point above the filesystem root");
      }
      // A doubled slash after the root (harmless to the kernel) records that the guest wrote an absolute target.
      nodeFs.symlinkSync(`${base}${absolute ? "//" : "/"}${parts.join("/")}`, at.host);
    },
    async readlink(path) {
      const at = locate(path, false);
      const stored = nodeFs.readlinkSync(at.host);
      const target = fromStored(stored);
      // Links the guest made with a relative target read back relative to the link's directory.
      if (base !== "/" && stored.startsWith(prefix) && !stored.startsWith(prefix + "/")) {
        return posix.relative(posix.dirname(at.virtual), target) || ".";
      }
      return target.replace(/^\/+/, "/");
    },
    async link(oldPath, newPath) {
      nodeFs.linkSync(noFollow(oldPath), noFollow(newPath));
    },
    async chmod(path, mode) {
      nodeFs.chmodSync(follow(path), mode);
    },
    async chown(path, uid, gid) {
      nodeFs.chownSync(follow(path), uid, gid);
    },
    async lchown(path, uid, gid) {
      nodeFs.lchownSync(noFollow(path), uid, gid);
    },
    async lutimes(path, atimeMs, mtimeMs) {
      nodeFs.lutimesSync(noFollow(path), atimeMs / 1000, mtimeMs / 1000);
    },
    async utimes(path, atimeMs, mtimeMs) {
      nodeFs.utimesSync(follow(path), atimeMs / 1000, mtimeMs / 1000);
    },
    async truncate(path, length) {
      nodeFs.truncateSync(follow(path), length);
    },
    async realpath(path) {
      const at = locate(path, true);
      nodeFs.lstatSync(at.host);
      return at.virtual;
    },
    async pread(path, position, length) {
      return readAtAndClose(nodeFs, openNoFollow(follow(path), nodeFs.constants.O_RDONLY), position, length);
    },
    async pwrite(path, position, data) {
      writeAtAndClose(nodeFs, openNoFollow(follow(path), nodeFs.constants.O_WRONLY), position, data);
    },
  };
}
