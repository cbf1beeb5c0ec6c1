/**
 * Sandbox path arithmetic: resolving against a cwd, parents, and Linux's
 * length limits. Pure functions on absolute POSIX paths of the sandbox.
 * @module
 */

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

/** `name` inside the directory `dir` (both normalised). */
export function childOf(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
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
