// Bundles the Node entry and its engine worker from the compiled TypeScript
// (dist/src) into dist/node/, so that a process's first sandbox does not pay
// Node's ES module loader for every file of dist/src (resolving, reading,
// compiling and linking each costs about a millisecond, in the host and
// again in the engine worker):
// - dist/node/quickexec.js: what `import "quickexec"` loads (dist/src/index.js
//   as one ES module). Packages and Node's modules stay imported, so code the
//   first run does not need (memfs, TypeScript) still loads only when used.
//   It is minified as the worker is (names kept): the host parses all of it
//   before it can start the first engine worker, and the unminified text
//   (comments and all) took a third longer to import.
// - dist/node/cli.js: the `quickexec` command (the package's `bin`,
//   dist/src/cli/main.js as one ES module), for the same reason: a command
//   that loaded dist/src file by file spent about 200 ms in the module loader.
// - dist/node/engine-worker.cjs: the engine worker's script
//   (dist/src/node/engine-worker.js with the QuickJS packages it uses) as one
//   CommonJS file: a worker started from it loads one file and skips the ES
//   module loader, whose start alone costs a fresh worker about 10 ms. It is
//   minified (names kept): every worker parses all of it before it serves.
// `import.meta.url` in a bundled module of ours becomes the URL of that
// module's own file in dist/src, so every path resolved against it (the
// builtins file, the sandbox image, packages found with createRequire) is
// the same as unbundled. The worker pool's module is the exception: it
// starts `./engine-worker.cjs` next to the bundle. dist/src stays as it is:
// the tests and the type declarations use it (and the unbundled
// worker pool starts the unbundled worker).
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const out = join(dist, "node");
/** The module that starts engine workers: in the bundle it starts the bundled worker. */
const WORKER_POOL = join(dist, "src/node/worker-pool.js");
const WORKER_URL = 'new URL("./engine-worker.js", import.meta.url)';
const BUNDLED_WORKER_URL = 'new URL("./engine-worker.cjs", import.meta.url)';
/** Loaded by the engine only when the builtins file is missing: megabytes, kept where tsc wrote it rather than copied. */
const GENERATED_SOURCES = join(dist, "src/engine/guest-sources.generated.js");

/** `import.meta.url` of a bundled module of ours: its own file in dist/src, found from the bundle's location. */
const moduleImportMeta = {
  name: "quickexec-node-import-meta",
  resolveImportMeta(property, { moduleId, format }) {
    // Packages' own uses (emscripten's script name) get the bundle's URL, as rollup gives by default.
    if (property !== "url" || moduleId === WORKER_POOL || !moduleId.startsWith(dist + sep)) return null;
    const path = relative(out, moduleId).split(sep).join("/");
    if (format === "cjs") return `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(path)})).href`;
    return `new URL(${JSON.stringify(path)}, import.meta.url).href`;
  },
  transform(code, id) {
    if (id !== WORKER_POOL) return null;
    if (!code.includes(WORKER_URL)) this.error(`${id} no longer starts its worker as ${WORKER_URL}: update scripts/build-node-bundle.mjs`);
    return { code: code.replace(WORKER_URL, BUNDLED_WORKER_URL), map: null };
  },
};

/** The generated guest sources stay a module of dist/src, imported by its path. */
const generatedSourcesExternal = {
  name: "quickexec-generated-sources-external",
  async resolveId(source, importer, options) {
    if (!importer || !source.startsWith(".")) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    if (resolved?.id !== GENERATED_SOURCES) return null;
    return { id: "./" + relative(out, GENERATED_SOURCES).split(sep).join("/"), external: true };
  },
};

/**
 * In the worker's CommonJS bundle, a dynamic import of one of Node's own
 * modules (emscripten's `await import("node:module")`) becomes a require:
 * the import started the worker's ES module loader for it, 3 to 6 ms of
 * every new worker's way to its first run. The one other dynamic import (the
 * generated sources, an ES module) stays an import.
 */
const builtinImportAsRequire = {
  name: "quickexec-builtin-import-as-require",
  renderDynamicImport({ format, targetModuleId }) {
    if (format !== "cjs" || typeof targetModuleId !== "string" || !targetModuleId.startsWith("node:")) return null;
    return { left: "Promise.resolve().then(() => require(", right: "))" };
  },
};

/** Whether `id` is a package or one of Node's modules, not one of our files. */
const isPackage = (id) => !id.startsWith(".") && !id.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(id) && !id.startsWith("\0");

/**
 * Bundles `input` into dist/node/`file`, minified. With `packages`, the
 * packages it imports are bundled too (Node's own modules stay imported).
 */
async function bundle(input, file, format, packages) {
  const build = await rollup({
    input,
    external: packages ? (id) => id.startsWith("node:") : isPackage,
    plugins: [generatedSourcesExternal, moduleImportMeta, builtinImportAsRequire, ...(packages ? [nodeResolve({ exportConditions: ["node", "import"], preferBuiltins: true })] : [])],
    onwarn(warning, warn) {
      // TypeScript's `using` helpers test `this` at the top of a module; they work with it undefined.
      if (warning.code === "CIRCULAR_DEPENDENCY" || warning.code === "THIS_IS_UNDEFINED") return;
      if (warning.code === "UNRESOLVED_IMPORT") throw new Error(`node bundle ${file}: ${warning.message}`);
      warn(warning);
    },
  });
  // One file each: the only code loaded later (the generated sources) is external.
  // ASCII only (other characters as escapes): V8 then holds the script's source one byte per character, not two
  // (one arrow in a comment or string would double what a process keeps of it).
  const minify = terser({ compress: { passes: 2 }, mangle: true, keep_fnames: true, keep_classnames: true, format: { comments: false, ascii_only: true } });
  await build.write({
    file: join(out, file),
    format,
    inlineDynamicImports: true,
    sourcemap: false,
    ...(format === "cjs" ? { exports: "none" } : {}),
    plugins: [minify],
  });
  await build.close();
}

const started = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await bundle(join(dist, "src/index.js"), "quickexec.js", "es", false);
await bundle(join(dist, "src/node/engine-worker.js"), "engine-worker.cjs", "cjs", true);
await bundle(join(dist, "src/cli/main.js"), "cli.js", "es", false);
console.log(`node bundles: dist/node/quickexec.js, dist/node/engine-worker.cjs, dist/node/cli.js in ${Date.now() - started} ms`);
