// An ES module case (strict by default).
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
import helpers from "../show.cjs";
const { fmt, errLine, show, showAsync } = helpers;

import fs, { readFileSync, promises as fsp } from "node:fs";
import * as pathNs from "path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

show("import.meta.url", () => String(import.meta.url).split(process.cwd()).join("<cwd>"));
show("fileURLToPath(import.meta.url)", () => fileURLToPath(import.meta.url).slice(process.cwd().length));
show("typeof require/module/__filename in ESM", () => [typeof require, typeof module, typeof __filename, typeof exports]);
show("this at top level", () => String(this));
show("default and named fs imports agree", () => [fs.readFileSync === readFileSync, fsp === fs.promises]);
show("namespace import of path", () => [typeof pathNs.join, typeof pathNs.default.join, pathNs.join("a", "b")]);
show("readFileSync in ESM", () => readFileSync("hello.txt", "utf8"));
show("top-level await", () => "before");
const text = await fsp.readFile("nested/a.txt", "utf8");
show("top-level await result", () => text);
show("createRequire loads CJS and JSON", () => { const require = createRequire(import.meta.url); return [require("./data.json").name, require("./lib/mod.js").name]; });
await showAsync("dynamic import of CJS gives default + named", async () => { const m = await import("./lib/mod.js"); return [m.default.name, m.name, Object.keys(m).sort()]; });
await showAsync("dynamic import of builtin", async () => { const m = await import("node:os"); return [typeof m.default.platform, typeof m.platform]; });
await showAsync("dynamic import of missing file", () => import("./nope.mjs"));
await showAsync("dynamic import of missing package", () => import("no-such-package-qe"));
fs.writeFileSync("helper.mjs", "export const value = 42; export default function hello() { return 'hi'; }\n");
await showAsync("dynamic import of a written ES module", async () => { const m = await import("./helper.mjs"); return [m.value, m.default(), Object.keys(m).sort()]; });
await showAsync("same module instance on second import", async () => (await import("./helper.mjs")) === (await import(pathNs.join(process.cwd(), "helper.mjs"))));
fs.writeFileSync("broken.mjs", "export const x = ;\n");
await showAsync("dynamic import of a syntax error", async () => { try { await import("./broken.mjs"); } catch (e) { return e.name; } });
