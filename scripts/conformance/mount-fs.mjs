/**
 * The filesystem one conformance file runs on: a fresh in-memory filesystem
 * (so `/tmp` and everything a test writes is new for every file) with the
 * host's Node test tree mounted read-only at `/test` (`/test/common`,
 * `/test/fixtures`, `/test/parallel`, as Node's tests expect to find them
 * next to each other). Nothing is copied: the mount reads the host tree on
 * demand through quickexec's confined host filesystem, so starting a file
 * costs no seeding of the 38 MB of fixtures.
 * @module
 */
import { createHostFileSystem, createInMemoryFileSystem } from "../../dist/src/index.js";

/** Where the test tree appears in the sandbox. */
export const MOUNT = "/test";

const within = (path) => path === MOUNT || path.startsWith(MOUNT + "/");
const inner = (path) => path.slice(MOUNT.length) || "/";

function readOnly(path) {
  return Object.assign(new Error(`EROFS: read-only file system, '${path}'`), { code: "EROFS" });
}

/**
 * Makes the filesystem of one run.
 * @param {string} treeRoot host directory holding `parallel/`, `common/`, `fixtures/`
 * @param {{ dirs?: string[] }} [options] extra empty directories to create in memory (default `/tmp`, `/root`)
 * @returns {Promise<object>} a VirtualFileSystem
 */
export async function createConformanceFileSystem(treeRoot, options = {}) {
  const tree = createHostFileSystem(treeRoot);
  const memory = createInMemoryFileSystem();
  for (const dir of options.dirs ?? ["/tmp", "/root"]) await memory.mkdir(dir);

  const read = (name) => (path, ...rest) => (within(path) ? tree[name](inner(path), ...rest) : memory[name](path, ...rest));
  const write = (name) => async (path, ...rest) => {
    if (within(path)) throw readOnly(path);
    return memory[name](path, ...rest);
  };
  const twoPaths = (name) => async (from, to) => {
    if (within(to)) throw readOnly(to);
    if (name === "symlink") return memory.symlink(from, to); // `from` is the link's content, not a path read here
    if (within(from)) {
      throw Object.assign(new Error(`EXDEV: cross-device link not permitted, '${from}' -> '${to}'`), { code: "EXDEV" });
    }
    return memory[name](from, to);
  };
  const withMount = async (names) => (names.includes(MOUNT.slice(1)) ? names : [...names, MOUNT.slice(1)]);

  return {
    readFile: read("readFile"),
    readTextFile: read("readTextFile"),
    async readDir(path) {
      if (path === "/") return withMount(await memory.readDir("/"));
      return within(path) ? tree.readDir(inner(path)) : memory.readDir(path);
    },
    async readDirWithTypes(path) {
      if (path === "/") {
        const entries = await memory.readDirWithTypes("/");
        return entries.some((e) => e.name === "test") ? entries : [...entries, { name: "test", isDirectory: true, isSymbolicLink: false }];
      }
      return within(path) ? tree.readDirWithTypes(inner(path)) : memory.readDirWithTypes(path);
    },
    exists: read("exists"),
    stat: read("stat"),
    lstat: read("lstat"),
    readlink: read("readlink"),
    realpath: async (path) => (within(path) ? MOUNT + (await tree.realpath(inner(path))).replace(/^\/$/, "") : memory.realpath(path)),
    pread: read("pread"),
    writeFile: write("writeFile"),
    createDir: write("createDir"),
    mkdir: write("mkdir"),
    removeFile: write("removeFile"),
    removeDir: write("removeDir"),
    chmod: write("chmod"),
    chown: write("chown"),
    lchown: write("lchown"),
    utimes: write("utimes"),
    lutimes: write("lutimes"),
    truncate: write("truncate"),
    pwrite: write("pwrite"),
    rename: twoPaths("rename"),
    link: twoPaths("link"),
    symlink: twoPaths("symlink"),
  };
}
