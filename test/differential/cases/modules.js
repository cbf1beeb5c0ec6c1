"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const path = require("path");
const rel = (p) => (typeof p === "string" ? p.split(process.cwd()).join("<cwd>") : p);

show("require json", () => require("./data.json"));
show("require json is cached", () => require("./data.json") === require(path.join(process.cwd(), "data.json")));
show("require relative file", () => require("./lib/mod.js"));
show("require without extension", () => require("./lib/mod") === require("./lib/mod.js"));
show("require directory index", () => require("./lib"));
show("require.resolve relative", () => rel(require.resolve("./lib/mod")));
show("require.resolve directory", () => rel(require.resolve("./lib")));
show("require.resolve builtin", () => [require.resolve("fs"), require.resolve("node:fs")]);
show("require missing relative", () => rel(require("./nope").x));
show("require missing code/requireStack", () => { try { require("./nope"); } catch (e) { return [e.code, rel(e.requireStack)]; } });
show("require missing package", () => require("no-such-package-qe"));
show("require.cache has the module", () => Object.keys(require.cache).map(rel).filter((k) => k.includes("/lib/")).sort());
show("delete from require.cache reloads", () => {
  const first = require("./lib/mod.js");
  delete require.cache[require.resolve("./lib/mod.js")];
  const second = require("./lib/mod.js");
  return [first === second, second.counter];
});
show("module identity", () => [module.id, rel(module.filename), require.main === module, module.loaded, typeof module.paths]);
show("module.children", () => module.children.map((m) => rel(m.id)).sort());
show("require json syntax error", () => {
  require("fs").writeFileSync("bad.json", "{ nope");
  try { require("./bad.json"); } catch (e) { return [e.name, rel(e.message).startsWith("<cwd>/bad.json: ")]; }
});
show("require file that throws", () => { require("fs").writeFileSync("throws.js", "exports.partial = 1; throw new Error('module failed');"); return require("./throws.js"); });
show("require file that throws is not cached", () => rel(Object.keys(require.cache).filter((k) => k.endsWith("throws.js"))));
show("require cycle sees partial exports", () => {
  const fs = require("fs");
  fs.writeFileSync("cyc-a.js", "exports.a1 = true; const b = require('./cyc-b.js'); exports.sawB = b.done; exports.done = true;");
  fs.writeFileSync("cyc-b.js", "const a = require('./cyc-a.js'); exports.sawA = Object.keys(a); exports.done = true;");
  return [require("./cyc-a.js"), require("./cyc-b.js")];
});
show("module.exports vs exports", () => {
  require("fs").writeFileSync("me.js", "exports.lost = 1; module.exports = { kept: 2 }; exports.alsoLost = 3;");
  return require("./me.js");
});
show("require non-string", () => require(42));
show("require empty", () => require(""));
