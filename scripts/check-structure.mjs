// The house rules a reader can check by machine: no import cycle in src/
// (type-only imports, `export ... from` and dynamic `import()` count too), no
// source file over 600 lines in src/ or polyfills/src/ (generated files
// excluded), and src/engine importing no Node builtin and nothing from the
// drivers (src/node, src/browser) or the ops (src/ops). Run by test/structure.test.ts; also runnable alone:
//   node scripts/check-structure.mjs            (exit code 1 and the offenders on failure)
//
// Imports are read with TypeScript's own pre-processor (`ts.preProcessFile`),
// which skips comments and strings and sees every form of import, so no
// dependency beyond the compiler the project already builds with.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The longest a hand-written source file may be, in lines. */
export const MAX_LINES = 600;

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;
const GENERATED = /\.generated\./;

/** Every source file under `root` (absolute paths, sorted), skipping node_modules. */
export function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE.test(entry.name)) out.push(path);
    }
  };
  walk(root);
  return out.sort();
}

/** Every specifier a file imports, in every form (static, type-only, re-export, dynamic, require). */
export function specifiersOf(text) {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

/** The relative specifiers a file imports, in every form. */
export function importsOf(text) {
  return specifiersOf(text).filter((name) => name.startsWith("./") || name.startsWith("../"));
}

/** The file a relative specifier names, among `files`, as TypeScript's NodeNext resolution finds it. */
function resolveSpecifier(from, specifier, files) {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, "");
  const ext = base.slice(stem.length);
  const candidates = ext === ".js" || ext === ".jsx"
    ? [`${stem}.ts`, `${stem}.tsx`, `${stem}.d.ts`, base]
    : ext === ".mjs"
      ? [`${stem}.mts`, `${stem}.d.mts`, base]
      : ext === ".cjs"
        ? [`${stem}.cts`, `${stem}.d.cts`, base]
        : [base, `${base}.ts`, `${base}.js`, join(base, "index.ts"), join(base, "index.js")];
  return candidates.find((candidate) => files.has(candidate));
}

/** The import graph of the files under `root`: file -> the files it imports (absolute paths). */
export function importGraph(root) {
  const files = new Set(sourceFiles(root));
  const graph = new Map();
  for (const file of files) {
    const targets = new Set();
    for (const specifier of importsOf(readFileSync(file, "utf8"))) {
      const target = resolveSpecifier(file, specifier, files);
      if (target) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/**
 * The import cycles of a graph: one entry per strongly connected component
 * that holds a cycle, with `files` (all of them) and `chain` (one cycle
 * through them, first file repeated at the end).
 */
export function findCycles(graph) {
  // Tarjan's strongly connected components, iterative (no recursion limit on deep trees).
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let counter = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const next = (graph.get(node) ?? [])[i];
      if (next !== undefined) {
        frame[1]++;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push([next, 0]);
        } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) !== index.get(node)) continue;
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = component.length === 1 && (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  }
  return components.map((files) => ({ files, chain: cycleThrough(graph, files) }));
}

/** The shortest cycle from the first file of a component back to it, staying inside the component. */
function cycleThrough(graph, files) {
  const inside = new Set(files);
  const start = files[0];
  const previous = new Map();
  const queue = [start];
  for (let at = 0; at < queue.length; at++) {
    const node = queue[at];
    for (const next of graph.get(node) ?? []) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const chain = [start];
        for (let back = node; back !== start; back = previous.get(back)) chain.unshift(back);
        chain.unshift(start);
        return chain;
      }
      if (previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  return [start, start];
}

/**
 * Imports that cross a boundary: files under `inside` that import a Node
 * builtin (`node:*`), or a file under one of `forbidden` (directories).
 * Returns `{ file, specifier }` pairs.
 */
export function boundaryViolations(inside, forbidden) {
  const found = [];
  const isUnder = (file, dir) => file === dir || file.startsWith(dir + sep);
  for (const file of sourceFiles(inside)) {
    for (const specifier of specifiersOf(readFileSync(file, "utf8"))) {
      const relativeSpecifier = specifier.startsWith("./") || specifier.startsWith("../");
      const crosses = relativeSpecifier ? forbidden.some((dir) => isUnder(resolve(dirname(file), specifier), dir)) : specifier.startsWith("node:");
      if (crosses) found.push({ file, specifier });
    }
  }
  return found;
}

/** Hand-written source files under `roots` longer than `limit` lines: `{ file, lines }`, longest first. */
export function longFiles(roots, limit = MAX_LINES) {
  const found = [];
  for (const root of roots) {
    for (const file of sourceFiles(root)) {
      if (GENERATED.test(file)) continue;
      const text = readFileSync(file, "utf8");
      const lines = text.length === 0 ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
      if (lines > limit) found.push({ file, lines });
    }
  }
  return found.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
}

/**
 * Checks a project tree: cycles among the files of `cycleRoot`, long files in
 * `sizeRoots`. Returns the offences as readable lines (empty when it passes),
 * paths relative to `projectRoot`.
 */
export function checkStructure({ projectRoot, cycleRoot, sizeRoots, boundaries = [], limit = MAX_LINES }) {
  const rel = (file) => relative(projectRoot, file).split(sep).join("/");
  const problems = [];
  for (const { inside, forbidden } of boundaries) {
    for (const { file, specifier } of boundaryViolations(inside, forbidden)) {
      problems.push(`${rel(file)} imports "${specifier}": ${rel(inside)}/ imports no Node builtin and nothing from ${forbidden.map((dir) => rel(dir) + "/").join(", ")}`);
    }
  }
  for (const { files, chain } of findCycles(importGraph(cycleRoot))) {
    problems.push(`import cycle (${files.length} files): ${chain.map(rel).join(" -> ")}` + (files.length > chain.length - 1 ? `; all in the cycle: ${files.map(rel).join(", ")}` : ""));
  }
  for (const { file, lines } of longFiles(sizeRoots, limit)) problems.push(`${rel(file)}: ${lines} lines (limit ${limit})`);
  return problems;
}

/**
 * The check as the project runs it: src/ for cycles, src/ and polyfills/src/
 * for size, and the engine's boundary (src/engine reaches neither Node's
 * builtins nor the drivers or the ops).
 */
export function checkProject(projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..")) {
  const src = join(projectRoot, "src");
  return checkStructure({
    projectRoot,
    cycleRoot: src,
    boundaries: [{ inside: join(src, "engine"), forbidden: [join(src, "node"), join(src, "browser"), join(src, "ops")] }],
    sizeRoots: [join(projectRoot, "src"), join(projectRoot, "polyfills", "src")],
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = checkProject();
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exitCode = 1;
  else console.log("structure: no import cycle in src/, no source file over 600 lines, the engine's boundary holds");
}
