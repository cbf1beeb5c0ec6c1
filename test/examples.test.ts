import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Runs an example with the real Node and returns its last line, parsed. */
function runExample(relative: string): { ok?: unknown } & Record<string, unknown> {
  const out = execFileSync(process.execPath, [relative], { cwd: root, encoding: "utf8", timeout: 60_000 });
  const lines = out.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as { ok?: unknown };
}

describe("examples", () => {
  it("hello prints ok", () => {
    expect(runExample("examples/hello/index.mjs").ok).toBe(true);
  });

  it("plugin-host prints ok, and the restored plugin continues from its snapshot", () => {
    const summary = runExample("examples/plugin-host/index.mjs");
    expect(summary).toMatchObject({ ok: true, callsMade: 7, restoredCounter: 4, fuelLimitCode: 124 });
    expect(summary.snapshotKiB).toBeGreaterThan(0);
  });

  it("permissions (the seed's example, only the import changed) prints ok", () => {
    const summary = runExample("dist/examples/permissions/index.js");
    expect(summary).toMatchObject({ ok: true, message: "hello from permissions", blocked: true });
  });

  it("child-processes (the seed's example, only the import changed) prints ok", () => {
    const summary = runExample("dist/examples/child-processes/index.js");
    expect(summary).toMatchObject({ ok: true, summary: "sandbox spawned node --version successfully" });
  });
});
