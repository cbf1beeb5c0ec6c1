// Drives Debian's Chromium (/usr/bin/chromium) through playwright-core for the
// browser tests. No browser is ever downloaded: `npm run pretest` makes sure
// the system one is installed (scripts/ensure-chromium.mjs).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../../scripts/chromium-flags.mjs";

// The path and the flag list live in scripts/chromium-flags.mjs, shared with bench/browser.mjs.
export { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../../scripts/chromium-flags.mjs";

/** A running Chromium, from {@link launchChromium}. */
export interface LaunchedChromium {
  /** The browser's (only) context; open pages with {@link openPage}. */
  context: BrowserContext;
  /** The fresh user data directory Chromium was started with (removed by {@link LaunchedChromium.close}). */
  userDataDir: string;
  /** Closes the browser and removes its user data directory. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium from {@link CHROMIUM_PATH} with {@link CHROMIUM_FLAGS} and a
 * new temporary user data directory, which {@link LaunchedChromium.close} removes.
 */
export async function launchChromium(): Promise<LaunchedChromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), "quickexec-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_FLAGS],
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `launchChromium: could not start ${CHROMIUM_PATH} (run \`node scripts/ensure-chromium.mjs\` to install it): ${reason}`,
    );
  }
  let closed: Promise<void> | undefined;
  return {
    context,
    userDataDir,
    close() {
      closed ??= (async () => {
        try {
          await context.close();
        } finally {
          await rm(userDataDir, { recursive: true, force: true });
        }
      })();
      return closed;
    },
  };
}

/** A page opened by {@link openPage}, with what went wrong on it so far. */
export interface OpenedPage {
  /** The page, already navigated to the URL. */
  page: Page;
  /**
   * Problems seen on the page, in order: console errors, uncaught errors and unhandled
   * rejections (`pageerror`), failed requests, HTTP error responses, and a crash.
   */
  problems: string[];
  /** The problems as one line each, or "(no page errors)", for a failure message. */
  describeProblems(): string;
}

/**
 * Opens a new page in `context`, starts collecting its problems (see {@link OpenedPage.problems}),
 * then navigates to `url` and waits for its load event. Listeners are attached before the
 * navigation, so errors thrown while the page loads are caught too. `url` must be on loopback.
 * When the page does not load (or answers an HTTP error) the page is closed and the error
 * names the URL, the status and the problems seen.
 */
export async function openPage(context: BrowserContext, url: string): Promise<OpenedPage> {
  if (typeof url !== "string" || !/^https?:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?\//.test(url)) {
    throw new Error(`openPage: url must be an http(s) URL on loopback, got ${JSON.stringify(url)}`);
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location().url;
    problems.push(`console.error: ${message.text()}${where ? ` (${where})` : ""}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.stack ?? error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? "unknown reason"})`),
  );
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("crash", () => problems.push("the page crashed"));
  const describeProblems = () => (problems.length === 0 ? "(no page errors)" : problems.join("\n"));
  let failure: string | undefined;
  try {
    const response = await page.goto(url, { waitUntil: "load" });
    if (response === null) failure = "answered no response";
    else if (!response.ok()) failure = `answered HTTP ${response.status()}`;
  } catch (error) {
    failure = `could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (failure !== undefined) {
    await page.close();
    throw new Error(`openPage: ${url} ${failure}\n${describeProblems()}`);
  }
  return { page, problems, describeProblems };
}
