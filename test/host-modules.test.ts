// The host's node_modules overlay is looked up by each driver's filesystem
// the first time it reaches the overlay, then kept for that filesystem's life
// (src/fs/host-modules.ts): the host filesystem for a folder is reused only
// while it is the same directory, so a folder created, removed or replaced
// since the last lookup is seen as it is now.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createModuleAccessFileSystem } from "../dist/src/fs/module-access-fs.js";

const root = mkdtempSync(join(tmpdir(), "qx-host-modules-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = (fs: ReturnType<typeof createModuleAccessFileSystem>, path: string) => fs.readTextFile(path).catch((error: Error & { code?: string }) => error.code);

describe("the node_modules overlay of each new filesystem", () => {
  it("sees the host's folder as it is when the filesystem first reaches it", async () => {
    const cwd = join(root, "app");
    mkdirSync(cwd);
    // No node_modules yet: the overlay is empty.
    expect(await read(createModuleAccessFileSystem(undefined, { cwd }), "/root/node_modules/a/index.js")).toBe("ENOENT");
    mkdirSync(join(cwd, "node_modules", "a"), { recursive: true });
    writeFileSync(join(cwd, "node_modules", "a", "index.js"), "first");
    const first = createModuleAccessFileSystem(undefined, { cwd });
    expect(await read(first, "/root/node_modules/a/index.js")).toBe("first");
    // The same folder again: the same content, and a file added since is seen.
    writeFileSync(join(cwd, "node_modules", "a", "extra.js"), "extra");
    expect(await read(createModuleAccessFileSystem(undefined, { cwd }), "/root/node_modules/a/extra.js")).toBe("extra");
    // Replaced by another directory: the new one is served.
    renameSync(join(cwd, "node_modules"), join(cwd, "old_modules"));
    mkdirSync(join(cwd, "node_modules", "a"), { recursive: true });
    writeFileSync(join(cwd, "node_modules", "a", "index.js"), "second");
    expect(await read(createModuleAccessFileSystem(undefined, { cwd }), "/root/node_modules/a/index.js")).toBe("second");
    // Removed: the overlay is empty again, and /root lists no node_modules.
    rmSync(join(cwd, "node_modules"), { recursive: true });
    const gone = createModuleAccessFileSystem(undefined, { cwd });
    expect(await read(gone, "/root/node_modules/a/index.js")).toBe("ENOENT");
    expect(await gone.readDir("/root")).not.toContain("node_modules");
  });

  it("looks the folder up at the first use, not when made, and keeps what it found", async () => {
    const cwd = join(root, "lazy");
    mkdirSync(cwd);
    // Made while there is no folder, used once it is there: the folder is seen.
    const early = createModuleAccessFileSystem(undefined, { cwd });
    const absent = createModuleAccessFileSystem(undefined, { cwd });
    expect(await read(absent, "/root/node_modules/a/index.js")).toBe("ENOENT");
    mkdirSync(join(cwd, "node_modules", "a"), { recursive: true });
    writeFileSync(join(cwd, "node_modules", "a", "index.js"), "there");
    expect(await read(early, "/root/node_modules/a/index.js")).toBe("there");
    expect(await early.exists("/root/node_modules")).toBe(true);
    // One that found no folder keeps finding none for its life (the overlay is unchanging for a filesystem).
    expect(await read(absent, "/root/node_modules/a/index.js")).toBe("ENOENT");
    expect(await absent.exists("/root/node_modules")).toBe(false);
    expect(await absent.readDir("/root")).not.toContain("node_modules");
    // And one that found it keeps serving that directory after the folder is removed (reads then fail on the host).
    rmSync(join(cwd, "node_modules"), { recursive: true });
    expect(await early.readDir("/root")).toContain("node_modules");
  });
});
