/**
 * The output op: `stdio.flush`, the engine's backpressure on guest output.
 * Guest output goes to the host as messages that are not answered; after a
 * window of it the engine asks this op and blocks until the answer. The host
 * handles an engine's messages in order, so the answer leaves only once every
 * output message sent before it has been handed to `onStdio`: a guest that
 * prints faster than the host takes it waits instead of piling its output up
 * in the host's memory.
 * @module
 */
import type { Op, OpFamily } from "./op-context.js";

/** `stdio.flush()`: answers at once (the wait is in the answer's order, not in the op). */
const stdioFlush: Op = () => null;

/** The output ops by name. */
export const stdioOps: OpFamily = { "stdio.flush": stdioFlush };
