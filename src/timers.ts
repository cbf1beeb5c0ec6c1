/**
 * Host timers whose delay comes from an option or from the guest. Node's (and
 * the browser's) `setTimeout` takes at most 2^31 - 1 ms: a longer delay fires
 * after 1 ms instead, and Node prints a `TimeoutOverflowWarning` on the host.
 * @module
 */

/** The longest delay `setTimeout` supports, in ms (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `callback` once `delayMs` have passed, however long that is: past
 * {@link MAX_TIMER_MS} it waits in steps. Returns the function that cancels it.
 */
export function setLongTimeout(callback: () => void, delayMs: number): () => void {
  const due = performance.now() + delayMs;
  let timer = setTimeout(step, Math.min(delayMs, MAX_TIMER_MS));
  function step(): void {
    const left = due - performance.now();
    if (left > 0) timer = setTimeout(step, Math.min(left, MAX_TIMER_MS));
    else callback();
  }
  return () => clearTimeout(timer);
}
