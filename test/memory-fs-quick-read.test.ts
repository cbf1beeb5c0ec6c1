/**
 * The in-memory filesystem's quick read (QUICK_READ, src/fs/memory-fs.ts):
 * reading a whole file through it gives exactly what the usual stat + read
 * give, errors included (those always come from the usual calls), and a
 * filesystem made from it whose reads were replaced never uses it.
 */
import { describe, expect, it } from "vitest";
import { createInMemoryFileSystem, type VirtualFileSystem } from "../dist/src/index.js";
import { toFileSystem } from "../dist/src/fs/full-fs.js";
import { QUICK_READ } from "../dist/src/fs/file-system.js";

/** What a read gives: its bytes as text, or its error's class, code and message. */
async function outcome(read: Promise<Uint8Array>): Promise<string> {
  try {
    return `ok ${new TextDecoder().decode(await read)}`;
  } catch (error) {
    const e = error as Error & { code?: unknown; syscall?: unknown; path?: unknown };
    return `${e.constructor.name} ${String(e.code)} ${String(e.syscall)} ${String(e.path)} ${e.message}`;
  }
}

async function populated(): Promise<VirtualFileSystem> {
  const memory = createInMemoryFileSystem();
  await memory.writeFile("/data/a.txt", "alpha");
  await memory.writeFile("/data/big.txt", "x".repeat(100));
  await memory.writeFile("/data/secret.txt", "hidden");
  await memory.chmod!("/data/secret.txt", 0o000);
  await memory.mkdir("/data/dir");
  await memory.symlink!("/data/a.txt", "/data/link");
  await memory.symlink!("link", "/data/link2");
  await memory.symlink!("/data/nowhere", "/data/dangling");
  return memory;
}

describe("the in-memory filesystem's quick read", () => {
  it("is offered, and reads what stat + readFile read", async () => {
    const memory = await populated();
    expect(QUICK_READ in memory).toBe(true);
    // A spread copy has the same methods over the same volume, but not the quick read (it is not enumerable).
    const usual = { ...memory };
    expect(QUICK_READ in usual).toBe(false);
    const quick = toFileSystem(memory);
    const slow = toFileSystem(usual);
    const paths = ["/data/a.txt", "/data/link", "/data/link2", "/data/dangling", "/data/dir", "/data/missing", "/data/a.txt/x", "/data/secret.txt", "/data/big.txt", "/", "/data/dir/"];
    for (const path of paths) {
      for (const maxBytes of [1 << 20, 10]) {
        const [a, b] = [await outcome(quick.readFile(path, { maxBytes })), await outcome(slow.readFile(path, { maxBytes }))];
        expect({ path, maxBytes, outcome: a }).toEqual({ path, maxBytes, outcome: b });
      }
    }
  });

  it("reads the file as it is now, and sets its access time as a read does", async () => {
    const memory = await populated();
    const fs = toFileSystem(memory);
    const before = (await memory.stat("/data/a.txt")).atimeMs;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await outcome(fs.readFile("/data/a.txt", { maxBytes: 1 << 20 }))).toBe("ok alpha");
    expect((await memory.stat("/data/a.txt")).atimeMs).toBeGreaterThan(before);
    await memory.writeFile("/data/a.txt", "changed");
    expect(await outcome(fs.readFile("/data/link", { maxBytes: 1 << 20 }))).toBe("ok changed");
    // The bytes are the caller's own: changing them changes nothing in the file.
    const bytes = await fs.readFile("/data/a.txt", { maxBytes: 1 << 20 });
    bytes.fill(0);
    expect(await outcome(fs.readFile("/data/a.txt", { maxBytes: 1 << 20 }))).toBe("ok changed");
  });

  it("is not used by a filesystem made from it whose reads were replaced", async () => {
    const memory = await populated();
    const replaced = (text: string) => async () => new TextEncoder().encode(text);
    // Inherited through the prototype, with its own readFile.
    const derived: VirtualFileSystem = Object.assign(Object.create(memory), { readFile: replaced("derived") });
    expect(await outcome(toFileSystem(derived).readFile("/data/a.txt", { maxBytes: 1 << 20 }))).toBe("ok derived");
    // Its readFile replaced on the object itself, after the ops-level filesystem was made.
    const fs = toFileSystem(memory);
    memory.readFile = replaced("patched");
    expect(await outcome(fs.readFile("/data/a.txt", { maxBytes: 1 << 20 }))).toBe("ok patched");
  });
});
