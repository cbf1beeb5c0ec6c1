// The shared driver suite (test/shared/cases.ts) against the browser driver,
// in headless Chromium: on a cross-origin-isolated page (synchronous host
// calls through SharedArrayBuffer and Atomics.wait) and on a page that is not
// isolated (no shared memory: those calls fail with a clear error, the rest
// must behave exactly as under Node). The cases file is loaded into the page
// as it is, its types stripped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { startStaticServer, type StaticServer } from "../scripts/static-server.mjs";
import { launchChromium, openPage, type LaunchedChromium, type OpenedPage } from "./browser/chromium.js";
import { emitCasesForThePage } from "./browser/emit-cases.js";
import { casesFor, checkCase, type SharedCase } from "./shared/cases.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

let chromium: LaunchedChromium;
const servers: StaticServer[] = [];

beforeAll(async () => {
  emitCasesForThePage();
  chromium = await launchChromium();
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await Promise.all(servers.map((s) => s.close()));
});

/** Registers the cases of one kind of page. */
function suite(isolated: boolean): void {
  describe(`shared driver suite: browser driver, ${isolated ? "cross-origin-isolated page" : "page not isolated"}`, () => {
    let opened: OpenedPage;
    beforeAll(async () => {
      const server = await startStaticServer({ root: repoRoot, isolated });
      servers.push(server);
      opened = await openPage(chromium.context, `${server.url}test/browser/page/index.html`);
      const ready = await opened.page.waitForFunction(() => (window as { sharedSuiteReady?: unknown }).sharedSuiteReady, undefined, { timeout: 20_000 });
      const { syncCalls } = (await ready.jsonValue()) as { syncCalls: boolean };
      // The page is what the suite says it is: isolation decides synchronous calls.
      expect(syncCalls).toBe(isolated);
    }, 60_000);

    for (const c of casesFor(isolated)) {
      it(c.name, async () => {
        const observed = await runInPage(opened, c);
        checkCase(c, observed, expect, { kind: "browser", syncCalls: isolated });
      });
    }
  });
}

async function runInPage(opened: OpenedPage, c: SharedCase): Promise<unknown> {
  try {
    return await opened.page.evaluate((name) => (window as unknown as { runSharedCase(n: string): Promise<unknown> }).runSharedCase(name), c.name);
  } catch (error) {
    throw new Error(`${c.name}: the page failed: ${(error as Error).message}\n${opened.describeProblems()}`);
  }
}

suite(true);
suite(false);
