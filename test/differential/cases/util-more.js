"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const util = require("util");

show("parseArgs", () => typeof util.parseArgs === "function" ? util.parseArgs({ args: ["-f", "--bar", "b", "pos"], options: { foo: { type: "boolean", short: "f" }, bar: { type: "string" } }, allowPositionals: true }) : "missing");
show("parseArgs unknown option", () => util.parseArgs({ args: ["--nope"], options: {} }));
show("getSystemErrorName", () => [util.getSystemErrorName(-2), util.getSystemErrorName(-13), util.getSystemErrorName(-17)]);
show("getSystemErrorName positive", () => util.getSystemErrorName(2));
show("inspect colors", () => util.inspect({ n: 1, s: "x", b: true, u: undefined, nul: null }, { colors: true }));
show("inspect.defaultOptions", () => [util.inspect.defaultOptions.depth, util.inspect.defaultOptions.breakLength, util.inspect.defaultOptions.colors]);
show("inspect.defaultOptions depth change", () => { util.inspect.defaultOptions.depth = 0; const s = util.inspect({ a: { b: 1 } }); util.inspect.defaultOptions.depth = 2; return s; });
show("debuglog is a no-op without NODE_DEBUG", () => { const d = util.debuglog("qe"); d("hidden %s", "message"); return [typeof d, d.enabled]; });
show("format %s with an Error without stack", () => { const e = new Error("m"); e.stack = "Error: m"; return util.format("%s", e); });
show("format %s with a class instance and a function", () => util.format("%s | %s", new (class K { constructor() { this.v = 1; } })(), function fn() {}));
show("format %i of bigint / %d of symbol", () => util.format("%i %d", 12n, Symbol("s")));
show("format %j of circular", () => { const o = {}; o.o = o; return util.format("%j", o); });
show("inspect string longer than breakLength in array", () => util.inspect(["x".repeat(50), "y".repeat(50)]));
show("inspect nested arrays of numbers group", () => util.inspect(Array.from({ length: 8 }, (_, i) => [i, i * i])));
show("inspect Set/Map nested beyond depth", () => util.inspect(new Map([["k", new Map([["k2", new Map([["k3", new Set([1])]])]])]])));
show("inspect object with numeric-like keys", () => util.inspect({ 1: "a", b: 2, "c d": 3, "0x": 4 }));
show("inspect negative zero in array / NaN", () => util.inspect([-0, NaN, Infinity]));
show("inspect multiline string in object", () => util.inspect({ s: "line1\nline2" }));
show("inspect Date invalid and with props", () => { const d = new Date(0); d.extra = 1; return util.inspect(d); });
show("inspect arguments object", () => (function () { return util.inspect(arguments); })(1, "a"));
show("inspect generator object", () => util.inspect((function* g() {})()));
show("inspect iterators", () => [util.inspect(new Map([[1, 2]]).entries()), util.inspect([1, 2][Symbol.iterator]())]);
show("inspect DataView", () => util.inspect(new DataView(new ArrayBuffer(2))));
show("inspect object with constructor property shadowed", () => util.inspect({ constructor: "nope" }));
show("inspect class with static and Symbol.toStringTag", () => { class T { get [Symbol.toStringTag]() { return "Tagged"; } } return util.inspect(new T()); });
show("aborted helper", () => typeof util.aborted);
show("types.isExternal / isModuleNamespaceObject", () => [util.types.isExternal({}), util.types.isModuleNamespaceObject({})]);
show("isDeepStrictEqual on Buffers, Dates, prototypes", () => [util.isDeepStrictEqual(Buffer.from("a"), Buffer.from("a")), util.isDeepStrictEqual(new Date(1), new Date(1)), util.isDeepStrictEqual(Object.create(null), {})]);
