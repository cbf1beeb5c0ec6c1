// Builds the browser bundle from the compiled TypeScript (dist/src): the page
// entry dist/browser/quickexec.js, the engine worker dist/browser/engine-worker.js
// and dist/browser/quickjs.wasm (QuickJS, patched to export its function table),
// which the entry finds next to itself through import.meta.url.
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import commonjs from "@rollup/plugin-commonjs";
import terser from "@rollup/plugin-terser";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const out = join(root, "dist/browser");

/** Node's modules as the host-side dependencies import them, answered by their browser ports. */
const NODE_PORTS = {
  buffer: "buffer/",
  events: "events/",
  path: "path-browserify",
  stream: "readable-stream",
  util: "util/",
  url: "url/",
  string_decoder: "string_decoder/",
  assert: "assert/",
};
const nodePorts = {
  name: "quickexec-node-ports",
  async resolveId(source, importer) {
    const bare = source.replace(/^node:/, "").replace(/\/$/, "");
    if (!Object.prototype.hasOwnProperty.call(NODE_PORTS, bare)) {
      if (source.startsWith("node:")) this.error(`${source} (imported by ${importer}) has no browser port: it must not reach the browser bundle`);
      return null;
    }
    if (source === NODE_PORTS[bare]) return null;
    return this.resolve(NODE_PORTS[bare], importer, { skipSelf: true });
  },
};

/** `process.env.NODE_ENV` and the like, which some dependencies read, as constants. */
const nodeGlobals = {
  name: "quickexec-node-globals",
  transform(code) {
    if (!/\bprocess\.env\.NODE_ENV\b/.test(code)) return null;
    return { code: code.replace(/\bprocess\.env\.NODE_ENV\b/g, '"production"'), map: null };
  },
};

async function bundle(input, file) {
  const build = await rollup({
    input,
    plugins: [nodePorts, nodeGlobals, nodeResolve({ browser: true, preferBuiltins: false, exportConditions: ["browser"] }), commonjs()],
    onwarn(warning, warn) {
      if (warning.code === "CIRCULAR_DEPENDENCY" || warning.code === "THIS_IS_UNDEFINED") return;
      if (warning.code === "UNRESOLVED_IMPORT") throw new Error(`browser bundle: ${warning.message}`);
      warn(warning);
    },
  });
  const { output } = await build.write({
    file,
    format: "es",
    inlineDynamicImports: true,
    sourcemap: false,
    plugins: [terser({ compress: { passes: 2 }, mangle: true, keep_classnames: true, format: { comments: false } })],
  });
  await build.close();
  return output[0].code;
}

const started = Date.now();
mkdirSync(out, { recursive: true });
const entry = await bundle(join(root, "dist/src/browser/index.js"), join(out, "quickexec.js"));
const worker = await bundle(join(root, "dist/src/browser/engine-worker.js"), join(out, "engine-worker.js"));
const { patchQuickJS } = await import(pathToFileURL(join(root, "dist/wasm/patch.js")).href);
const wasm = patchQuickJS(readFileSync(require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm")));
writeFileSync(join(out, "quickjs.wasm"), wasm);

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = { "quickexec.js": entry, "engine-worker.js": worker, "quickjs.wasm": wasm };
const report = Object.entries(sizes).map(([name, content]) => {
  const raw = typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
  return { name, raw, gzip: gzipSync(content, { level: 9 }).byteLength };
});
writeFileSync(join(out, "sizes.json"), JSON.stringify(report, null, 2) + "\n");
console.log(`browser bundle: ${report.map((r) => `${r.name} ${kib(r.raw)} (${kib(r.gzip)} gzipped)`).join(", ")} in ${Date.now() - started} ms`);
