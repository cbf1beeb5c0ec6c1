/**
 * Filesystem ops. Each coerces its arguments once, asks the `fs` permission
 * with the op naming the API (both paths for two-path calls), calls the run's
 * {@link VirtualFileSystem}, and maps failures to Node's errors with the
 * guest's path and Node's syscall. The guest's sync, callback and promise
 * forms all call these.
 * @module
 */
import type { VirtualFileSystem, VirtualStat } from "../fs/types.js";
import { invalidArgValue, SystemError } from "../errors.js";
import { parentOf } from "../fs/paths.js";
import { authorize, realLocation } from "./fs-access.js";
import { bytesArg, intArg, pathArg, stringArg, type PathArg } from "./coerce.js";
import { call, fileTooLarge, mapFsError, systemError, type ErrorContext } from "./op-errors.js";
import type { Op, OpContext, OpenFile } from "./op-context.js";
import { demand } from "../permissions.js";
import type { FsOperation } from "../types.js";

/** Open files per run (Node's default soft limit). */
const MAX_OPEN_FILES = 1024;
/** The first descriptor handed out (0-2 are stdio). */
const FIRST_FD = 3;

const DEFAULT_DIR_MODE = 0o777;
const UMASK = 0o022;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

/** Stat as the guest's `fs.Stats` is built from it. */
function statOut(s: VirtualStat): Record<string, number> {
  const type = s.mode & S_IFMT ? 0 : s.isSymbolicLink ? 0o120000 : s.isDirectory ? S_IFDIR : 0o100000;
  return {
    dev: 1,
    mode: s.mode | type,
    nlink: s.nlink ?? 1,
    uid: s.uid ?? 0,
    gid: s.gid ?? 0,
    rdev: 0,
    blksize: 4096,
    ino: s.ino ?? 0,
    size: s.size,
    blocks: Math.ceil(s.size / 512),
    atimeMs: s.atimeMs,
    mtimeMs: s.mtimeMs,
    ctimeMs: s.ctimeMs,
    birthtimeMs: s.birthtimeMs,
  };
}

const isDir = (s: VirtualStat) => s.isDirectory || (s.mode & S_IFMT) === S_IFDIR;

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

/** Fails as Node does when the directory a new entry goes into is missing or not a directory. */
async function requireParentDir(fs: VirtualFileSystem, real: string, at: ErrorContext): Promise<void> {
  const parent = await call(at, () => statOrNull(fs, parentOf(real)));
  if (parent === null) throw systemError("ENOENT", at);
  if (!isDir(parent)) throw systemError("ENOTDIR", at);
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

/** Refuses reads larger than the guest could hold, before the host reads them. */
function checkReadSize(ctx: OpContext, size: number, at: ErrorContext): void {
  if (size > ctx.maxReadBytes) throw fileTooLarge(size, ctx.maxReadBytes, at.path);
}

/**
 * Refuses a write or truncate that would grow the file at `real` to `end`
 * bytes when that is more than the sandbox's memory limit beyond its size
 * (EFBIG): a few bytes at a huge position must not make the host allocate
 * or store gigabytes in one call.
 */
async function checkGrowth(ctx: OpContext, real: string, end: number, at: ErrorContext): Promise<void> {
  if (end <= ctx.maxReadBytes) return;
  const s = await call(at, () => statOrNull(ctx.fs, real));
  if (end - (s?.size ?? 0) > ctx.maxReadBytes) throw systemError("EFBIG", at);
}

/** `fs.readFile(path, encoding?)`: the file's bytes, or its text when `encoding` is `utf8`. */
const readFile: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const text = args[1] === "utf8" || args[1] === "utf-8";
  const at = { syscall: "open", path: p.given };
  const real = await authorize(ctx, "read", p, at);
  const stat = await call(at, () => ctx.fs.stat(real));
  if (p.mustBeDir && !isDir(stat)) throw systemError("ENOTDIR", at);
  // Node opens the directory, then fails to read it: the error names no path.
  if (isDir(stat)) throw systemError("EISDIR", { syscall: "read" });
  checkReadSize(ctx, stat.size, at);
  const bytes = await call(at, () => ctx.fs.readFile(real));
  return text ? utf8.decode(bytes) : bytes;
};

