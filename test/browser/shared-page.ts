// The shared driver suite's page (test/browser/page/index.html) in headless
// Chromium, for every test file that opens it: the case files written, one
// Chromium for the file, a static server per page, all closed afterwards.
import { afterAll, beforeAll } from "vitest";
import { fileURLToPath } from "node:url";
import type { JSHandle } from "playwright-core";
import { startStaticServer, type StaticServer } from "../../scripts/static-server.mjs";
import { launchChromium, openPage, type LaunchedChromium, type OpenedPage } from "./chromium.js";
import { emitCasesForThePage } from "./emit-cases.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Registers the file's hooks (write the case files and launch Chromium
 * before; close pages' servers and Chromium after) and returns how to open
 * the page, isolated or not, resolving once its suite is ready (with what
 * the page reported as ready).
 */
export function useSharedPage(): (isolated: boolean) => Promise<{ opened: OpenedPage; ready: JSHandle }> {
  let chromium: LaunchedChromium | undefined;
  const servers: StaticServer[] = [];
  beforeAll(async () => {
    // Every file that opens the page writes the case files: vitest runs the files in any order.
    emitCasesForThePage();
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await Promise.all(servers.map((s) => s.close()));
  });
  return async (isolated) => {
    const server = await startStaticServer({ root: repoRoot, isolated });
    servers.push(server);
    const opened = await openPage(chromium!.context, `${server.url}test/browser/page/index.html`);
    const ready = await opened.page.waitForFunction(() => (window as { sharedSuiteReady?: unknown }).sharedSuiteReady, undefined, { timeout: 20_000 });
    return { opened, ready };
  };
}
