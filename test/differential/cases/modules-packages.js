"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

// Packages under ./node_modules, written by the case itself.
// node-stderr: expected (DEP0128 for the package whose main is missing)
const fs = require("fs");
const path = require("path");
const rel = (p) => (typeof p === "string" ? p.split(process.cwd()).join("<cwd>") : Array.isArray(p) ? p.map(rel) : p);
function write(file, text) { fs.mkdirSync(path.dirname(file), { recursive: true }); fs.writeFileSync(file, text); }

write("node_modules/plain/index.js", "exports.name = 'plain'; exports.file = __filename;");
write("node_modules/with-main/package.json", JSON.stringify({ name: "with-main", main: "lib/entry.js" }));
write("node_modules/with-main/lib/entry.js", "module.exports = 'with-main entry';");
write("node_modules/with-exports/package.json", JSON.stringify({
  name: "with-exports",
  exports: { ".": { import: "./esm.mjs", require: "./cjs.js" }, "./feature": "./src/feature.js", "./data/*": "./data/*.json" },
}));
write("node_modules/with-exports/cjs.js", "module.exports = 'cjs entry';");
write("node_modules/with-exports/esm.mjs", "export default 'esm entry';");
write("node_modules/with-exports/src/feature.js", "module.exports = 'feature';");
write("node_modules/with-exports/data/one.json", "{\"n\": 1}");
write("node_modules/with-exports/private.js", "module.exports = 'private';");
write("node_modules/@scope/pkg/package.json", JSON.stringify({ name: "@scope/pkg", main: "./main.js" }));
write("node_modules/@scope/pkg/main.js", "module.exports = require('plain').name + ' via scope';");
write("node_modules/bad-main/package.json", JSON.stringify({ name: "bad-main", main: "missing.js" }));
write("node_modules/bad-main/index.js", "module.exports = 'fell back to index';");
write("node_modules/json-main/package.json", "{ not json");
write("nested/node_modules/plain/index.js", "exports.name = 'nearer plain';");
write("nested/uses-plain.js", "module.exports = require('plain').name;");
write("node_modules/.bin/tool", "#!/bin/sh\n");

show("require a package's index.js", () => { const m = require("plain"); return [m.name, rel(m.file)]; });
show("require a package's main", () => require("with-main"));
show("require with exports (require condition)", () => require("with-exports"));
show("require a subpath export", () => require("with-exports/feature"));
show("require a pattern export", () => require("with-exports/data/one"));
show("require an unexported subpath", () => require("with-exports/private.js"));
show("require a scoped package", () => require("@scope/pkg"));
show("require a package whose main is missing", () => require("bad-main"));
show("require a package with an unparsable package.json", () => { try { require("json-main"); } catch (e) { return [e.name, e.code]; } });
show("nearest node_modules wins", () => require("./nested/uses-plain.js"));
show("require.resolve a package", () => rel([require.resolve("with-main"), require.resolve("with-exports"), require.resolve("@scope/pkg")]));
show("require.resolve with paths option", () => rel(require.resolve("plain", { paths: [path.join(process.cwd(), "nested")] })));
show("require.resolve.paths", () => rel(require.resolve.paths("anything")).slice(0, 2));
show("module.paths starts at the script's directory", () => rel(module.paths).slice(0, 2));
show("require a missing package", () => require("not-installed"));
show("require a missing subpath of a package", () => require("plain/nope"));
(async () => {
  await showAsync("import with exports (import condition)", async () => (await import("with-exports")).default);
  await showAsync("import an unexported subpath", () => import("with-exports/private.js"));
})();
