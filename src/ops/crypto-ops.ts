/**
 * Crypto ops: entropy for the guest's `crypto` from the host's CSPRNG.
 * Everything else the guest's `crypto` does (hashes, ciphers, signatures,
 * key derivation) computes inside the sandbox under its CPU and memory limits.
 * @module
 */
import type { Op } from "./op-table.js";

/** The most random bytes one call hands out (Web Crypto's `getRandomValues` quota). */
export const MAX_RANDOM_BYTES_PER_CALL = 65536;

/**
 * `crypto.randomBytes` pool refill: `length` fresh bytes from the host's
 * CSPRNG (`globalThis.crypto.getRandomValues`, present under Node and in
 * browsers). The length is coerced to an integer in 0..65536; the guest gets
 * a new buffer holding exactly those bytes and nothing else.
 */
const randomBytes: Op = (_ctx, args) => {
  const requested = Number(args[0]);
  const length = Number.isFinite(requested) ? Math.min(MAX_RANDOM_BYTES_PER_CALL, Math.max(0, Math.trunc(requested))) : 0;
  const out = new Uint8Array(length);
  if (length > 0) globalThis.crypto.getRandomValues(out);
  return out;
};

/** The crypto ops by name. */
export const cryptoOps: Readonly<Record<string, Op>> = { "crypto.randomBytes": randomBytes };
