// What a process's first sandbox takes from the host instead of working it
// out on its path: the patched wasm trusted by the identity of the files the
// build hashed (wasm/node.ts), and a new engine thread's first CSPRNG words
// drawn by the host (src/node/worker-pool.ts, seedEntropy in
// src/engine/sandbox.ts).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { getQuickJSDigest, readPrepatched, type PrepatchedFiles } from "../dist/wasm/node.js";
import { guestConfig, seedEntropy } from "../dist/src/engine/sandbox.js";
import { specFor } from "./security/engine-harness.js";

const built: PrepatchedFiles = {
  source: createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm"),
  patched: fileURLToPath(new URL("../dist/wasm/quickjs.patched.wasm", import.meta.url)),
  info: fileURLToPath(new URL("../dist/wasm/quickjs.patched.json", import.meta.url)),
};

/** A SHA-256 loader that counts how often it was asked for. */
function countingSha256() {
  const counter = { loads: 0 };
  const load = async () => {
    counter.loads++;
    const { createHash } = await import("node:crypto");
    return (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
  };
  return { counter, load };
}

const scratch = mkdtempSync(join(tmpdir(), "quickexec-prepatched-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the build's patched wasm", () => {
  it("is taken without hashing when both files are the ones the build hashed", async () => {
    const { counter, load } = countingSha256();
    const found = await readPrepatched(built, load);
    expect(found).not.toBeNull();
    expect(found!.digest).toBe(await getQuickJSDigest());
    expect(Buffer.from(found!.bytes).equals(readFileSync(built.patched))).toBe(true);
    expect(counter.loads).toBe(0);
  });

  it("is hashed when the files are others (copies), and taken only if their bytes match the recorded digests", async () => {
    const copies: PrepatchedFiles = { source: join(scratch, "source.wasm"), patched: join(scratch, "patched.wasm"), info: built.info };
    copyFileSync(built.source, copies.source);
    copyFileSync(built.patched, copies.patched);
    const same = countingSha256();
    expect((await readPrepatched(copies, same.load))?.digest).toBe(await getQuickJSDigest());
    expect(same.counter.loads).toBe(1);

    // Another package version in the source's place: the patched module is not for it.
    const changed = readFileSync(built.source);
    changed[changed.length - 1] ^= 0xff;
    writeFileSync(copies.source, changed);
    const other = countingSha256();
    expect(await readPrepatched(copies, other.load)).toBeNull();
    expect(other.counter.loads).toBe(1);

    // A damaged patched module is refused too.
    copyFileSync(built.source, copies.source);
    const damaged = readFileSync(built.patched);
    damaged[100] ^= 0xff;
    writeFileSync(copies.patched, damaged);
    expect(await readPrepatched(copies, countingSha256().load)).toBeNull();
  });

  it("is hashed when the info records no identities (an older build's, or another machine's)", async () => {
    const info = JSON.parse(readFileSync(built.info, "utf8")) as Record<string, unknown>;
    delete info.files;
    const files = { ...built, info: join(scratch, "info.json") };
    writeFileSync(files.info, JSON.stringify(info));
    const { counter, load } = countingSha256();
    expect((await readPrepatched(files, load))?.digest).toBe(await getQuickJSDigest());
    expect(counter.loads).toBe(1);
  });
});

describe("a new engine thread's first CSPRNG words", () => {
  it("go to one run each, 4 at a time, and are not kept once handed out", async () => {
    const words = Int32Array.from({ length: 12 }, (_, i) => i + 1);
    seedEntropy(words);
    const spec = await specFor("module.exports = 1", 32);
    expect(guestConfig(spec).mathEntropy).toEqual([1, 2, 3, 4]);
    expect(guestConfig(spec).mathEntropy).toEqual([5, 6, 7, 8]);
    expect([...words.subarray(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(guestConfig(spec).mathEntropy).toEqual([9, 10, 11, 12]);
    // Used up: the thread draws its own from then on.
    const own = guestConfig(spec).mathEntropy!;
    expect(own).toHaveLength(4);
    expect(own).not.toEqual([0, 0, 0, 0]);
    // A seeded run takes none (its Math.random comes from the seed).
    seedEntropy(Int32Array.from([21, 22, 23, 24]));
    expect(guestConfig({ ...spec, randomSeed: "seed" }).mathEntropy).toBeNull();
    expect(guestConfig(spec).mathEntropy).toEqual([21, 22, 23, 24]);
  });
});
