// internal/os — what node:os adds to the prelude's values (the host's
// osConfig) to behave as Node's lib/os.js: tmpdir() and homedir() read the
// guest's environment first (TMPDIR/TMP/TEMP, HOME) as Node does, then the
// configured values, EOL and
// devNull are read-only, the functions print as their value
// (`${os.tmpdir}`), userInfo() takes { encoding }, getPriority/setPriority
// validate like Node and remember the priority of the sandbox's own
// process. networkInterfaces() stays the prelude's (none: the host's are
// not disclosed, see test/security/disclosure.test.ts).
import { outOfRange } from "../shared/buffer-checks.js";
import { codedError as nodeError, describeReceived as received } from "../shared/errors.js";

function validateInt32(value, name, min, max) {
  if (typeof value !== "number") throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" argument must be of type number.${received(value)}`);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}
function systemError(syscall, code, errno, message) {
  const err = new Error(`A system error occurred: ${syscall} returned ${code} (${message})`);
  err.name = "SystemError";
  err.code = "ERR_SYSTEM_ERROR";
  err.info = { errno, code, message, syscall };
  err.errno = errno;
  err.syscall = syscall;
  return err;
}

/**
 * Node's os module over the prelude's one.
 * @param {object} base the prelude's os values and functions
 * @param {object} process the guest's process
 */
function createOs(base, process) {
  const env = (name) => {
    const value = process.env[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const windows = base.platform() === "win32";
  function tmpdir() {
    if (windows) {
      const path = env("TEMP") || env("TMP") || `${env("SystemRoot") || env("windir")}\\temp`;
      return path.length > 1 && path.endsWith("\\") && !path.endsWith(":\\") ? path.slice(0, -1) : path;
    }
    // Where Node falls back to /tmp, the sandbox's configured tmpdir (default /tmp).
    const path = env("TMPDIR") || env("TMP") || env("TEMP") || base.tmpdir();
    return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  }
  function homedir() {
    return env(windows ? "USERPROFILE" : "HOME") || base.homedir();
  }
  function userInfo(options) {
    const info = base.userInfo();
    if (options && options.encoding === "buffer") {
      const { Buffer } = require("buffer");
      for (const key of ["username", "homedir", "shell"]) if (typeof info[key] === "string") info[key] = Buffer.from(info[key]);
    }
    return info;
  }
  const priorities = new Map();
  const pidOf = (pid) => {
    if (pid === undefined) return 0;
    validateInt32(pid, "pid", -(2 ** 31), 2 ** 31 - 1);
    return pid === process.pid ? 0 : pid;
  };
  function getPriority(pid) {
    const key = pidOf(pid);
    if (key !== 0) throw systemError("uv_os_getpriority", "ESRCH", -3, "no such process");
    return priorities.get(key) ?? 0;
  }
  function setPriority(pid, priority) {
    if (priority === undefined) {
      priority = pid;
      pid = 0;
    }
    const key = pidOf(pid);
    validateInt32(priority, "priority", -20, 19);
    if (key !== 0) throw systemError("uv_os_setpriority", "ESRCH", -3, "no such process");
    priorities.set(key, priority);
  }
  const named = (name, fn) => Object.defineProperty(fn, "name", { value: name });
  const os = {};
  const functions = {
    arch: base.arch, availableParallelism: base.availableParallelism, cpus: base.cpus, endianness: base.endianness,
    freemem: base.freemem, getPriority, homedir, hostname: base.hostname, loadavg: base.loadavg, networkInterfaces: base.networkInterfaces,
    platform: base.platform, release: base.release, setPriority, tmpdir, totalmem: base.totalmem, type: base.type,
    userInfo, uptime: base.uptime, version: base.version, machine: base.machine,
  };
  for (const [name, fn] of Object.entries(functions)) os[name] = named(name, (...args) => fn(...args));
  // Node: `${os.tmpdir}` is the directory, and so on for the functions without arguments.
  for (const name of ["arch", "availableParallelism", "endianness", "freemem", "homedir", "hostname", "machine", "platform", "release", "tmpdir", "totalmem", "type", "uptime", "version"]) {
    os[name][Symbol.toPrimitive] = () => os[name]();
  }
  os.constants = base.constants;
  Object.defineProperties(os, {
    EOL: { configurable: true, enumerable: true, writable: false, value: base.EOL },
    devNull: { configurable: true, enumerable: true, writable: false, value: base.devNull },
  });
  return os;
}

export default { createOs };
