// The floor for requiring a package: raw quickjs-emscripten (same wasm build),
// a fresh runtime and context per sample, the package's files handed to the
// guest as strings up front, and a minimal CommonJS loader in the guest
// (relative paths, `.js`/`.json`/`/index.js`, a module cache; no host call per
// file, no permission checks). What remains is compiling and running the
// package's code: what any sandbox on this engine pays at least.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { newQuickJSWASMModuleFromVariant } from "quickjs-emscripten-core";
import releaseSyncVariant from "@jitl/quickjs-wasmfile-release-sync";

const LOADER = `(function (files) {
  const cache = {};
  const normal = (p) => { const out = []; for (const s of p.split('/')) { if (s === '..') out.pop(); else if (s && s !== '.') out.push(s); } return '/' + out.join('/'); };
  function load(file) {
    if (cache[file]) return cache[file].exports;
    const module = { exports: {} };
    cache[file] = module;
    const source = files[file];
    if (file.endsWith('.json')) return (module.exports = JSON.parse(source));
    const fn = (0, eval)('(function (exports, require, module, __filename, __dirname) {' + source + '\\n})');
    const dir = file.slice(0, file.lastIndexOf('/'));
    const require = (request) => {
      const base = request.startsWith('.') ? normal(dir + '/' + request) : request;
      for (const candidate of [base, base + '.js', base + '.json', base + '/index.js']) if (files[candidate] !== undefined) return load(candidate);
      throw new Error('not in the package: ' + request);
    };
    fn.call(module.exports, module.exports, require, module, file, dir);
    return module.exports;
  }
  return load;
})`;

/** Every .js and .json file under `dir`, by path. */
function filesUnder(dir, out = {}) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, out);
    else if (/\.(js|json)$/.test(entry.name)) out[path] = readFileSync(path, "utf8");
  }
  return out;
}

/**
 * A sampler of the floor: each call loads the package at `root` from `main`
 * (a path under it) in a fresh runtime and context and returns the
 * milliseconds it took (so a benchmark can interleave it with its own runs).
 */
export async function requireFloor(root, main) {
  const QuickJS = await newQuickJSWASMModuleFromVariant(releaseSyncVariant);
  const files = JSON.stringify(filesUnder(root));
  return () => {
    const rt = QuickJS.newRuntime();
    const ctx = rt.newContext();
    try {
      const table = ctx.unwrapResult(ctx.evalCode(`(${files})`));
      const make = ctx.unwrapResult(ctx.evalCode(LOADER));
      const load = ctx.unwrapResult(ctx.callFunction(make, ctx.undefined, table));
      const entry = ctx.newString(join(root, main));
      const t0 = performance.now();
      const loaded = ctx.unwrapResult(ctx.callFunction(load, ctx.undefined, entry));
      const ms = performance.now() - t0;
      for (const handle of [loaded, entry, load, make, table]) handle.dispose();
      return ms;
    } finally {
      ctx.dispose();
      rt.dispose();
    }
  };
}

/**
 * Milliseconds to load the package at `root` from `main` (a path under it),
 * `samples` times, each in a fresh runtime and context.
 */
export async function rawRequireTimes(root, main, samples) {
  const sample = await requireFloor(root, main);
  return Array.from({ length: samples }, () => sample());
}
