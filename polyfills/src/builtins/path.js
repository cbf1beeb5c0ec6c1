// node:path — Node's own lib/path.js (posix and win32), as the
// @chainner/node-path package copies it, with Node's argument errors
// (ERR_INVALID_ARG_TYPE: the port throws plain TypeErrors, so every entry
// point validates first with the names Node 22 uses) and matchesGlob, which
// loads its glob matcher (internal/glob) on first use.
import port from "@chainner/node-path";
import { validateString, validateObject } from "../shared/errors.js";

const strings = (names) => (args) => names.forEach((name, i) => validateString(args[i], name));
const VALIDATE = {
  resolve: (args) => args.forEach((a, i) => validateString(a, `paths[${i}]`)),
  normalize: strings(["path"]),
  isAbsolute: strings(["path"]),
  join: (args) => args.forEach((a) => validateString(a, "path")),
  relative: strings(["from", "to"]),
  dirname: strings(["path"]),
  basename: (args) => {
    if (args[1] !== undefined) validateString(args[1], "suffix");
    validateString(args[0], "path");
  },
  extname: strings(["path"]),
  parse: strings(["path"]),
  format: (args) => validateObject(args[0], "pathObject"),
};

function wrap(impl, windows) {
  const out = {};
  for (const [name, check] of Object.entries(VALIDATE)) {
    const fn = impl[name];
    out[name] = { [name](...args) { check(args); return fn.apply(impl, args); } }[name];
  }
  out.toNamespacedPath = windows
    ? { toNamespacedPath(p) {
      // Node 20.x/22.x give the resolved path back where the port gives the argument back.
      if (typeof p !== "string" || p.length === 0) return p;
      const resolved = impl.resolve(p);
      if (resolved.length <= 2) return p;
      const long = impl.toNamespacedPath(p);
      return long === p ? resolved : long;
    } }.toNamespacedPath
    : { toNamespacedPath: (p) => p }.toNamespacedPath;
  out.matchesGlob = { matchesGlob(path, pattern) {
    validateString(path, "path");
    validateString(pattern, "pattern");
    return require("internal/glob").matchesGlob(path, pattern, windows);
  } }.matchesGlob;
  out.sep = impl.sep;
  out.delimiter = impl.delimiter;
  return out;
}

const posix = wrap(port.posix, false);
const win32 = wrap(port.win32, true);
posix.win32 = win32.win32 = win32;
posix.posix = win32.posix = posix;
posix._makeLong = posix.toNamespacedPath;
win32._makeLong = win32.toNamespacedPath;

export default posix;
