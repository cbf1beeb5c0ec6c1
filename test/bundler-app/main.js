// A page as a bundler user writes it: quickexec imported by its package name,
// built by Vite (test/bundler-vite.test.ts). It runs two sandboxed programs and
// leaves what they did in `window.bundlerAppResult` (and #output), or the
// page's own failure in #status.
import { NodeRuntime, allowAllFs, createBrowserDriver, createBrowserRuntimeDriverFactory, createInMemoryFileSystem } from "quickexec/browser";
import * as packageRoot from "quickexec";

/** Prints only: needs no synchronous call to the host, so it runs on any page. */
const PRINTS = `const path = require("path");
let sum = 0;
for (let i = 1; i <= 100; i++) sum += i;
console.log("joined:", path.join("/a", "b", "..", "c.txt"));
process.stdout.write("sum: " + sum + "\\n");
console.log("hex:", Buffer.from("quickexec").toString("hex"));
`;

/** Reads the file the page put in its filesystem, writes another and reads that back (synchronous fs). */
const FILES = `const fs = require("fs");
const input = fs.readFileSync("/data/input.txt", "utf8");
console.log("read:", JSON.stringify(input));
fs.writeFileSync("/data/upper.txt", input.toUpperCase());
console.log("wrote:", fs.readFileSync("/data/upper.txt", "utf8"), fs.statSync("/data/upper.txt").size);
`;

const $ = (id) => document.getElementById(id);
const fail = (error) => {
  $("status").textContent = `error: ${error instanceof Error ? error.stack || error.message : String(error)}`;
};
window.addEventListener("error", (event) => fail(event.error ?? event.message));
window.addEventListener("unhandledrejection", (event) => fail(event.reason));

async function run(code, filesystem) {
  const output = { stdout: "", stderr: "" };
  const runtime = new NodeRuntime({
    systemDriver: createBrowserDriver({ filesystem, permissions: allowAllFs }),
    runtimeDriverFactory: createBrowserRuntimeDriverFactory(),
    onStdio: ({ channel, message }) => {
      output[channel === "stderr" ? "stderr" : "stdout"] += message;
    },
  });
  try {
    const result = await runtime.exec(code, { cpuTimeLimitMs: 5000 });
    return { code: result.code, errorMessage: result.errorMessage ?? "", ...output };
  } finally {
    runtime.dispose();
  }
}

async function main() {
  const filesystem = createInMemoryFileSystem();
  await filesystem.mkdir("/data");
  await filesystem.writeFile("/data/input.txt", "hello from the page");
  const result = {
    isolated: globalThis.crossOriginIsolated === true,
    // "quickexec" (the package root) resolves to the same browser bundle under the "browser" condition.
    sameEntry: packageRoot.NodeRuntime === NodeRuntime,
    prints: await run(PRINTS, "memory"),
    files: await run(FILES, filesystem),
  };
  window.bundlerAppResult = result;
  $("output").textContent = JSON.stringify(result, null, 2);
  $("status").textContent = "done";
}

main().catch(fail);
