// Node's util.inspect and util.format (node-inspect-extracted), used by
// console without loading the whole util module, and by util itself. Not
// requirable by the guest.
import * as inspect from "node-inspect-extracted";
// The module's exports object itself: the build gives it the hooks (scripts/build.mjs, withoutAtomics).
import inspectExports from "node-inspect-extracted";

const host = require("internal/host", true);
// A promise's state comes from the engine (V8's getPromiseDetails): Promise { 1 }, Promise { <rejected> ... }.
inspectExports.quickexecHooks.promiseDetails = (promise, kPending, kRejected) => {
  const details = host.promiseState(promise);
  if (details === undefined || details[0] === 0) return [kPending, undefined];
  // Fulfilled: V8's kFulfilled, any state that is neither of the other two.
  return [details[0] === 2 ? kRejected : 1, details[1]];
};

export default {
  inspect: inspect.inspect,
  format: inspect.format,
  formatWithOptions: inspect.formatWithOptions,
  stripVTControlCharacters: inspect.stripVTControlCharacters,
  /** console.table's text for (data, properties), or null to log data as is (loaded on first use). */
  consoleTable: (data, properties) => require("internal/console_table", true).consoleTable(data, properties),
};
