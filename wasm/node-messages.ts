/**
 * A binary patch of the QuickJS wasm module that gives the engine's own
 * errors V8's wording, where V8's message carries the same facts: `null.x`
 * throws "Cannot read properties of null (reading 'x')" (QuickJS: "cannot
 * read property 'x' of null"), an undeclared name "x is not defined", and so
 * on. Programs print `error.message`; this is where it must read as in Node.
 *
 * QuickJS's messages are C string literals in the module's data segments,
 * and the code names each by its address (`i32.const <address>` before the
 * call that throws). The patch adds one data segment in the first KiB of
 * memory, which emscripten leaves unused below its static data (it starts at
 * 1024), holding Node's texts, and rewrites each reference to an old text
 * into a reference to its new one, in place: the new address is encoded in
 * as many LEB128 bytes as the old one (padded, which wasm allows), so no
 * function body changes size. A text is only replaced when its literal is
 * found whole and every reference to it looks like the argument of a throw
 * (`local.get; i32.const; ...; call`); anything else leaves that text as
 * QuickJS has it.
 * @module
 */
import { leb, readLeb } from "./leb128.js";

/** QuickJS's text, and Node's (V8's) for the same error; `%s` is the same argument in both. */
const MESSAGES: ReadonlyArray<readonly [string, string]> = [
  ["cannot read property '%s' of null", "Cannot read properties of null (reading '%s')"],
  ["cannot read property '%s' of undefined", "Cannot read properties of undefined (reading '%s')"],
  ["cannot set property '%s' of null", "Cannot set properties of null (setting '%s')"],
  ["cannot set property '%s' of undefined", "Cannot set properties of undefined (setting '%s')"],
  ["'%s' is not defined", "%s is not defined"],
  ["%s is not initialized", "Cannot access '%s' before initialization"],
  ["cannot convert symbol to string", "Cannot convert a Symbol value to a string"],
  ["invalid array length", "Invalid array length"],
  ["empty array", "Reduce of empty array with no initial value"],
  ["Date value is NaN", "Invalid time value"],
  ["BigInt division by zero", "Division by zero"],
];

/** Where the new texts go: above address 0 (null stays unmapped to data), below emscripten's static data. */
const FIRST_ADDRESS = 16;
const LAST_ADDRESS = 1024;

interface Section {
  id: number;
  /** Where the section's id byte is. */
  start: number;
  /** Where its content starts and ends. */
  body: number;
  end: number;
}

/** The signed LEB128 of a non-negative `value` in exactly `length` bytes (padded with continuation bytes). */
function slebPadded(value: number, length: number): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    const byte = value & 0x7f;
    value >>>= 7;
    out.push(i === length - 1 ? byte : byte | 0x80);
  }
  // Nothing left over, and the last byte's sign bit clear (the value is positive).
  return value === 0 && (out[length - 1]! & 0x40) === 0 ? out : null;
}

function sectionsOf(bytes: Uint8Array): Section[] {
  const sections: Section[] = [];
  let at = 8;
  while (at < bytes.length) {
    const [size, body] = readLeb(bytes, at + 1);
    sections.push({ id: bytes[at]!, start: at, body, end: body + size });
    at = body + size;
  }
  return sections;
}

/** Each active data segment: its memory offset and where its bytes are in the module. */
function dataSegments(bytes: Uint8Array, data: Section): Array<{ offset: number; start: number; length: number }> | null {
  const segments: Array<{ offset: number; start: number; length: number }> = [];
  let [count, at] = readLeb(bytes, data.body);
  while (count-- > 0) {
    const flag = bytes[at++]!;
    if (flag !== 0 || bytes[at] !== 0x41) return null; // only active segments with an i32.const offset are understood
    const [offset, afterOffset] = readLeb(bytes, at + 1, true);
    if (bytes[afterOffset] !== 0x0b) return null;
    const [length, start] = readLeb(bytes, afterOffset + 1);
    segments.push({ offset, start, length });
    at = start + length;
  }
  return segments;
}

/** A byte-sequence search: Node's native `Buffer#indexOf` where there is one (this runs on the host's first sandbox), a loop elsewhere. */
type Finder = (needle: Uint8Array, from: number) => number;

function finderIn(haystack: Uint8Array): Finder {
  const NodeBuffer = (globalThis as { Buffer?: { from(buffer: ArrayBufferLike, offset: number, length: number): Uint8Array & { indexOf(needle: Uint8Array, from: number): number } } }).Buffer;
  if (NodeBuffer) {
    const view = NodeBuffer.from(haystack.buffer, haystack.byteOffset, haystack.length);
    return (needle, from) => view.indexOf(needle, from);
  }
  return (needle, from) => {
    for (let i = haystack.indexOf(needle[0]!, from); i !== -1; i = haystack.indexOf(needle[0]!, i + 1)) {
      let same = i + needle.length <= haystack.length;
      for (let j = 1; j < needle.length && same; j++) same = haystack[i + j] === needle[j];
      if (same) return i;
    }
    return -1;
  };
}

