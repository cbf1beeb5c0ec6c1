/**
 * Fuzzing what a guest puts in `module.exports`: fast-check draws a
 * description of a value (nested objects and arrays with cycles and shared
 * parts, sparse arrays, `__proto__` keys, typed arrays and views, Buffers,
 * Dates valid and invalid, Maps, Sets, RegExps, Errors, getters, Proxies,
 * class instances and null-prototype objects, and now and then something
 * that cannot be copied: a function, a symbol, a Promise, a WeakMap, a getter
 * or Proxy trap that throws, nesting past the serializer's limit, a getter
 * that never returns). {@link exportSource} writes the guest program that
 * builds it; {@link expectedCopy} builds on the host what a faithful copy is
 * (by the documented rules: own enumerable string keys, class instances and
 * null-prototype objects as plain objects, holes as undefined);
 * {@link copyDifferences} compares, cycles and shared parts included.
 * @module
 */
import fc from "fast-check";

/** Something that cannot be copied out, and what the error must say about it. */
export type BadKind = "function" | "symbol" | "promise" | "weakmap" | "getter-throws" | "getter-throws-string" | "proxy-throws" | "too-deep" | "spin";

/** A described export value. */
export type ExportDesc =
  | { s: string }
  | { n: number }
  | { bool: boolean }
  | { nul: true }
  | { u: true }
  | { big: string }
  | { arr: Array<ExportDesc | { hole: true }> }
  | { obj: Array<[string, ExportDesc]>; as: "plain" | "class" | "null-proto" | "proxy" }
  | { getter: ExportDesc }
  | { typed: TypedName; bytes: number[]; sub: boolean }
  | { ab: number[] }
  | { date: number }
  | { re: [string, string] }
  | { map: Array<[ExportDesc, ExportDesc]> }
  | { set: ExportDesc[] }
  | { error: { name: string; message: string; props: Array<[string, ExportDesc]> } }
  | { ref: number }
  | { twice: ExportDesc }
  | { bad: BadKind };

/** The binary kinds an export may hold. */
type TypedName = "Uint8Array" | "Int16Array" | "Float64Array" | "BigInt64Array" | "Uint8ClampedArray" | "DataView" | "Buffer";

const ELEMENT_SIZE: Record<TypedName, number> = { Uint8Array: 1, Uint8ClampedArray: 1, Int16Array: 2, Float64Array: 8, BigInt64Array: 8, DataView: 1, Buffer: 1 };

/** What the error for each kind must name. */
export const BAD_MESSAGES: Readonly<Record<BadKind, RegExp>> = {
  function: /module\.exports.* is a function/,
  symbol: /module\.exports.* is a symbol/,
  promise: /module\.exports.* is a Promise/,
  weakmap: /module\.exports.* is a WeakMap/,
  "getter-throws": /module\.exports.* could not be read: Error: getter says no/,
  "getter-throws-string": /module\.exports.* could not be read: "a thrown string"/,
  "proxy-throws": /module\.exports.* could not be read: Error: trap says no/,
  "too-deep": /module\.exports.* nested deeper than 500 levels/,
  spin: /CPU|time/i,
};

const KEYS = ["a", "b", "0", "1", "10", "__proto__", "constructor", "prototype", "toJSON", "then", "", "1e3", "-1", "é", "\uD800", "a\u0000b", "length", "hasOwnProperty"];
const STRINGS = ["", "x", "\u0000", "\uD800", "\uDFFF\uD800", "a\u0000b", "\u202e", "😀", "\n", "module.exports", "__proto__"];

const bytes = (max: number) => fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: max });

