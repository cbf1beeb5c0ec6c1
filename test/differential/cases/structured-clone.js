"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// structuredClone: what it copies, what it keeps shared, what it refuses.
const { show } = require("../show.cjs");
const util = require("util");
const insp = (v) => util.inspect(v, { depth: 4, breakLength: Infinity });
const errOf = (fn) => { try { return insp(fn()); } catch (e) { return [e.name, e.code, e.message, e instanceof DOMException]; } };

show("global descriptor", () => { const type = typeof structuredClone; const d = Object.getOwnPropertyDescriptor(globalThis, "structuredClone"); return [type, d.enumerable, d.writable]; });
show("primitives", () => [structuredClone(1), structuredClone("s"), structuredClone(null), structuredClone(undefined), structuredClone(true), String(structuredClone(10n)), Object.is(structuredClone(-0), -0), structuredClone(NaN)]);
show("plain object deep copy", () => { const o = { a: 1, b: { c: [1, 2, { d: 3 }] } }; const c = structuredClone(o); return [insp(c), c !== o, c.b !== o.b, c.b.c !== o.b.c]; });
show("Date", () => { const d = new Date(1700000000000); const c = structuredClone(d); return [c instanceof Date, c.getTime(), c !== d]; });
show("RegExp", () => { const r = /ab+c/gi; r.lastIndex = 3; const c = structuredClone(r); return [c instanceof RegExp, c.source, c.flags, c.lastIndex, c !== r]; });
show("Map and Set", () => { const m = new Map([[1, { a: 1 }], ["k", new Set([1, "x"])]]); return insp(structuredClone(m)); });
show("Map keys cloned", () => { const key = { id: 1 }; const c = structuredClone(new Map([[key, 1]])); return [...c.keys()][0] !== key; });
show("ArrayBuffer", () => { const b = new Uint8Array([1, 2, 3]).buffer; const c = structuredClone(b); return [c instanceof ArrayBuffer, c !== b, [...new Uint8Array(c)]]; });
show("typed arrays", () => [Int8Array, Uint8ClampedArray, Int16Array, Uint32Array, Float32Array, Float64Array, BigInt64Array].map((T) => { const t = new T(4); const c = structuredClone(t); return [c.constructor.name, c.length, c !== t]; }));
show("view offsets", () => { const buf = new ArrayBuffer(16); const v = new Uint16Array(buf, 4, 3); v[0] = 513; const c = structuredClone(v); return [c.byteOffset, c.length, c.buffer.byteLength, c[0]]; });
show("DataView", () => { const dv = new DataView(new ArrayBuffer(8), 2, 4); dv.setUint8(0, 9); const c = structuredClone(dv); return [c instanceof DataView, c.byteOffset, c.byteLength, c.getUint8(0)]; });
show("shared buffer between views", () => { const buf = new ArrayBuffer(8); const c = structuredClone({ a: new Uint8Array(buf), b: new Uint32Array(buf) }); return c.a.buffer === c.b.buffer; });
show("Buffer becomes Uint8Array", () => { const c = structuredClone(Buffer.from("hi")); return [c.constructor.name, [...c]]; });
show("cycles", () => { const o = { name: "root" }; o.self = o; o.list = [o]; const c = structuredClone(o); return [c.self === c, c.list[0] === c, c !== o]; });
show("shared references", () => { const s = { v: 1 }; const c = structuredClone({ x: s, y: s }); return c.x === c.y; });
show("arrays with holes and props", () => { const a = [1, , 3]; a.extra = "e"; return insp(structuredClone(a)); });
show("wrapper objects", () => insp([structuredClone(Object(1)), structuredClone(Object("s")), structuredClone(Object(false)), structuredClone(Object(5n))]));
show("getters read, prototype lost", () => { class P { constructor() { this.x = 1; } get y() { return 2; } } const c = structuredClone(new P()); return [insp(c), Object.getPrototypeOf(c) === Object.prototype]; });
show("non-enumerable and symbol keys dropped", () => { const o = { a: 1, [Symbol("s")]: 2 }; Object.defineProperty(o, "h", { value: 3, enumerable: false }); return insp(structuredClone(o)); });
show("Error types", () => [new Error("e"), new TypeError("t"), new RangeError("r"), new SyntaxError("s"), new ReferenceError("f"), new EvalError("v"), new URIError("u")].map((e) => { const c = structuredClone(e); return [c.name, c.message, Object.getPrototypeOf(c) === Object.getPrototypeOf(e), c.stack === e.stack]; }));
show("Error extra props dropped, cause kept", () => { const e = new RangeError("bad", { cause: { why: 1 } }); e.code = "X"; const c = structuredClone(e); return [Object.getOwnPropertyNames(c).sort(), c.code, insp(c.cause)]; });
show("Error subclass", () => { class MyError extends TypeError { constructor(m) { super(m); this.name = "MyError"; } } const c = structuredClone(new MyError("m")); return [c.name, Object.getPrototypeOf(c) === Error.prototype, c.message]; });
show("Error with custom name", () => { const e = new Error("x"); e.name = "TypeError"; const c = structuredClone(e); return [c.name, c instanceof TypeError]; });
show("transfer ArrayBuffer", () => { const buf = new ArrayBuffer(4); const u = new Uint8Array(buf); u[0] = 7; const c = structuredClone({ u }, { transfer: [buf] }); return [buf.byteLength, u.length, c.u.length, c.u[0]]; });
show("transfer result is the buffer", () => { const buf = new Uint8Array([5, 6]).buffer; const c = structuredClone(buf, { transfer: [buf] }); return [c.byteLength, buf.byteLength, [...new Uint8Array(c)]]; });
show("transferred then detached", () => { const buf = new ArrayBuffer(2); structuredClone(buf, { transfer: [buf] }); return errOf(() => structuredClone(buf)); });
show("transfer duplicate", () => { const buf = new ArrayBuffer(2); return errOf(() => structuredClone(1, { transfer: [buf, buf] })); });
// (Node 22 words these errors differently from Node 20: only their codes are compared.)
const codeOf = (fn) => { try { fn(); } catch (e) { return [e.name, e.code]; } };
show("transfer not iterable", () => codeOf(() => structuredClone(1, { transfer: 1 })));
show("options not an object", () => codeOf(() => structuredClone(1, 5)));
show("transfer empty iterable", () => insp(structuredClone({ a: 1 }, { transfer: { *[Symbol.iterator]() {} } })));
show("no arguments", () => errOf(() => structuredClone()));
show("function", () => errOf(() => structuredClone(function foo() {})));
show("arrow in object", () => errOf(() => structuredClone({ f: () => 1 })));
show("method", () => errOf(() => structuredClone({ m() {} })));
show("class", () => errOf(() => structuredClone(class A {})));
show("symbol", () => errOf(() => structuredClone(Symbol("sym"))));
show("WeakMap", () => errOf(() => structuredClone(new WeakMap())));
show("WeakSet in array", () => errOf(() => structuredClone([new WeakSet()])));
show("Promise", () => errOf(() => structuredClone(Promise.resolve(1))));
show("DataCloneError code", () => { try { structuredClone(() => {}); } catch (e) { return [e.code, e.name, e.constructor.name]; } });
show("Blob clone", () => insp(structuredClone(new Blob(["abc"], { type: "text/plain" }))));
// Transferred streams (whether the original reads as locked afterwards, and
// when a write reaches the original, differ between Node versions).
(async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
  const moved = structuredClone(rs, { transfer: [rs] });
  const got = [];
  for await (const chunk of moved) got.push(chunk);
  console.log("transfer ReadableStream ->", JSON.stringify([got, moved instanceof ReadableStream, Object.getPrototypeOf(moved) === ReadableStream.prototype]));
  const ws = new WritableStream();
  const movedWs = structuredClone(ws, { transfer: [ws] });
  console.log("transfer WritableStream ->", JSON.stringify([movedWs instanceof WritableStream, movedWs !== ws]));
})();