/** Addresses of every whole NUL-terminated occurrence of `text` in the data. */
function addressesOf(bytes: Uint8Array, segments: ReadonlyArray<{ offset: number; start: number; length: number }>, text: Uint8Array): number[] {
  const found: number[] = [];
  const needle = new Uint8Array(text.length + 1);
  needle.set(text);
  for (const segment of segments) {
    const data = bytes.subarray(segment.start, segment.start + segment.length);
    const find = finderIn(data);
    for (let i = find(needle, 0); i !== -1; i = find(needle, i + 1)) {
      if (i === 0 || data[i - 1] === 0) found.push(segment.offset + i);
    }
  }
  return found;
}

/** Where a reference to an address is: the LEB128 immediate of an `i32.const`, and its length in bytes. */
interface Reference {
  at: number;
  length: number;
}

/**
 * Every `i32.const` in the code naming one of `wanted`, in one pass: by
 * address, its references, or null when one of them does not look like a
 * throw's argument (`local.get N` just before, a `call` within the next few
 * bytes), which rules that text out.
 */
function referencesTo(bytes: Uint8Array, code: Section, wanted: ReadonlySet<number>): Map<number, Reference[] | null> {
  const refs = new Map<number, Reference[] | null>();
  for (let at = bytes.indexOf(0x41, code.body); at !== -1 && at < code.end - 2; at = bytes.indexOf(0x41, at + 1)) {
    // The immediate, as signed LEB128 (the addresses wanted are positive: a set sign bit rules a value out).
    let value = 0;
    let next = at + 1;
    let byte = 0;
    let shift = 0;
    do {
      byte = bytes[next++]!;
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80 && shift < 35);
    if (byte & 0x40 || !wanted.has(value)) continue;
    const list = refs.get(value);
    if (list === null) continue;
    let call = false;
    for (let k = next; k < Math.min(next + 12, code.end) && !call; k++) call = bytes[k] === 0x10;
    if (bytes[at - 2] !== 0x20 || !call) {
      refs.set(value, null);
      continue;
    }
    if (list) list.push({ at: at + 1, length: next - at - 1 });
    else refs.set(value, [{ at: at + 1, length: next - at - 1 }]);
  }
  return refs;
}

/**
 * Returns a copy of `bytes` whose engine errors read as Node's (see the
 * module's description), or `bytes` itself if the module is not laid out as
 * this patch expects.
 */
export function withNodeMessages(bytes: Uint8Array): Uint8Array {
  const sections = sectionsOf(bytes);
  const code = sections.find((s) => s.id === 10);
  const data = sections.find((s) => s.id === 11);
  if (!code || !data) return bytes;
  const segments = dataSegments(bytes, data);
  if (!segments || segments.some((s) => s.offset < LAST_ADDRESS)) return bytes;
  const encoder = new TextEncoder();
  const found = MESSAGES.map(([quickjs, node]) => ({ addresses: addressesOf(bytes, segments, encoder.encode(quickjs)), replacement: encoder.encode(node) }));
  const references = referencesTo(bytes, code, new Set(found.flatMap((f) => f.addresses)));
  const out = new Uint8Array(bytes);
  const texts: number[] = [];
  let next = FIRST_ADDRESS;
  for (const { addresses, replacement } of found) {
    if (next + replacement.length + 1 > LAST_ADDRESS) break;
    const refs = addresses.map((address) => references.get(address) ?? []);
    if (addresses.length === 0 || addresses.some((address) => references.get(address) === null) || refs.every((r) => r!.length === 0)) continue;
    const patches = refs.flat().map((ref) => ({ ...ref, pattern: slebPadded(next, ref.length) }));
    if (patches.some((p) => p.pattern === null)) continue;
    for (const patch of patches) out.set(patch.pattern!, patch.at);
    texts.push(...replacement, 0);
    next += replacement.length + 1;
  }
  if (texts.length === 0) return bytes;
  // The data section again, with one more segment in front: [0x00, i32.const FIRST_ADDRESS, end, length, bytes].
  // (Copied as typed arrays: spreading the ~85 KB of data into a JS array costs tens of milliseconds.)
  const [count, entries] = readLeb(bytes, data.body);
  const head = [...leb(count + 1), 0x00, 0x41, ...leb(FIRST_ADDRESS), 0x0b, ...leb(texts.length), ...texts];
  const parts: Array<Uint8Array | number[]> = [];
  let copied = 0;
  // A data count section (bulk memory) must agree with the new number of segments.
  const dataCount = sections.find((s) => s.id === 12);
  if (dataCount) {
    parts.push(out.subarray(0, dataCount.start), [12, ...leb(leb(count + 1).length), ...leb(count + 1)]);
    copied = dataCount.end;
  }
  parts.push(out.subarray(copied, data.start), [11, ...leb(head.length + (data.end - entries))], head, out.subarray(entries, data.end), out.subarray(data.end));
  const patched = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    patched.set(part, at);
    at += part.length;
  }
  return patched;
}
