/**
 * A compact binary form of op values, for synchronous calls that cross shared
 * memory between the engine thread and the host (requests one way, outcomes
 * the other). It carries exactly what op values may be: undefined, null,
 * booleans, numbers, bigints, strings, Uint8Arrays (bytes), arrays and plain
 * objects. Strings come back exactly as they went, lone surrogates included.
 *
 * Both ends may work on a view of a `SharedArrayBuffer`: the encoder writes
 * into one ({@link encodeInto}) and the decoder copies out of it (browsers
 * refuse to decode text from shared memory, so text goes through a copy).
 * @module
 */

const enum Tag {
  Undefined = 0,
  Null = 1,
  False = 2,
  True = 3,
  Number = 4,
  /** UTF-8 bytes of a well-formed string. */
  String = 5,
  Array = 6,
  Object = 7,
  Bytes = 8,
  BigInt = 9,
  /** A string of code units below 0x80, one byte each. */
  Ascii = 10,
  /** A string as its UTF-16 code units (little-endian), for short non-ASCII strings and ill-formed ones. */
  Utf16 = 11,
}

/** Strings up to this many code units are written by a loop; longer ones by `TextEncoder` where they are well-formed. */
const SHORT_STRING = 256;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Thrown by a fixed-size writer whose target is full. */
class Overflow extends Error {}

/** Whether `text` has no lone surrogate (`String.prototype.isWellFormed` where the platform has it). */
const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

/** Appends encoded values to a buffer: a growing one of its own, or a fixed target. */
class Writer {
  private view: DataView;
  /** Objects and arrays being written (a value met again among them is a cycle). */
  private readonly open: object[] = [];
  length = 0;

  constructor(
    private bytes: Uint8Array,
    private readonly growable: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    if (!this.growable) throw new Overflow();
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  private tag(tag: Tag): void {
    this.reserve(1);
    this.bytes[this.length++] = tag;
  }

  private u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  private f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  private raw(bytes: Uint8Array): void {
    this.u32(bytes.byteLength);
    this.reserve(bytes.byteLength);
    this.bytes.set(bytes, this.length);
    this.length += bytes.byteLength;
  }

  /** A string, tagged by how it is stored. */
  string(text: string): void {
    const n = text.length;
    if (n <= SHORT_STRING) {
      this.reserve(5 + n);
      const start = this.length;
      const out = this.bytes;
      let at = start + 5;
      for (let i = 0; i < n; i++) {
        const unit = text.charCodeAt(i);
        if (unit >= 0x80) return this.utf16(text);
        out[at++] = unit;
      }
      out[start] = Tag.Ascii;
      this.view.setUint32(start + 1, n, true);
      this.length = at;
      return;
    }
    if (!isWellFormed(text)) return this.utf16(text);
    this.tag(Tag.String);
    // At most 3 bytes per UTF-16 code unit; the length is filled in once known.
    const lengthAt = this.length;
    // A fixed target is tried with the room it has: most text needs about one byte per unit.
    if (this.growable) this.reserve(4 + n * 3);
    else this.reserve(4 + n);
    const room = Math.min(n * 3, this.bytes.length - lengthAt - 4);
    const { read, written } = encoder.encodeInto(text, this.bytes.subarray(lengthAt + 4, lengthAt + 4 + room));
    if (read !== n) throw new Overflow();
    this.view.setUint32(lengthAt, written, true);
    this.length = lengthAt + 4 + written;
  }

  private utf16(text: string): void {
    const n = text.length;
    this.tag(Tag.Utf16);
    this.u32(n);
    this.reserve(n * 2);
    for (let i = 0; i < n; i++) this.view.setUint16(this.length + i * 2, text.charCodeAt(i), true);
    this.length += n * 2;
  }

  value(v: unknown): void {
    switch (typeof v) {
      case "undefined":
        return this.tag(Tag.Undefined);
      case "boolean":
        return this.tag(v ? Tag.True : Tag.False);
      case "number":
        this.tag(Tag.Number);
        return this.f64(v);
      case "bigint":
        this.tag(Tag.BigInt);
        return this.string(v.toString());
      case "string":
        return this.string(v);
      case "object":
        break;
      default:
        throw new TypeError(`An op value cannot be a ${typeof v}`);
    }
    if (v === null) return this.tag(Tag.Null);
    if (v instanceof Uint8Array) {
      this.tag(Tag.Bytes);
      return this.raw(v);
    }
    if (this.open.includes(v)) throw new TypeError("An op value cannot be cyclic");
    this.open.push(v);
    if (Array.isArray(v)) {
      this.tag(Tag.Array);
      this.u32(v.length);
      for (const item of v) this.value(item);
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`An op value cannot be an instance of ${proto?.constructor?.name ?? "a class"}`);
      const entries = Object.entries(v);
      this.tag(Tag.Object);
      this.u32(entries.length);
      for (const [key, item] of entries) {
        this.string(key);
        this.value(item);
      }
    }
    this.open.pop();
  }

