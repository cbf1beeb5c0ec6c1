/**
 * Copies a host value into the guest's encoding (the one
 * `polyfills/src/serialize.js` writes and the guest's `internal/live`
 * decodes): call arguments and binding results. Only data crosses: plain
 * objects, arrays, primitives, Date, RegExp, Map, Set, ArrayBuffer and its
 * views, Errors (message and own data, never the host's stack). A function, a
 * symbol, a promise or an object of any other class is refused with a
 * TypeError naming where it was, so no host object or function ever reaches
 * the guest, not even as a copy of its own fields.
 * @module
 */

/** Deeper nesting than this is refused (the guest's stack would not hold it). */
const MAX_DEPTH = 500;

const TYPED_NAMES = new Map<unknown, string>([
  [Int8Array, "Int8Array"], [Uint8Array, "Uint8Array"], [Uint8ClampedArray, "Uint8ClampedArray"],
  [Int16Array, "Int16Array"], [Uint16Array, "Uint16Array"], [Int32Array, "Int32Array"], [Uint32Array, "Uint32Array"],
  [Float32Array, "Float32Array"], [Float64Array, "Float64Array"], [BigInt64Array, "BigInt64Array"],
  [BigUint64Array, "BigUint64Array"], [DataView, "DataView"],
]);

function hex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i]! < 16 ? "0" : "") + bytes[i]!.toString(16);
  return out;
}

/** A host value that cannot be copied into the sandbox. */
export class UncopyableValueError extends TypeError {
  /** `ERR_QUICKEXEC_UNCLONEABLE`. */
  readonly code = "ERR_QUICKEXEC_UNCLONEABLE";
}

/**
 * Encodes `value` as JSON text for the guest. `rootName` names it in errors
 * (e.g. `the arguments of plugin.run`).
 * @throws UncopyableValueError naming the first value that cannot be copied.
 */
export function encodeForGuest(value: unknown, rootName: string): string {
  const seen = new Map<object, number>();
  const path: string[] = [];
  const fail = (what: string): never => {
    throw new UncopyableValueError(`${rootName}${path.join("")} is ${what}, which cannot be copied into the sandbox`);
  };
  const at = <T>(key: string, fn: () => T): T => {
    path.push(key);
    try {
      return fn();
    } finally {
      path.pop();
    }
  };
  function enc(v: unknown): unknown {
    switch (typeof v) {
      case "string":
      case "boolean":
        return v;
      case "number":
        if (Number.isNaN(v)) return ["n", "NaN"];
        if (v === Infinity) return ["n", "Infinity"];
        if (v === -Infinity) return ["n", "-Infinity"];
        if (Object.is(v, -0)) return ["n", "-0"];
        return v;
      case "undefined":
        return ["u"];
      case "bigint":
        return ["b", v.toString()];
      case "function":
        return fail(`a function (${(v as { name?: string }).name || "anonymous"})`);
      case "symbol":
        return fail(`a symbol (${v.toString()})`);
    }
    if (v === null) return null;
    const obj = v as object;
    const ref = seen.get(obj);
    if (ref !== undefined) return ["@", ref];
    if (path.length > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    seen.set(obj, seen.size);
    if (Array.isArray(obj)) return ["a", obj.map((item, i) => at(`[${i}]`, () => enc(item)))];
    if (obj instanceof Date) {
      const time = obj.getTime();
      return ["d", Number.isNaN(time) ? "NaN" : time];
    }
    if (obj instanceof RegExp) return ["r", obj.source, obj.flags];
    if (obj instanceof Map) {
      let i = 0;
      return ["m", [...obj].map(([k, item]) => [at(`<key ${i}>`, () => enc(k)), at(`<value ${i++}>`, () => enc(item))])];
    }
    if (obj instanceof Set) {
      let i = 0;
      return ["s", [...obj].map((item) => at(`<item ${i++}>`, () => enc(item)))];
    }
    if (obj instanceof ArrayBuffer) return ["B", hex(new Uint8Array(obj))];
    if (ArrayBuffer.isView(obj)) {
      const bytes = new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength);
      const isBuffer = typeof (globalThis as { Buffer?: { isBuffer(x: unknown): boolean } }).Buffer?.isBuffer === "function" && (globalThis as unknown as { Buffer: { isBuffer(x: unknown): boolean } }).Buffer.isBuffer(obj);
      const name = isBuffer ? "Buffer" : TYPED_NAMES.get(obj.constructor) ?? fail("an unsupported binary view");
      return ["x", name, hex(bytes)];
    }
    if (obj instanceof Error) {
      const props = Object.keys(obj)
        .filter((key) => key !== "message" && key !== "stack" && key !== "name")
        .map((key) => [key, at(`.${key}`, () => enc((obj as unknown as Record<string, unknown>)[key]))]);
      // The host's stack stays on the host.
      return ["e", String(obj.name), String(obj.message), "", props];
    }
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const name = typeof proto?.constructor === "function" && proto.constructor.name ? proto.constructor.name : "an object";
      return fail(`an instance of ${name}`);
    }
    const record = obj as Record<string, unknown>;
    return ["o", Object.keys(record).map((key) => [key, at(/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`, () => enc(record[key]))])];
  }
  return JSON.stringify(enc(value));
}