/** Node keeps a byte order mark in the text it reads. */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** `fs.writeFile(path, data, flag)` and `fs.appendFile` (flag `a`). */
const writeFile: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const data = bytesArg(args[1], "data");
  const flag = args[2] === undefined ? "w" : stringArg(args[2], "flag");
  const mode = intArg(args[3], "mode", 0o666) & 0o7777;
  const at = { syscall: "open", path: p.given };
  const real = await authorize(ctx, "write", p, at);
  const existing = await call(at, () => statOrNull(ctx.fs, real));
  if (p.mustBeDir && !(existing && isDir(existing))) throw systemError(existing ? "ENOTDIR" : "EISDIR", at);
  if (existing && flag.includes("x")) throw systemError("EEXIST", at);
  if (existing && isDir(existing)) throw systemError("EISDIR", at);
  if (!existing) await requireParentDir(ctx.fs, real, at);
  if (flag.startsWith("a") && existing && existing.size > 0) {
    const fs = ctx.fs;
    if (fs.pwrite) return void (await call(at, () => fs.pwrite!(real, existing.size, data)));
    const old = await call(at, () => fs.readFile(real));
    return void (await call(at, () => fs.writeFile(real, concat(old, data))));
  }
  await call(at, () => ctx.fs.writeFile(real, data));
  // A new file gets the requested mode under the usual umask (022).
  if (!existing && (mode & ~UMASK) !== (0o666 & ~UMASK)) await call(at, () => ctx.fs.chmod(real, mode & ~UMASK));
};

/** `fs.stat(path)` / `fs.lstat(path)`. */
const stat =
  (follow: boolean): Op =>
  async (ctx, args) => {
    const p = pathArg(ctx, args[0]);
    const at = { syscall: follow ? "stat" : "lstat", path: p.given };
    const real = await authorize(ctx, "stat", p, at, follow || p.mustBeDir === true);
    const s = await call(at, () => (follow || p.mustBeDir ? ctx.fs.stat(real) : ctx.fs.lstat(real)));
    if (p.mustBeDir && !isDir(s)) throw systemError("ENOTDIR", at);
    return statOut(s);
  };

/** `fs.exists(path)`: false when denied, as Node's `existsSync` never throws. */
const exists: Op = async (ctx, args) => {
  let p: PathArg;
  try {
    p = pathArg(ctx, args[0]);
    const real = await authorize(ctx, "exists", p, { syscall: "access", path: p.given });
    if (p.mustBeDir) return isDir(await ctx.fs.stat(real));
    return await ctx.fs.exists(real);
  } catch {
    return false;
  }
};

/** `fs.access(path, mode)`: existence, and write access under a read-only overlay. */
const access: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const mode = intArg(args[1], "mode", 0);
  const at = { syscall: "access", path: p.given };
  const real = await authorize(ctx, "stat", p, at);
  const s = await call(at, () => ctx.fs.stat(real));
  const W_OK = 2;
  if (mode & W_OK && (s.mode & 0o222) === 0) throw systemError("EACCES", at);
};

/** `fs.readdir(path, withFileTypes)`: names, or `[name, type]` pairs (1 file, 2 dir, 3 link). */
const readdir: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const withTypes = args[1] === true;
  const at = { syscall: args[2] === "opendir" ? "opendir" : "scandir", path: p.given };
  const real = await authorize(ctx, "readdir", p, at);
  if (!withTypes) return call(at, () => ctx.fs.readDir(real));
  const entries = await call(at, () => ctx.fs.readDirWithTypes(real));
  return entries.map((e) => [e.name, e.isSymbolicLink ? 3 : e.isDirectory ? 2 : 1]);
};

