/**
 * Filesystem ops on directories: readdir, mkdir, mkdtemp, rmdir, unlink,
 * rm (recursive: the permission is asked for every entry it removes) and
 * `process.chdir`. Same beats as every fs op: coerce, ask the `fs`
 * permission, one call on the run's {@link FileSystem}, map the error.
 * @module
 */
import { ERRNO, SystemError } from "../errors.js";
import { childOf } from "../fs/paths.js";
import { isDirectoryStat } from "../fs/full-fs.js";
import { authorize } from "./fs-access.js";
import { intArg, pathArg, stringArg } from "./coerce.js";
import { call, mapFsError, systemError } from "./op-errors.js";
import type { Op, OpContext, OpFamily } from "./op-context.js";

const DEFAULT_DIR_MODE = 0o777;

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

/** `fs.mkdir(path, recursive, mode)`: for a recursive call, the first directory created (as the guest wrote it). */
const mkdir: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const recursive = args[1] === true;
  const mode = intArg(args[2], "mode", DEFAULT_DIR_MODE) & 0o7777;
  const at = { syscall: "mkdir", path: p.given };
  const real = await authorize(ctx, "mkdir", p, at, recursive);
  const first = await call(at, () => ctx.fs.mkdir(real, { recursive, mode }));
  if (!recursive || first === undefined) return undefined;
  // Node reports the first directory it made, in the form the guest wrote the path.
  const depth = real.split("/").filter(Boolean).length - first.split("/").filter(Boolean).length + 1;
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
      await ctx.fs.mkdir(real, { recursive: false, mode: DEFAULT_DIR_MODE });
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
  await call(at, () => ctx.fs.rmdir(real));
};

/** `fs.unlink(path)`. */
const unlink: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const at = { syscall: "unlink", path: p.given };
  const real = await authorize(ctx, "rm", p, at, false);
  await call(at, () => ctx.fs.unlink(real));
};

/** Removes a tree below an already authorised directory, asking the permission for every entry. */
async function removeTree(ctx: OpContext, real: string, given: string): Promise<void> {
  const at = { syscall: "rmdir", path: given };
  for (const entry of await call({ syscall: "scandir", path: given }, () => ctx.fs.readDirWithTypes(real))) {
    const child = childOf(real, entry.name);
    const childGiven = `${given.replace(/\/+$/, "")}/${entry.name}`;
    const childAt = { syscall: "rm", path: childGiven };
    await authorize(ctx, "rm", { given: childGiven, path: child }, childAt, false);
    if (entry.isDirectory && !entry.isSymbolicLink) await removeTree(ctx, child, childGiven);
    else await call({ syscall: "unlink", path: childGiven }, () => ctx.fs.unlink(child));
  }
  await call(at, () => ctx.fs.rmdir(real));
}

/** `fs.rm(path, recursive, force)` as Node 20 does it. */
const rm: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const recursive = args[1] === true;
  const force = args[2] === true;
  const real = await authorize(ctx, "rm", p, { syscall: "rm", path: p.given }, false);
  const lstatAt = { syscall: "lstat", path: p.given };
  let s;
  try {
    s = await ctx.fs.lstat(real);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (force && (code === "ENOENT" || code === "ENOTDIR")) return;
    throw mapFsError(error, lstatAt);
  }
  if (isDirectoryStat(s) && !s.isSymbolicLink) {
    if (!recursive) {
      const error = new SystemError("ERR_FS_EISDIR", `Path is a directory: rm returned EISDIR (is a directory) ${p.given}`, { syscall: "rm", path: p.given });
      error.name = "SystemError";
      throw Object.assign(error, { errno: -ERRNO.EISDIR });
    }
    await removeTree(ctx, real, p.given);
    return;
  }
  await call({ syscall: "unlink", path: p.given }, () => ctx.fs.unlink(real));
};

/** `process.chdir(dir)`: the directory must exist (op `stat`); relative paths resolve against it from then on. */
const chdir: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0], "directory");
  const at = { syscall: "chdir", path: ctx.cwd, dest: p.given };
  const real = await authorize(ctx, "stat", p, at);
  const s = await call(at, () => ctx.fs.stat(real));
  if (!isDirectoryStat(s)) throw systemError("ENOTDIR", at);
  ctx.cwd = p.path;
  return p.path;
};

/** The directory ops by name. */
export const dirOps: OpFamily = {
  "fs.readdir": readdir,
  "fs.mkdir": mkdir,
  "fs.mkdtemp": mkdtemp,
  "fs.rmdir": rmdir,
  "fs.unlink": unlink,
  "fs.rm": rm,
  "process.chdir": chdir,
};
