/**
 * A compact binary form of op outcomes, for replies that cross shared memory
 * (the browser's synchronous transport has no `receiveMessageOnPort`). It
 * carries exactly what op values may be: undefined, null, booleans, numbers,
 * bigints, strings, Uint8Arrays (bytes), arrays and plain objects.
 * @module
 */

const enum Tag {
  Undefined = 0,
  Null = 1,
  False = 2,
  True = 3,
  Number = 4,
  String = 5,
  Array = 6,
  Object = 7,
  Bytes = 8,
  BigInt = 9,
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Appends encoded values to a growing buffer. */
class Writer {
  private bytes = new Uint8Array(256);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  tag(tag: Tag): void {
    this.reserve(1);
    this.bytes[this.length++] = tag;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  raw(bytes: Uint8Array): void {
    this.u32(bytes.byteLength);
    this.reserve(bytes.byteLength);
    this.bytes.set(bytes, this.length);
    this.length += bytes.byteLength;
  }

  string(value: string): void {
    this.raw(encoder.encode(value));
  }

  result(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** Encodes a plain value (see the module's list); anything else is a TypeError naming it. */
export function encodeValue(value: unknown): Uint8Array {
  const w = new Writer();
  const seen = new Set<object>();
  const write = (v: unknown): void => {
    switch (typeof v) {
      case "undefined":
        return w.tag(Tag.Undefined);
      case "boolean":
        return w.tag(v ? Tag.True : Tag.False);
      case "number":
        w.tag(Tag.Number);
        return w.f64(v);
      case "bigint":
        w.tag(Tag.BigInt);
        return w.string(v.toString());
      case "string":
        w.tag(Tag.String);
        return w.string(v);
      case "object":
        break;
      default:
        throw new TypeError(`An op value cannot be a ${typeof v}`);
    }
    if (v === null) return w.tag(Tag.Null);
    if (v instanceof Uint8Array) {
      w.tag(Tag.Bytes);
      return w.raw(v);
    }
    if (seen.has(v)) throw new TypeError("An op value cannot be cyclic");
    seen.add(v);
    if (Array.isArray(v)) {
      w.tag(Tag.Array);
      w.u32(v.length);
      for (const item of v) write(item);
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`An op value cannot be an instance of ${proto?.constructor?.name ?? "a class"}`);
      const entries = Object.entries(v);
      w.tag(Tag.Object);
      w.u32(entries.length);
      for (const [key, item] of entries) {
        w.string(key);
        write(item);
      }
    }
    seen.delete(v);
  };
  write(value);
  return w.result();
}

/** Decodes what {@link encodeValue} wrote. */
export function decodeValue(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const u32 = () => {
    const value = view.getUint32(at, true);
    at += 4;
    return value;
  };
  const raw = () => {
    const n = u32();
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const read = (): unknown => {
    const tag = bytes[at++] as Tag;
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Number: {
        const value = view.getFloat64(at, true);
        at += 8;
        return value;
      }
      case Tag.BigInt:
        return BigInt(decoder.decode(raw()));
      case Tag.String:
        return decoder.decode(raw());
      case Tag.Bytes:
        return raw().slice();
      case Tag.Array: {
        const n = u32();
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(read());
        return out;
      }
      case Tag.Object: {
        const n = u32();
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = decoder.decode(raw());
          Object.defineProperty(out, key, { value: read(), enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
      default:
        throw new Error(`Corrupt reply: unknown tag ${tag as number} at ${at - 1}`);
    }
  };
  const value = read();
  if (at !== bytes.length) throw new Error(`Corrupt reply: ${bytes.length - at} bytes left over`);
  return value;
}
