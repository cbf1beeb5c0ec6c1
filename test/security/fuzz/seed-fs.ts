/**
 * The filesystem the fuzz suites start every run with: files, folders and
 * symbolic links (to a file, dangling, a loop, out to a denied folder), a
 * file just past the read limit and a small package tree; and a wrapper that
 * records content calls and gives coded errors messages naming a host path.
 * @module
 */
import { createInMemoryFileSystem, type VirtualFileSystem } from "../../../dist/src/index.js";
import { HOST_PATHS } from "./plain.js";

/**
 * The most bytes one read may bring into the fuzzed sandbox: small, so that
 * the file one byte past it is cheap to seed in every run.
 */
export const MAX_READ_BYTES = 64 * 1024;

/** A file one byte past {@link MAX_READ_BYTES} (shared: allocated once). */
export const BIG_FILE = new Uint8Array(MAX_READ_BYTES + 1).fill(0x7a);

/** The files every run starts with (directories are made as needed). */
const SEED_FILES: Record<string, string | Uint8Array> = {
  "/root/a.txt": "hello\n",
  "/root/dir/b.txt": "b",
  "/root/dir/sub/.keep": "",
  "/root/big.bin": BIG_FILE,
  "/root/deny/x.txt": "denied by the rule",
  "/root/package.json": JSON.stringify({ name: "app", imports: { "#imp": "./a.txt", "#pkg": "pkg", "#star/*": "./dir/*" } }),
  "/root/node_modules/pkg/package.json": JSON.stringify({ name: "pkg", main: "main.js", exports: { ".": { require: "./main.js", import: "./main.mjs" }, "./sub/*": "./lib/*.js", "./null": null } }),
  "/root/node_modules/pkg/main.js": "module.exports = 1;",
  "/root/node_modules/pkg/main.mjs": "export default 1;",
  "/root/node_modules/pkg/lib/x.js": "module.exports = 'x';",
  "/root/node_modules/badjson/package.json": "{ not json",
  "/root/node_modules/esm/package.json": JSON.stringify({ type: "module", main: "index.js" }),
  "/root/node_modules/esm/index.js": "export default 1;",
  "/root/addon.node": "",
  "/etc/secret.txt": "TOP SECRET",
};

/** Symbolic links every run starts with: to a file, dangling, a loop, out to /etc. */
const SEED_LINKS: Record<string, string> = {
  "/root/link": "/root/a.txt",
  "/root/dangling": "/root/nope/x.txt",
  "/root/loop1": "/root/loop2",
  "/root/loop2": "/root/loop1",
  "/root/esc": "/etc/secret.txt",
  "/root/rel": "dir/b.txt",
};

/** Filesystem methods that read or change content, and which of their arguments are paths. */
const CONTENT_METHODS: Readonly<Record<string, readonly number[]>> = {
  readFile: [0], readTextFile: [0], readDir: [0], readDirWithTypes: [0], writeFile: [0], createDir: [0], mkdir: [0],
  removeFile: [0], removeDir: [0], rename: [0, 1], symlink: [1], link: [0, 1], chmod: [0], chown: [0], utimes: [0],
  truncate: [0], lchown: [0], lutimes: [0], pread: [0], pwrite: [0],
};

/** One content call the filesystem received. */
export interface FsCall {
  method: string;
  paths: string[];
}

/**
 * Wraps `fs`: records content calls in `calls`, and gives every error with a
 * POSIX code a message naming a host path (the op layer must show Node's
 * message, built from the code, instead).
 */
export function recordingFs(fs: VirtualFileSystem, calls: FsCall[]): VirtualFileSystem {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(fs)) {
    if (typeof fn !== "function") continue;
    out[name] = async (...args: unknown[]) => {
      const pathsAt = CONTENT_METHODS[name];
      if (pathsAt) calls.push({ method: name, paths: pathsAt.map((i) => String(args[i])) });
      try {
        return await (fn as (...a: unknown[]) => unknown).apply(fs, args);
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code === "string" && /^E[A-Z0-9]+$/.test(code)) {
          throw Object.assign(new Error(`${code}: host file ${HOST_PATHS[0]}/data${String(args[0])}`), { code });
        }
        throw error;
      }
    };
  }
  return out as unknown as VirtualFileSystem;
}

/** A new in-memory filesystem holding the seed files and links. */
export async function seededMemoryFs(): Promise<VirtualFileSystem> {
  const memory = createInMemoryFileSystem();
  for (const [path, content] of Object.entries(SEED_FILES)) {
    await memory.mkdir(path.slice(0, path.lastIndexOf("/")) || "/");
    await memory.writeFile(path, content);
  }
  for (const [path, target] of Object.entries(SEED_LINKS)) await memory.symlink(target, path);
  return memory;
}

/** A filesystem whose content can be put back to the seeds between runs of one runtime (whose driver keeps one filesystem). */
export function resettableFs(): { fs: VirtualFileSystem; reset(): Promise<void> } {
  let current: VirtualFileSystem | null = null;
  const fs: Record<string, unknown> = {};
  const probe = createInMemoryFileSystem();
  for (const name of Object.keys(probe)) {
    fs[name] = (...args: unknown[]) => (current as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args);
  }
  return {
    fs: fs as unknown as VirtualFileSystem,
    async reset() {
      current = await seededMemoryFs();
    },
  };
}
