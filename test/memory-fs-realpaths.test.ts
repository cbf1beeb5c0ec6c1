/**
 * The in-memory filesystem remembers the real paths it resolved
 * (src/fs/memory-fs.ts) and forgets them all before any change: a real path
 * it answers is never older than the last change to the tree, whoever made
 * it (the host or a guest), so the permission check, which is made on where
 * a path really leads, always sees where it leads now.
 */
import { describe, expect, it } from "vitest";
import { NodeRuntime, createInMemoryFileSystem, createNodeDriver, createNodeRuntimeDriverFactory } from "../dist/src/index.js";

const code = (p: Promise<unknown>) => p.then(String, (error: { code?: string }) => `error ${error.code}`);

describe("the in-memory filesystem's real paths", () => {
  it("follow every change made to the tree", async () => {
    const fs = createInMemoryFileSystem();
    await fs.writeFile("/a/one.txt", "1");
    await fs.writeFile("/b/two.txt", "2");
    await fs.symlink!("/a/one.txt", "/link");
    await fs.symlink!("/a", "/dir");
    expect(await fs.realpath("/link")).toBe("/a/one.txt");
    expect(await fs.realpath("/dir/one.txt")).toBe("/a/one.txt");
    // A link pointed elsewhere.
    await fs.removeFile("/link");
    await fs.symlink!("/b/two.txt", "/link");
    expect(await fs.realpath("/link")).toBe("/b/two.txt");
    // A directory renamed: the old path no longer resolves, through a link neither.
    await fs.rename("/a", "/c");
    expect(await code(fs.realpath("/a/one.txt"))).toBe("error ENOENT");
    expect(await code(fs.realpath("/dir/one.txt"))).toBe("error ENOENT");
    expect(await fs.realpath("/c/one.txt")).toBe("/c/one.txt");
    // Made again where it was: it resolves again.
    await fs.mkdir("/a");
    await fs.writeFile("/a/one.txt", "new");
    expect(await fs.realpath("/dir/one.txt")).toBe("/a/one.txt");
    // A directory that can no longer be searched: the walk fails as it would have without anything remembered.
    expect(await fs.realpath("/b/two.txt")).toBe("/b/two.txt");
    await fs.chmod!("/b", 0o000);
    const unsearchable = await code(fs.realpath("/b/two.txt"));
    await fs.chmod!("/b", 0o755);
    const fresh = createInMemoryFileSystem();
    await fresh.writeFile("/b/two.txt", "2");
    await fresh.chmod!("/b", 0o000);
    expect(unsearchable).toBe(await code(fresh.realpath("/b/two.txt")));
  });

  it("never let a guest read through a link pointed at a denied place since", async () => {
    const fs = createInMemoryFileSystem();
    await fs.writeFile("/data/public.txt", "public");
    await fs.writeFile("/data/other.txt", "other");
    await fs.writeFile("/secret/key.txt", "hidden");
    const asked: string[] = [];
    const runtime = new NodeRuntime({
      systemDriver: createNodeDriver({
        filesystem: fs,
        permissions: {
          fs: (request) => {
            asked.push(`${request.op} ${request.path}`);
            return { allow: !request.path.startsWith("/secret") };
          },
        },
      }),
      runtimeDriverFactory: createNodeRuntimeDriverFactory(),
    });
    try {
      const first = await runtime.run(`
        const fs = require("fs");
        fs.symlinkSync("/data/public.txt", "/data/link");
        const out = [fs.readFileSync("/data/link", "utf8"), fs.readFileSync("/data/link", "utf8")];
        // Pointed elsewhere by the guest: the next read reads there.
        fs.unlinkSync("/data/link");
        fs.symlinkSync("/data/other.txt", "/data/link");
        out.push(fs.readFileSync("/data/link", "utf8"));
        module.exports = out;
      `);
      expect(first.errorMessage).toBeUndefined();
      expect(first.exports).toEqual(["public", "public", "other"]);
      // Pointed at the denied place by the host, between runs.
      await fs.removeFile("/data/link");
      await fs.symlink!("/secret/key.txt", "/data/link");
      const second = await runtime.run(`
        try { module.exports = require("fs").readFileSync("/data/link", "utf8"); } catch (e) { module.exports = e.code; }
      `);
      expect(second.exports).toBe("EACCES");
      expect(asked).toContain("read /secret/key.txt");
    } finally {
      runtime.dispose();
    }
  });
});
