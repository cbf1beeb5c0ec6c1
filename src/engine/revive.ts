/**
 * Turns the guest's serialized result (see `polyfills/src/serialize.js`) back
 * into host values. The input is parsed JSON: plain data that cannot run code.
 * Objects are built with `Object.defineProperty`, so a key such as
 * `__proto__` becomes an own property and never reaches a prototype.
 * @module
 */

type Encoded = string | number | boolean | null | [string, ...unknown[]];

const TYPED: Record<string, new (buffer: ArrayBuffer) => ArrayBufferView> = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView,
};

function bytes(hex: string): ArrayBuffer {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out.buffer;
}

function define(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Rebuilds a host value from the guest's encoding. */
export function reviveResult(encoded: unknown): unknown {
  const refs: unknown[] = [];
  function dec(v: Encoded): unknown {
    if (v === null || typeof v !== "object") return v;
    if (!Array.isArray(v)) throw new TypeError("malformed result encoding");
    const [tag, a, b, c, d] = v as [string, unknown, unknown, unknown, unknown];
    switch (tag) {
      case "u":
        return undefined;
      case "n":
        return Number(a);
      case "b":
        return BigInt(a as string);
      case "@":
        return refs[a as number];
      case "a": {
        const out: unknown[] = [];
        refs.push(out);
        for (const item of a as Encoded[]) out.push(dec(item));
        return out;
      }
      case "o": {
        const out: Record<string, unknown> = {};
        refs.push(out);
        for (const [key, item] of a as Array<[string, Encoded]>) define(out, key, dec(item));
        return out;
      }
      case "d": {
        // An invalid date travels as "NaN" (JSON has no NaN).
        const out = new Date(Number(a));
        refs.push(out);
        return out;
      }
      case "r": {
        const out = new RegExp(a as string, b as string);
        refs.push(out);
        return out;
      }
      case "m": {
        const out = new Map();
        refs.push(out);
        for (const [k, item] of a as Array<[Encoded, Encoded]>) out.set(dec(k), dec(item));
        return out;
      }
      case "s": {
        const out = new Set();
        refs.push(out);
        for (const item of a as Encoded[]) out.add(dec(item));
        return out;
      }
      case "B": {
        const out = bytes(a as string);
        refs.push(out);
        return out;
      }
      case "x": {
        const buffer = bytes(b as string);
        const name = a as string;
        const HostBuffer = (globalThis as { Buffer?: { from(b: ArrayBuffer): Uint8Array } }).Buffer;
        const out = name === "Buffer" && HostBuffer ? HostBuffer.from(buffer) : new (TYPED[name] ?? Uint8Array)(buffer);
        refs.push(out);
        return out;
      }
      case "e": {
        const out = new Error(b as string);
        refs.push(out);
        Object.defineProperty(out, "name", { value: a, writable: true, configurable: true, enumerable: false });
        Object.defineProperty(out, "stack", { value: c, writable: true, configurable: true, enumerable: false });
        for (const [key, item] of d as Array<[string, Encoded]>) define(out, key, dec(item));
        return out;
      }
      default:
        throw new TypeError(`malformed result encoding (tag ${JSON.stringify(tag)})`);
    }
  }
  return dec(encoded as Encoded);
}
