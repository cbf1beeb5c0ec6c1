#!/usr/bin/env node
// Makes sure Debian's Chromium is installed at /usr/bin/chromium, which the
// browser tests drive through playwright-core (no browser download, ever).
//
// - Already there: exits 0 at once.
// - Missing, running as root with apt-get available: installs the `chromium`
//   package with apt-get (output shown, so CI logs carry it), then checks again.
// - Otherwise: says what is missing and how to install it, and exits 1.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Where the browser tests expect the Chromium executable. */
const CHROMIUM = "/usr/bin/chromium";

/** True when `path` exists and is executable. */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Full path of `name` on PATH, or undefined. */
function which(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Runs a command with inherited stdio; exits with a clear message when it fails. */
function run(command, args, env) {
  console.error(`ensure-chromium: running ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.error) {
    console.error(`ensure-chromium: could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.status}`;
    console.error(`ensure-chromium: ${command} ${args.join(" ")} ${how}`);
    process.exit(1);
  }
}

if (isExecutable(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const aptGet = which("apt-get");

if (!isRoot || aptGet === undefined) {
  const reasons = [];
  if (aptGet === undefined) reasons.push("apt-get was not found on PATH");
  if (!isRoot) reasons.push("this script is not running as root");
  console.error(
    [
      `ensure-chromium: ${CHROMIUM} is missing; the browser tests need Debian's chromium there.`,
      `It cannot be installed automatically here: ${reasons.join(" and ")}.`,
      "Install it with:",
      "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium",
      "(playwright-core drives that executable; no browser is downloaded).",
    ].join("\n"),
  );
  process.exit(1);
}

run(aptGet, ["update"]);
run(aptGet, ["install", "-y", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });

if (!isExecutable(CHROMIUM)) {
  console.error(
    `ensure-chromium: apt-get installed the chromium package, but ${CHROMIUM} is still missing or not executable.`,
  );
  process.exit(1);
}
console.error(`ensure-chromium: ${CHROMIUM} installed`);
