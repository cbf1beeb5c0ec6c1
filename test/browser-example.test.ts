import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { startStaticServer, type StaticServer } from "../scripts/static-server.mjs";
import { launchChromium, openPage, type LaunchedChromium } from "./browser/chromium.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** The first `count` primes, by a sieve (the example's guest program uses trial division). */
function firstPrimes(count: number): number[] {
  const limit = 1000;
  const composite = new Uint8Array(limit);
  const primes: number[] = [];
  for (let n = 2; n < limit && primes.length < count; n++) {
    if (composite[n]) continue;
    primes.push(n);
    for (let m = n * n; m < limit; m += n) composite[m] = 1;
  }
  return primes;
}

/**
 * What the example's program prints: it writes {"primes":[...first 12...]} to
 * /data/primes.json, reads it back, prints the file's path, size and contents,
 * the sum of what it read, and the contents in base64.
 */
function expectedOutput(): string {
  const text = JSON.stringify({ primes: firstPrimes(12) });
  const sum = firstPrimes(12).reduce((a, b) => a + b, 0);
  return [
    `/data/primes.json (${Buffer.byteLength(text)} bytes): ${text}`,
    `sum: ${sum}`,
    `base64: ${Buffer.from(text).toString("base64")}`,
  ]
    .map((line) => `${line}\n`)
    .join("");
}

/** Waits until #status is "done" or an error; on a timeout, fails showing the status and the page's problems. */
async function waitForStatus(page: Page, describeProblems: () => string): Promise<string> {
  try {
    await page.waitForFunction(
      () => {
        const status = document.getElementById("status")?.textContent ?? "";
        return status === "done" || status.startsWith("error");
      },
      undefined,
      { timeout: 20_000 },
    );
  } catch (error) {
    const status = await page.textContent("#status").catch(() => "(unreadable)");
    throw new Error(
      `#status never became "done" (it is ${JSON.stringify(status)}): ${String(error)}\n${describeProblems()}`,
    );
  }
  return (await page.textContent("#status")) ?? "";
}

describe("examples/browser in Chromium", () => {
  let isolatedServer: StaticServer | undefined;
  let plainServer: StaticServer | undefined;
  let browser: LaunchedChromium | undefined;

  beforeAll(async () => {
    isolatedServer = await startStaticServer({ root: repoRoot, isolated: true });
    plainServer = await startStaticServer({ root: repoRoot, isolated: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await isolatedServer?.close();
    await plainServer?.close();
  });

  it("runs the sandboxed program on a cross-origin-isolated page and shows its output and exit code 0", async () => {
    const { page, describeProblems } = await openPage(browser!.context, `${isolatedServer!.url}examples/browser/`);
    try {
      const status = await waitForStatus(page, describeProblems);
      expect(status, describeProblems()).toBe("done");
      expect(await page.textContent("#isolated")).toBe("yes");
      expect(await page.isHidden("#isolation-note")).toBe(true);
      expect(await page.textContent("#exit-code")).toBe("0");
      expect(await page.textContent("#output")).toBe(expectedOutput());
      expect(await page.textContent("#stderr")).toBe("");
      expect(await page.isHidden("#error-line")).toBe(true);
      expect(describeProblems()).toBe("(no page errors)");
    } finally {
      await page.close();
    }
  });

  it("on a page that is not isolated, says so and shows the program's fs call failing with exit code 1", async () => {
    const { page, describeProblems } = await openPage(browser!.context, `${plainServer!.url}examples/browser/`);
    try {
      const status = await waitForStatus(page, describeProblems);
      expect(status, describeProblems()).toBe("done");
      expect(await page.textContent("#isolated")).toBe("no");
      expect(await page.isVisible("#isolation-note")).toBe(true);
      // The program's first synchronous host call is fs.mkdirSync: it throws, uncaught, before any output.
      expect(await page.textContent("#exit-code")).toBe("1");
      expect(await page.textContent("#output")).toBe("");
      const stderr = (await page.textContent("#stderr")) ?? "";
      expect(stderr).toContain("fs.mkdir needs a synchronous call to the host");
      expect(stderr).toContain("not cross-origin isolated");
      expect(await page.isVisible("#error-line")).toBe(true);
      expect(await page.textContent("#error-message")).toContain("not cross-origin isolated");
      expect(describeProblems()).toBe("(no page errors)");
    } finally {
      await page.close();
    }
  });
});
