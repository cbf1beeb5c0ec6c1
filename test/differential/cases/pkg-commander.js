"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// packages: commander
const { show } = require("../show.cjs");
const { Command, CommanderError, InvalidArgumentError } = require("commander");

function program() {
  const p = new Command("tool");
  p.exitOverride();
  p.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  p.option("-n, --number <n>", "a number", (v) => {
    const n = Number(v);
    if (Number.isNaN(n)) throw new InvalidArgumentError("Not a number.");
    return n;
  });
  p.option("-v, --verbose", "say more");
  p.argument("[file]");
  return p;
}
const ok = program().parse(["node", "tool", "-n", "3", "-v", "a.txt"]);
show("parse", () => [ok.opts(), ok.args]);
for (const argv of [["--bogus"], ["-n", "x"], ["--help"], ["-n"]]) {
  let err;
  try {
    program().parse(["node", "tool", ...argv]);
  } catch (e) {
    err = e;
  }
  show(`error for ${argv.join(" ")}`, () => [err instanceof CommanderError, err.code, err.exitCode, err.name, err.message.split("\n")[0]]);
}
show("CommanderError has a stack", () => typeof new CommanderError(2, "x.code", "message").stack);
