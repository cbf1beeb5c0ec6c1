"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const util = require("util");
const i = (v, o) => util.inspect(v, o);

show("format %s %d %i %f", () => util.format("%s|%d|%i|%f", "str", 42.5, 42.5, "3.25"));
show("format %j %o %O %%", () => util.format("%j %o %O %%", { a: [1] }, [1], { b: { c: {} } }));
show("format extra args and missing args", () => [util.format("a", "b", 3, { c: 1 }), util.format("%s %s", "only")]);
show("format %s of objects/symbols/bigint", () => util.format("%s %s %s %s %s", { x: 1 }, [1, [2]], Symbol("q"), 5n, null));
show("format %d of non-numbers", () => util.format("%d %d %d", "abc", "", 7n));
show("format %c ignored", () => util.format("%cstyled", "color: red"));
show("format non-string first arg", () => util.format(1, "two", { three: 3 }));
show("inspect primitives", () => [i("str"), i(1), i(-0), i(null), i(undefined), i(true), i(10n), i(Symbol("s"))]);
show("inspect string quoting", () => [i("it's"), i('say "hi"'), i(`both ' and "`), i("new\nline")]);
show("inspect object", () => i({ a: 1, "b-c": "x", nested: { deep: { deeper: { deepest: 1 } } } }));
show("inspect depth option", () => i({ a: { b: { c: 1 } } }, { depth: 0 }));
show("inspect array", () => [i([1, "two", [3, [4, [5, [6]]]]]), i(new Array(3)), i([1, , 3])]);
show("inspect long array", () => i(Array.from({ length: 120 }, (_, n) => n)).split("\n").slice(-2).join("|"));
show("inspect Map/Set", () => [i(new Map([["k", 1], [{}, [2]]])), i(new Set([1, "a"])), i(new Map())]);
show("inspect class instance and null prototype", () => { class Foo { constructor() { this.x = 1; } } return [i(new Foo()), i(Object.create(null)), i(Object.assign(Object.create(null), { y: 2 }))]; });
show("inspect functions and classes", () => { function named() {} class K {} class L extends K {} return [i(named), i(() => {}), i(K), i(L), i(async function af() {}), i(function* g() {}), i(Math.max)]; });
show("inspect circular", () => { const o = { name: "o" }; o.self = o; o.list = [o]; return i(o); });
show("inspect getters", () => i({ get g() { return 1; }, set s(v) {}, get gs() { return 2; }, set gs(v) {} }));
show("inspect getters option", () => i({ get g() { return 1; } }, { getters: true }));
show("inspect symbols keys / non-enumerable", () => { const o = { [Symbol("k")]: 1 }; Object.defineProperty(o, "hidden", { value: 2 }); return [i(o), i(o, { showHidden: true })]; });
show("inspect Date/RegExp/Error name", () => [i(new Date(0)), i(/a+b/gi), i(new Date(NaN))]);
show("inspect typed arrays / ArrayBuffer / Buffer", () => [i(new Uint8Array([1, 2])), i(new Float64Array(1)), i(new ArrayBuffer(2)), i(Buffer.from("ab"))]);
show("inspect Promise", () => [i(Promise.resolve(4)), i(Promise.reject(new Error("x")).catch(() => {}) && new Promise(() => {}))]);
show("inspect boxed and weak", () => [i(new String("s")), i(new Number(1)), i(Object(Symbol("b"))), i(new WeakMap()), i(new WeakSet())]);
show("inspect compact false", () => i({ a: 1, b: [1, 2] }, { compact: false }));
show("inspect breakLength", () => i({ aaaa: "x".repeat(30), bbbb: "y".repeat(30), cccc: 1 }));
show("inspect sorted", () => i({ b: 1, a: 2, c: 3 }, { sorted: true }));
show("inspect maxStringLength / maxArrayLength", () => [i("abcdefgh", { maxStringLength: 3 }), i([1, 2, 3, 4], { maxArrayLength: 2 })]);
show("inspect.custom", () => { const o = { [util.inspect.custom](depth, opts) { return "custom<" + depth + "," + typeof opts.stylize + ">"; } }; return [i(o), i({ inner: o })]; });
show("inspect.custom symbol registry", () => util.inspect.custom === Symbol.for("nodejs.util.inspect.custom"));
show("inspect error without stack", () => { const e = new RangeError("bad"); e.stack = undefined; const e2 = new Error("msg"); e2.stack = "Error: msg\n    at fake (file.js:1:1)"; e2.code = "E_X"; return [i(e), i(e2)]; });
show("inspect object with many keys", () => i(Object.fromEntries(Array.from({ length: 30 }, (_, n) => ["k" + n, n]))).split("\n").length);
show("isDeepStrictEqual", () => [util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), util.isDeepStrictEqual([1], ["1"]), util.isDeepStrictEqual(new Set([1]), new Set([1])), util.isDeepStrictEqual(NaN, NaN), util.isDeepStrictEqual(0, -0)]);
show("types", () => { const t = util.types; return [t.isPromise(Promise.resolve()), t.isDate(new Date()), t.isRegExp(/x/), t.isUint8Array(Buffer.alloc(1)), t.isMap(new Map()), t.isAsyncFunction(async () => {}), t.isGeneratorFunction(function* () {}), t.isTypedArray([]), t.isNativeError(new TypeError()), t.isBoxedPrimitive(Object(1)), t.isArrayBuffer(new ArrayBuffer(1)), t.isProxy(new Proxy({}, {}))]; });
show("legacy is* helpers", () => [util.isArray([]), typeof util.isString]);
show("inherits", () => { function A() {} A.prototype.hi = () => "hi"; function B() { A.call(this); } util.inherits(B, A); return [new B().hi(), B.super_ === A, Object.getPrototypeOf(B.prototype) === A.prototype]; });
show("inherits bad args", () => util.inherits(function () {}, null));
show("deprecate returns wrapper", () => { const f = util.deprecate(() => "still works", "msg", "DEP_QE"); return [typeof f, f.name]; });
show("TextEncoder/TextDecoder", () => [util.TextEncoder === TextEncoder, Array.from(new util.TextEncoder().encode("é")), new util.TextDecoder().decode(new Uint8Array([0xe2, 0x82, 0xac]))]);
show("toUSVString / stripVTControlCharacters", () => [typeof util.toUSVString === "function" ? util.toUSVString("a\ud800b") : "n/a", util.stripVTControlCharacters("\u001b[31mred\u001b[39m")]);
show("promisify.custom", () => { function f() {} f[util.promisify.custom] = () => "custom"; return [util.promisify(f)(), util.promisify.custom === Symbol.for("nodejs.util.promisify.custom")]; });
show("promisify non-function", () => util.promisify(5));
show("callbackify non-function", () => util.callbackify("x"));

(async () => {
  const cbOk = (a, b, cb) => cb(null, a + b);
  const cbErr = (cb) => cb(Object.assign(new Error("cb failed"), { code: "E_CB" }));
  await showAsync("promisify resolves", () => util.promisify(cbOk)(2, 3));
  await showAsync("promisify rejects", () => util.promisify(cbErr)());
  await showAsync("promisify(setTimeout)", () => util.promisify(setTimeout)(1, "timer value"));
  await showAsync("callbackify resolves", () => new Promise((resolve) => util.callbackify(async (x) => x * 2)(21, (err, v) => resolve([err, v]))));
  await showAsync("callbackify rejects with falsy reason", () => new Promise((resolve) => util.callbackify(() => Promise.reject(null))((err) => resolve([err instanceof Error, err.code, err.message, err.reason]))));
  show("util/types module", () => require("util/types") === util.types);
})();