/** A described export value, bad leaves drawn rarely (`badWeight` against about 40 for the rest). */
export function exportDesc(badWeight: number): fc.Arbitrary<ExportDesc> {
  return fc.letrec<{ value: ExportDesc; container: ExportDesc }>((tie) => ({
    value: fc.oneof(
      { depthSize: "medium", withCrossShrink: true },
      { arbitrary: fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 8 }), fc.string({ unit: "binary", maxLength: 4 })).map((s) => ({ s })), weight: 5 },
      { arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, -0, Infinity, -Infinity, 2 ** 53 + 2)).map((n) => ({ n })), weight: 4 },
      { arbitrary: fc.boolean().map((bool) => ({ bool })), weight: 1 },
      { arbitrary: fc.constant({ nul: true as const }), weight: 1 },
      { arbitrary: fc.constant({ u: true as const }), weight: 1 },
      { arbitrary: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((b) => ({ big: b.toString() })), weight: 1 },
      {
        arbitrary: fc.record({ typed: fc.constantFrom<TypedName>("Uint8Array", "Int16Array", "Float64Array", "BigInt64Array", "Uint8ClampedArray", "DataView", "Buffer"), bytes: bytes(24), sub: fc.boolean() }).map((t) => ({
          ...t,
          bytes: t.bytes.slice(0, t.bytes.length - (t.bytes.length % ELEMENT_SIZE[t.typed])),
        })),
        weight: 3,
      },
      { arbitrary: bytes(16).map((ab) => ({ ab })), weight: 1 },
      { arbitrary: fc.oneof(fc.constantFrom(NaN, 0, -1, 8.64e15, -8.64e15, 1e12), fc.integer()).map((date) => ({ date })), weight: 2 },
      { arbitrary: fc.constantFrom<[string, string]>(["a+", "g"], ["^(?:x|y)$", "imsu"], ["\\u0000", ""], ["[\\uD800]", "u"], ["(?<n>.)\\k<n>", "y"]).map((re) => ({ re })), weight: 1 },
      { arbitrary: fc.nat({ max: 6 }).map((ref) => ({ ref })), weight: 2 },
      {
        // A getter that never returns costs the CPU limit each time: drawn rarely.
        arbitrary: fc
          .oneof({ arbitrary: fc.constantFrom<BadKind>("function", "symbol", "promise", "weakmap", "getter-throws", "getter-throws-string", "proxy-throws", "too-deep"), weight: 12 }, { arbitrary: fc.constant<BadKind>("spin"), weight: 1 })
          .map((bad) => ({ bad })),
        weight: badWeight,
      },
      { arbitrary: tie("container"), weight: 12 },
    ),
    container: fc.oneof(
      fc.record({ arr: fc.array(fc.oneof({ arbitrary: tie("value"), weight: 5 }, { arbitrary: fc.constant({ hole: true as const }), weight: 1 }), { maxLength: 5 }) }),
      fc.record({ obj: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie("value")), { maxLength: 5 }), as: fc.constantFrom<"plain" | "class" | "null-proto" | "proxy">("plain", "plain", "class", "null-proto", "proxy") }),
      fc.record({ getter: tie("value") }),
      fc.record({ map: fc.array(fc.tuple(tie("value"), tie("value")), { maxLength: 3 }) }),
      fc.record({ set: fc.array(tie("value"), { maxLength: 3 }) }),
      fc.record({ error: fc.record({ name: fc.constantFrom("Error", "TypeError", "Custom", ""), message: fc.constantFrom(...STRINGS), props: fc.array(fc.tuple(fc.constantFrom("code", "errno", "path", "detail", "__proto__"), tie("value")), { maxLength: 2 }) }) }),
      fc.record({ twice: tie("value") }),
    ),
  })).value;
}

/** The entries that survive in the value: a later entry for the same key replaces an earlier one. */
function lastPerKey<K, V>(entries: ReadonlyArray<[K, V]>, keyOf: (key: K) => unknown): Array<[K, V]> {
  const out = new Map<unknown, [K, V]>();
  entries.forEach((entry, i) => {
    const key = keyOf(entry[0]);
    out.delete(key);
    out.set(key === undefined ? Symbol(i) : key, entry);
  });
  return [...out.values()];
}

/** A Map key's identity when it is a primitive (SameValueZero, as Map compares), undefined for objects (each is its own key). */
function primitiveKey(d: ExportDesc): unknown {
  if ("s" in d) return `s:${d.s}`;
  if ("n" in d) return `n:${Object.is(d.n, -0) ? 0 : d.n}`;
  if ("bool" in d) return `b:${d.bool}`;
  if ("nul" in d) return "null";
  if ("u" in d) return "undefined";
  if ("big" in d) return `big:${BigInt(d.big)}`;
  return undefined;
}

