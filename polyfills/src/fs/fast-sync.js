// Sync forms of the busiest node:fs functions without the step machinery:
// for the common case (a string path, one host call) each makes its call
// directly, which saves a generator, its runner and two rest/apply calls
// (about 3 µs of guest work per call, a tenth of a small readFileSync).
// Anything else (a descriptor, a Buffer or URL path, /dev/stdin, a recursive
// listing, ...) goes to the steps (./steps.js), which stay the one
// definition of what each function does: every fast form converts its
// arguments in the same order, with the same helpers, and makes the same
// call as its steps would, so its checks, errors and permission requests on
// the host are the same.
/* global require */
import { arrayBufferOf, encodePath, encoded, fromHost, options, toBytes, toMode, toPath } from "./args.js";
import { Dirent, constants, flagsOf, makeStats } from "./stats.js";
import { runSync } from "./io.js";
import * as steps from "./steps.js";

const host = require("internal/host", true);
const hostCall = host.call;
const hostCallBytes = host.callBytes;

const READ_FILE_DEFAULTS = { encoding: null, flag: "r" };
const STAT_DEFAULTS = { bigint: false, throwIfNoEntry: true };
const READDIR_DEFAULTS = { encoding: "utf8", withFileTypes: false, recursive: false };
const ENCODING_DEFAULTS = { encoding: "utf8" };
const WRITE_FILE_DEFAULTS = { encoding: "utf8", mode: 0o666, flag: "w" };

/** The sync form `name` of `stepFn`: `fast(...)` for the common case, `stepFn`'s steps for the rest (`fast` returns `slow` to ask for them). */
function fastForm(name, stepFn, fast) {
  Object.defineProperty(fast, "name", { value: name });
  Object.defineProperty(fast, "length", { value: stepFn.length });
  return fast;
}

const readFileSync = fastForm("readFileSync", steps.readFile, function (path, opts) {
  // A descriptor, a Buffer or URL, or stdin: the steps.
  if (typeof path !== "string" || path === "/dev/stdin") return runSync(steps.readFile(path, opts));
  // As the steps: options first, then the path.
  const encoding = opts === "utf8" || opts === "utf-8" ? opts : options(opts, READ_FILE_DEFAULTS).encoding;
  const p = toPath(path);
  if (encoding === "utf8" || encoding === "utf-8") return hostCall("fs.readFile", p, "utf8");
  return encoded(fromHost(hostCall("fs.readFile", p)), encoding);
});

const existsSync = fastForm("existsSync", steps.exists, function (path) {
  let p;
  try {
    p = toPath(path);
  } catch {
    return false;
  }
  return hostCall("fs.exists", p) === true;
});

/** `statSync` and `lstatSync`, as `steps.statWith`. */
function statSyncWith(op, path, opts) {
  const o = opts === undefined ? STAT_DEFAULTS : options(opts, STAT_DEFAULTS);
  const p = toPath(path);
  let s;
  try {
    s = hostCall(op, p);
  } catch (err) {
    if (o.throwIfNoEntry === false && err.code === "ENOENT") return undefined;
    throw err;
  }
  return makeStats(s, o.bigint);
}

const statSync = fastForm("statSync", steps.stat, function (path, opts) {
  return statSyncWith("fs.stat", path, opts);
});

const lstatSync = fastForm("lstatSync", steps.lstat, function (path, opts) {
  return statSyncWith("fs.lstat", path, opts);
});

const accessSync = fastForm("accessSync", steps.access, function (path, mode) {
  hostCall("fs.access", toPath(path), toMode(mode, "mode", constants.F_OK));
});

const readdirSync = fastForm("readdirSync", steps.readdir, function (path, opts) {
  const o = opts === undefined ? READDIR_DEFAULTS : options(opts, READDIR_DEFAULTS);
  const base = toPath(path);
  if (o.recursive) return runSync(steps.readdirRecursive(base, o));
  const list = hostCall("fs.readdir", base, o.withFileTypes === true);
  if (o.withFileTypes) return list.map(([name, type]) => new Dirent(encodePath(name, o.encoding), type, base));
  return list.map((name) => encodePath(name, o.encoding));
});

const realpathSync = fastForm("realpathSync", steps.realpath, function (path, opts) {
  const o = opts === undefined ? ENCODING_DEFAULTS : options(opts, ENCODING_DEFAULTS);
  return encodePath(hostCall("fs.realpath", toPath(path)), o.encoding);
});

const writeFileSync = fastForm("writeFileSync", steps.writeFile, function (file, data, opts) {
  // A descriptor, a Buffer or URL, or stdout/stderr: the steps.
  if (typeof file !== "string" || file === "/dev/stdout" || file === "/dev/stderr") return runSync(steps.writeFile(file, data, opts));
  // As the steps: options, the data, the path, the mode, the flag.
  const o = options(opts, WRITE_FILE_DEFAULTS);
  const utf8Text = typeof data === "string" && (o.encoding === "utf8" || o.encoding === "utf-8" || !o.encoding);
  const bytes = utf8Text ? null : toBytes(data, o.encoding);
  const p = toPath(file, "path");
  const mode = toMode(o.mode, "mode", 0o666);
  if (utf8Text) hostCall("fs.writeFile", p, data, flagsOf(o.flag, "w"), mode);
  else hostCallBytes("fs.writeFile", 1, arrayBufferOf(bytes), p, flagsOf(o.flag, "w"), mode);
});

export { accessSync, existsSync, lstatSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync };
