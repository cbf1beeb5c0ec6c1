// Where Debian's Chromium lives and the exact flags quickexec launches it with
// (browser tests through test/browser/chromium.ts, and bench/browser.mjs).
// One list, shared, so the tests and the benchmark cannot drift apart.

/** Where the browser tests and benchmark expect Chromium (Debian's `chromium` package). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * The exact command-line flags Chromium is launched with. playwright adds
 * `--user-data-dir` (a fresh temp dir per launch) itself for a persistent context.
 */
export const CHROMIUM_FLAGS = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]);
