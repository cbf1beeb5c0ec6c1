/**
 * The event loop's wait for its next timer, when nothing is ready to run.
 *
 * On a real clock ("freeze", "off") the loop sleeps (off the CPU meter) until
 * the timer is due or a host event arrives. On the virtual clock it does not
 * sleep for timers: when only timers keep the program alive, the clock jumps
 * to the earliest deadline and the loop goes on at once, so a one-hour
 * `setTimeout` fires without delay and a guest cannot park its worker by
 * sleeping. While host work is pending (an async op, a child process, a
 * server: what the guest's host bridge holds references for) the loop still
 * really waits for it, at most until the timer's delay has passed in real
 * time; if nothing arrived by then, the clock jumps to the deadline.
 * @module
 */
import type { RunState } from "./run-state.js";

/** The longest single wait of an idle loop (the loop then checks again). */
export const IDLE_WAIT_MS = 2 ** 31 - 1;

/**
 * Waits for the next timer or host event.
 * @param run the run in progress.
 * @param next the earliest timer's deadline on the run's clock, or -1 for none (from the guest's scheduler).
 * @param hostPending whether host work is pending (asked only on the virtual clock).
 */
export async function waitForNextTimer(run: RunState, next: number, hostPending: () => boolean): Promise<void> {
  const { clock } = run;
  // `next` comes from the guest's scheduler: a tampered one must not make the engine spin or hang.
  const valid = Number.isFinite(next) && next >= 0;
  const delay = next === -1 ? IDLE_WAIT_MS : valid ? Math.min(Math.max(0, next - clock.now()), IDLE_WAIT_MS) : 1000;
  if (delay <= 0) return;
  const jump = clock.virtual && valid;
  if (jump && !hostPending()) {
    clock.advanceTo(next);
    return;
  }
  // Asking the guest may have stopped the run (a limit): then there is nothing to wait for.
  if (run.meter.stopReason !== null) return;
  await run.meter.pausedWhile(() => run.host.wait(delay));
  const events = run.host.takeEvents();
  run.events.push(...events);
  // The timer's delay passed in real time with no news from the host: the timer is due.
  if (jump && events.length === 0) clock.advanceTo(next);
}