/** The bad kinds a description holds where they survive (none: it must copy faithfully). */
export function badKindsOf(desc: ExportDesc): Set<BadKind> {
  const out = new Set<BadKind>();
  const walk = (d: ExportDesc | { hole: true }): void => {
    if ("bad" in d) out.add(d.bad);
    else if ("arr" in d) d.arr.forEach(walk);
    else if ("obj" in d) lastPerKey(d.obj, (k) => k).forEach(([, v]) => walk(v));
    else if ("getter" in d) walk(d.getter);
    else if ("map" in d) lastPerKey(d.map, primitiveKey).forEach(([k, v]) => (walk(k), walk(v)));
    else if ("set" in d) d.set.forEach(walk);
    else if ("error" in d) lastPerKey(d.error.props, (k) => k).forEach(([, v]) => walk(v));
    else if ("twice" in d) walk(d.twice);
  };
  walk(desc);
  return out;
}

const TYPED_CTORS: Record<Exclude<TypedName, "Buffer" | "DataView">, new (buffer: ArrayBuffer) => ArrayBufferView> = {
  Uint8Array, Int16Array, Float64Array, BigInt64Array, Uint8ClampedArray,
};

/** The host's faithful copy of `desc` (bad leaves never reach here: such exports fail). */
export function expectedCopy(desc: ExportDesc): unknown {
  const build = (d: ExportDesc | { hole: true }, ancestors: object[]): unknown => {
    if ("hole" in d || "u" in d) return undefined;
    if ("s" in d) return d.s;
    if ("n" in d) return d.n;
    if ("bool" in d) return d.bool;
    if ("nul" in d) return null;
    if ("big" in d) return BigInt(d.big);
    if ("date" in d) return new Date(d.date);
    if ("re" in d) return new RegExp(d.re[0], d.re[1]);
    if ("ab" in d) return new Uint8Array(d.ab).buffer;
    if ("typed" in d) {
      const buffer = new Uint8Array(d.bytes).buffer;
      if (d.typed === "Buffer") return Buffer.from(buffer);
      if (d.typed === "DataView") return new DataView(buffer);
      return new TYPED_CTORS[d.typed](buffer);
    }
    if ("ref" in d) return ancestors.length === 0 ? null : ancestors[ancestors.length - 1 - (d.ref % ancestors.length)];
    if ("getter" in d) return build(d.getter, ancestors);
    if ("twice" in d) {
      const shared = build(d.twice, ancestors);
      return [shared, shared];
    }
    if ("arr" in d) {
      const out: unknown[] = [];
      for (const item of d.arr) out.push(build(item, [...ancestors, out]));
      return out;
    }
    if ("obj" in d) {
      const out: Record<string, unknown> = {};
      for (const [key, value] of d.obj) Object.defineProperty(out, key, { value: build(value, [...ancestors, out]), enumerable: true, writable: true, configurable: true });
      return out;
    }
    if ("map" in d) {
      const out = new Map();
      for (const [k, v] of d.map) out.set(build(k, [...ancestors, out]), build(v, [...ancestors, out]));
      return out;
    }
    if ("set" in d) {
      const out = new Set();
      for (const v of d.set) out.add(build(v, [...ancestors, out]));
      return out;
    }
    if ("error" in d) {
      const out = new Error(d.error.message);
      Object.defineProperty(out, "name", { value: d.error.name, writable: true, configurable: true, enumerable: false });
      for (const [key, value] of d.error.props) Object.defineProperty(out, key, { value: build(value, [...ancestors, out]), enumerable: true, writable: true, configurable: true });
      return out;
    }
    throw new Error(`a bad leaf has no faithful copy: ${JSON.stringify(d)}`);
  };
  return build(desc, []);
}

