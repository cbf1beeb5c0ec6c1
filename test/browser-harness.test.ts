// The browser test harness itself: Chromium launched with exactly the agreed
// flags and a fresh user data directory, pages made cross-origin isolated (or
// not) by the static server's headers, and page problems collected.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStaticServer, type StaticServer } from "../scripts/static-server.mjs";
import { CHROMIUM_FLAGS, launchChromium, openPage, type LaunchedChromium } from "./browser/chromium.js";

/** Command lines (argument lists) of the running processes whose arguments include `needle`. */
function processesWithArgument(needle: string): string[][] {
  const found: string[][] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((arg) => arg !== "");
    } catch {
      continue; // ended meanwhile
    }
    if (args.includes(needle)) found.push(args);
  }
  return found;
}

const PROBE_PAGE = `<!doctype html>
<html><head><link rel="icon" href="data:,"></head><body>
<span id="isolated"></span> <span id="sab"></span> <span id="done"></span>
<script type="module">
  document.getElementById("isolated").textContent = String(globalThis.crossOriginIsolated);
  document.getElementById("sab").textContent = typeof SharedArrayBuffer;
  document.getElementById("done").textContent = "done";
</script>
</body></html>`;

const TROUBLED_PAGE = `<!doctype html>
<html><head><link rel="icon" href="data:,"></head><body>
<span id="done"></span>
<script type="module">
  console.error("fixture console error");
  await fetch("./missing.js");
  setTimeout(() => {
    document.getElementById("done").textContent = "done";
    throw new Error("fixture uncaught error");
  });
</script>
</body></html>`;

let root: string;
let browser: LaunchedChromium | undefined;
let isolatedServer: StaticServer | undefined;
let plainServer: StaticServer | undefined;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "quickexec-harness-"));
  writeFileSync(join(root, "probe.html"), PROBE_PAGE);
  writeFileSync(join(root, "troubled.html"), TROUBLED_PAGE);
  isolatedServer = await startStaticServer({ root, isolated: true });
  plainServer = await startStaticServer({ root, isolated: false });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await isolatedServer?.close();
  await plainServer?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("launchChromium", () => {
  it("starts /usr/bin/chromium with every agreed flag and its fresh user data directory", () => {
    const browserProcesses = processesWithArgument(`--user-data-dir=${browser!.userDataDir}`).filter(
      (args) => !args.some((arg) => arg.startsWith("--type=")),
    );
    expect(browserProcesses).toHaveLength(1);
    const args = browserProcesses[0]!;
    for (const flag of CHROMIUM_FLAGS) expect(args, flag).toContain(flag);
    expect(existsSync(browser!.userDataDir)).toBe(true);
  });

  it("lists exactly the agreed flags", () => {
    expect([...CHROMIUM_FLAGS]).toEqual([
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ]);
  });

  it("close() ends the browser and removes its user data directory, and may be called again", async () => {
    const second = await launchChromium();
    expect(second.userDataDir).not.toBe(browser!.userDataDir);
    expect(existsSync(second.userDataDir)).toBe(true);
    await second.close();
    expect(existsSync(second.userDataDir)).toBe(false);
    expect(processesWithArgument(`--user-data-dir=${second.userDataDir}`)).toEqual([]);
    await second.close();
  });
});

describe("pages served by the static server", () => {
  it("are cross-origin isolated, with SharedArrayBuffer, when the server is isolated", async () => {
    const { page, describeProblems } = await openPage(browser!.context, `${isolatedServer!.url}probe.html`);
    try {
      await page.waitForSelector("#done:text('done')");
      expect(await page.textContent("#isolated")).toBe("true");
      expect(await page.textContent("#sab")).toBe("function");
      expect(describeProblems()).toBe("(no page errors)");
    } finally {
      await page.close();
    }
  });

  it("are not cross-origin isolated, and have no SharedArrayBuffer, when it is not", async () => {
    const { page, describeProblems } = await openPage(browser!.context, `${plainServer!.url}probe.html`);
    try {
      await page.waitForSelector("#done:text('done')");
      expect(await page.textContent("#isolated")).toBe("false");
      expect(await page.textContent("#sab")).toBe("undefined");
      expect(describeProblems()).toBe("(no page errors)");
    } finally {
      await page.close();
    }
  });
});

describe("openPage", () => {
  it("collects console errors, uncaught errors and HTTP error responses", async () => {
    const { page, problems, describeProblems } = await openPage(browser!.context, `${isolatedServer!.url}troubled.html`);
    try {
      await page.waitForSelector("#done:text('done')");
      await expect.poll(() => problems.some((p) => p.startsWith("pageerror:"))).toBe(true);
      await expect.poll(() => problems.some((p) => p.startsWith("HTTP 404:"))).toBe(true);
      const text = describeProblems();
      expect(text).toContain("console.error: fixture console error");
      expect(text).toMatch(/pageerror: .*fixture uncaught error/);
      expect(text).toContain(`HTTP 404: ${isolatedServer!.url}missing.js`);
    } finally {
      await page.close();
    }
  });

  it("fails, naming the URL and status, when the page itself does not load", async () => {
    await expect(openPage(browser!.context, `${isolatedServer!.url}nope.html`)).rejects.toThrow(
      /nope\.html answered HTTP 404/,
    );
  });

  it("refuses a URL that is not on loopback, before any navigation", async () => {
    const pagesBefore = browser!.context.pages().length;
    await expect(openPage(browser!.context, "http://example.com/")).rejects.toThrow(/loopback.*example\.com/);
    await expect(openPage(browser!.context, "http://127.0.0.1.example.com/")).rejects.toThrow(/loopback/);
    expect(browser!.context.pages().length).toBe(pagesBefore);
  });
});
