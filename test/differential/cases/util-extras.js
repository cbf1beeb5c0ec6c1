"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// util.getSystemErrorName/Map, styleText, aborted, parseArgs and deprecate.
// node-stderr: expected (deprecation warnings)
const { show, showAsync } = require("../show.cjs");
const util = require("util");

show("getSystemErrorName", () => [-2, -13, -110, -4095, -105, -9999].map((n) => util.getSystemErrorName(n)));
show("getSystemErrorName positive", () => util.getSystemErrorName(2));
show("getSystemErrorName not a number", () => util.getSystemErrorName("2"));
show("getSystemErrorMap", () => { const m = util.getSystemErrorMap(); return [m instanceof Map, m.get(-2), m.get(-1), m.size > 50]; });
show("styleText without colour stream", () => JSON.stringify(util.styleText("red", "x", { validateStream: false })));
show("styleText nested", () => JSON.stringify(util.styleText(["bold", "underline"], "y", { validateStream: false })));
show("styleText bad format", () => util.styleText("nope", "x"));
show("styleText bad text", () => util.styleText("red", 1));
show("parseArgs", () => util.parseArgs({ args: ["-f", "--bar", "b", "pos"], options: { foo: { type: "boolean", short: "f" }, bar: { type: "string" } }, allowPositionals: true }));
show("parseArgs unknown option", () => util.parseArgs({ args: ["--nope"], options: {} }));
show("parseArgs defaults and multiple", () => util.parseArgs({ args: ["--x", "1", "--x", "2"], options: { x: { type: "string", multiple: true }, y: { type: "string", default: "d" } } }).values);
(async () => {
  const ac = new AbortController();
  const p = util.aborted(ac.signal, {});
  ac.abort();
  await showAsync("aborted resolves with the abort event", async () => { const v = await p; return v && v.type; });
  await showAsync("aborted already", () => util.aborted(AbortSignal.abort(), {}));
  await showAsync("aborted bad signal", () => util.aborted({}, {}));
})();
show("deprecate bad code", () => util.deprecate(() => {}, "msg", 1));
const deprecations = [];
process.on("warning", (w) => deprecations.push([w.name, w.code, w.message]));
show("deprecate warns once per code", () => {
  const a = util.deprecate(() => 1, "a is old", "DEP_QE_A");
  const b = util.deprecate(() => 2, "b is old too", "DEP_QE_A");
  const C = util.deprecate(class C { constructor() { this.x = 3; } }, "C is old");
  return [a(), a(), b(), new C().x, new C().x];
});
setTimeout(() => show("deprecation warnings", () => deprecations), 5);
