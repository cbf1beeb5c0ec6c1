// util.debuglog (util.debug) as Node has it: a logger for a section that
// writes "SECTION pid: message" to stderr only when NODE_DEBUG names the
// section (comma-separated, `*` as a wildcard, case-insensitive), with an
// `enabled` flag, and the optional callback given the real logger on first
// use. NODE_DEBUG is read once, when util is first loaded (Node reads it at
// startup, before any program code).
/* global process */
import { format, formatWithOptions, inspect } from "node-inspect-extracted";

let enabledTest = null;
const impls = Object.create(null);

function testEnabled(section) {
  if (enabledTest === null) {
    const spec = typeof process.env.NODE_DEBUG === "string" ? process.env.NODE_DEBUG : "";
    if (spec === "") enabledTest = () => false;
    else {
      const pattern = spec
        .replace(/[|\\{}()[\]^$+?.]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/,/g, "$|^");
      const regex = new RegExp(`^${pattern}$`, "i");
      enabledTest = (name) => regex.test(name);
    }
  }
  return enabledTest(section);
}

function noop() {}

function debuglogImpl(enabled, section) {
  if (impls[section] === undefined) {
    if (enabled) {
      const pid = process.pid;
      if (section === "HTTP" || section === "HTTP2") {
        process.emitWarning(
          `Setting the NODE_DEBUG environment variable to '${section.toLowerCase()}' can expose sensitive data (such as passwords, tokens and authentication headers) in the resulting log.`,
        );
      }
      impls[section] = function debug(...args) {
        const message = formatWithOptions({ colors: false }, ...args);
        process.stderr.write(format("%s %s: %s\n", section, inspect(pid, { colors: false }), message));
      };
    } else {
      impls[section] = noop;
    }
  }
  return impls[section];
}

/** util.debuglog(section, callback). */
export function debuglog(section, callback) {
  let enabled;
  const init = () => {
    section = String(section).toUpperCase();
    enabled = testEnabled(section);
  };
  let debug = (...args) => {
    init();
    debug = debuglogImpl(enabled, section);
    if (typeof callback === "function") callback(debug);
    return debug(...args);
  };
  let test = () => {
    init();
    test = () => enabled;
    return enabled;
  };
  const logger = (...args) => debug(...args);
  Object.defineProperty(logger, "enabled", { get: () => test(), configurable: true, enumerable: true });
  return logger;
}
