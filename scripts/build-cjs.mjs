// Builds the CommonJS entries, so that `require("quickexec")` works on every
// Node 20 (require() of ES modules only arrived in 20.19) and in bundlers
// that follow `require`:
// - dist/cjs/index.cjs: the Node entry (dist/src/index.js) as one CommonJS
//   file; its dependencies stay `require`d (each ships CommonJS). It starts
//   the bundled engine worker dist/node/engine-worker.cjs, as the ES entry
//   dist/node/quickexec.js does (scripts/build-node-bundle.mjs).
// - dist/cjs/browser.cjs: the browser bundle (dist/browser/quickexec.js) as
//   CommonJS; it finds engine-worker.js and quickjs.wasm in dist/browser/.
// - dist/cjs/index.d.cts and browser.d.cts: the types, the ES declarations
//   bundled into one file each by rollup-plugin-dts (a .d.cts cannot simply
//   re-export the ES declarations: TypeScript refuses to `require` an ES
//   module's types, TS1479).
// `import.meta.url` in a module becomes the URL of that module's own file in
// dist/, so every path resolved against it (the worker, the wasm) is the same
// as in the ES build.
import { rollup } from "rollup";
import { dts } from "rollup-plugin-dts";
import { asciiOnly } from "./ascii-only.mjs";
import { mkdirSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist/cjs");

/** The worker pool, which starts the bundled engine worker (scripts/build-node-bundle.mjs) rather than the unbundled one. */
const WORKER_POOL = join(root, "dist/src/node/worker-pool.js");
const WORKER_URL = 'new URL("./engine-worker.js", import.meta.url)';

/** `import.meta.url` of a Node module: its file in dist/, found from the bundle's own location. */
const nodeImportMeta = {
  name: "quickexec-cjs-import-meta",
  resolveImportMeta(property, { moduleId }) {
    if (property !== "url") return null;
    const path = relative(out, moduleId).split(sep).join("/");
    return `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(path)})).href`;
  },
  transform(code, id) {
    if (id !== WORKER_POOL) return null;
    if (!code.includes(WORKER_URL)) this.error(`${id} no longer starts its worker as ${WORKER_URL}: update scripts/build-cjs.mjs`);
    return { code: code.replace(WORKER_URL, 'new URL("../../node/engine-worker.cjs", import.meta.url)'), map: null };
  },
};

/**
 * `import.meta.url` of the browser bundle: dist/browser/quickexec.js, found
 * from the script that loaded this file (or from __filename under Node; the
 * module name is split so that bundlers do not pull node:url in).
 */
const browserImportMeta = {
  name: "quickexec-cjs-browser-import-meta",
  resolveImportMeta(property) {
    if (property !== "url") return null;
    return (
      'new URL("../browser/quickexec.js", typeof document === "undefined" ' +
      '? require("u" + "rl").pathToFileURL(__filename).href ' +
      ': (document.currentScript && document.currentScript.src) || document.baseURI).href'
    );
  },
};

async function bundle(input, file, plugin) {
  const build = await rollup({
    input,
    // Packages and Node's modules stay required; only our own files are bundled.
    external: (id) => !id.startsWith(".") && !id.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(id),
    plugins: [plugin],
    onwarn(warning, warn) {
      if (warning.code === "CIRCULAR_DEPENDENCY") return;
      warn(warning);
    },
  });
  // ASCII only (other characters as escapes): V8 then holds the script's source one byte per character, not two.
  await build.write({ file, format: "cjs", exports: "named", interop: "auto", sourcemap: false, plugins: [asciiOnly] });
  await build.close();
}

/** Bundles the declarations of `input` (packages and Node's modules stay imported). */
async function declarations(input, file) {
  const build = await rollup({
    input,
    external: (id) => !id.startsWith(".") && !id.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(id),
    plugins: [dts({ respectExternal: false })],
  });
  await build.write({ file, format: "es" });
  await build.close();
}

const started = Date.now();
mkdirSync(out, { recursive: true });
await bundle(join(root, "dist/src/index.js"), join(out, "index.cjs"), nodeImportMeta);
await bundle(join(root, "dist/browser/quickexec.js"), join(out, "browser.cjs"), browserImportMeta);
await declarations(join(root, "dist/src/index.d.ts"), join(out, "index.d.cts"));
await declarations(join(root, "dist/src/browser/index.d.ts"), join(out, "browser.d.cts"));
console.log(`commonjs entries: dist/cjs/index.cjs, dist/cjs/browser.cjs in ${Date.now() - started} ms`);
