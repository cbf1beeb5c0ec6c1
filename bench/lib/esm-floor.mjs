// The floor for importing ES modules: raw quickjs-emscripten (same wasm
// build), a fresh runtime and context per sample, the module graph's sources
// handed to the engine's module loader from a table built beforehand (static
// imports and re-exports, resolved once here with a minimal resolver: relative
// paths, and packages by their `exports` "import"/"default" condition or
// `module`/`main`). No host call leaves the thread and nothing is checked:
// what remains is parsing, linking and evaluating the modules.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { newQuickJSWASMModuleFromVariant } from "quickjs-emscripten-core";
import releaseSyncVariant from "@jitl/quickjs-wasmfile-release-sync";

const IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[^'";]*?\sfrom\s*)?["']([^"']+)["']/g;

/** The target of an `exports` entry for an import. */
function pick(target) {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) return pick(target[0]);
  if (target && typeof target === "object") for (const key of ["import", "node", "default"]) if (key in target) return pick(target[key]);
  return null;
}

/** A minimal ESM resolver over the host's files (enough for the benchmark's graphs). */
function resolveSpecifier(specifier, fromFile, read) {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return resolve(dirname(fromFile), specifier);
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  const sub = parts.slice(specifier.startsWith("@") ? 2 : 1).join("/");
  for (let dir = dirname(fromFile); ; dir = dirname(dir)) {
    const root = join(dir, "node_modules", name);
    if (existsSync(join(root, "package.json"))) {
      const pkg = JSON.parse(read(join(root, "package.json")));
      const key = sub ? `./${sub}` : ".";
      const exp = pkg.exports && (typeof pkg.exports === "string" || !Object.keys(pkg.exports).some((k) => k.startsWith(".")) ? { ".": pkg.exports } : pkg.exports);
      const target = exp ? pick(exp[key]) : sub ? `./${sub}` : pkg.module || pkg.main || "index.js";
      return resolve(root, target);
    }
    if (dir === "/") throw new Error(`floor: cannot resolve ${specifier} from ${fromFile}`);
  }
}

/**
 * The module graph from `entry`: `{ sources, links }`, sources by file and
 * `links["<file>\0<specifier>"]` the file it names. `read(file)` gives a
 * file's text (the host's filesystem by default).
 */
export function moduleGraph(entry, read = (file) => readFileSync(file, "utf8")) {
  const sources = {};
  const links = {};
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (sources[file] !== undefined) continue;
    const text = read(file);
    sources[file] = text;
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1];
      if (specifier.startsWith("node:")) throw new Error(`floor: ${file} imports a builtin (${specifier})`);
      const target = resolveSpecifier(specifier, file, read);
      links[`${file}\0${specifier}`] = target;
      queue.push(target);
    }
  }
  return { sources, links };
}

/**
 * A sampler of the floor: each call imports `graph`'s `entry` in a fresh
 * runtime and context and returns the milliseconds it took.
 */
export async function importFloor(graph, entry) {
  const QuickJS = await newQuickJSWASMModuleFromVariant(releaseSyncVariant);
  return () => {
    const rt = QuickJS.newRuntime();
    rt.setModuleLoader(
      (name) => graph.sources[name],
      (base, requested) => graph.links[`${base}\0${requested}`] ?? requested,
    );
    const ctx = rt.newContext();
    try {
      const t0 = performance.now();
      const value = ctx.unwrapResult(ctx.evalCode(`import ${JSON.stringify(entry)};`, "/floor/main.mjs", { type: "module" }));
      const ms = performance.now() - t0;
      value.dispose();
      return ms;
    } finally {
      ctx.dispose();
      rt.dispose();
    }
  };
}
