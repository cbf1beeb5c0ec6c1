/**
 * LEB128, as the wasm binary format writes its integers, for the load-time
 * patches of the QuickJS module (`patch.ts`, `node-messages.ts`).
 * @module
 */

/** Reads an LEB128 integer at `at` (signed: sign-extended from its last byte); gives it and where the next byte is. */
export function readLeb(bytes: Uint8Array, at: number, signed = false): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++]!;
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (!signed) return [value >>> 0, at];
  if (shift < 32 && byte & 0x40) value |= -1 << shift;
  return [value, at];
}

/** The unsigned LEB128 of `value`, shortest form. */
export function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}
