// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// packages: chalk chalk4 supports-color
// chalk 5 (ESM), chalk 4 (CommonJS) and supports-color: stdout is a pipe, so no
// colour unless FORCE_COLOR says so, as in Node.
import { createRequire } from "node:module";
import chalk from "chalk";
import supportsColor, { createSupportsColor } from "supports-color";
const require = createRequire(import.meta.url);
const { show } = require("../show.cjs");

show("chalk 5 level on a pipe", () => chalk.level);
show("chalk 5 plain text", () => chalk.red.bold("red"));
show("supports-color on a pipe", () => [supportsColor.stdout, supportsColor.stderr]);
show("chalk 5 instance with level 3", () => new chalk.constructor({ level: 3 }).rgb(10, 20, 30).underline("x"));
show("chalk 5 instance with level 1", () => new chalk.constructor({ level: 1 }).hex("#ff0000")("x"));

process.env.FORCE_COLOR = "2";
const chalk4 = require("chalk4");
show("chalk 4 with FORCE_COLOR=2", () => [chalk4.level, chalk4.green("ok"), chalk4.bgBlue.white("b")]);
show("supports-color with FORCE_COLOR=2", () => createSupportsColor({ isTTY: false }));
