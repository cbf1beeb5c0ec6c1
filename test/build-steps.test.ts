/**
 * The build's up-to-date check (scripts/build-steps.mjs): a step runs when
 * its inputs changed since it last succeeded, or an output is missing, and
 * is skipped otherwise; the real build, run on a built tree, skips every
 * step and finishes fast (what a second `npm start` waits for).
 */
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fingerprint, runStep } from "../scripts/build-steps.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("runStep", () => {
  it("runs a step once, skips it while its inputs stay the same, and runs it again when an input or output changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quickexec-steps-"));
    try {
      mkdirSync(join(dir, "in/sub"), { recursive: true });
      writeFileSync(join(dir, "in/a.txt"), "a");
      writeFileSync(join(dir, "in/sub/b.txt"), "b");
      writeFileSync(join(dir, "config.json"), "{}");
      let runs = 0;
      const lines: string[] = [];
      const step = (force = false) =>
        runStep({
          name: "copy",
          root: dir,
          stampFile: join(dir, "out/.stamps.json"),
          inputs: ["in", "config.json", "absent.txt"],
          outputs: ["out/result.txt"],
          force,
          log: (line: string) => lines.push(line),
          run: () => {
            runs++;
            mkdirSync(join(dir, "out"), { recursive: true });
            writeFileSync(join(dir, "out/result.txt"), String(runs));
          },
        });
      expect(await step()).toBe(true);
      expect(await step()).toBe(false);
      expect(lines).toEqual([expect.stringMatching(/^copy: up to date \(\d+ ms\)$/)]);
      // The same content written again (a new mtime) is still up to date.
      writeFileSync(join(dir, "in/a.txt"), "a");
      expect(await step()).toBe(false);
      writeFileSync(join(dir, "in/sub/b.txt"), "changed");
      expect(await step()).toBe(true);
      writeFileSync(join(dir, "in/sub/new.txt"), "new file");
      expect(await step()).toBe(true);
      writeFileSync(join(dir, "absent.txt"), "now present");
      expect(await step()).toBe(true);
      rmSync(join(dir, "out/result.txt"));
      expect(await step()).toBe(true);
      expect(await step(true)).toBe(true);
      expect(await step()).toBe(false);
      expect(runs).toBe(6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a step that fails is not stamped, so it runs again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quickexec-steps-"));
    try {
      writeFileSync(join(dir, "a.txt"), "a");
      const options = { name: "fails", root: dir, stampFile: join(dir, ".stamps.json"), inputs: ["a.txt"], outputs: [], log: () => {} };
      await expect(runStep({ ...options, run: () => { throw new Error("boom"); } })).rejects.toThrow("boom");
      let ran = false;
      expect(await runStep({ ...options, run: () => { ran = true; } })).toBe(true);
      expect(ran).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the fingerprint covers names and contents", () => {
    const dir = mkdtempSync(join(tmpdir(), "quickexec-steps-"));
    try {
      writeFileSync(join(dir, "a"), "1");
      const first = fingerprint(dir, ["a"]);
      writeFileSync(join(dir, "a"), "2");
      expect(fingerprint(dir, ["a"])).not.toBe(first);
      const named = fingerprint(dir, ["a"]);
      rmSync(join(dir, "a"));
      writeFileSync(join(dir, "b"), "2");
      // The same content under another name is another input.
      expect(fingerprint(dir, ["a", "b"])).not.toBe(named);
      expect(fingerprint(dir, ["a", "b"])).toBe(fingerprint(dir, ["b"]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("scripts/build.mjs on a built tree", () => {
  it("skips every step and prints its first line within 5 s", async () => {
    const started = Date.now();
    let firstLineMs = -1;
    const output = await new Promise<string>((resolve, reject) => {
      const child = execFile(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
      child.stdout!.once("data", () => (firstLineMs = Date.now() - started));
    });
    const lines = output.trim().split("\n");
    expect(lines.slice(0, -1)).toEqual([
      expect.stringMatching(/^polyfills: up to date/),
      expect.stringMatching(/^typescript: up to date/),
      expect.stringMatching(/^patched wasm: up to date/),
      expect.stringMatching(/^sandbox image: up to date/),
      expect.stringMatching(/^node bundles: up to date/),
      expect.stringMatching(/^examples: up to date/),
      expect.stringMatching(/^browser bundle: up to date/),
      expect.stringMatching(/^commonjs: up to date/),
    ]);
    expect(lines.at(-1)).toMatch(/^build done in \d+ ms$/);
    expect(firstLineMs).toBeGreaterThan(0);
    expect(firstLineMs).toBeLessThan(5000);
  });
});
