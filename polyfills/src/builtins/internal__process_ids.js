// The guest's user and group identity, and process.kill, as Node's POSIX
// process has them, over the sandbox's own small user database: the guest
// starts as the host configured (processConfig.uid / gid, default root 0), the
// only users are root (0) and nobody (65534), the only groups root (0) and
// nogroup (65534). set*id/setgroups/initgroups change this identity inside
// the sandbox only (nothing reaches the host), with Node's validation, its
// ERR_UNKNOWN_CREDENTIAL for unknown names and EPERM once the guest is no
// longer root. umask is the guest's own mask. process.kill validates as Node
// does and goes through process._kill: signals to the guest's own pid go to
// its signal listeners, to one of its children to that child; any other pid
// is EPERM, as before. process-extras.js puts stubs of these on process at
// start-up; this module is loaded by the first call of one of them.
import { describeReceived, invalidArgType, withNodeToString } from "../shared/errors.js";

const USERS = { root: 0, nobody: 65534 };
const GROUPS = { root: 0, nogroup: 65534 };
const NO_DEFAULT_ACTION = new Set(["SIGCHLD", "SIGCONT", "SIGURG", "SIGWINCH"]);

/** An error with Node's code and Node's String() ("Name [CODE]: message"). */
function nodeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return withNodeToString(err);
}
const argType = invalidArgType;
function idType(name, value) {
  return nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" argument must be one of type number or string.${describeReceived(value)}`);
}
function uint32(value, name) {
  if (!Number.isInteger(value)) {
    throw nodeError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be an integer. Received ${value}`);
  }
  if (value < 0 || value > 4294967295) {
    throw nodeError(RangeError, "ERR_OUT_OF_RANGE", `The value of "${name}" is out of range. It must be >= 0 && <= 4294967295. Received ${value}`);
  }
}
function validateId(id, name) {
  if (typeof id === "number") uint32(id, name);
  else if (typeof id !== "string") throw idType(name, id);
}
function errnoError(code, errno, syscall, message) {
  const err = new Error(message);
  err.errno = errno;
  err.code = code;
  err.syscall = syscall;
  return err;
}

/**
 * The identity functions and kill of the guest's process (by name).
 * @param {object} process the guest's process object
 * @param {object} core `signals` (name -> number), `children()` (pid -> ChildProcess), `initialIds()`
 *   (the configured `{ uid, gid }`), `nextTick`,
 *   `emit(event, ...args)` and `exitBySignal(code)`
 */
function create(process, core) {
  const { uid, gid } = core.initialIds();
  const ids = { uid, gid, euid: uid, egid: gid };
  let groups = [gid];
  let mask = 0o22;

  function resolve(id, table, kind) {
    if (typeof id === "number") return id;
    if (Object.prototype.hasOwnProperty.call(table, id)) return table[id];
    throw nodeError(Error, "ERR_UNKNOWN_CREDENTIAL", `${kind} identifier does not exist: ${id}`);
  }
  const user = (id) => resolve(id, USERS, "User");
  const group = (id) => resolve(id, GROUPS, "Group");
  function privileged(syscall) {
    if (ids.euid !== 0) throw errnoError("EPERM", -1, syscall, "EPERM, Operation not permitted");
  }
  function setter(syscall, resolveId, apply) {
    return {
      [syscall](id) {
        validateId(id, "id");
        const value = resolveId(id);
        privileged(syscall);
        apply(value);
      },
    }[syscall];
  }

  const functions = {
    getuid: () => ids.uid,
    getgid: () => ids.gid,
    geteuid: () => ids.euid,
    getegid: () => ids.egid,
    getgroups: () => groups.slice(),
    setuid: setter("setuid", user, (v) => (ids.uid = ids.euid = v)),
    setgid: setter("setgid", group, (v) => (ids.gid = ids.egid = v)),
    seteuid: setter("seteuid", user, (v) => (ids.euid = v)),
    setegid: setter("setegid", group, (v) => (ids.egid = v)),
    setgroups(list) {
      if (!Array.isArray(list)) {
        throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "groups" argument must be an instance of Array.${describeReceived(list)}`);
      }
      for (let i = 0; i < list.length; i++) validateId(list[i], `groups[${i}]`);
      const resolved = list.map(group);
      privileged("setgroups");
      groups = resolved;
    },
    initgroups(userId, extraGroup) {
      validateId(userId, "user");
      validateId(extraGroup, "extraGroup");
      const extra = group(extraGroup);
      user(userId);
      privileged("initgroups");
      groups = [...new Set([extra, ...groups.filter((g) => g === 0)])];
    },
    umask(newMask) {
      const old = mask;
      if (newMask !== undefined) {
        if (typeof newMask === "string") {
          if (!/^[0-7]+$/.test(newMask)) {
            throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'mask' must be a 32-bit unsigned integer or an octal string. Received '${newMask}'`);
          }
          newMask = parseInt(newMask, 8);
        } else if (typeof newMask !== "number") {
          throw argType("mask", "number", newMask);
        }
        uint32(newMask, "mask");
        mask = newMask & 0o777;
      }
      return old;
    },
    kill(pid, sig) {
      // eslint-disable-next-line eqeqeq
      if (pid != (pid | 0)) throw argType("pid", "number", pid);
      let errno;
      if (sig === (sig | 0)) {
        errno = process._kill(pid, sig);
      } else {
        sig = sig || "SIGTERM";
        if (!Object.prototype.hasOwnProperty.call(core.signals, sig)) throw nodeError(TypeError, "ERR_UNKNOWN_SIGNAL", `Unknown signal: ${sig}`);
        errno = process._kill(pid, core.signals[sig]);
      }
      if (errno) {
        const name = errno === -22 ? "EINVAL" : errno === -3 ? "ESRCH" : "EPERM";
        throw errnoError(name, errno, "kill", `kill ${name}`);
      }
      return true;
    },
    /** Sends signal number `sig` to `pid`; 0 on success, else a negative errno. */
    _kill(pid, sig) {
      pid = Number(pid);
      const name = Object.keys(core.signals).find((k) => core.signals[k] === sig);
      if (sig !== 0 && name === undefined) return -22;
      if (pid === process.pid || pid === 0 || pid === -1) {
        if (sig !== 0) core.nextTick(() => deliver(name));
        return 0;
      }
      const child = core.children().get(pid);
      if (child === undefined) return -1;
      if (child.exitCode !== null || child.signalCode !== null) return -3;
      if (sig === 0) return 0;
      child.kill(name);
      return 0;
    },
  };

  // A signal the guest sent itself: its listeners take it, else the default action ends the program.
  function deliver(name) {
    if (core.emit(name, name, core.signals[name])) return;
    if (NO_DEFAULT_ACTION.has(name)) return;
    core.exitBySignal(128 + core.signals[name]);
  }
  return functions;
}

export default { create };