/** `fs.mkdir(path, recursive)`: for a recursive call, the first directory created (as the guest wrote it). */
const mkdir: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const recursive = args[1] === true;
  const mode = intArg(args[2], "mode", DEFAULT_DIR_MODE) & 0o7777;
  const at = { syscall: "mkdir", path: p.given };
  const real = await authorize(ctx, "mkdir", p, at, recursive);
  // Modes other than the default are applied under the usual umask (022).
  const applyMode = async () => {
    if (mode !== DEFAULT_DIR_MODE) await call(at, () => ctx.fs.chmod(real, mode & ~UMASK));
  };
  if (!recursive) {
    await call(at, () => ctx.fs.createDir(real));
    await applyMode();
    return undefined;
  }
  // Find the deepest existing ancestor; anything in the way that is not a directory fails.
  const names = real.split("/").filter(Boolean);
  const prefix = (count: number) => "/" + names.slice(0, count).join("/");
  const existing = await lastHolding(names.length, async (count) => (await call(at, () => statOrNull(ctx.fs, prefix(count)))) !== null);
  const s = await call(at, () => ctx.fs.stat(prefix(existing)));
  if (!isDir(s)) throw systemError(existing === names.length ? "EEXIST" : "ENOTDIR", at);
  const depth = names.length - existing;
  if (depth === 0) return undefined;
  await call(at, () => ctx.fs.mkdir(real));
  await applyMode();
  // Node reports the first directory it made, in the form the guest wrote the path.
  const parts = p.given.replace(/\/+$/, "").split("/");
  return parts.slice(0, parts.length - (depth - 1)).join("/") || "/";
};

const TEMP_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** `fs.mkdtemp(prefix)`: a new directory `prefix` + six random characters. */
const mkdtemp: Op = async (ctx, args) => {
  const prefix = stringArg(args[0], "prefix");
  for (let attempt = 0; attempt < 100; attempt++) {
    let suffix = "";
    for (let i = 0; i < 6; i++) suffix += TEMP_CHARS[Math.floor(Math.random() * TEMP_CHARS.length)];
    const p = pathArg(ctx, prefix + suffix, "prefix");
    const at = { syscall: "mkdtemp", path: `${prefix}XXXXXX` };
    const real = await authorize(ctx, "mkdir", p, at, false);
    try {
      await ctx.fs.createDir(real);
      return p.given;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "EEXIST") throw mapFsError(error, at);
    }
  }
  throw systemError("EEXIST", { syscall: "mkdtemp", path: `${prefix}XXXXXX` });
};

/** `fs.rmdir(path)`. */
const rmdir: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const at = { syscall: "rmdir", path: p.given };
  const real = await authorize(ctx, "rm", p, at, false);
  const s = await call(at, () => ctx.fs.lstat(real));
  if (!isDir(s)) throw systemError("ENOTDIR", at);
  await call(at, () => ctx.fs.removeDir(real));
};

/** `fs.unlink(path)`. */
const unlink: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const at = { syscall: "unlink", path: p.given };
  const real = await authorize(ctx, "rm", p, at, false);
  const s = await call(at, () => ctx.fs.lstat(real));
  if (isDir(s) && !s.isSymbolicLink) throw systemError("EISDIR", at);
  await call(at, () => ctx.fs.removeFile(real));
};

/** Removes a tree below an already authorised directory, asking the permission for every entry. */
async function removeTree(ctx: OpContext, real: string, given: string): Promise<void> {
  const at = { syscall: "rmdir", path: given };
  for (const entry of await call({ syscall: "scandir", path: given }, () => ctx.fs.readDirWithTypes(real))) {
    const child = real === "/" ? `/${entry.name}` : `${real}/${entry.name}`;
    const childGiven = `${given.replace(/\/+$/, "")}/${entry.name}`;
    const childAt = { syscall: "rm", path: childGiven };
    await authorize(ctx, "rm", { given: childGiven, path: child }, childAt, false);
    if (entry.isDirectory && !entry.isSymbolicLink) await removeTree(ctx, child, childGiven);
    else await call({ syscall: "unlink", path: childGiven }, () => ctx.fs.removeFile(child));
  }
  await call(at, () => ctx.fs.removeDir(real));
}

/** `fs.rm(path, recursive, force)` as Node 20 does it. */
const rm: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const recursive = args[1] === true;
  const force = args[2] === true;
  const real = await authorize(ctx, "rm", p, { syscall: "rm", path: p.given }, false);
  const s = await call({ syscall: "lstat", path: p.given }, () => (force ? statOrNull(ctx.fs, real, false) : ctx.fs.lstat(real)));
  if (s === null) return;
  if (isDir(s) && !s.isSymbolicLink) {
    if (!recursive) {
      const error = new SystemError("ERR_FS_EISDIR", `Path is a directory: rm returned EISDIR (is a directory) ${p.given}`, { syscall: "rm", path: p.given });
      error.name = "SystemError";
      throw Object.assign(error, { errno: 21 });
    }
    await removeTree(ctx, real, p.given);
    return;
  }
  await call({ syscall: "unlink", path: p.given }, () => ctx.fs.removeFile(real));
};