/** The guest program that builds `desc` into `module.exports`, statement by statement (so cycles can point at containers being filled). */
export function exportSource(desc: ExportDesc): string {
  const lines: string[] = [];
  let next = 0;
  const define = (target: string, key: string, value: string) =>
    lines.push(`Object.defineProperty(${target}, ${JSON.stringify(key)}, { value: ${value}, enumerable: true, writable: true, configurable: true });`);
  const emit = (d: ExportDesc | { hole: true }, ancestors: string[]): string => {
    if ("hole" in d) return "HOLE";
    if ("u" in d) return "undefined";
    if ("s" in d) return JSON.stringify(d.s);
    if ("n" in d) return Object.is(d.n, -0) ? "-0" : String(d.n);
    if ("bool" in d) return String(d.bool);
    if ("nul" in d) return "null";
    if ("big" in d) return `${d.big}n`;
    if ("date" in d) return `new Date(${d.date})`;
    if ("re" in d) return `new RegExp(${JSON.stringify(d.re[0])}, ${JSON.stringify(d.re[1])})`;
    if ("ab" in d) return `new Uint8Array(${JSON.stringify(d.ab)}).buffer`;
    if ("typed" in d) {
      // `sub`: the view sits in the middle of a larger buffer (only its own bytes may travel).
      const padding = d.sub ? 8 : 0;
      const backing = [...Array(padding).fill(7), ...d.bytes, ...Array(padding).fill(9)];
      const count = d.typed === "Buffer" || d.typed === "DataView" ? d.bytes.length : d.bytes.length / ELEMENT_SIZE[d.typed];
      const args = `new Uint8Array(${JSON.stringify(backing)}).buffer, ${padding}, ${count}`;
      return d.typed === "Buffer" ? `Buffer.from(${args})` : `new ${d.typed}(${args})`;
    }
    if ("ref" in d) return ancestors.length === 0 ? "null" : ancestors[ancestors.length - 1 - (d.ref % ancestors.length)];
    if ("bad" in d) {
      return {
        function: "(function handler() {})",
        symbol: 'Symbol("s")',
        promise: "Promise.resolve(1)",
        weakmap: "new WeakMap()",
        "getter-throws": '({ get x() { throw new Error("getter says no"); } })',
        "getter-throws-string": '({ get x() { throw "a thrown string"; } })',
        "proxy-throws": 'new Proxy({}, { ownKeys() { throw new Error("trap says no"); } })',
        "too-deep": "(() => { let v = 1; for (let i = 0; i < 600; i++) v = [v]; return v; })()",
        spin: "({ get x() { for (;;) {} } })",
      }[d.bad];
    }
    const name = `n${next++}`;
    // A getter is an object property read while the exports are copied (see "obj"); anywhere else it is its value.
    if ("getter" in d) return emit(d.getter, ancestors);
    if ("twice" in d) {
      lines.push(`const ${name}v = ${emit(d.twice, ancestors)};`);
      lines.push(`const ${name} = [${name}v, ${name}v];`);
      return name;
    }
    if ("arr" in d) {
      lines.push(`const ${name} = [];`);
      for (const item of d.arr) {
        const value = emit(item, [...ancestors, name]);
        lines.push(value === "HOLE" ? `${name}.length++;` : `${name}.push(${value});`);
      }
      return name;
    }
    if ("obj" in d) {
      const target = d.as === "proxy" ? `${name}t` : name;
      lines.push(`const ${target} = ${d.as === "class" ? "new (class Thing { method() {} })()" : d.as === "null-proto" ? "Object.create(null)" : "{}"};`);
      if (d.as === "proxy") lines.push(`const ${name} = new Proxy(${target}, {});`);
      for (const [key, value] of d.obj) {
        if ("getter" in value) {
          lines.push(`{ const v = ${emit(value.getter, [...ancestors, name])}; Object.defineProperty(${target}, ${JSON.stringify(key)}, { get: () => v, enumerable: true, configurable: true }); }`);
        } else {
          define(target, key, emit(value, [...ancestors, name]));
        }
      }
      return name;
    }
    if ("map" in d) {
      lines.push(`const ${name} = new Map();`);
      for (const [k, v] of d.map) lines.push(`${name}.set(${emit(k, [...ancestors, name])}, ${emit(v, [...ancestors, name])});`);
      return name;
    }
    if ("set" in d) {
      lines.push(`const ${name} = new Set();`);
      for (const v of d.set) lines.push(`${name}.add(${emit(v, [...ancestors, name])});`);
      return name;
    }
    lines.push(`const ${name} = new Error(${JSON.stringify(d.error.message)});`);
    lines.push(`Object.defineProperty(${name}, "name", { value: ${JSON.stringify(d.error.name)}, writable: true, configurable: true });`);
    for (const [key, value] of d.error.props) define(name, key, emit(value, [...ancestors, name]));
    return name;
  };
  const root = emit(desc, []);
  return `${lines.join("\n")}\nmodule.exports = ${root === "HOLE" ? "undefined" : root};\n`;
}

