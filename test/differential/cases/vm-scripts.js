"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:vm Script, runInThisContext, compileFunction, timeouts and argument checks.
const { show } = require("../show.cjs");
const vm = require("vm");

const script = new vm.Script("n = (typeof n === 'number' ? n : 0) + 1", { filename: "count.js" });
const ctx = vm.createContext({});
script.runInContext(ctx);
script.runInContext(ctx);
show("a script runs many times", () => ctx.n);
show("in new contexts", () => [script.runInNewContext(), script.runInNewContext({ n: 41 })]);
show("script own keys", () => Object.keys(script));
show("createScript", () => vm.createScript("2 * 21").runInNewContext());
show("runInThisContext", () => vm.runInThisContext("var thisContextVar = 5; typeof require"));
show("its var is a global", () => globalThis.thisContextVar);
show("syntax error at new Script", () => {
  try {
    new vm.Script("(", { filename: "bad.js" });
  } catch (e) {
    return [e instanceof SyntaxError, e.name];
  }
});
show("sourceMapURL", () => [new vm.Script("1\n//# sourceMappingURL=foo.js.map").sourceMapURL, new vm.Script("1").sourceMapURL]);
show("cached data", () => {
  const s = new vm.Script("1 + 1");
  const data = s.createCachedData();
  return [Buffer.isBuffer(data), data.length > 0, new vm.Script("1 + 1", { cachedData: data }).cachedDataRejected, new vm.Script("1 + 12345", { cachedData: data }).cachedDataRejected];
});
show("produceCachedData", () => {
  const s = new vm.Script("1", { produceCachedData: true });
  return [s.cachedDataProduced, Buffer.isBuffer(s.cachedData)];
});
show("lineOffset in stack", () => {
  try {
    new vm.Script("\nthrow new Error('x')", { filename: "off.js", lineOffset: 10 }).runInNewContext();
  } catch (e) {
    return /off\.js:12/.test(e.stack);
  }
});

show("timeout", () => {
  try {
    vm.runInNewContext("while (true) {}", {}, { timeout: 30 });
  } catch (e) {
    return [e.code, e.message, e instanceof Error, e.name];
  }
});
show("timeout in this context", () => {
  try {
    vm.runInThisContext("while (true) {}", { timeout: 30 });
  } catch (e) {
    return [e.code, e.message, e instanceof Error];
  }
});
show("timeout cannot be caught inside", () => {
  try {
    vm.runInNewContext("try { while (true) {} } catch (e) { 'caught inside' }", {}, { timeout: 30 });
  } catch (e) {
    return e.code;
  }
});
show("code after a timeout runs", () => vm.runInNewContext("1 + 1", {}, { timeout: 1000 }));
show("nested timeouts", () => {
  const outer = vm.createContext({ vm, inner: null });
  try {
    vm.runInContext("try { vm.runInNewContext('while (true) {}', {}, { timeout: 20 }) } catch (e) { inner = e.code } while (true) {}", outer, { timeout: 200 });
  } catch (e) {
    return [outer.inner, e.code];
  }
});

show("compileFunction", () => {
  const f = vm.compileFunction("return a + b", ["a", "b"]);
  return [f(1, 2), f.name, f.length, String(f)];
});
show("compileFunction no params", () => String(vm.compileFunction("return 1")));
show("compileFunction contextExtensions", () => vm.compileFunction("return x + y", [], { contextExtensions: [{ x: 1 }, { y: 2 }] })());
show("compileFunction parsingContext", () => {
  const c = vm.createContext({ base: 100 });
  const f = vm.compileFunction("return base + v", ["v"], { parsingContext: c });
  return [f(1), f instanceof Function];
});
show("compileFunction early close", () => vm.compileFunction("});\n\n(function() {\nconsole.log(1);\n})();\n\n(function() {"));
show("compileFunction return", () => typeof vm.compileFunction("return"));

for (const [label, fn] of [
  ["runInContext plain object", () => vm.runInContext("1", {})],
  ["isContext null", () => vm.isContext(null)],
  ["createContext number", () => vm.createContext(1)],
  ["Script options string", () => new vm.Script("1", "name.js").runInNewContext()],
  ["Script options number", () => new vm.Script("1", 5)],
  ["lineOffset fraction", () => new vm.Script("1", { lineOffset: 1.5 })],
  ["lineOffset string", () => new vm.Script("1", { lineOffset: "1" })],
  ["filename null", () => new vm.Script("1", { filename: null })],
  ["cachedData number", () => new vm.Script("1", { cachedData: 1 })],
  ["produceCachedData string", () => new vm.Script("1", { produceCachedData: "yes" })],
  ["timeout zero", () => vm.runInNewContext("1", {}, { timeout: 0 })],
  ["timeout negative", () => vm.runInNewContext("1", {}, { timeout: -1 })],
  ["timeout string", () => vm.runInNewContext("1", {}, { timeout: "5" })],
  ["displayErrors", () => vm.runInNewContext("1", {}, { displayErrors: 1 })],
  ["breakOnSigint", () => vm.runInNewContext("1", {}, { breakOnSigint: "no" })],
  ["createContext name", () => vm.createContext({}, { name: 1 })],
  ["createContext microtaskMode", () => vm.createContext({}, { microtaskMode: "x" })],
  ["createContext codeGeneration", () => vm.createContext({}, { codeGeneration: { strings: 1 } })],
  ["contextName", () => vm.runInNewContext("1", {}, { contextName: 5 })],
  ["compileFunction code", () => vm.compileFunction()],
  ["compileFunction params", () => vm.compileFunction("", null)],
  ["compileFunction param item", () => vm.compileFunction("", [1])],
  ["compileFunction options", () => vm.compileFunction("", [], "string")],
  ["compileFunction parsingContext", () => vm.compileFunction("", [], { parsingContext: {} })],
  ["compileFunction extensions", () => vm.compileFunction("", [], { contextExtensions: [1] })],
  ["importModuleDynamically", () => new vm.Script("1", { importModuleDynamically: 5 })],
]) {
  show(label, fn);
}

// A script run by vm has no module loader unless importModuleDynamically is given (not supported here).
vm.runInThisContext('import("fs")').catch((e) => console.log("import() in runInThisContext ->", e.code));
vm.compileFunction('return import("fs")')().catch((e) => console.log("import() in compileFunction ->", e.code));
vm.runInNewContext('import("fs")').catch((e) => console.log("import() in a new context ->", e.code));
import("fs").then((fs) => console.log("import() in the program ->", typeof fs.readFileSync));
