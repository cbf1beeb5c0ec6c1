// Host calls whose answer nothing waits for (answer a guest server's request,
// abort a request in flight): made synchronously where the host can answer so
// (the host has handled it on return, and an error throws), else, on a page
// without cross-origin isolation, as an asynchronous host call of the same op.

const SYNC_UNAVAILABLE = "ERR_QUICKEXEC_SYNC_UNAVAILABLE";
/** Whether synchronous host calls answer; false from the first refusal on. */
let syncCalls = true;

/**
 * Calls `op` with `args` (with `bytes`, an ArrayBuffer, inserted at
 * `bytesAt` when it is 0 or more). Returns null when the call was made
 * synchronously, or the promise of its asynchronous outcome.
 */
export function notifyHost(host, op, args, bytesAt = -1, bytes = undefined) {
  if (syncCalls) {
    try {
      if (bytesAt < 0) host.call.apply(host, [op].concat(args));
      else host.callBytes.apply(host, [op, bytesAt, bytes].concat(args));
      return null;
    } catch (err) {
      if (err === null || typeof err !== "object" || err.code !== SYNC_UNAVAILABLE) throw err;
      // Refused by the engine itself before reaching the host: made again the other way.
      syncCalls = false;
    }
  }
  return bytesAt < 0 ? host.callAsync.apply(host, [op].concat(args)) : host.callAsyncBytes.apply(host, [op, bytesAt, bytes].concat(args));
}
