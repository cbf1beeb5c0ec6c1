/** Where the browser tests and benchmark expect Chromium (Debian's `chromium` package). */
export const CHROMIUM_PATH: "/usr/bin/chromium";

/**
 * The exact command-line flags Chromium is launched with (frozen). playwright adds
 * `--user-data-dir` (a fresh temp dir per launch) itself for a persistent context.
 */
export const CHROMIUM_FLAGS: readonly string[];