/** Two-path ops check both paths with the same op. */
async function authorizeBoth(ctx: OpContext, op: FsOperation, from: PathArg, to: PathArg, at: ErrorContext, follow = false): Promise<[string, string]> {
  const a = await authorize(ctx, op, from, at, follow);
  const b = await authorize(ctx, op, to, at, false);
  return [a, b];
}

/** `fs.rename(oldPath, newPath)`. */
const rename: Op = async (ctx, args) => {
  const from = pathArg(ctx, args[0], "oldPath");
  const to = pathArg(ctx, args[1], "newPath");
  const at = { syscall: "rename", path: from.given, dest: to.given };
  const [a, b] = await authorizeBoth(ctx, "rename", from, to, at);
  await call(at, () => ctx.fs.rename(a, b));
};

/** `fs.copyFile(src, dest, mode)`: reads `src` (op `read`) and writes `dest` (op `write`). */
const copyFile: Op = async (ctx, args) => {
  const from = pathArg(ctx, args[0], "src");
  const to = pathArg(ctx, args[1], "dest");
  const mode = intArg(args[2], "mode", 0);
  const at = { syscall: "copyfile", path: from.given, dest: to.given };
  const a = await authorize(ctx, "read", from, at);
  const b = await authorize(ctx, "write", to, at);
  const s = await call(at, () => ctx.fs.stat(a));
  if (isDir(s)) throw systemError("EISDIR", at);
  checkReadSize(ctx, s.size, at);
  const COPYFILE_EXCL = 1;
  const target = await call(at, () => statOrNull(ctx.fs, b));
  if (target && mode & COPYFILE_EXCL) throw systemError("EEXIST", at);
  if (target && isDir(target)) throw systemError("EISDIR", at);
  if (!target) await requireParentDir(ctx.fs, b, at);
  const data = await call(at, () => ctx.fs.readFile(a));
  await call(at, () => ctx.fs.writeFile(b, data));
};

/** `fs.realpath(path)`: the canonical path; like Node's JS implementation it fails with `lstat` on the absolute path. */
const realpath: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const real = await authorize(ctx, "stat", p, { syscall: "lstat", path: p.path });
  if ((await statOrNull(ctx.fs, real)) !== null) return real;
  // Name what is missing as Node's walk does: the first missing component (lstat), or a dangling link (stat).
  // Only the last existing component can be a dangling link (nothing exists below one).
  const names = p.path.split("/").filter(Boolean);
  const prefix = (count: number) => "/" + names.slice(0, count).join("/");
  const lstatAt = (count: number) => call({ syscall: "lstat", path: prefix(count) }, () => statOrNull(ctx.fs, prefix(count), false));
  const existing = await lastHolding(names.length, async (count) => (await lstatAt(count)) !== null);
  if (existing > 0) {
    const at = { syscall: "lstat", path: prefix(existing) };
    const entry = await lstatAt(existing);
    if (entry?.isSymbolicLink && (await call(at, () => statOrNull(ctx.fs, prefix(existing)))) === null) throw systemError("ENOENT", { syscall: "stat", path: prefix(existing) });
  }
  if (existing < names.length) throw systemError("ENOENT", { syscall: "lstat", path: prefix(existing + 1) });
  throw systemError("ENOENT", { syscall: "lstat", path: p.path });
};

/** `fs.symlink(target, path)`: checks the link and where it points (op `symlink`). */
const symlink: Op = async (ctx, args) => {
  const target = stringArg(args[0], "target");
  const link = pathArg(ctx, args[1]);
  const at = { syscall: "symlink", path: target, dest: link.given };
  if (target.includes("\u0000")) pathArg(ctx, target, "target");
  const pointsTo = { given: target, path: pathArg({ ...ctx, cwd: parentOf(link.path) }, target, "target").path };
  await authorize(ctx, "symlink", pointsTo, at, true);
  const real = await authorize(ctx, "symlink", link, at, false);
  await call(at, () => ctx.fs.symlink(target, real));
};

/** `fs.readlink(path)`. */
const readlink: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const at = { syscall: "readlink", path: p.given };
  const real = await authorize(ctx, "readlink", p, at, false);
  const s = await call(at, () => ctx.fs.lstat(real));
  if (!s.isSymbolicLink) throw systemError("EINVAL", at);
  return call(at, () => ctx.fs.readlink(real));
};

