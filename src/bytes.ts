/**
 * Byte helpers shared by the host side.
 * @module
 */

/** Joins chunks into one Uint8Array (of `total` bytes when the caller already counted them). */
export function concatBytes(chunks: readonly Uint8Array[], total = chunks.reduce((n, c) => n + c.byteLength, 0)): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * `bytes` as a plain Uint8Array that owns its whole (non-shared) ArrayBuffer:
 * `bytes` itself when it already is one, otherwise a copy. What crosses to the
 * engine thread must be such a copy: `Buffer#slice` returns a view (not a
 * copy), so a pooled Buffer would carry its whole slab of other host data
 * across the thread boundary.
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array {
  const owned =
    Object.getPrototypeOf(bytes) === Uint8Array.prototype &&
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength;
  return owned ? bytes : new Uint8Array(bytes);
}
