// createOpfsFileSystem (src/browser/opfs-fs.ts) in headless Chromium, on the
// shared page served cross-origin isolated and not: the VirtualFileSystem
// methods against the real Origin Private File System, and a guest's fs on it
// (sync forms on the isolated page; callback and promise forms on both).
import { describe, expect, it } from "vitest";
import { useSharedPage } from "./browser/shared-page.js";

const openSharedPage = useSharedPage();

/** Runs in the page: the filesystem's own methods, then a guest using it. */
async function exercise(folder: string): Promise<unknown> {
  // Not a literal import(): vitest would rewrite it, and this function runs in the page.
  const q = await new Function("url", "return import(url)")("/dist/browser/quickexec.js");
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(folder, { recursive: true }).catch(() => {});
  const fs = await q.createOpfsFileSystem({ directory: `${folder}/root` });
  const code = async (p: Promise<unknown>) => {
    try {
      await p;
      return "ok";
    } catch (e) {
      return (e as { code?: string }).code ?? String(e);
    }
  };
  await fs.writeFile("/app/data.json", '{"key":"value"}');
  await fs.writeFile("/app/bytes.bin", new Uint8Array([1, 2, 3, 4, 5]));
  await fs.pwrite("/app/bytes.bin", 7, new Uint8Array([9]));
  const host: Record<string, unknown> = {
    text: await fs.readTextFile("/app/data.json"),
    bytes: [...(await fs.readFile("/app/bytes.bin"))],
    slice: [...(await fs.pread("/app/bytes.bin", 1, 3))],
    list: await fs.readDirWithTypes("/"),
    stat: await fs.stat("/app/data.json").then((s: { size: number; isDirectory: boolean; mode: number; mtimeMs: number }) => [s.size, s.isDirectory, s.mode.toString(8), s.mtimeMs > 0]),
    dirStat: await fs.stat("/app").then((s: { isDirectory: boolean; mode: number }) => [s.isDirectory, s.mode.toString(8)]),
    exists: [await fs.exists("/app/data.json"), await fs.exists("/nope"), await fs.exists("/app/data.json/x")],
    createDirTwice: [await code(fs.createDir("/made")), await code(fs.createDir("/made")), await code(fs.createDir("/none/deeper"))],
    missing: await code(fs.readFile("/nope")),
    isDir: await code(fs.readFile("/app")),
    notEmpty: await code(fs.removeDir("/app")),
    links: [await code(fs.symlink("/app", "/l")), await code(fs.link("/app/data.json", "/l")), await code(fs.readlink("/app/data.json"))],
  };
  await fs.chmod("/app/data.json", 0o600);
  await fs.truncate("/app/bytes.bin", 2);
  await fs.rename("/app", "/moved");
  host.afterRename = {
    list: await fs.readDir("/"),
    mode: (await fs.stat("/moved/data.json")).mode.toString(8),
    truncated: [...(await fs.readFile("/moved/bytes.bin"))],
    realpath: await fs.realpath("/moved/../moved/./data.json"),
  };

  const rt = new q.NodeRuntime({
    systemDriver: q.createBrowserDriver({ filesystem: fs, permissions: q.allowAllFs }),
    runtimeDriverFactory: q.createBrowserRuntimeDriverFactory(),
  });
  try {
    const r = await rt.run(
      `import fs from "node:fs";
      const p = fs.promises;
      await p.mkdir("/out/deep", { recursive: true });
      await p.writeFile("/out/deep/note.txt", "from the guest");
      await p.appendFile("/out/deep/note.txt", ", appended");
      const fh = await p.open("/out/fd.bin", "w+");
      await fh.write(Buffer.from("abcdef"), 0, 6, 0);
      await fh.write(Buffer.from("XY"), 0, 2, 2);
      const { bytesRead, buffer } = await fh.read(Buffer.alloc(6), 0, 6, 0);
      await fh.close();
      const viaCallback = await new Promise((res, rej) => fs.readFile("/moved/data.json", "utf8", (e, d) => (e ? rej(e) : res(JSON.parse(d).key))));
      let sync;
      try { sync = fs.readdirSync("/out").join(",") } catch (e) { sync = e.code }
      let missing;
      try { await p.stat("/out/none") } catch (e) { missing = [e.code, e.syscall, e.path] }
      export default { note: await p.readFile("/out/deep/note.txt", "utf8"), fd: buffer.subarray(0, bytesRead).toString(), viaCallback, sync, missing, list: (await p.readdir("/")).sort() };`,
      "/root/opfs.mjs",
    );
    return { host, guest: { code: r.code, errorMessage: r.errorMessage, exports: r.exports }, afterGuest: await fs.readTextFile("/out/deep/note.txt") };
  } finally {
    rt.dispose();
    await root.removeEntry(folder, { recursive: true }).catch(() => {});
  }
}

for (const isolated of [true, false]) {
  describe(`createOpfsFileSystem in Chromium, ${isolated ? "cross-origin-isolated page" : "page not isolated"}`, () => {
    it("implements VirtualFileSystem on OPFS and serves a guest's fs", async () => {
      const { opened } = await openSharedPage(isolated);
      const folder = `quickexec-opfs-test-${isolated ? "iso" : "plain"}`;
      const o = (await opened.page.evaluate(exercise, folder)) as any;
      expect(o.host).toEqual({
        text: '{"key":"value"}',
        // pwrite past the end filled the gap with zeros.
        bytes: [1, 2, 3, 4, 5, 0, 0, 9],
        slice: [2, 3, 4],
        list: [{ name: "app", isDirectory: true, isSymbolicLink: false }],
        stat: [15, false, "100644", true],
        dirStat: [true, "40755"],
        exists: [true, false, false],
        createDirTwice: ["ok", "EEXIST", "ENOENT"],
        missing: "ENOENT",
        isDir: "EISDIR",
        notEmpty: "ENOTEMPTY",
        links: ["ENOSYS", "ENOSYS", "EINVAL"],
        afterRename: { list: ["made", "moved"], mode: "100600", truncated: [1, 2], realpath: "/moved/data.json" },
      });
      expect(o.guest).toEqual({
        code: 0,
        errorMessage: undefined,
        exports: {
          default: {
            note: "from the guest, appended",
            fd: "abXYef",
            viaCallback: "value",
            sync: isolated ? "deep,fd.bin" : "ERR_QUICKEXEC_SYNC_UNAVAILABLE",
            missing: ["ENOENT", "stat", "/out/none"],
            list: ["made", "moved", "out"],
          },
        },
      });
      expect(o.afterGuest).toBe("from the guest, appended");
    }, 60_000);
  });
}
