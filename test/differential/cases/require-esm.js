"use strict";
// Differential case: require() of ES modules (Node 22 and 20.19+ load them
// synchronously and return the namespace), and Date's local time zone.
const { show } = require("../show.cjs");
const fs = require("fs");

fs.mkdirSync("esm", { recursive: true });
fs.writeFileSync("esm/lib.mjs", "export const named = 1; export default function hello() { return 'hi'; } export let counter = 0; export function bump() { counter++; }\n");
fs.writeFileSync("esm/uses-cjs.mjs", "import cjs from './dep.cjs'; import { readFileSync } from 'node:fs'; export const fromCjs = cjs.value; export const hasFs = typeof readFileSync;\n");
fs.writeFileSync("esm/dep.cjs", "exports.value = 'from cjs';\n");
fs.writeFileSync("esm/tla.mjs", "await Promise.resolve(); export const late = 1;\n");
fs.writeFileSync("esm/throws.mjs", "export const before = 1; throw new Error('esm module failed');\n");
fs.writeFileSync("esm/syntax.mjs", "export const = ;\n");
fs.writeFileSync("esm/interop.mjs", "const value = { kind: 'module.exports interop' }; export { value as 'module.exports' };\n");
fs.mkdirSync("node_modules/esm-only-pkg", { recursive: true });
fs.writeFileSync("node_modules/esm-only-pkg/package.json", JSON.stringify({ name: "esm-only-pkg", type: "module", exports: "./index.js" }));
fs.writeFileSync("node_modules/esm-only-pkg/index.js", "export const version = '1.0.0'; export default { isDefault: true };\n");

show("namespace keys", () => Object.keys(require("./esm/lib.mjs")).sort());
show("default and named", () => { const ns = require("./esm/lib.mjs"); return [ns.default(), ns.named, typeof ns]; });
show("namespace is a module namespace", () => Object.prototype.toString.call(require("./esm/lib.mjs")));
show("live bindings", () => { const ns = require("./esm/lib.mjs"); ns.bump(); ns.bump(); return ns.counter; });
show("same object twice", () => require("./esm/lib.mjs") === require("./esm/lib.mjs"));
show("same namespace as import()", () => import("./esm/lib.mjs").then((ns) => ns === require("./esm/lib.mjs")));
show("esm importing cjs and builtins", () => { const ns = require("./esm/uses-cjs.mjs"); return [ns.fromCjs, ns.hasFs]; });
show("package with type module", () => { const ns = require("esm-only-pkg"); return [ns.version, ns.default]; });
show("module.exports export", () => require("./esm/interop.mjs"));
show("top-level await", () => { try { require("./esm/tla.mjs"); return "loaded"; } catch (e) { return [e.code, e.message.split(".")[0]]; } });
show("throwing module", () => { try { require("./esm/throws.mjs"); return "loaded"; } catch (e) { return [e.name, e.message]; } });
show("syntax error", () => { try { require("./esm/syntax.mjs"); return "loaded"; } catch (e) { return e.name; } });
show("in require.cache", () => Object.keys(require.cache).filter((k) => k.endsWith("lib.mjs")).length);
show("process.features.require_module", () => process.features.require_module);

show("Date#toString names the zone", () => new Date(Date.UTC(2024, 0, 1, 0, 15)).toString());
show("Date#toTimeString names the zone", () => new Date(Date.UTC(2024, 6, 1, 12)).toTimeString());
show("Date() as a function ends with the zone", () => / \([A-Za-z ]+\)$/.test(Date()));
show("invalid date", () => [String(new Date(NaN)), new Date(NaN).toTimeString()]);
