/**
 * What every filesystem op does before and after it calls the filesystem:
 * ask the `fs` permission for the path as the guest wrote it and for where
 * its symbolic links lead, and hand the op the real path to act on.
 * @module
 */
import { codedError } from "../errors.js";
import { demand } from "../permissions.js";
import type { FsOperation } from "../types.js";
import type { VirtualFileSystem } from "../fs/types.js";
import { nameTooLong, resolvePath } from "../fs/paths.js";
import type { PathArg } from "./coerce.js";
import type { OpContext } from "./op-context.js";
import { call, systemError, type ErrorContext } from "./op-errors.js";

/** What resolving a path's links needs of a filesystem (the seed-shaped one and the ops-level one both have it). */
export type LinkResolver = Pick<VirtualFileSystem, "realpath" | "lstat" | "readlink">;

/**
 * Where `path` really is: symbolic links resolved by the filesystem. A final
 * component that does not exist (a file about to be created) is kept as
 * written below its parent's real location. With `followFinal` false, the
 * final component is not resolved (the call acts on a link itself).
 *
 * When the path does not resolve, the deepest ancestor that does is found
 * by halving (every ancestor of a resolvable path resolves too), so a deep
 * missing path costs a few filesystem calls, not one per level; only the
 * first missing component can be a (dangling) link, since nothing exists
 * below it.
 */
export async function realLocation(fs: LinkResolver, path: string, followFinal: boolean, hops = 0): Promise<string> {
  if (path === "/") return "/";
  if (followFinal) {
    const whole = await realpathOrNull(fs, path);
    if (whole !== null) return whole;
  }
  const parts = path.split("/").filter((part) => part !== "");
  const prefix = (count: number) => "/" + parts.slice(0, count).join("/");
  // `known` leading components resolve, to `base`.
  let known = parts.length - 1;
  let base = known === 0 ? "/" : await realpathOrNull(fs, prefix(known));
  if (base === null) {
    let lo = 0;
    let hi = parts.length - 2;
    base = "/";
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const resolved = await realpathOrNull(fs, prefix(mid));
      if (resolved === null) hi = mid - 1;
      else [lo, base] = [mid, resolved];
    }
    known = lo;
  }
  let here = base === "/" ? `/${parts[known]}` : `${base}/${parts[known]}`;
  if (known < parts.length - 1 || followFinal) {
    // A dangling link: a call that creates the file creates it where the link points, so that is what is checked.
    let link = false;
    try {
      link = (await fs.lstat(here)).isSymbolicLink;
    } catch {
      link = false;
    }
    if (link) {
      if (hops >= MAX_LINK_HOPS) throw codedError(Error, "ELOOP", "ELOOP");
      here = await realLocation(fs, resolvePath(base, await fs.readlink(here)), true, hops + 1);
    }
  }
  for (let i = known + 1; i < parts.length; i++) here = here === "/" ? `/${parts[i]}` : `${here}/${parts[i]}`;
  return here;
}

/** The filesystem's realpath of `path`, or null when it does not resolve; a link loop (ELOOP) is thrown. */
async function realpathOrNull(fs: LinkResolver, path: string): Promise<string | null> {
  try {
    return await fs.realpath(path);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === "ELOOP") throw error;
    return null;
  }
}

/** Most symbolic links followed while resolving one path (Linux's limit). */
const MAX_LINK_HOPS = 40;

/**
 * Asks the `fs` permission for `op` on `arg`, then for where the path really
 * leads if a symbolic link sends it elsewhere, and returns that real path:
 * the call acts on what was checked.
 */
export async function authorize(ctx: OpContext, op: FsOperation, arg: PathArg, at: ErrorContext, followFinal = true): Promise<string> {
  // Like the system calls, an empty path names nothing (it is not the cwd).
  if (arg.given === "") throw systemError("ENOENT", at);
  if (nameTooLong(arg.given) || nameTooLong(arg.path)) throw systemError("ENAMETOOLONG", at);
  const what = { syscall: at.syscall, subject: subjectOf(at), path: at.path, dest: at.dest };
  demand(ctx.permissions, "fs", { op, path: arg.path }, what);
  const real = await call(at, () => realLocation(ctx.fs, arg.path, followFinal));
  if (real !== arg.path) demand(ctx.permissions, "fs", { op, path: real }, what);
  return real;
}

/** The quoted subject of a permission error: `'a'` or `'a' -> 'b'`. */
function subjectOf(at: ErrorContext): string {
  const path = at.path === undefined ? "" : `'${at.path}'`;
  return at.dest === undefined ? path : `${path} -> '${at.dest}'`;
}
