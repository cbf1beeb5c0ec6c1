/**
 * How network adapters bound a request, shared by the default adapter (Node)
 * and the browser's fetch adapter: the default limits, the checks of the
 * limit options, a whole-request deadline tied to the request's signal, and
 * a body reader that stops at a size. Environment-neutral (no `node:`
 * imports).
 * @module
 */
import { concatBytes } from "../bytes.js";
import { describe } from "../options.js";
import { NETWORK_ERROR_CODES, abortError, networkError } from "./network-errors.js";

/** Default largest response body, in bytes: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Default time limit of a whole request, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** An optional integer option within [min, max]: `fallback` when undefined, else a TypeError / RangeError naming it. */
export function integerOption(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/**
 * Runs `work` with a signal aborted when `outer` is (reason: an AbortError)
 * or when `timeoutMs` have passed (reason: an ETIMEDOUT error), and rejects
 * with that reason at once; `work` cleans up on the signal.
 */
export async function withDeadline<T>(outer: AbortSignal | undefined, timeoutMs: number, url: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(abortError(outer?.reason));
  if (outer?.aborted) onAbort();
  outer?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(networkError(NETWORK_ERROR_CODES.timeout, `Request to ${url} timed out after ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    controller.signal.throwIfAborted();
    return await raceAbort(work(controller.signal), controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onAbort);
  }
}

/** `work`'s outcome, or a rejection with the signal's reason as soon as it is aborted. */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Reads `stream` whole into one Uint8Array of at most `limit` bytes. Past the
 * limit, `onOverflow` is called: if it throws, reading stops with its error;
 * otherwise the rest is drained and discarded and the result is null.
 */
export async function readBounded(stream: AsyncIterable<Uint8Array>, limit: number, onOverflow: () => void): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let overflowed = false;
  for await (const chunk of stream) {
    size += chunk.length;
    if (overflowed) continue;
    if (size <= limit) {
      chunks.push(chunk);
      continue;
    }
    overflowed = true;
    chunks.length = 0;
    onOverflow();
  }
  if (overflowed) return null;
  return concatBytes(chunks, size);
}
