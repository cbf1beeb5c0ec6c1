/**
 * Filesystem ops on entries themselves: rename, link, symlink, readlink,
 * chmod, chown, lchown, utimes, lutimes. Same beats as every fs op: coerce,
 * ask the `fs` permission (both paths for two-path calls; a symlink's target
 * too), one call on the run's {@link FileSystem}, map the error.
 * @module
 */
import type { FsOperation } from "../types.js";
import { parentOf } from "../fs/paths.js";
import { authorize } from "./fs-access.js";
import { intArg, pathArg, stringArg, type PathArg } from "./coerce.js";
import { call, type ErrorContext } from "./op-errors.js";
import type { Op, OpContext, OpFamily } from "./op-context.js";

/** Two-path ops check both paths with the same op. */
async function authorizeBoth(ctx: OpContext, op: FsOperation, from: PathArg, to: PathArg, at: ErrorContext): Promise<[string, string]> {
  const a = await authorize(ctx, op, from, at, false);
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

/** `fs.link(existingPath, newPath)`. */
const link: Op = async (ctx, args) => {
  const from = pathArg(ctx, args[0], "existingPath");
  const to = pathArg(ctx, args[1], "newPath");
  const at = { syscall: "link", path: from.given, dest: to.given };
  const [a, b] = await authorizeBoth(ctx, "link", from, to, at);
  await call(at, () => ctx.fs.link(a, b));
};

/** `fs.symlink(target, path)`: checks the link and where it points (op `symlink`). */
const symlink: Op = async (ctx, args) => {
  const target = stringArg(args[0], "target");
  const link = pathArg(ctx, args[1]);
  const at = { syscall: "symlink", path: target, dest: link.given };
  if (target.includes("\u0000")) pathArg(ctx, target, "target");
  const pointsTo = { given: target, path: pathArg({ cwd: parentOf(link.path) }, target, "target").path };
  await authorize(ctx, "symlink", pointsTo, at, true);
  const real = await authorize(ctx, "symlink", link, at, false);
  await call(at, () => ctx.fs.symlink(target, real));
};

/** `fs.readlink(path)`. */
const readlink: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const at = { syscall: "readlink", path: p.given };
  const real = await authorize(ctx, "readlink", p, at, false);
  return call(at, () => ctx.fs.readlink(real));
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

/** `fs.lchown(path, uid, gid)`: the link itself (ENOSYS where a filesystem cannot change a link's owner). */
const lchown: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const uid = intArg(args[1], "uid");
  const gid = intArg(args[2], "gid");
  const at = { syscall: "lchown", path: p.given };
  const real = await authorize(ctx, "chown", p, at, false);
  await call(at, () => ctx.fs.lchown(real, uid, gid));
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

/** `fs.lutimes(path, atimeMs, mtimeMs)`: the link itself (ENOSYS where a filesystem cannot change a link's times). */
const lutimes: Op = async (ctx, args) => {
  const p = pathArg(ctx, args[0]);
  const atime = Number(args[1]);
  const mtime = Number(args[2]);
  const at = { syscall: "lutime", path: p.given };
  const real = await authorize(ctx, "utimes", p, at, false);
  await call(at, () => ctx.fs.lutimes(real, atime, mtime));
};

/** The entry ops by name. */
export const entryOps: OpFamily = {
  "fs.rename": rename,
  "fs.link": link,
  "fs.symlink": symlink,
  "fs.readlink": readlink,
  "fs.chmod": chmod,
  "fs.chown": chown,
  "fs.lchown": lchown,
  "fs.utimes": utimes,
  "fs.lutimes": lutimes,
};