/** `fs.link(existingPath, newPath)`. */
const link: Op = async (ctx, args) => {
  const from = pathArg(ctx, args[0], "existingPath");
  const to = pathArg(ctx, args[1], "newPath");
  const at = { syscall: "link", path: from.given, dest: to.given };
  const [a, b] = await authorizeBoth(ctx, "link", from, to, at);
  await call(at, () => ctx.fs.link(a, b));
};

/** `fs.chmod(path, mode)`. */
const chmod: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const mode = intArg(args[1], "mode");
  const at = { syscall: "chmod", path: p.given };
  const real = await authorize(ctx, "chmod", p, at);
  await call(at, () => ctx.fs.chmod(real, mode & 0o7777));
};

/** `fs.chown(path, uid, gid)`. */
const chown: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const uid = intArg(args[1], "uid");
  const gid = intArg(args[2], "gid");
  const at = { syscall: "chown", path: p.given };
  const real = await authorize(ctx, "chown", p, at);
  await call(at, () => ctx.fs.chown(real, uid, gid));
};

/**
 * A change to a link itself (`lchown`, `lutimes`): through the filesystem's
 * own link method when it has one; without it, a link cannot be changed
 * (ENOSYS) and anything else is changed as its own target would be.
 */
async function onLinkItself(
  ctx: OpContext,
  p: ReturnType<typeof pathArg>,
  syscall: string,
  permission: "chown" | "utimes",
  viaLink: (fs: VirtualFileSystem) => ((real: string) => Promise<void>) | undefined,
  viaTarget: (fs: VirtualFileSystem, real: string) => Promise<void>,
): Promise<void> {
  const at = { syscall, path: p.given };
  const real = await authorize(ctx, permission, p, at, false);
  const s = await call(at, () => ctx.fs.lstat(real));
  const direct = viaLink(ctx.fs);
  if (direct) return void (await call(at, () => direct(real)));
  if (s.isSymbolicLink) throw systemError("ENOSYS", at);
  await call(at, () => viaTarget(ctx.fs, real));
}

/** `fs.lchown(path, uid, gid)`: the link itself. A filesystem without `lchown` cannot change a link's owner (ENOSYS). */
const lchown: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const uid = intArg(args[1], "uid");
  const gid = intArg(args[2], "gid");
  await onLinkItself(ctx, p, "lchown", "chown", (fs) => fs.lchown && ((real) => fs.lchown!(real, uid, gid)), (fs, real) => fs.chown(real, uid, gid));
};

/** `fs.lutimes(path, atimeMs, mtimeMs)`: the link itself (ENOSYS on a filesystem without `lutimes`). */
const lutimes: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const atime = Number(args[1]);
  const mtime = Number(args[2]);
  await onLinkItself(ctx, p, "lutime", "utimes", (fs) => fs.lutimes && ((real) => fs.lutimes!(real, atime, mtime)), (fs, real) => fs.utimes(real, atime, mtime));
};

/** `fs.utimes(path, atimeMs, mtimeMs)`. */
const utimes: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const atime = Number(args[1]);
  const mtime = Number(args[2]);
  const at = { syscall: "utime", path: p.given };
  const real = await authorize(ctx, "utimes", p, at);
  await call(at, () => ctx.fs.utimes(real, atime, mtime));
};

/** `fs.truncate(path, length)`. */
const truncate: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const length = intArg(args[1], "len", 0);
  const at = { syscall: "open", path: p.given };
  const real = await authorize(ctx, "truncate", p, at);
  const s = await call(at, () => ctx.fs.stat(real));
  if (isDir(s)) throw systemError("EISDIR", at);
  await checkGrowth(ctx, real, length, at);
  await call(at, () => ctx.fs.truncate(real, Math.max(0, length)));
};

// ---- file descriptors -------------------------------------------------------

