// quickexec child-process and network benchmark: a guest spawnSync round trip
// and a guest fetch round trip to a local server, each next to the same done
// by the host directly. Prints figures and ratios measured in this one run;
// never asserts. Talks to 127.0.0.1 only.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { cpus } from "node:os";
import {
  NodeRuntime,
  createDefaultNetworkAdapter,
  createNodeCommandExecutor,
  createNodeDriver,
  createNodeRuntimeDriverFactory,
} from "quickexec";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (v) => `${v.toFixed(2)} ms`;

console.log("quickexec child-process and network benchmark");
console.log(`${new Date().toISOString()}  node ${process.version}  ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`);

const runtime = new NodeRuntime({
  systemDriver: createNodeDriver({
    commandExecutor: createNodeCommandExecutor({ command: (c) => (c === "node" ? process.execPath : c), cwd: () => process.cwd() }),
    networkAdapter: createDefaultNetworkAdapter({ allowPrivateAddresses: (address) => address === "127.0.0.1" }),
    permissions: { childProcess: () => ({ allow: true }), network: () => ({ allow: true }) },
  }),
  runtimeDriverFactory: createNodeRuntimeDriverFactory(),
  timingMitigation: "off",
});

async function guestTimes(code, filePath) {
  const result = await runtime.run(code, filePath);
  if (result.code !== 0) throw new Error(`benchmark program failed: ${result.errorMessage}`);
  return filePath?.endsWith(".mjs") ? result.exports.times : result.exports;
}

// ---- 1. spawnSync round trip ------------------------------------------------------
const SPAWNS = 20;
const spawnCode = (command, args) => `
  const { spawnSync } = require("child_process");
  const times = [];
  for (let i = 0; i < ${SPAWNS + 2}; i++) {
    const t0 = performance.now();
    const r = spawnSync(${JSON.stringify(command)}, ${JSON.stringify(args)}, { encoding: "utf8" });
    if (r.status !== 0) throw new Error("child failed: " + r.status + " " + r.stderr);
    times.push(performance.now() - t0);
  }
  module.exports = times.slice(2);
`;
function hostSpawnTimes(command, args) {
  const times = [];
  for (let i = 0; i < SPAWNS + 2; i++) {
    const t0 = performance.now();
    const r = spawnSync(command, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error("host child failed");
    times.push(performance.now() - t0);
  }
  return times.slice(2);
}
console.log(`\n1. spawnSync round trip (median of ${SPAWNS})`);
for (const [label, command, hostCommand, args] of [
  ["true", "true", "true", []],
  ["node --version", "node", process.execPath, ["--version"]],
]) {
  const guest = median(await guestTimes(spawnCode(command, args)));
  const host = median(hostSpawnTimes(hostCommand, args));
  console.log(`   ${label.padEnd(16)} guest ${ms(guest)}   host ${ms(host)}   ratio ${(guest / host).toFixed(2)}x`);
}

// ---- 2. fetch round trip ------------------------------------------------------------
const server = createServer((req, res) => {
  res.setHeader("content-type", "text/plain");
  res.end("hello");
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
const FETCHES = 200;
const fetchCode = `
  const all = [];
  for (let i = 0; i < ${FETCHES + 20}; i++) {
    const t0 = performance.now();
    const r = await fetch(${JSON.stringify(url)});
    if ((await r.text()) !== "hello") throw new Error("bad body");
    all.push(performance.now() - t0);
  }
  export const times = all.slice(20);
`;
async function hostFetchTimes() {
  const times = [];
  for (let i = 0; i < FETCHES + 20; i++) {
    const t0 = performance.now();
    const r = await fetch(url);
    if ((await r.text()) !== "hello") throw new Error("bad body");
    times.push(performance.now() - t0);
  }
  return times.slice(20);
}
console.log(`\n2. fetch round trip to a server on 127.0.0.1 (median of ${FETCHES})`);
const guestFetch = median(await guestTimes(fetchCode, "/root/bench.mjs"));
const hostFetch = median(await hostFetchTimes());
console.log(`   guest fetch ${ms(guestFetch)}   host fetch ${ms(hostFetch)}   ratio ${(guestFetch / hostFetch).toFixed(2)}x`);

server.close();
runtime.dispose();
