"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:tty. stdout is a pipe on both sides, so no fd is a terminal.
const { show } = require("../show.cjs");
const tty = require("tty");

show("isatty", () => [tty.isatty(0), tty.isatty(1), tty.isatty(2), tty.isatty(99), tty.isatty(-1), tty.isatty("1")]);
show("classes", () => [typeof tty.ReadStream, typeof tty.WriteStream]);
const depth = (env) => tty.WriteStream.prototype.getColorDepth(env);
show("getColorDepth of empty env", () => depth({}));
show("getColorDepth FORCE_COLOR", () => ["0", "1", "2", "3", "", "true", "false"].map((v) => depth({ FORCE_COLOR: v })));
show("getColorDepth TERM", () => ["xterm-256color", "xterm", "screen", "dumb", "linux", "mosh", "rxvt-unicode-24bit", "unknown"].map((t) => depth({ TERM: t })));
show("getColorDepth COLORTERM", () => [depth({ COLORTERM: "truecolor" }), depth({ COLORTERM: "24bit" }), depth({ COLORTERM: "yes" })]);
show("getColorDepth NO_COLOR / NODE_DISABLE_COLORS", () => [depth({ NO_COLOR: "", TERM: "xterm-256color" }), depth({ NODE_DISABLE_COLORS: "1", COLORTERM: "truecolor" })]);
show("getColorDepth CI", () => [depth({ CI: "1" }), depth({ CI: "1", GITHUB_ACTIONS: "true" }), depth({ CI: "1", CI_NAME: "codeship" })]);
show("getColorDepth TMUX / TERM_PROGRAM", () => [depth({ TMUX: "1" }), depth({ TERM_PROGRAM: "iTerm.app", TERM_PROGRAM_VERSION: "3.4" }), depth({ TERM_PROGRAM: "Apple_Terminal" })]);
show("getColorDepth TEAMCITY", () => [depth({ TEAMCITY_VERSION: "9.1.0" }), depth({ TEAMCITY_VERSION: "8.0" })]);
const has = (...a) => tty.WriteStream.prototype.hasColors(...a);
show("hasColors", () => [has({}), has({ TERM: "xterm-256color" }), has(256, { TERM: "xterm-256color" }), has(2 ** 24, { COLORTERM: "truecolor" }), has(2, {})]);
show("hasColors bad count type", () => has("x", {}));
show("hasColors count out of range", () => has(1, {}));
show("new WriteStream on a pipe", () => new tty.WriteStream(1));
show("new ReadStream with a bad fd", () => new tty.ReadStream(-1));
