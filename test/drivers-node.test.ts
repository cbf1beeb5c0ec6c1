// The shared driver suite (test/shared/cases.ts) against the Node driver. The
// same cases run in headless Chromium against the browser driver in
// test/drivers-browser.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { startStaticServer, type StaticServer } from "../scripts/static-server.mjs";
import { casesFor, checkCase, type CaseApi } from "./shared/cases.js";
import { nodeCaseApi } from "./node-case-api.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
let server: StaticServer;
let api: CaseApi;

beforeAll(async () => {
  server = await startStaticServer({ root: repoRoot, isolated: false });
  api = nodeCaseApi(server.url);
});

afterAll(async () => {
  await server?.close();
});

describe("shared driver suite: Node driver", () => {
  for (const c of casesFor(true)) {
    it(c.name, async () => {
      checkCase(c, await c.run(api), expect, api);
    });
  }
});
