// quickexec "hello": run an untrusted program in a sandbox, watch it print,
// get denied, and exit with its own code; then watch a runaway loop get
// stopped by the CPU limit. The last line is one JSON summary with "ok".
import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory } from "quickexec";

const guestOutput = [];

const runtime = new NodeRuntime({
  systemDriver: createNodeDriver({
    processConfig: {
      // Candidate environment: the guest sees only the keys the env permission allows reading.
      env: { GREETING: "hello from the host", SECRET_TOKEN: "not for the guest" },
    },
    permissions: {
      // Reading GREETING is allowed; every write and every other key is denied.
      env: (req) => ({ allow: req.op === "read" && req.key === "GREETING" }),
    },
  }),
  runtimeDriverFactory: createNodeRuntimeDriverFactory(),
  onStdio: ({ channel, message }) => {
    guestOutput.push({ channel, message });
    process.stdout.write(`[guest ${channel}] ${message.endsWith("\n") ? message : message + "\n"}`);
  },
});

try {
  // 1. A program that prints, is denied a write, and exits with code 3.
  const program = `
    console.log("hello from inside the sandbox");
    console.log("visible env keys:", JSON.stringify(Object.keys(process.env)));
    console.log("GREETING =", process.env.GREETING);
    try {
      process.env.FOO = "x";
      console.log("writing FOO was allowed (unexpected)");
    } catch (error) {
      console.log("writing FOO was denied:", error.code, "-", error.message);
    }
    process.exit(3);
    console.log("not reached");
  `;
  const first = await runtime.exec(program);
  console.log(`[host] first program exited with code ${first.code} (fuel ${first.stats.fuel}, cpu ${first.stats.cpuTimeMs.toFixed(1)} ms)`);

  const stdout = guestOutput.filter((e) => e.channel === "stdout").map((e) => e.message).join("");
  const printed = stdout.includes("hello from inside the sandbox");
  const sawGreeting = stdout.includes("GREETING = hello from the host");
  const secretHidden = !stdout.includes("SECRET_TOKEN") && stdout.includes('visible env keys: ["GREETING"]');
  const denied = /writing FOO was denied: EACCES/.test(stdout);
  const notReached = !stdout.includes("not reached");

  // 2. A runaway loop, stopped by the CPU limit.
  const second = await runtime.exec("while (true) {}", { cpuTimeLimitMs: 200 });
  console.log(`[host] runaway loop ended with code ${second.code}: ${second.errorMessage ?? "(no message)"} (cpu ${second.stats.cpuTimeMs.toFixed(1)} ms, wall ${second.stats.wallTimeMs.toFixed(1)} ms)`);

  const ok =
    printed && sawGreeting && secretHidden && denied && notReached && first.code === 3 && second.code === 124;
  console.log(
    JSON.stringify({
      ok,
      exitCode: first.code,
      printed,
      envVisible: sawGreeting,
      secretHidden,
      writeDenied: denied,
      cpuLimitCode: second.code,
      cpuLimitMessage: second.errorMessage,
    }),
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  runtime.dispose();
}
