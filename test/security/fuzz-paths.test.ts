// Fuzzing of path resolution (issue 6), behind the fix for deep paths: the op
// layer used to resolve a missing path one level at a time (one filesystem
// call per level, each as long as the path), so one call on a path 2,000
// levels deep kept the host's event loop busy for most of a second, and
// module.resolve from a made-up parent that deep for minutes. realLocation
// now finds the deepest existing ancestor by halving.
//
// "Contained" means: on random trees of folders, files and symbolic links
// (relative and absolute, dangling, in loops), realLocation gives exactly what
// the level-by-level walk gives (the same path, or the same ELOOP), for the
// final component followed or not; and paths past Linux's limits fail with
// ENAMETOOLONG before any permission check or filesystem call.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createInMemoryFileSystem, type VirtualFileSystem } from "../../dist/src/index.js";
import { realLocation } from "../../dist/src/ops/fs-access.js";
import { nameTooLong, parentOf, resolvePath } from "../../dist/src/fs/paths.js";
import { dispatchOp } from "../../dist/src/ops/op-table.js";
import { fuzzParameters } from "./fuzz/config.js";
import { startFuzzRun } from "./fuzz/op-context.js";

/** The level-by-level walk realLocation used to be (the reference it must agree with). */
async function walkLocation(fs: VirtualFileSystem, path: string, followFinal: boolean, hops = 0): Promise<string> {
  if (path === "/") return "/";
  if (followFinal) {
    try {
      return await fs.realpath(path);
    } catch (error) {
      if ((error as { code?: unknown }).code === "ELOOP") throw error;
    }
  }
  const parent = await walkLocation(fs, parentOf(path), true, hops);
  const name = path.slice(path.lastIndexOf("/") + 1);
  const here = parent === "/" ? `/${name}` : `${parent}/${name}`;
  if (followFinal) {
    let link = false;
    try {
      link = (await fs.lstat(here)).isSymbolicLink;
    } catch {
      link = false;
    }
    if (link) {
      if (hops >= 40) throw Object.assign(new Error("ELOOP"), { code: "ELOOP" });
      return walkLocation(fs, resolvePath(parent, await fs.readlink(here)), true, hops + 1);
    }
  }
  return here;
}

const NAMES = ["a", "b", "c"];
const relPath = fc.array(fc.constantFrom(...NAMES, "..", "."), { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
const absPath = fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }).map((parts) => "/" + parts.join("/"));
const entry = fc.tuple(absPath, fc.oneof(fc.constant({ kind: "dir" as const }), fc.constant({ kind: "file" as const }), fc.record({ kind: fc.constant("link" as const), target: fc.oneof(absPath, relPath) })));

async function outcome(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (error) {
    return `throws ${String((error as { code?: unknown }).code)}`;
  }
}

describe("path resolution, fuzzed", () => {
  it("realLocation agrees with the level-by-level walk on random trees of links", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 12 }), fc.array(fc.tuple(absPath, fc.boolean()), { minLength: 1, maxLength: 8 }), async (entries, queries) => {
        const fs = createInMemoryFileSystem();
        for (const [path, e] of entries) {
          try {
            if (e.kind === "dir") await fs.mkdir(path);
            else if (e.kind === "file") await fs.writeFile(path, "x");
            else await fs.symlink(e.target, path);
          } catch {
            // An entry in the way of another (a file where a folder should be): the tree just lacks it.
          }
        }
        for (const [path, follow] of queries) {
          const deeper = path + "/c/b/a";
          for (const p of [path, deeper]) {
            expect(await outcome(() => realLocation(fs, p, follow)), `${p} (follow ${follow})`).toBe(await outcome(() => walkLocation(fs, p, follow)));
          }
        }
      }),
      fuzzParameters(300),
    );
  });

  it("paths at PATH_MAX or with a component past NAME_MAX fail with ENAMETOOLONG, before the permission check", async () => {
    // Contained: Linux's limits, measured in UTF-8 bytes; the permission check never sees such a path.
    const longest = "/" + Array(16).fill("a".repeat(254)).join("/") + "/" + "b".repeat(14);
    expect(longest.length).toBe(4095);
    expect(nameTooLong(longest)).toBe(false);
    expect(nameTooLong(longest + "c")).toBe(true);
    const accented = "/" + Array(20).fill("é".repeat(100)).join("/");
    expect(nameTooLong(accented)).toBe(false);
    expect(nameTooLong(accented + "/" + "é".repeat(40))).toBe(true);
    expect(nameTooLong("/root/" + "n".repeat(255))).toBe(false);
    expect(nameTooLong("/root/" + "n".repeat(256))).toBe(true);
    expect(nameTooLong("/root/" + "😀".repeat(64))).toBe(true);
    const run = await startFuzzRun({ fs: "allow", network: "allow", childProcess: "allow", env: "allow" });
    for (const path of ["/root/" + "d/".repeat(2100), "/root/" + "n".repeat(256), "a/".repeat(1 << 19)]) {
      const before = run.asked.length;
      const result = await dispatchOp(run.ctx, "fs.stat", [path]);
      expect(result).toMatchObject({ ok: false, error: { code: "ENAMETOOLONG", syscall: "stat" } });
      expect(run.asked.length).toBe(before);
    }
    run.endRun();
  });
});
