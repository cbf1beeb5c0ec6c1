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
