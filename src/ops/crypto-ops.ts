/**
 * Crypto ops: entropy for the guest's `crypto` from the host's CSPRNG.
 * Everything else the guest's `crypto` does (hashes, ciphers, signatures,
 * key derivation) computes inside the sandbox under its CPU and memory limits.
 * @module
 */
import { intInRange } from "./coerce.js";
import type { Op, OpFamily } from "./op-context.js";

/** The most random bytes one call hands out (Web Crypto's `getRandomValues` quota). */
export const MAX_RANDOM_BYTES_PER_CALL = 65536;

/**
 * `crypto.randomBytes` pool refill: `length` fresh bytes from the host's
 * CSPRNG (`globalThis.crypto.getRandomValues`, present under Node and in
 * browsers). The length must be an integer in 0..65536 (else
 * ERR_OUT_OF_RANGE); the guest gets a new buffer holding exactly those bytes
 * and nothing else. No permission guards it: entropy reveals nothing of the host.
 */
const randomBytes: Op = (_ctx, args) => {
  const length = intInRange(args[0], "size", 0, MAX_RANDOM_BYTES_PER_CALL);
  const out = new Uint8Array(length);
  if (length > 0) globalThis.crypto.getRandomValues(out);
  return out;
};

/** The crypto ops by name. */
export const cryptoOps: OpFamily = { "crypto.randomBytes": randomBytes };
