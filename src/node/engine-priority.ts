/**
 * Lowers the engine thread's priority as the first thing its script does
 * (`engine-worker.ts` imports this module before any other, so it runs
 * before the engine's code is even evaluated): guests, and a thread still
 * loading, yield the CPU to the host. On Linux a thread's nice value is its
 * own, so however many engine threads spin or start, the host's event loop
 * is served first. The host thread keeps its priority.
 * @module
 */
import { setPriority } from "node:os";

/** The engine thread's nice value (the host thread keeps 0). */
export const ENGINE_THREAD_NICE = 10;

try {
  setPriority(ENGINE_THREAD_NICE);
} catch {
  // Not permitted or not supported here: the thread keeps the default priority.
}
