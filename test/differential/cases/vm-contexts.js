"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:vm contexts: fresh realms, and how a contextified object and the realm's globals stay in step.
const { show } = require("../show.cjs");
const vm = require("vm");

show("exports", () => Object.keys(vm).sort());
show("constants", () => Object.keys(vm.constants).sort());
show("runInNewContext", () => vm.runInNewContext("1 + 2"));
show("fresh built-ins", () => [vm.runInNewContext("Array") !== Array, vm.runInNewContext("Object") !== Object, vm.runInNewContext("[]") instanceof Array]);
show("each context its own", () => vm.runInNewContext("Array") !== vm.runInNewContext("Array"));
show("realm globals", () => vm.runInNewContext("[typeof console, typeof setTimeout, typeof require, typeof process, typeof structuredClone, typeof Date.now()]"));
show("console inside prints nothing", () => vm.runInNewContext("console.log('not shown'); 1"));
show("the sandbox's values", () => vm.runInNewContext("a + b", { a: 1, b: 2 }));

const sandbox = { x: 3 };
const ctx = vm.createContext(sandbox);
show("createContext returns the object", () => ctx === sandbox);
show("isContext", () => [vm.isContext(sandbox), vm.isContext({}), vm.isContext(vm.createContext())]);
show("read", () => vm.runInContext("x", ctx));
vm.runInContext("var a = 1; c = 3; y = x + 1; x = 10; Object.defineProperty(this, 'd', { value: 4 })", ctx);
show("globals show up", () => [sandbox.a, sandbox.c, sandbox.y, sandbox.x, sandbox.d]);
show("var descriptor", () => Object.getOwnPropertyDescriptor(sandbox, "a"));
show("defined descriptor", () => Object.getOwnPropertyDescriptor(sandbox, "d"));
vm.runInContext("function b() { return 'b' }", ctx);
show("function declaration", () => [typeof sandbox.b, sandbox.b(), Object.getOwnPropertyDescriptor(sandbox, "b").configurable]);
sandbox.later = "added outside";
show("added outside, seen inside", () => vm.runInContext("later", ctx));
delete sandbox.later;
show("deleted outside", () => vm.runInContext("typeof later", ctx));
vm.runInContext("delete c", ctx);
show("deleted inside", () => "c" in sandbox);
show("this is not the sandbox", () => vm.runInContext("this", ctx) === sandbox);
show("this is the realm's global", () => vm.runInContext("this === globalThis", ctx));
show("globalThis keys", () => vm.runInNewContext("Object.keys(this)", { p: 1, q: 2 }));

const counter = vm.createContext({ count: 0 });
vm.runInContext("function inc() { count++ }", counter);
counter.inc();
counter.inc();
show("live writes from realm functions", () => counter.count);

const acc = {};
let stored;
Object.defineProperty(acc, "getter", { get: () => "got", enumerable: true });
Object.defineProperty(acc, "setter", { set: (v) => { stored = v; }, get: () => `stored=${stored}`, enumerable: true });
vm.createContext(acc);
show("accessors of the sandbox", () => vm.runInContext("setter = 'v'; [getter, setter]", acc));
show("accessor descriptor inside", () => vm.runInContext("typeof Object.getOwnPropertyDescriptor(this, 'getter').get", acc));

show("realm errors", () => {
  try {
    vm.runInNewContext("null.x");
  } catch (e) {
    return [e instanceof TypeError, e.name, e.constructor.name];
  }
});
show("thrown error class", () => {
  try {
    vm.runInNewContext("throw new RangeError('boom')");
  } catch (e) {
    return [e instanceof RangeError, e.name, e.message, e.stack.includes("boom")];
  }
});
show("syntax error", () => {
  try {
    vm.runInNewContext("(");
  } catch (e) {
    return [e instanceof SyntaxError, e.name];
  }
});
show("filename in stack", () => {
  try {
    vm.runInNewContext("\nfunction f() { throw new Error('x') }\nf()", {}, "my-file.js");
  } catch (e) {
    return e.stack.split("\n").filter((l) => l.includes("my-file.js")).length >= 2;
  }
});
show("instanceof across", () => vm.runInNewContext("v instanceof Array", { v: [] }));
show("strict inside", () => vm.runInNewContext("'use strict'; try { undeclared = 1 } catch (e) { e.name }"));
show("missing name", () => vm.runInNewContext("try { missing } catch (e) { e.name }"));
show("typeof missing", () => vm.runInNewContext("typeof missing"));
show("DONT_CONTEXTIFY", () => {
  const g = vm.createContext(vm.constants.DONT_CONTEXTIFY);
  vm.runInContext("var v = 7", g);
  return [vm.isContext(g), g.v, typeof g.Array, g.Array !== Array];
});
show("promises inside", () => vm.runInNewContext("Promise.resolve(1)") instanceof Promise);
vm.runInNewContext("Promise.resolve(5).then(v => done(v))", { done: (v) => console.log("microtask from realm ->", v) });

class Doc {
  constructor() {
    this.v = "own";
  }
  read() {
    return this.v;
  }
}
const doc = vm.createContext(new Doc());
show("inherited methods of the sandbox", () => vm.runInContext("[typeof read, this.read()]", doc));
const frozenProp = {};
Object.defineProperty(frozenProp, "prop", { value: "val", writable: false, enumerable: false, configurable: false });
vm.createContext(frozenProp);
show("read-only property descriptor inside", () => vm.runInContext("Object.getOwnPropertyDescriptor(this, 'prop')", frozenProp));