/** How `actual` differs from the faithful copy `expected` (empty: none), cycles and shared parts included. */
export function copyDifferences(actual: unknown, expected: unknown): string[] {
  const problems: string[] = [];
  const pairs = new Map<object, unknown>();
  const bytesOf = (v: ArrayBuffer | ArrayBufferView) => Array.from(v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  const cmp = (a: unknown, e: unknown, at: string): void => {
    if (problems.length > 10) return;
    if (e === null || (typeof e !== "object" && typeof e !== "function")) {
      if (!Object.is(a, e)) problems.push(`${at}: ${String(a)} (${typeof a}) instead of ${String(e)} (${typeof e})`);
      return;
    }
    if (pairs.has(e)) {
      if (pairs.get(e) !== a) problems.push(`${at}: not the same object as the one it is shared with (or a cycle was not kept)`);
      return;
    }
    if (a === null || typeof a !== "object") return void problems.push(`${at}: ${typeof a} instead of an object`);
    pairs.set(e, a);
    const kind = (v: object) => (Buffer.isBuffer(v) ? "Buffer" : Object.prototype.toString.call(v));
    if (kind(a) !== kind(e)) return void problems.push(`${at}: ${kind(a)} instead of ${kind(e)}`);
    if (e instanceof Date) return void (Object.is((a as Date).getTime(), e.getTime()) || problems.push(`${at}: date ${(a as Date).getTime()} instead of ${e.getTime()}`));
    if (e instanceof RegExp) return void ((a as RegExp).source === e.source && (a as RegExp).flags === e.flags ? 0 : problems.push(`${at}: regexp ${String(a)} instead of ${String(e)}`));
    if (e instanceof ArrayBuffer || ArrayBuffer.isView(e)) {
      if (JSON.stringify(bytesOf(a as ArrayBuffer)) !== JSON.stringify(bytesOf(e))) problems.push(`${at}: bytes ${bytesOf(a as ArrayBuffer)} instead of ${bytesOf(e)}`);
      return;
    }
    if (e instanceof Map || e instanceof Set) {
      const ae = [...(a as Map<unknown, unknown>).entries()];
      const ee = [...e.entries()];
      if (ae.length !== ee.length) return void problems.push(`${at}: ${ae.length} entries instead of ${ee.length}`);
      ee.forEach(([k, v], i) => (cmp(ae[i][0], k, `${at}<key ${i}>`), cmp(ae[i][1], v, `${at}<value ${i}>`)));
      return;
    }
    if (e instanceof Error) {
      if ((a as Error).name !== e.name || (a as Error).message !== e.message) problems.push(`${at}: error ${(a as Error).name}: ${(a as Error).message} instead of ${e.name}: ${e.message}`);
    } else if (Object.getPrototypeOf(a) !== (Array.isArray(e) ? Array.prototype : Object.prototype)) {
      problems.push(`${at}: its prototype is not the host's ${Array.isArray(e) ? "Array" : "Object"}.prototype`);
    }
    const keys = (v: object) => Reflect.ownKeys(v).filter((k) => k !== "stack" && (Array.isArray(v) ? k !== "length" : true) && Object.getOwnPropertyDescriptor(v, k)!.enumerable).map(String).sort();
    const ak = keys(a);
    const ek = keys(e);
    if (Array.isArray(e) && (a as unknown[]).length !== e.length) problems.push(`${at}: length ${(a as unknown[]).length} instead of ${e.length}`);
    if (JSON.stringify(ak) !== JSON.stringify(ek)) return void problems.push(`${at}: keys ${JSON.stringify(ak)} instead of ${JSON.stringify(ek)}`);
    for (const k of ek) {
      const d = Object.getOwnPropertyDescriptor(a, k)!;
      if (!("value" in d)) problems.push(`${at}[${JSON.stringify(k)}] is an accessor on the host`);
      else cmp(d.value, (e as Record<string, unknown>)[k], `${at}[${JSON.stringify(k)}]`);
    }
  };
  cmp(actual, expected, "exports");
  return problems;
}
