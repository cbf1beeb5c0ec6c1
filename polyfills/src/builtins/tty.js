// node:tty — no file descriptor of a sandboxed program is a terminal: its
// output goes to the host's onStdio callback. So isatty() is false for every
// fd, process.stdout/stderr are not tty.WriteStreams, and building a
// ReadStream or WriteStream fails as Node's does on a non-terminal fd
// (ERR_TTY_INIT_FAILED). The colour logic (getColorDepth/hasColors) is Node's
// decision table over an environment, so libraries that call it on an env of
// their choosing (or with FORCE_COLOR set) get Node's answer.
/* global require, process */
const { codedError, describe, invalidArgType } = require("internal/errors", true);
const Stream = require("stream");

const DEPTH_2 = 1;
const DEPTH_16 = 4;
const DEPTH_256 = 8;
const DEPTH_16M = 24;

// Terminal names (lower case) with a known colour depth; other names are judged by TERM_PATTERNS.
const TERM_DEPTHS = {
  eterm: DEPTH_16, cons25: DEPTH_16, console: DEPTH_16, cygwin: DEPTH_16, dtterm: DEPTH_16, gnome: DEPTH_16,
  hurd: DEPTH_16, jfbterm: DEPTH_16, konsole: DEPTH_16, kterm: DEPTH_16, mlterm: DEPTH_16, mosh: DEPTH_16M,
  putty: DEPTH_16, st: DEPTH_16, "rxvt-unicode-24bit": DEPTH_16M, terminator: DEPTH_16M,
};
const TERM_PATTERNS = [/ansi/, /color/, /linux/, /^con[0-9]*x[0-9]/, /^rxvt/, /^screen/, /^xterm/, /^vt100/];
const CI_WITH_256 = ["APPVEYOR", "BUILDKITE", "CIRCLECI", "DRONE", "GITHUB_ACTIONS", "GITLAB_CI", "TRAVIS"];

let warnedIgnored = false;
function warnIgnored(env) {
  if (warnedIgnored) return;
  const names = [];
  if (env.NODE_DISABLE_COLORS !== undefined) names.push("NODE_DISABLE_COLORS");
  if (env.NO_COLOR !== undefined) names.push("NO_COLOR");
  if (names.length === 0) return;
  warnedIgnored = true;
  process.emitWarning(`The '${names.join("' and '")}' env is ignored due to the 'FORCE_COLOR' env being set.`, "Warning");
}

function forcedDepth(value, env) {
  if (value === "" || value === "1" || value === "true") {
    warnIgnored(env);
    return DEPTH_16;
  }
  if (value === "2") {
    warnIgnored(env);
    return DEPTH_256;
  }
  if (value === "3") {
    warnIgnored(env);
    return DEPTH_16M;
  }
  return DEPTH_2;
}

function termProgramDepth(env) {
  switch (env.TERM_PROGRAM) {
    case "iTerm.app":
      return !env.TERM_PROGRAM_VERSION || /^[0-2]\./.test(env.TERM_PROGRAM_VERSION) ? DEPTH_256 : DEPTH_16M;
    case "HyperTerm":
    case "MacTerm":
      return DEPTH_16M;
    case "Apple_Terminal":
      return DEPTH_256;
    default:
      return undefined;
  }
}

function termDepth(term) {
  if (/^xterm-256/.test(term)) return DEPTH_256;
  const name = term.toLowerCase();
  if (TERM_DEPTHS[name]) return TERM_DEPTHS[name];
  return TERM_PATTERNS.some((re) => re.test(name)) ? DEPTH_16 : undefined;
}

function windowsDepth() {
  const parts = require("os").release().split(".");
  if (Number(parts[0]) >= 10) {
    const build = Number(parts[2]);
    if (build >= 14931) return DEPTH_16M;
    if (build >= 10586) return DEPTH_256;
  }
  return DEPTH_16;
}

