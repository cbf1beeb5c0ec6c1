/**
 * The ops-level filesystem a seed-shaped VirtualFileSystem gets from
 * toFileSystem (src/fs/full-fs.ts), checked against a minimal filesystem of
 * the test's own that has only the required methods (no pread, pwrite,
 * lchown or lutimes): mkdir -p, append, exclusive create, open flags,
 * positional reads and writes over whole files, the walk that names what is
 * missing, links changed in place or refused.
 */
import { describe, expect, it } from "vitest";
import type { VirtualFileSystem, VirtualStat } from "../dist/src/index.js";
import { toFileSystem } from "../dist/src/fs/full-fs.js";
import { FileTooLargeError, FsPathError } from "../dist/src/fs/file-system.js";

type Node = { kind: "file"; data: Uint8Array; mode: number } | { kind: "dir"; mode: number } | { kind: "link"; target: string };

/** The smallest VirtualFileSystem: a map of absolute paths, links resolved by `realpath` and `stat`. */
function minimalFs(): { fs: VirtualFileSystem; nodes: Map<string, Node>; calls: string[] } {
  const nodes = new Map<string, Node>([["/", { kind: "dir", mode: 0o755 }]]);
  const calls: string[] = [];
  const fail = (code: string): never => {
    throw Object.assign(new Error(code), { code });
  };
  const parent = (p: string) => p.slice(0, p.lastIndexOf("/")) || "/";
  const resolve = (p: string, followFinal = true, hops = 0): string => {
    const parts = p.split("/").filter(Boolean);
    let here = "/";
    for (let i = 0; i < parts.length; i++) {
      const next = here === "/" ? `/${parts[i]}` : `${here}/${parts[i]}`;
      const node = nodes.get(next);
      if (node === undefined) return [next, ...parts.slice(i + 1)].join("/");
      if (node.kind === "link" && (followFinal || i < parts.length - 1)) {
        if (hops > 8) fail("ELOOP");
        here = resolve(node.target.startsWith("/") ? node.target : `${here}/${node.target}`, true, hops + 1);
      } else {
        if (node.kind === "file" && i < parts.length - 1) fail("ENOTDIR");
        here = next;
      }
    }
    return here;
  };
  const get = (p: string, follow = true): Node => nodes.get(resolve(p, follow)) ?? fail("ENOENT");
  const file = (p: string) => {
    const node = get(p);
    return node.kind === "file" ? node : fail("EISDIR");
  };
  const statOf = (node: Node): VirtualStat => ({
    mode: node.kind === "link" ? 0o120777 : node.kind === "dir" ? 0o40000 | node.mode : 0o100000 | node.mode,
    size: node.kind === "file" ? node.data.byteLength : 0,
    isDirectory: node.kind === "dir",
    isSymbolicLink: node.kind === "link",
    atimeMs: 0, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0,
  });
  const put = (p: string, node: Node) => {
    const dir = nodes.get(resolve(parent(p)));
    if (dir === undefined) fail("ENOENT");
    if (dir!.kind !== "dir") fail("ENOTDIR");
    nodes.set(resolve(p, false), node);
  };
  const fs: VirtualFileSystem = {
    async readFile(p) { calls.push(`readFile ${p}`); return file(p).data.slice(); },
    async readTextFile(p) { return new TextDecoder().decode(file(p).data); },
    async readDir(p) { const d = resolve(p); return [...nodes.keys()].filter((k) => k !== "/" && parent(k) === d).map((k) => k.slice(k.lastIndexOf("/") + 1)); },
    async readDirWithTypes(p) { return (await fs.readDir(p)).map((name) => ({ name, isDirectory: get(`${resolve(p)}/${name}`, false).kind === "dir" })); },
    async writeFile(p, content) { calls.push(`writeFile ${p}`); const old = nodes.get(resolve(p)); put(p, { kind: "file", data: typeof content === "string" ? new TextEncoder().encode(content) : content.slice(), mode: old?.kind === "file" ? old.mode : 0o644 }); },
    async createDir(p) { if (nodes.has(resolve(p, false))) fail("EEXIST"); put(p, { kind: "dir", mode: 0o755 }); },
    async mkdir(p) { const parts = p.split("/").filter(Boolean); for (let i = 1; i <= parts.length; i++) { const q = "/" + parts.slice(0, i).join("/"); if (!nodes.has(resolve(q))) put(q, { kind: "dir", mode: 0o755 }); } },
    async exists(p) { try { get(p); return true; } catch { return false; } },
    async stat(p) { return statOf(get(p)); },
    async lstat(p) { return statOf(get(p, false)); },
    async removeFile(p) { get(p, false); nodes.delete(resolve(p, false)); },
    async removeDir(p) { if ((await fs.readDir(p)).length) fail("ENOTEMPTY"); nodes.delete(resolve(p, false)); },
    async rename(a, b) { const node = get(a, false); nodes.delete(resolve(a, false)); put(b, node); },
    async symlink(target, p) { put(p, { kind: "link", target }); },
    async readlink(p) { const node = get(p, false); return node.kind === "link" ? node.target : fail("EINVAL"); },
    async link(a, b) { put(b, get(a)); },
    async chmod(p, mode) { calls.push(`chmod ${p} ${mode.toString(8)}`); const node = get(p); if (node.kind !== "link") node.mode = mode; },
    async chown(p) { calls.push(`chown ${p}`); get(p); },
    async utimes(p) { calls.push(`utimes ${p}`); get(p); },
    async truncate(p, length) { const node = file(p); const data = new Uint8Array(length); data.set(node.data.subarray(0, length)); node.data = data; },
    async realpath(p) { const real = resolve(p); if (!nodes.has(real)) fail("ENOENT"); return real; },
  };
  return { fs, nodes, calls };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);
