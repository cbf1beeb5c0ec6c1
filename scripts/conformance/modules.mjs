/**
 * Grouping of Node's `test/parallel` files by the module they test.
 * @module
 */

/** The 13 modules issue 14 measures, as named in the test files (`test-child-process-*` is child_process). */
export const ISSUE_MODULES = [
  "path", "events", "buffer", "util", "url", "querystring", "string_decoder",
  "fs", "os", "process", "child_process", "assert", "timers",
];

/** Module names that span two dash-separated words in a file name. */
const TWO_WORD = new Set(["child_process", "string_decoder", "worker_threads", "async_hooks", "perf_hooks", "diagnostics_channel", "trace_events"]);

/**
 * Families that merge several file prefixes in the summary (each prefix still
 * has its own row): `test-whatwg-url-*` tests URL, `test-webcrypto-*` tests crypto...
 */
export const FAMILIES = {
  url: ["url", "whatwg"],
  crypto: ["crypto", "webcrypto"],
  events: ["events", "event", "eventtarget"],
  stream: ["stream", "stream2", "stream3", "streams", "webstream", "webstreams", "readable"],
};

/**
 * The module of a test file: the part after `test-` up to the next `-`,
 * except for names of two words (`test-child-process-*` -> `child_process`).
 * @param {string} name e.g. `test-fs-read.js`
 */
export function moduleOf(name) {
  const base = name.replace(/^test-/, "").replace(/\.[cm]?js$/, "");
  const words = base.split("-");
  if (words.length > 1 && TWO_WORD.has(`${words[0]}_${words[1]}`)) return `${words[0]}_${words[1]}`;
  return words[0];
}

/** The sub-module of a merged prefix (`test-whatwg-url-x.js` -> `whatwg-url`), else null. */
export function subModuleOf(name) {
  const words = name.replace(/^test-/, "").replace(/\.[cm]?js$/, "").split("-");
  return words[0] === "whatwg" && words.length > 1 ? `whatwg-${words[1]}` : null;
}
