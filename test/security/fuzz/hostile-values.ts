/**
 * Hostile host-side values for op arguments: wrong types, extreme numbers,
 * huge and malformed strings, cyclic and deep objects, getters and Proxy
 * traps that throw (and what they throw is itself hostile), sparse arrays,
 * typed arrays of every size, `__proto__` / `constructor` keys, thenables and
 * class instances.
 *
 * Real op arguments come out of the guest as JSON-shaped data; these go far
 * past that, so an op that survives them survives anything a transport can
 * deliver. (Arrays keep lengths below a few thousand: a host-built sparse
 * array of length 2^32 is not something any transport can carry.)
 * @module
 */
import fc from "fast-check";

/**
 * A value the property builds only when it runs: a hostile object (whose
 * getters or traps would break fast-check's own printing of a
 * counterexample) or a huge value (that would flood it). It prints as its
 * label; {@link materialize} turns it into the value, fresh for every run.
 */
export class Spec {
  constructor(
    readonly label: string,
    readonly make: () => unknown,
  ) {}

  [fc.toStringMethod](): string {
    return this.label;
  }
}

/** A copy of `value` with every {@link Spec} in it (in arrays and plain objects) replaced by the value it makes. */
export function materialize(value: unknown): unknown {
  if (value instanceof Spec) return value.make();
  if (Array.isArray(value)) return value.map(materialize);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, { value: materialize((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** What a throwing getter or trap throws: an Error, a bare string, an object whose own conversion throws, a throwing Proxy. */
export type ThrownKind = "error" | "string" | "hostile-object" | "proxy" | "symbol" | "null";

/** Builds what a throwing getter or trap throws. */
export function thrown(kind: ThrownKind): unknown {
  switch (kind) {
    case "error":
      return new Error("boom from a getter");
    case "string":
      return "boom (a string)";
    case "hostile-object":
      return { toString() { throw new Error("toString of a thrown object"); }, valueOf() { throw new Error("valueOf"); }, get message() { throw new Error("message getter"); } };
    case "proxy":
      return allThrowingProxy({}, "error");
    case "symbol":
      return Symbol("thrown");
    case "null":
      return null;
  }
}

const TRAPS = [
  "get", "set", "has", "deleteProperty", "ownKeys", "getOwnPropertyDescriptor", "defineProperty",
  "getPrototypeOf", "setPrototypeOf", "isExtensible", "preventExtensions", "apply", "construct",
] as const;

/** A Proxy over `target` whose every trap throws `thrown(kind)`. */
export function allThrowingProxy<T extends object>(target: T, kind: ThrownKind): T {
  const handler: ProxyHandler<T> = {};
  for (const trap of TRAPS) {
    (handler as Record<string, unknown>)[trap] = () => {
      throw thrown(kind);
    };
  }
  return new Proxy(target, handler);
}

/** Shared big buffers (allocated once: tests must not grow the host's memory per run). */
const BIG = new Uint8Array(4 * 1024 * 1024 + 3).fill(0x61);

/** Very long strings (printed by label): 1 MiB of one letter, of path components, of `../`, of NULs, of lone surrogates. */
export const HUGE_STRINGS: readonly Spec[] = [
  new Spec('"a".repeat(2**20)', () => "a".repeat(1 << 20)),
  new Spec('"a/".repeat(2**19)', () => "a/".repeat(1 << 19)),
  new Spec('"../".repeat(5000) + "etc/secret.txt"', () => "../".repeat(5000) + "etc/secret.txt"),
  new Spec('"\\0".repeat(4096)', () => "\u0000".repeat(4096)),
  new Spec('"\\uD800".repeat(4096)', () => "\uD800".repeat(4096)),
  new Spec('"/root/" + "x".repeat(300) + "/y"', () => "/root/" + "x".repeat(300) + "/y"),
];

/** One character a hostile string is made of: NUL, separators, dots, lone surrogates, any code point. */
const nastyUnit: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom("\u0000", "/", ".", "..", "\\", " ", "\n", "%00", "\u202e", "é", "\uFEFF", "*", ":", "#", "?"), weight: 3 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 2 },
  { arbitrary: fc.constantFrom("a", "b", "root", "etc", "dir", "node_modules", "deny", "boom"), weight: 3 },
);

/** Strings with NULs, lone surrogates, separators, and now and then a huge one (a {@link Spec}). */
export const nastyString: fc.Arbitrary<string | Spec> = fc.oneof(
  { arbitrary: fc.string({ unit: nastyUnit, maxLength: 24 }), weight: 8 },
  { arbitrary: fc.constantFrom("", "\u0000", "\uD800", "\uDFFF\uD800", "utf8", "bogus-encoding", "__proto__", "constructor", "prototype"), weight: 2 },
  { arbitrary: fc.constantFrom(...HUGE_STRINGS), weight: 1 },
);

/** Numbers at every edge: NaN, ±0, ±Infinity, negatives, fractions, 2^31, 2^32, 2^53 and past it. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, -1, 0.5, -0.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 32 + 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 4095, 4096, 65536),
  fc.integer(),
  fc.double(),
);

/** The kinds of hostile object {@link hostileObject} builds. */
export const HOSTILE_OBJECT_KINDS = [
  "cyclic", "getters-throw", "proxy-object", "proxy-array", "proxy-function", "to-string-throws", "to-string-changes",
  "holes", "holes-empty", "holes-late", "proto-keys", "null-proto", "thenable", "thenable-throws", "date", "map", "set", "regexp", "promise", "class-instance",
  "error", "url", "buffer", "pooled-buffer-view", "big-bytes", "bytes-view", "array-buffer", "data-view", "int16-array",
  "shared-bytes", "function", "frozen", "symbol-keys", "deep", "huge-array", "string-object", "boxed-number",
] as const;

/** One kind of hostile object. */
export type HostileObjectKind = (typeof HOSTILE_OBJECT_KINDS)[number];

/** Builds a fresh hostile object of `kind` (its throwing parts throw `thrown(t)`). */
export function hostileObject(kind: HostileObjectKind, t: ThrownKind): unknown {
  const boom = () => {
    throw thrown(t);
  };
  switch (kind) {
    case "cyclic": {
      const o: Record<string, unknown> = { a: 1, path: "/root/a.txt" };
      o.self = o;
      o.list = [o, [o]];
      return o;
    }
    case "getters-throw": {
      const o = {};
      for (const key of ["0", "1", "length", "path", "cwd", "env", "stdio", "timeout", "killSignal", "maxBuffer", "then", "toString", "valueOf", "message", "code", "name"]) {
        Object.defineProperty(o, key, { get: boom, enumerable: true });
      }
      return o;
    }
    case "proxy-object":
      return allThrowingProxy({}, t);
    case "proxy-array":
      return allThrowingProxy(["/root/a.txt", "x"], t);
    case "proxy-function":
      return allThrowingProxy(function target() {}, t);
    case "to-string-throws":
      return { toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom };
    case "to-string-changes": {
      let n = 0;
      return { toString: () => (n++ % 2 === 0 ? "/root/a.txt" : "/etc/secret.txt"), valueOf: () => (n++ % 2 === 0 ? 3 : 2 ** 40) };
    }
    case "holes":
      // eslint-disable-next-line no-sparse-arrays
      return [1, , 3, , ["GET", ,]];
    case "holes-empty":
      return new Array(7);
    case "holes-late":
      return Object.assign([], { 5: "x" });
    case "proto-keys":
      return JSON.parse('{"__proto__": {"polluted": "yes", "allow": true}, "constructor": {"prototype": {"polluted": "yes"}}, "PATH": "/bin", "prototype": {"pwned": 1}}');
    case "null-proto":
      return Object.assign(Object.create(null), { path: "/root/a.txt", toString: undefined });
    case "thenable":
      return { then(resolve: (v: unknown) => void) { resolve("/etc/secret.txt"); } };
    case "thenable-throws":
      return { then: boom };
    case "date":
      return new Date(NaN);
    case "map":
      return new Map<unknown, unknown>([["path", "/root/a.txt"], [{}, []]]);
    case "set":
      return new Set(["/root/a.txt"]);
    case "regexp":
      return /(a+)+$/g;
    case "promise":
      return Promise.resolve("/root/a.txt");
    case "class-instance":
      return new (class Hostile { path = "/root/a.txt"; toString() { return "/root/a.txt"; } })();
    case "error":
      return Object.assign(new Error("an error as an argument"), { code: "EACCES", path: "/etc/secret.txt" });
    case "url":
      return new URL("http://127.0.0.1:9/ok");
    case "buffer":
      return Buffer.from("pooled buffer bytes");
    case "pooled-buffer-view":
      return Buffer.from("x".repeat(10)).subarray(2, 5);
    case "big-bytes":
      return BIG;
    case "bytes-view":
      return BIG.subarray(100, 200);
    case "array-buffer":
      return BIG.buffer.slice(0, 64);
    case "data-view":
      return new DataView(new ArrayBuffer(8));
    case "int16-array":
      return new Int16Array([1, -1, 300]);
    case "shared-bytes":
      return new Uint8Array(new SharedArrayBuffer(16));
    case "function":
      return Object.assign(() => "/root/a.txt", { toString: boom });
    case "frozen":
      return Object.freeze({ path: "/root/a.txt", env: Object.freeze({ A: "1" }) });
    case "symbol-keys":
      return { [Symbol.iterator]: boom, [Symbol.toPrimitive]: () => "/etc/secret.txt", a: 1 };
    case "deep": {
      let o: unknown = "/root/a.txt";
      for (let i = 0; i < 2000; i++) o = i % 2 ? [o] : { o };
      return o;
    }
    case "huge-array":
      return new Array(5000).fill("/root/a.txt");
    case "string-object":
      return new String("/root/a.txt");
    case "boxed-number":
      return new Number(3);
  }
}



/** The kinds whose use runs code that throws (traps, getters, conversions): drawn more often. */
export const THROWING_KINDS: readonly HostileObjectKind[] = ["proxy-object", "proxy-array", "proxy-function", "getters-throw", "to-string-throws", "thenable-throws"];

/** The kinds of value {@link thrown} builds. */
export const THROWN_KINDS: readonly ThrownKind[] = ["error", "string", "hostile-object", "proxy", "symbol", "null"];

const thrownKind: fc.Arbitrary<ThrownKind> = fc.constantFrom(...THROWN_KINDS);

/** Any hostile object, as a {@link Spec} (built fresh for each run). */
export const hostileObjectArb: fc.Arbitrary<Spec> = fc
  .tuple(fc.oneof({ arbitrary: fc.constantFrom(...HOSTILE_OBJECT_KINDS), weight: 2 }, { arbitrary: fc.constantFrom(...THROWING_KINDS), weight: 1 }), thrownKind)
  .map(([kind, t]) => new Spec(`hostile(${kind}, throws ${t})`, () => hostileObject(kind, t)));

/** A hostile value of any type: primitives at their edges, symbols, bigints, hostile objects, and small nests of them. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; nest: unknown }>((tie) => ({
  value: fc.oneof(
    { arbitrary: nastyString, weight: 4 },
    { arbitrary: nastyNumber, weight: 3 },
    { arbitrary: fc.constantFrom(undefined, null, true, false), weight: 2 },
    { arbitrary: fc.bigInt(), weight: 1 },
    { arbitrary: fc.constantFrom(Symbol("s"), Symbol.iterator, Symbol.for("shared")), weight: 1 },
    { arbitrary: hostileObjectArb, weight: 5 },
    { arbitrary: fc.uint8Array({ maxLength: 64 }), weight: 1 },
    { arbitrary: tie("nest"), weight: 2 },
  ),
  nest: fc.oneof(
    { depthSize: "small" },
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ unit: nastyUnit, maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "cwd", "env", "stdio")), tie("value"), { maxKeys: 4 }),
  ),
})).value;