  result(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** Encodes a plain value (see the module's list); anything else is a TypeError naming it. */
export function encodeValue(value: unknown): Uint8Array {
  const w = new Writer(new Uint8Array(256), true);
  w.value(value);
  return w.result();
}

/**
 * Encodes a plain value into `target` (which may be shared memory): the
 * number of bytes written, or -1 when the value does not fit. A value that
 * cannot be encoded is a TypeError naming it, as with {@link encodeValue}.
 */
export function encodeInto(target: Uint8Array, value: unknown): number {
  const w = new Writer(target, false);
  try {
    w.value(value);
  } catch (error) {
    if (error instanceof Overflow) return -1;
    throw error;
  }
  return w.length;
}

/** Text of `count` one-byte code units. */
function asciiText(bytes: Uint8Array, start: number, count: number): string {
  if (count <= 4096) return String.fromCharCode.apply(null, bytes.subarray(start, start + count) as unknown as number[]);
  return decoder.decode(bytes.slice(start, start + count));
}

/** Text of `count` UTF-16 code units. */
function utf16Text(view: DataView, start: number, count: number): string {
  const units = new Uint16Array(count);
  for (let i = 0; i < count; i++) units[i] = view.getUint16(start + i * 2, true);
  let text = "";
  for (let i = 0; i < count; i += 4096) text += String.fromCharCode.apply(null, units.subarray(i, i + 4096) as unknown as number[]);
  return text;
}

/** Decodes what {@link encodeValue} or {@link encodeInto} wrote; `bytes` may be a view of shared memory, and nothing returned refers to it. */
export function decodeValue(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const u32 = () => {
    const value = view.getUint32(at, true);
    at += 4;
    return value;
  };
  const span = (n: number): number => {
    if (at + n > bytes.length) throw new Error(`Corrupt value: ${n} bytes expected at ${at}, the input has ${bytes.length}`);
    const start = at;
    at += n;
    return start;
  };
  const text = (): string => {
    const tag = bytes[at++] as Tag;
    if (tag === Tag.Ascii) {
      const n = u32();
      return asciiText(bytes, span(n), n);
    }
    if (tag === Tag.String) {
      const n = u32();
      const start = span(n);
      return decoder.decode(bytes.slice(start, start + n));
    }
    if (tag === Tag.Utf16) {
      const n = u32();
      return utf16Text(view, span(n * 2), n);
    }
    throw new Error(`Corrupt value: a string expected at ${at - 1}, found tag ${tag as number}`);
  };
  const read = (): unknown => {
    const tag = bytes[at] as Tag;
    switch (tag) {
      case Tag.Ascii:
      case Tag.String:
      case Tag.Utf16:
        return text();
    }
    at++;
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
        const value = view.getFloat64(span(8), true);
        return value;
      }
      case Tag.BigInt:
        return BigInt(text());
      case Tag.Bytes: {
        const n = u32();
        const start = span(n);
        return bytes.slice(start, start + n);
      }
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
          const key = text();
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
