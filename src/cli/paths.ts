/**
 * Paths of the command line: what the user writes (the file, `--allow-read`
 * lists, `--root`) are host paths, resolved against the host's working
 * directory; the guest sees the host directory `--root` (default `/`) as its
 * `/`. This maps between the two.
 * @module
 */
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { UsageError } from "./args.js";

/** Maps between host paths and sandbox paths for one command line. */
export type CliPaths = {
  /** The host directory the guest sees as `/` (absolute, links resolved). */
  readonly root: string;
  /** The guest's working directory: the host's, if it lies under the root; `/` otherwise. */
  readonly cwd: string;
  /** The host path of a sandbox path (absolute). */
  toHost(sandboxPath: string): string;
  /** The sandbox path of a host path (relative paths from the host's cwd). @throws UsageError naming `what` if it lies outside the root. */
  toSandbox(hostPath: string, what: string): string;
};

/** Creates the mapping for `--root root` (undefined: the host's `/`). @throws UsageError when the root is not a directory. */
export function createCliPaths(root: string | undefined, hostCwd = process.cwd()): CliPaths {
  let base: string;
  try {
    base = realpathSync(resolve(hostCwd, root ?? "/"));
  } catch {
    throw new UsageError(`--root ${root}: no such directory`);
  }
  const inside = (hostPath: string): string | null => {
    const rel = relative(base, hostPath);
    if (rel === "") return "/";
    if (rel.startsWith("..") || isAbsolute(rel)) return null;
    return "/" + rel.split(sep).join("/");
  };
  const realOrSame = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return {
    root: base,
    cwd: inside(realOrSame(hostCwd)) ?? "/",
    toHost: (sandboxPath) => (base === "/" ? sandboxPath : resolve(base, "." + sandboxPath)),
    toSandbox(hostPath, what) {
      const absolute = resolve(hostCwd, hostPath);
      const mapped = inside(absolute) ?? inside(realOrSame(absolute));
      if (mapped === null) throw new UsageError(`${what}: ${absolute} is outside --root ${base}`);
      return mapped;
    },
  };
}
