// node:path — path-browserify, Node's POSIX path module.
import path from "path-browserify";
export default path;