/** Parses Node's string flags. */
function parseFlags(flags: string): { read: boolean; write: boolean; create: boolean; truncate: boolean; exclusive: boolean; append: boolean } {
  const known = ["r", "rs", "sr", "r+", "rs+", "sr+", "w", "wx", "xw", "w+", "wx+", "xw+", "a", "ax", "xa", "as", "sa", "a+", "ax+", "xa+", "as+", "sa+"];
  if (!known.includes(flags)) {
    throw invalidArgValue(`The argument 'flags' is invalid. Received '${flags}'`);
  }
  const plus = flags.includes("+");
  const kind = flags.replace(/[sx+]/g, "");
  return {
    read: kind === "r" || plus,
    write: kind !== "r" || plus,
    create: kind !== "r",
    truncate: kind === "w",
    exclusive: flags.includes("x"),
    append: kind === "a",
  };
}

/**
 * Where an open file is now. The descriptor holds the path checked when it
 * was opened; a symbolic link put there since (in place of the file, or of
 * a directory above it) would send the call elsewhere, so that place is
 * asked of the `fs` permission with `op`, as a path call would ask it: a
 * descriptor never carries an allowed path to a denied file.
 */
async function openFileLocation(ctx: OpContext, file: OpenFile, op: FsOperation, at: ErrorContext): Promise<string> {
  const real = await call(at, () => realLocation(ctx.fs, file.path, true));
  if (real === file.path) return real;
  demand(ctx.permissions, "fs", { op, path: real }, { syscall: at.syscall, subject: "" });
  return real;
}

function fileOf(ctx: OpContext, value: unknown, syscall: string): OpenFile {
  const fd = typeof value === "number" ? value : NaN;
  const file = ctx.fds.get(fd);
  if (!file) throw systemError("EBADF", { syscall });
  return file;
}

/** `fs.open(path, flags, mode)`: asks `open`, and `read` / `write` as the flags need. */
const open: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const flags = parseFlags(args[1] === undefined ? "r" : stringArg(args[1], "flags"));
  const at = { syscall: "open", path: p.given };
  const real = await authorize(ctx, "open", p, at);
  if (flags.read) await authorize(ctx, "read", p, at);
  if (flags.write) await authorize(ctx, "write", p, at);
  if (ctx.fds.size >= MAX_OPEN_FILES) throw systemError("EMFILE", at);
  const s = await call(at, () => statOrNull(ctx.fs, real));
  if (p.mustBeDir && !(s && isDir(s))) throw systemError(s ? "ENOTDIR" : flags.create ? "EISDIR" : "ENOENT", at);
  if (s && flags.exclusive) throw systemError("EEXIST", at);
  if (s && isDir(s) && flags.write) throw systemError("EISDIR", at);
  if (s && flags.write && (s.mode & 0o222) === 0 && ctx.fs.pwrite) {
    // A file whose mode says it cannot be written (the read-only node_modules overlay says so of everything) is
    // tried with a write of no bytes: a read-only mount refuses the open itself, as the kernel does.
    const fs = ctx.fs;
    await call(at, () => fs.pwrite!(real, 0, new Uint8Array(0)));
  }
  if (!s) {
    if (!flags.create) throw systemError("ENOENT", at);
    await requireParentDir(ctx.fs, real, at);
    await call(at, () => ctx.fs.writeFile(real, new Uint8Array(0)));
  } else if (flags.truncate) {
    await call(at, () => ctx.fs.truncate(real, 0));
  }
  let fd = FIRST_FD;
  while (ctx.fds.has(fd)) fd++;
  ctx.fds.set(fd, { path: real, readable: flags.read, writable: flags.write, append: flags.append, position: 0 });
  return fd;
};

/** `fs.close(fd)`. */
const close: Op = (ctx, args) => {
  fileOf(ctx, args[0], "close");
  ctx.fds.delete(args[0] as number);
};

/** `fs.read(fd, length, position)`: bytes read (position null: the file position, which advances). */
const read: Op = async (ctx, args) => {
  const file = fileOf(ctx, args[0], "read");
  if (!file.readable) throw systemError("EBADF", { syscall: "read" });
  const length = intArg(args[1], "length");
  const explicit = args[2] === null || args[2] === undefined || args[2] === -1 ? null : intArg(args[2], "position");
  const at = { syscall: "read" };
  const real = await openFileLocation(ctx, file, "read", at);
  const s = await call(at, () => ctx.fs.stat(real));
  if (isDir(s)) throw systemError("EISDIR", at);
  const position = explicit ?? file.position;
  const want = Math.max(0, Math.min(length, s.size - position, ctx.maxReadBytes));
  let bytes: Uint8Array;
  if (want === 0) bytes = new Uint8Array(0);
  else if (ctx.fs.pread) bytes = await call(at, () => ctx.fs.pread!(real, position, want));
  else bytes = (await call(at, () => ctx.fs.readFile(real))).slice(position, position + want);
  if (explicit === null) file.position += bytes.byteLength;
  return bytes;
};

