// Reproducible runs across drivers: one seeded program under the virtual
// clock, run by the Node driver here and by the browser driver in headless
// Chromium (the shared page of test/drivers-browser.test.ts), must print the
// same bytes and spend the same fuel. Each driver's own repeatability is the
// shared case's check (test/shared/reproducible-cases.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { startStaticServer, type StaticServer } from "../scripts/static-server.mjs";
import { launchChromium, openPage, type LaunchedChromium, type OpenedPage } from "./browser/chromium.js";
import { emitCasesForThePage } from "./browser/emit-cases.js";
import { SHARED_CASES, type CaseApi } from "./shared/cases.js";
import { nodeCaseApi } from "./node-case-api.js";
import { SEEDED_CASE_NAME } from "./shared/reproducible-cases.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
let chromium: LaunchedChromium;
let server: StaticServer;
let opened: OpenedPage;

beforeAll(async () => {
  emitCasesForThePage();
  server = await startStaticServer({ root: repoRoot, isolated: true });
  chromium = await launchChromium();
  opened = await openPage(chromium.context, `${server.url}test/browser/page/index.html`);
  await opened.page.waitForFunction(() => (window as { sharedSuiteReady?: unknown }).sharedSuiteReady, undefined, { timeout: 20_000 });
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

function nodeApi(): CaseApi {
  return nodeCaseApi(server.url);
}

describe("reproducible runs across drivers", () => {
  it("a seeded program prints the same bytes and spends the same fuel under the Node driver and in Chromium", async () => {
    const seeded = SHARED_CASES.find((c) => c.name === SEEDED_CASE_NAME)!;
    const underNode = (await seeded.run(nodeApi())) as { first: { stdout: string; fuel: number } };
    let inBrowser: { first: { stdout: string; fuel: number } };
    try {
      inBrowser = await opened.page.evaluate((name) => (window as unknown as { runSharedCase(n: string): Promise<never> }).runSharedCase(name), SEEDED_CASE_NAME);
    } catch (error) {
      throw new Error(`the page failed: ${(error as Error).message}\n${opened.describeProblems()}`);
    }
    expect(underNode.first.stdout.length).toBeGreaterThan(200);
    expect(inBrowser.first.stdout).toBe(underNode.first.stdout);
    expect(inBrowser.first.fuel).toBe(underNode.first.fuel);
    expect(inBrowser).toEqual(underNode);
  }, 120_000);
});
