// Runs one sandboxed program with quickexec's browser bundle and shows its
// output (#output, #stderr), exit code (#exit-code), the run's error message if
// any (#error-message) and whether the page is cross-origin isolated (#isolated).
// #status ends as "done", or "error: ..." when the page itself failed (for
// example, the bundle is not built).

/** The untrusted program: writes a file, reads it back, and computes with what it read. */
const PROGRAM = `const fs = require("fs");
const path = require("path");

// The first 12 primes, by trial division.
const primes = [];
for (let n = 2; primes.length < 12; n++) {
  if (primes.every((p) => n % p !== 0)) primes.push(n);
}

const file = path.join("/data", "primes.json");
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify({ primes }));

const text = fs.readFileSync(file, "utf8");
const read = JSON.parse(text).primes;
console.log(file + " (" + fs.statSync(file).size + " bytes): " + text);
console.log("sum: " + read.reduce((a, b) => a + b, 0));
console.log("base64: " + Buffer.from(text).toString("base64"));
`;

const $ = (id) => document.getElementById(id);

function setStatus(text) {
  $("status").textContent = text;
}

function fail(error) {
  const message = error instanceof Error ? error.message : String(error);
  setStatus(`error: ${message}`);
}

// Errors that escape main() (or anything else on the page) still end the status.
window.addEventListener("error", (event) => fail(event.error ?? event.message));
window.addEventListener("unhandledrejection", (event) => fail(event.reason));

async function main() {
  const isolated = globalThis.crossOriginIsolated === true;
  $("isolated").textContent = isolated ? "yes" : "no";
  $("isolation-note").hidden = isolated;
  $("program").textContent = PROGRAM;

  // Imported here rather than at the top, so a missing or broken bundle shows as an error status.
  const { NodeRuntime, createBrowserDriver, createBrowserRuntimeDriverFactory, allowAllFs } = await import(
    "../../dist/browser/quickexec.js"
  );

  setStatus("running");
  const runtime = new NodeRuntime({
    systemDriver: createBrowserDriver({ filesystem: "memory", permissions: allowAllFs }),
    runtimeDriverFactory: createBrowserRuntimeDriverFactory(),
    onStdio: ({ channel, message }) => {
      $(channel === "stderr" ? "stderr" : "output").textContent += message;
    },
  });
  try {
    const result = await runtime.exec(PROGRAM, { cpuTimeLimitMs: 5000 });
    $("exit-code").textContent = String(result.code);
    // Why the run ended, when it did not end normally (an uncaught error, a limit, ...).
    if (result.errorMessage) {
      $("error-message").textContent = result.errorMessage;
      $("error-line").hidden = false;
    }
  } finally {
    runtime.dispose();
  }
  setStatus("done");
}

main().catch(fail);