/** `fs.write(fd, data, position)`: bytes written. */
const write: Op = async (ctx, args) => {
  const file = fileOf(ctx, args[0], "write");
  if (!file.writable) throw systemError("EBADF", { syscall: "write" });
  const data = bytesArg(args[1], "buffer");
  const explicit = args[2] === null || args[2] === undefined ? null : intArg(args[2], "position");
  const at = { syscall: "write" };
  const real = await openFileLocation(ctx, file, "write", at);
  // Writing no bytes changes nothing, wherever it is aimed (a real file is not extended by it either).
  if (data.byteLength === 0) return 0;
  let position = explicit ?? file.position;
  if (file.append) position = (await call(at, () => ctx.fs.stat(real))).size;
  await checkGrowth(ctx, real, position + data.byteLength, at);
  const fs = ctx.fs;
  if (fs.pwrite) await call(at, () => fs.pwrite!(real, position, data));
  else {
    const old = await call(at, () => fs.readFile(real));
    const next = new Uint8Array(Math.max(old.byteLength, position + data.byteLength));
    next.set(old);
    next.set(data, position);
    await call(at, () => fs.writeFile(real, next));
  }
  if (explicit === null || file.append) file.position = position + data.byteLength;
  return data.byteLength;
};

/** `fs.fstat(fd)`. */
const fstat: Op = async (ctx, args) => {
  const file = fileOf(ctx, args[0], "fstat");
  const at = { syscall: "fstat" };
  const real = await openFileLocation(ctx, file, "stat", at);
  return statOut(await call(at, () => ctx.fs.stat(real)));
};

/** `fs.ftruncate(fd, length)`. */
const ftruncate: Op = async (ctx, args) => {
  const file = fileOf(ctx, args[0], "ftruncate");
  if (!file.writable) throw systemError("EINVAL", { syscall: "ftruncate" });
  const length = Math.max(0, intArg(args[1], "len", 0));
  const at = { syscall: "ftruncate" };
  const real = await openFileLocation(ctx, file, "write", at);
  await checkGrowth(ctx, real, length, at);
  await call(at, () => ctx.fs.truncate(real, length));
};

/** `fs.fsync(fd)` and friends: validates the descriptor (writes are already durable in the filesystem). */
const fsync: Op = (ctx, args) => {
  fileOf(ctx, args[0], "fsync");
};

/** `process.chdir(dir)`: the directory must exist (op `stat`); relative paths resolve against it from then on. */
const chdir: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0], "directory");
  const at = { syscall: "chdir", path: ctx.cwd, dest: p.given };
  const real = await authorize(ctx, "stat", p, at);
  const s = await call(at, () => ctx.fs.stat(real));
  if (!isDir(s)) throw systemError("ENOTDIR", at);
  ctx.cwd = p.path;
  return p.path;
};

/** The filesystem ops by name. */
export const fsOps: Readonly<Record<string, Op>> = {
  "fs.readFile": readFile,
  "fs.writeFile": writeFile,
  "fs.stat": stat(true),
  "fs.lstat": stat(false),
  "fs.exists": exists,
  "fs.access": access,
  "fs.readdir": readdir,
  "fs.mkdir": mkdir,
  "fs.mkdtemp": mkdtemp,
  "fs.rmdir": rmdir,
  "fs.unlink": unlink,
  "fs.rm": rm,
  "fs.rename": rename,
  "fs.copyFile": copyFile,
  "fs.realpath": realpath,
  "fs.symlink": symlink,
  "fs.readlink": readlink,
  "fs.link": link,
  "fs.chmod": chmod,
  "fs.chown": chown,
  "fs.utimes": utimes,
  "fs.lchown": lchown,
  "fs.lutimes": lutimes,
  "fs.truncate": truncate,
  "fs.open": open,
  "fs.close": close,
  "fs.read": read,
  "fs.write": write,
  "fs.fstat": fstat,
  "fs.ftruncate": ftruncate,
  "fs.fsync": fsync,
  "process.chdir": chdir,
};
