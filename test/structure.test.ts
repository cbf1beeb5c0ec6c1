// The structure rules of the house, checked on the real tree: no import cycle
// in src/ (type imports included), no hand-written source file over 600 lines
// in src/ or polyfills/src/, and src/engine importing no Node builtin, driver
// or op. The checker itself is tested first on small trees made here, so a
// pass on the real tree means something.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { checkProject, checkStructure, findCycles, importsOf } from "../scripts/check-structure.mjs";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A project tree from `{ path: text }`; returns its root. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "quickexec-structure-"));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** The project's check on a tree made here (which may have no polyfills/src). */
const check = (root: string, limit?: number) =>
  checkStructure({ projectRoot: root, cycleRoot: join(root, "src"), sizeRoots: [join(root, "src"), join(root, "polyfills/src")].filter((dir) => existsSync(dir)), limit });

const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join("\n") + "\n";

describe("the structure checker", () => {
  it("sees every form of import, and none in comments or strings", () => {
    const text = [
      `import type { A } from "./a.js";`,
      `import {\n  b,\n  type C,\n} from "./b.js";`,
      `export type { D } from "./d.js";`,
      `export * from "./e.js";`,
      `const f = await import("./f.js");`,
      `let g: typeof import("./g.js");`,
      `// import "./comment.js";`,
      `const s = 'import x from "./string.js"';`,
      `import { readFileSync } from "node:fs";`,
      `import pkg from "some-package";`,
    ].join("\n");
    expect(importsOf(text)).toEqual(["./a.js", "./b.js", "./d.js", "./e.js", "./f.js", "./g.js"]);
  });

  it("names a cycle made only of type imports as a chain of files", () => {
    const root = tree({
      "src/a.ts": `import type { B } from "./b.js";\nexport type A = B;\n`,
      "src/b.ts": `export type { C as B } from "./sub/c.js";\n`,
      "src/sub/c.ts": `import type { A } from "../a.js";\nexport type C = A | 1;\n`,
      "src/leaf.ts": `import type { A } from "./a.js";\nexport type L = A;\n`,
    });
    expect(check(root)).toEqual(["import cycle (3 files): src/a.ts -> src/b.ts -> src/sub/c.ts -> src/a.ts"]);
  });

  it("finds a cycle closed by a dynamic import, a file importing itself, and separate cycles separately", () => {
    const root = tree({
      "src/x.ts": `export const x = () => import("./y.js");\n`,
      "src/y.ts": `import { x } from "./x.js";\nexport const y = x;\n`,
      "src/self.ts": `export * from "./self.js";\n`,
      "src/ok.ts": `import { y } from "./y.js";\nexport const ok = y;\n`,
    });
    expect(check(root).sort()).toEqual([
      "import cycle (1 files): src/self.ts -> src/self.ts",
      "import cycle (2 files): src/x.ts -> src/y.ts -> src/x.ts",
    ]);
  });

  it("gives one chain through a larger circle and lists every file in it", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c", "d"]],
      ["c", ["a"]],
      ["d", ["b"]],
      ["e", ["a"]],
    ]);
    expect(findCycles(graph)).toEqual([{ files: ["a", "b", "c", "d"], chain: ["a", "b", "c", "a"] }]);
  });

  it("names files over the limit in src/ and polyfills/src/, skipping generated ones and passing a clean tree", () => {
    const root = tree({
      "src/small.ts": lines(600),
      "src/big.ts": lines(601),
      "src/engine/guest-sources.generated.ts": lines(5000),
      "polyfills/src/builtins/huge.js": lines(700),
      "src/uses.ts": `import { v0 } from "./small.js";\nexport const u = v0;\n`,
    });
    expect(check(root)).toEqual(["polyfills/src/builtins/huge.js: 700 lines (limit 600)", "src/big.ts: 601 lines (limit 600)"]);
    expect(check(root, 800)).toEqual([]);
  });

  it("names an engine file that imports a Node builtin, a driver or an op (type imports too), and nothing else", () => {
    const root = tree({
      "src/engine/a.ts": `import { readFileSync } from "node:fs";\nimport type { Op } from "../ops/op.js";\nimport { x } from "../shared.js";\nexport const a = 1;\n`,
      "src/engine/b.ts": `export type D = typeof import("../node/driver.js");\nimport { c } from "./c.js";\nimport pkg from "quickjs-emscripten-core";\n`,
      "src/engine/c.ts": `export const c = 1;\n`,
      "src/ops/op.ts": `import { readFileSync } from "node:fs";\nexport type Op = 1;\n`,
      "src/node/driver.ts": `export const d = 1;\n`,
      "src/shared.ts": `export const x = 1;\n`,
    });
    const src = join(root, "src");
    const problems = checkStructure({
      projectRoot: root,
      cycleRoot: src,
      sizeRoots: [src],
      boundaries: [{ inside: join(src, "engine"), forbidden: [join(src, "node"), join(src, "browser"), join(src, "ops")] }],
    });
    const rule = "src/engine/ imports no Node builtin and nothing from src/node/, src/browser/, src/ops/";
    expect(problems).toEqual([
      `src/engine/a.ts imports "node:fs": ${rule}`,
      `src/engine/a.ts imports "../ops/op.js": ${rule}`,
      `src/engine/b.ts imports "../node/driver.js": ${rule}`,
    ]);
  });
});

describe("the project's source tree", () => {
  it("has no import cycle in src/, no source file over 600 lines in src/ or polyfills/src/, and a clean engine boundary", () => {
    const problems = checkProject();
    expect(problems, `\n${problems.join("\n")}\n`).toEqual([]);
  });
});
