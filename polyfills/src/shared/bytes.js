// Byte helpers, bundled into the builtins that import them.

/** The bytes of `chunks` (Uint8Arrays or other views of bytes) one after another, in a new Uint8Array. */
export function concatBytes(chunks) {
  let total = 0;
  for (const c of chunks) total += c.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
