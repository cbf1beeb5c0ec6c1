// node:path — path-browserify (Node's POSIX path module), with Node's
// argument validation (ERR_INVALID_ARG_TYPE), format() of a dotless ext,
// toNamespacedPath and the posix self-reference. There is no win32 port.
import port from "path-browserify";
import { validateString, validateObject } from "../shared/errors.js";

const path = {
  sep: "/",
  delimiter: ":",
  resolve(...args) {
    for (let i = 0; i < args.length; i++) validateString(args[i], `paths[${i}]`);
    return port.resolve(...args);
  },
  normalize(p) {
    validateString(p, "path");
    return port.normalize(p);
  },
  isAbsolute(p) {
    validateString(p, "path");
    return port.isAbsolute(p);
  },
  join(...args) {
    for (const a of args) validateString(a, "path");
    return port.join(...args);
  },
  relative(from, to) {
    validateString(from, "from");
    validateString(to, "to");
    return port.relative(from, to);
  },
  toNamespacedPath(p) {
    return p;
  },
  dirname(p) {
    validateString(p, "path");
    return port.dirname(p);
  },
  basename(p, suffix) {
    if (suffix !== undefined) validateString(suffix, "suffix");
    validateString(p, "path");
    return port.basename(p, suffix);
  },
  extname(p) {
    validateString(p, "path");
    return port.extname(p);
  },
  format(pathObject) {
    validateObject(pathObject, "pathObject");
    const dir = pathObject.dir || pathObject.root;
    const base = pathObject.base || `${pathObject.name || ""}${formatExt(pathObject.ext)}`;
    if (!dir) return base;
    return dir === pathObject.root ? `${dir}${base}` : `${dir}/${base}`;
  },
  parse(p) {
    validateString(p, "path");
    return port.parse(p);
  },
  matchesGlob: undefined,
  win32: null,
  posix: null,
};
function formatExt(ext) {
  return ext ? `${ext[0] === "." ? "" : "."}${ext}` : "";
}
delete path.matchesGlob;
path.posix = path;
export default path;
