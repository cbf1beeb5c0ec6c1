// The shared driver suite (test/shared/cases.ts) against the browser driver,
// in headless Chromium: on a cross-origin-isolated page (synchronous host
// calls through SharedArrayBuffer and Atomics.wait) and on a page that is not
// isolated (no shared memory: those calls fail with a clear error, the rest
// must behave exactly as under Node). The cases file is loaded into the page
// as it is, its types stripped.
import { beforeAll, describe, expect, it } from "vitest";
import type { OpenedPage } from "./browser/chromium.js";
import { useSharedPage } from "./browser/shared-page.js";
import { casesFor, checkCase, type SharedCase } from "./shared/cases.js";

const openSharedPage = useSharedPage();

/** Registers the cases of one kind of page. */
function suite(isolated: boolean): void {
  describe(`shared driver suite: browser driver, ${isolated ? "cross-origin-isolated page" : "page not isolated"}`, () => {
    let opened: OpenedPage;
    beforeAll(async () => {
      const page = await openSharedPage(isolated);
      opened = page.opened;
      const ready = page.ready;
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
