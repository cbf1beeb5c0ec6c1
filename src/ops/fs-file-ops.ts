/**
 * Filesystem ops on one file's content and metadata: readFile, writeFile
 * (and appendFile), copyFile, truncate, stat/lstat, exists, access, realpath.
 * Each coerces its arguments once, asks the `fs` permission with the op
 * naming the API (both paths for two-path calls), makes one call on the
 * run's {@link FileSystem}, and maps its failure to Node's error with the
 * guest's path and Node's syscall.
 * @module
 */
import type { VirtualStat } from "../fs/types.js";
import { FileTooLargeError } from "../fs/file-system.js";
import { isDirectoryStat } from "../fs/full-fs.js";
import { authorize } from "./fs-access.js";
import { bytesArg, intArg, pathArg, stringArg, type PathArg } from "./coerce.js";
import { call, fileTooLarge, mapFsError, systemError, type ErrorContext } from "./op-errors.js";
import type { Op, OpContext, OpFamily } from "./op-context.js";

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

/** Stat as the guest's `fs.Stats` is built from it. */
export function statOut(s: VirtualStat): Record<string, number> {
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

/** A filesystem call whose failures are mapped, a file over the read limit included. */
export async function callReading<T>(ctx: OpContext, at: ErrorContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await call(at, fn);
  } catch (error) {
    if (error instanceof FileTooLargeError) throw fileTooLarge(error.size, ctx.maxReadBytes, at.path);
    throw error;
  }
}

/**
 * A path written with a trailing slash must name a directory: ENOTDIR
 * otherwise; with `missing`, a path that does not resolve fails with that
 * code, else with the filesystem's own.
 */
export async function requireDirectory(ctx: OpContext, real: string, at: ErrorContext, missing?: string): Promise<void> {
  let s: VirtualStat;
  try {
    s = await ctx.fs.stat(real);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (missing !== undefined && (code === "ENOENT" || code === "ENOTDIR")) throw systemError(missing, at);
    throw mapFsError(error, at);
  }
  if (!isDirectoryStat(s)) throw systemError("ENOTDIR", at);
}

/** Node keeps a byte order mark in the text it reads. */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** `fs.readFile(path, encoding?)`: the file's bytes, or its text when `encoding` is `utf8`. */
const readFile: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const text = args[1] === "utf8" || args[1] === "utf-8";
  const at = { syscall: "open", path: p.given };
  const real = await authorize(ctx, "read", p, at);
  if (p.mustBeDir) await requireDirectory(ctx, real, at);
  const bytes = await callReading(ctx, at, () => ctx.fs.readFile(real, { maxBytes: ctx.maxReadBytes }));
  return text ? utf8.decode(bytes) : bytes;
};

/** `fs.writeFile(path, data, flag, mode)` and `fs.appendFile` (flag `a`). */
const writeFile: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const data = bytesArg(args[1], "data");
  const flag = args[2] === undefined ? "w" : stringArg(args[2], "flag");
  const mode = intArg(args[3], "mode", 0o666) & 0o7777;
  const at = { syscall: "open", path: p.given };
  const real = await authorize(ctx, "write", p, at);
  if (p.mustBeDir) await requireDirectory(ctx, real, at, "EISDIR");
  const options = { append: flag.startsWith("a"), createNew: flag.includes("x"), mode, maxGrowth: ctx.maxReadBytes };
  await call(at, () => ctx.fs.writeFile(real, data, options));
};

/** `fs.copyFile(src, dest, mode)`: reads `src` (op `read`) and writes `dest` (op `write`). */
const copyFile: Op = async (ctx, args) => {
  const from = pathArg(ctx, args[0], "src");
  const to = pathArg(ctx, args[1], "dest");
  const mode = intArg(args[2], "mode", 0);
  const at = { syscall: "copyfile", path: from.given, dest: to.given };
  const a = await authorize(ctx, "read", from, at);
  const b = await authorize(ctx, "write", to, at);
  const COPYFILE_EXCL = 1;
  await callReading(ctx, at, () => ctx.fs.copyFile(a, b, { exclusive: (mode & COPYFILE_EXCL) !== 0, maxBytes: ctx.maxReadBytes }));
};

/** `fs.truncate(path, length)`. */
const truncate: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const length = intArg(args[1], "len", 0);
  const at = { syscall: "open", path: p.given };
  const real = await authorize(ctx, "truncate", p, at);
  await call(at, () => ctx.fs.truncate(real, length, { maxGrowth: ctx.maxReadBytes }));
};

/** `fs.stat(path)` / `fs.lstat(path)`. */
const stat =
  (follow: boolean): Op =>
  async (ctx, args) => {
    const p = pathArg(ctx, args[0]);
    const at = { syscall: follow ? "stat" : "lstat", path: p.given };
    const real = await authorize(ctx, "stat", p, at, follow || p.mustBeDir === true);
    const s = await call(at, () => (follow || p.mustBeDir ? ctx.fs.stat(real) : ctx.fs.lstat(real)));
    if (p.mustBeDir && !isDirectoryStat(s)) throw systemError("ENOTDIR", at);
    return statOut(s);
  };

/** `fs.exists(path)`: false when denied, as Node's `existsSync` never throws. */
const exists: Op = async (ctx, args) => {
  let p: PathArg;
  try {
    p = pathArg(ctx, args[0]);
    const real = await authorize(ctx, "exists", p, { syscall: "access", path: p.given });
    if (p.mustBeDir) return isDirectoryStat(await ctx.fs.stat(real));
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

/** `fs.realpath(path)`: the canonical path; like Node's JS implementation it fails with `lstat` on the absolute path. */
const realpath: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  await authorize(ctx, "stat", p, { syscall: "lstat", path: p.path });
  return call({ syscall: "lstat", path: p.path }, () => ctx.fs.realpath(p.path, { explain: true }));
};

/** The file ops by name. */
export const fileOps: OpFamily = {
  "fs.readFile": readFile,
  "fs.writeFile": writeFile,
  "fs.copyFile": copyFile,
  "fs.truncate": truncate,
  "fs.stat": stat(true),
  "fs.lstat": stat(false),
  "fs.exists": exists,
  "fs.access": access,
  "fs.realpath": realpath,
};