/** Colour depth in bits (1, 4, 8 or 24) that a terminal described by `env` supports, as Node decides it. */
function getColorDepth(env = process.env) {
  if (env.FORCE_COLOR !== undefined) return forcedDepth(env.FORCE_COLOR, env);
  if (env.NODE_DISABLE_COLORS !== undefined || env.NO_COLOR !== undefined || env.TERM === "dumb") return DEPTH_2;
  if (process.platform === "win32") return windowsDepth();
  if (env.TMUX) return DEPTH_256;
  if (env.CI) return CI_WITH_256.some((name) => name in env) || env.CI_NAME === "codeship" ? DEPTH_256 : DEPTH_2;
  if ("TEAMCITY_VERSION" in env) return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? DEPTH_16 : DEPTH_2;
  const program = termProgramDepth(env);
  if (program !== undefined) return program;
  if (env.COLORTERM === "truecolor" || env.COLORTERM === "24bit") return DEPTH_16M;
  if (env.TERM) {
    const depth = termDepth(env.TERM);
    if (depth !== undefined) return depth;
  }
  return env.COLORTERM ? DEPTH_16 : DEPTH_2;
}


/** Whether `count` colours (default 16) are available in `env`. */
function hasColors(count, env) {
  if (env === undefined && (count === undefined || (typeof count === "object" && count !== null))) {
    env = count;
    count = 16;
  } else if (typeof count !== "number") {
    const err = codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "count" argument must be of type number. Received ${describe(count)}`);
    throw err;
  } else if (!Number.isInteger(count) || count < 2 || count > Number.MAX_SAFE_INTEGER) {
    const err = codedError(RangeError, "ERR_OUT_OF_RANGE", 
      `The value of "count" is out of range. It must be ${Number.isInteger(count) ? ">= 2 && <= 9007199254740991" : "an integer"}. Received ${count}`,
    );
    throw err;
  }
  return count <= 2 ** getColorDepth(env);
}

/** Whether `fd` refers to a terminal: never, inside the sandbox. */
function isatty(fd) {
  return false;
}

function ttyInitFailed() {
  // Node's SystemError for uv_tty_init on an fd that is not a terminal.
  const err = codedError(Error, "ERR_TTY_INIT_FAILED", "TTY initialization failed: uv_tty_init returned EINVAL (invalid argument)");
  err.name = "SystemError";
  err.info = { errno: -22, code: "EINVAL", message: "invalid argument", syscall: "uv_tty_init" };
  err.errno = -22;
  err.syscall = "uv_tty_init";
  return err;
}

function checkFd(fd) {
  if (!Number.isInteger(fd) || fd < 0 || fd > 2147483647) {
    const err = codedError(RangeError, "ERR_INVALID_FD", `"fd" must be a positive integer: ${String(fd)}`);
    throw err;
  }
}

/** tty.ReadStream: a terminal's input. No fd is one here, so construction fails as in Node. */
class ReadStream extends Stream.Readable {
  constructor(fd) {
    checkFd(fd);
    throw ttyInitFailed();
  }
  setRawMode() {
    return this;
  }
}
ReadStream.prototype.isRaw = false;
ReadStream.prototype.isTTY = true;

/** tty.WriteStream: a terminal's output. No fd is one here, so construction fails as in Node. */
class WriteStream extends Stream.Writable {
  constructor(fd) {
    checkFd(fd);
    throw ttyInitFailed();
  }
  getColorDepth(env) {
    return getColorDepth(env);
  }
  hasColors(count, env) {
    return hasColors(count, env);
  }
  getWindowSize() {
    return [this.columns, this.rows];
  }
  cursorTo(x, y, callback) {
    return require("readline").cursorTo(this, x, y, callback);
  }
  moveCursor(dx, dy, callback) {
    return require("readline").moveCursor(this, dx, dy, callback);
  }
  clearLine(dir, callback) {
    return require("readline").clearLine(this, dir, callback);
  }
  clearScreenDown(callback) {
    return require("readline").clearScreenDown(this, callback);
  }
}
WriteStream.prototype.isTTY = true;
WriteStream.prototype.columns = 80;
WriteStream.prototype.rows = 24;

export default { isatty, ReadStream, WriteStream };
