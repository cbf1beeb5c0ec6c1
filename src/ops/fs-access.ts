/**
 * What every filesystem op does before and after it calls the filesystem:
 * coerce the path once, normalise it against the guest's cwd, ask the `fs`
 * permission (for the path as written and for where its symbolic links lead),
 * and turn the filesystem's failures into Node's errors with the guest's own
 * path and syscall.
 * @module
 */
import { SystemError } from "../errors.js";
import { demand } from "../permissions.js";
import type { VirtualFileSystem } from "../fs/types.js";
import { stringArg } from "./coerce.js";
import type { OpContext } from "./op-context.js";

/** A path argument: as the guest wrote it (for messages) and resolved (for checks and calls). */
export interface PathArg {
  /** As the guest passed it, shown in error messages the way Node shows it. */
  readonly given: string;
  /** Absolute and normalised against the guest's cwd. */
  readonly path: string;
  /** Written with a trailing slash: it must name a directory. */
  readonly mustBeDir?: boolean;
}

/** libuv's descriptions, as Node prints them. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EBADF: "bad file descriptor",
  EEXIST: "file already exists",
  EFBIG: "file too large",
  EINVAL: "invalid argument",
  EIO: "i/o error",
  EISDIR: "illegal operation on a directory",
  ELOOP: "too many symbolic links encountered",
  EMFILE: "too many open files",
  ENAMETOOLONG: "name too long",
  ENOENT: "no such file or directory",
  ENOSPC: "no space left on device",
  ENOSYS: "function not implemented",
  ENOTDIR: "not a directory",
  ENOTEMPTY: "directory not empty",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  EXDEV: "cross-device link not permitted",
};

function invalidArg(message: string, code: string): TypeError {
  return Object.assign(new TypeError(message), { code });
}

/** Resolves `path` against `cwd` and normalises `.`, `..` and repeated slashes. */
export function resolvePath(cwd: string, path: string): string {
  const joined = path.startsWith("/") ? path : `${cwd}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}

/** The parent directory of a normalised path. */
export function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/")) || "/";
}

/** Coerces a path argument once and resolves it. Null bytes are refused as Node refuses them. */
export function pathArg(ctx: OpContext, value: unknown, name = "path"): PathArg {
  const given = stringArg(value, name);
  if (given.includes("\u0000")) {
    throw invalidArg(`The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(given).replace(/\\u0000/g, "\\x00").replace(/^"|"$/g, "'")}`, "ERR_INVALID_ARG_VALUE");
  }
  return { given, path: resolvePath(ctx.cwd, given), mustBeDir: given.length > 1 && given.endsWith("/") };
}

/** Linux's PATH_MAX: a path of this many bytes or more fails with ENAMETOOLONG. */
export const PATH_MAX = 4096;
/** Linux's NAME_MAX: the most bytes of one path component. */
const NAME_MAX = 255;

/**
 * Whether `path` is too long for Linux (ENAMETOOLONG): PATH_MAX bytes or
 * more in all, or a component over NAME_MAX bytes (UTF-8). Paths are held
 * to it as the system calls hold them, which also bounds how deep any path
 * the filesystem is asked about can be.
 */
export function nameTooLong(path: string): boolean {
  // A UTF-8 encoding is never shorter than the UTF-16 string.
  if (path.length >= PATH_MAX) return true;
  let total = 0;
  let component = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    const bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff && i + 1 < path.length && (path.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? (i++, 4) : 3;
    total += bytes;
    component = c === 0x2f ? 0 : component + bytes;
    if (component > NAME_MAX) return true;
  }
  return total >= PATH_MAX;
}

/** Coerces an integer argument once (a missing one becomes `fallback`). */
export function intArg(value: unknown, name: string, fallback?: number): number {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
  } else if (typeof value === "number" && Number.isInteger(value)) {
    return value;
  }
  throw invalidArg(`The "${name}" argument must be an integer. Received ${value === null ? "null" : typeof value === "number" ? String(value) : `type ${typeof value}`}`, "ERR_INVALID_ARG_TYPE");
}

/** Coerces a byte argument (the guest sends Uint8Arrays). */
export function bytesArg(value: unknown, name: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return new TextEncoder().encode(value);
  throw invalidArg(`The "${name}" argument must be of type string or an instance of Buffer, TypedArray, or DataView`, "ERR_INVALID_ARG_TYPE");
}

/** Context for turning a filesystem failure into Node's error. */
export interface ErrorContext {
  syscall: string;
  /** The guest's path, or undefined where Node's message names none. */
  path?: string;
  /** The second path of two-path calls (`rename 'a' -> 'b'`). */
  dest?: string;
}

/** Node's error for a failed call, e.g. `ENOENT: no such file or directory, open 'a.txt'`. */
export function systemError(code: string, at: ErrorContext, detail?: string): SystemError {
  const description = DESCRIPTIONS[code] ?? code.toLowerCase();
  let message = `${code}: ${description}, ${at.syscall}`;
  if (at.path !== undefined) message += ` '${at.path}'`;
  if (at.dest !== undefined) message += ` -> '${at.dest}'`;
  if (detail) message += ` (${detail})`;
  const error = new SystemError(code, message, { syscall: at.syscall, path: at.path });
  if (at.dest !== undefined) Object.assign(error, { dest: at.dest });
  return error;
}

/**
 * Maps anything a filesystem threw to Node's error. Errors with a POSIX code
 * get Node's message built from the code alone, so a filesystem's own message
 * (which may name host paths) never reaches the guest.
 */
export function mapFsError(error: unknown, at: ErrorContext): Error {
  if (error instanceof SystemError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^E[A-Z0-9]+$/.test(code)) {
    const reason = (error as { reason?: unknown }).reason;
    return systemError(code, at, typeof reason === "string" ? reason : undefined);
  }
  if (error instanceof Error) return error;
  return new Error(String(error));
}

/** Runs a filesystem call and maps its failure. */
export async function call<T>(at: ErrorContext, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mapFsError(error, at);
  }
}

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
export async function realLocation(fs: VirtualFileSystem, path: string, followFinal: boolean, hops = 0): Promise<string> {
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
      if (hops >= MAX_LINK_HOPS) throw Object.assign(new Error("ELOOP"), { code: "ELOOP" });
      here = await realLocation(fs, resolvePath(base, await fs.readlink(here)), true, hops + 1);
    }
  }
  for (let i = known + 1; i < parts.length; i++) here = here === "/" ? `/${parts[i]}` : `${here}/${parts[i]}`;
  return here;
}

/** The filesystem's realpath of `path`, or null when it does not resolve; a link loop (ELOOP) is thrown. */
async function realpathOrNull(fs: VirtualFileSystem, path: string): Promise<string | null> {
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
export async function authorize(ctx: OpContext, op: string, arg: PathArg, at: ErrorContext, followFinal = true): Promise<string> {
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