const LIMIT = { maxGrowth: 1 << 20 };
const WRITE = { append: false, createNew: false, mode: 0o666, ...LIMIT };

describe("toFileSystem over a minimal seed-shaped filesystem", () => {
  it("mkdir: -p reports the first directory it made, fails on what is in the way, and applies a mode under the umask", async () => {
    const { fs: vfs, calls } = minimalFs();
    const fs = toFileSystem(vfs);
    expect(await fs.mkdir("/a/b/c", { recursive: true, mode: 0o777 })).toBe("/a");
    expect(await fs.mkdir("/a/b/c", { recursive: true, mode: 0o777 })).toBeUndefined();
    expect(await fs.mkdir("/a/b/d/e", { recursive: true, mode: 0o700 })).toBe("/a/b/d");
    expect(calls).toContain("chmod /a/b/d/e 700");
    await fs.writeFile("/a/f", bytes("x"), WRITE);
    await expect(fs.mkdir("/a/f", { recursive: true, mode: 0o777 })).rejects.toMatchObject({ code: "EEXIST" });
    await expect(fs.mkdir("/a/f/g", { recursive: true, mode: 0o777 })).rejects.toMatchObject({ code: "ENOTDIR" });
    await expect(fs.mkdir("/a/b", { recursive: false, mode: 0o777 })).rejects.toMatchObject({ code: "EEXIST" });
  });

  it("writeFile: append by rewriting the whole file (no pwrite), exclusive create, a new file's mode, and Node's errors", async () => {
    const { fs: vfs, calls } = minimalFs();
    const fs = toFileSystem(vfs);
    await vfs.mkdir("/d");
    await fs.writeFile("/d/log", bytes("one "), WRITE);
    await fs.writeFile("/d/log", bytes("two"), { ...WRITE, append: true });
    expect(text(await fs.readFile("/d/log", { maxBytes: 100 }))).toBe("one two");
    await expect(fs.writeFile("/d/log", bytes("x"), { ...WRITE, createNew: true })).rejects.toMatchObject({ code: "EEXIST" });
    await fs.writeFile("/d/secret", bytes("s"), { ...WRITE, mode: 0o600 });
    expect(calls).toContain("chmod /d/secret 600");
    await expect(fs.writeFile("/nope/x", bytes("x"), WRITE)).rejects.toMatchObject({ code: "ENOENT" });
    await expect(fs.writeFile("/d/log/x", bytes("x"), WRITE)).rejects.toMatchObject({ code: "ENOTDIR" });
    await expect(fs.writeFile("/d", bytes("x"), WRITE)).rejects.toMatchObject({ code: "EISDIR" });
  });

  it("readFile: a directory fails as Node reports it (EISDIR, syscall read, no path); a file past the limit before it is read", async () => {
    const { fs: vfs, calls } = minimalFs();
    const fs = toFileSystem(vfs);
    await vfs.mkdir("/d");
    await vfs.writeFile("/d/big", new Uint8Array(101));
    const dir = await fs.readFile("/d", { maxBytes: 100 }).catch((e) => e);
    expect(dir).toBeInstanceOf(FsPathError);
    expect(dir).toMatchObject({ code: "EISDIR", syscall: "read", path: undefined });
    calls.length = 0;
    const big = await fs.readFile("/d/big", { maxBytes: 100 }).catch((e) => e);
    expect(big).toBeInstanceOf(FileTooLargeError);
    expect(big.size).toBe(101);
    expect(calls).toEqual([]);
  });

  it("open: flags create, truncate and refuse; the handle reads and writes at positions over whole files", async () => {
    const { fs: vfs } = minimalFs();
    const fs = toFileSystem(vfs);
    const flags = { read: true, write: true, append: false, create: false, truncate: false, createNew: false };
    await expect(fs.open("/f", flags)).rejects.toMatchObject({ code: "ENOENT" });
    const handle = await fs.open("/f", { ...flags, create: true });
    expect(handle.path).toBe("/f");
    expect(await handle.write(0, bytes("hello"), LIMIT)).toBe(0);
    expect(await handle.write(7, bytes("!"), LIMIT)).toBe(7);
    expect(await handle.read(0, 100)).toEqual(new Uint8Array([104, 101, 108, 108, 111, 0, 0, 33]));
    expect(text(await handle.read(1, 3))).toBe("ell");
    expect(await handle.read(50, 3)).toEqual(new Uint8Array(0));
    expect(await handle.write("end", bytes("?"), LIMIT)).toBe(8);
    expect((await handle.stat()).size).toBe(9);
    await expect(handle.write(10_000, bytes("x"), { maxGrowth: 100 })).rejects.toMatchObject({ code: "EFBIG" });
    await handle.truncate(2, LIMIT);
    expect(text(await vfs.readFile("/f"))).toBe("he");
    await handle.close();
    await expect(fs.open("/f", { ...flags, create: true, createNew: true })).rejects.toMatchObject({ code: "EEXIST" });
    await fs.open("/f", { ...flags, truncate: true });
    expect((await vfs.stat("/f")).size).toBe(0);
    await vfs.mkdir("/dir");
    await expect(fs.open("/dir", flags)).rejects.toMatchObject({ code: "EISDIR" });
    await expect((await fs.open("/dir", { ...flags, write: false })).read(0, 1)).rejects.toMatchObject({ code: "EISDIR" });
  });

  it("realpath: resolves links; with explain, names the first missing component (lstat) or a dangling link (stat)", async () => {
    const { fs: vfs } = minimalFs();
    const fs = toFileSystem(vfs);
    await vfs.mkdir("/a/b");
    await vfs.symlink("/a/b", "/l");
    await vfs.symlink("/a/gone", "/a/dangling");
    expect(await fs.realpath("/l")).toBe("/a/b");
    expect(await fs.realpath("/l", { explain: true })).toBe("/a/b");
    await expect(fs.realpath("/a/x/y/z", { explain: true })).rejects.toMatchObject({ code: "ENOENT", syscall: "lstat", path: "/a/x" });
    await expect(fs.realpath("/a/dangling", { explain: true })).rejects.toMatchObject({ code: "ENOENT", syscall: "stat", path: "/a/dangling" });
    await expect(fs.realpath("/a/x")).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("links: readlink of a non-link is EINVAL; without lchown/lutimes a link cannot be changed (ENOSYS) and a file is changed as usual", async () => {
    const { fs: vfs, calls } = minimalFs();
    const fs = toFileSystem(vfs);
    await vfs.writeFile("/f", "x");
    await vfs.symlink("/f", "/l");
    expect(await fs.readlink("/l")).toBe("/f");
    await expect(fs.readlink("/f")).rejects.toMatchObject({ code: "EINVAL" });
    await expect(fs.lchown("/l", 1, 1)).rejects.toMatchObject({ code: "ENOSYS" });
    await expect(fs.lutimes("/l", 1, 1)).rejects.toMatchObject({ code: "ENOSYS" });
    await fs.lchown("/f", 1, 1);
    await fs.lutimes("/f", 1, 1);
    expect(calls).toEqual(expect.arrayContaining(["chown /f", "utimes /f"]));
  });

  it("copyFile, truncate, unlink and rmdir check what they act on first", async () => {
    const { fs: vfs } = minimalFs();
    const fs = toFileSystem(vfs);
    await vfs.mkdir("/d");
    await vfs.writeFile("/d/a", "abc");
    await fs.copyFile("/d/a", "/d/b", { exclusive: false, maxBytes: 100 });
    expect(text(await vfs.readFile("/d/b"))).toBe("abc");
    await expect(fs.copyFile("/d/a", "/d/b", { exclusive: true, maxBytes: 100 })).rejects.toMatchObject({ code: "EEXIST" });
    await expect(fs.copyFile("/d", "/d/c", { exclusive: false, maxBytes: 100 })).rejects.toMatchObject({ code: "EISDIR" });
    await expect(fs.copyFile("/d/a", "/d/c", { exclusive: false, maxBytes: 2 })).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(fs.truncate("/d", 0, LIMIT)).rejects.toMatchObject({ code: "EISDIR" });
    await expect(fs.truncate("/d/a", 1 << 30, { maxGrowth: 100 })).rejects.toMatchObject({ code: "EFBIG" });
    await expect(fs.unlink("/d")).rejects.toMatchObject({ code: "EISDIR" });
    await expect(fs.rmdir("/d/a")).rejects.toMatchObject({ code: "ENOTDIR" });
    await fs.unlink("/d/a");
    await fs.unlink("/d/b");
    await fs.rmdir("/d");
    expect(await fs.exists("/d")).toBe(false);
  });
});
