// node:sys — the old name of node:util: the same module object, with the
// runtime deprecation warning Node prints when it is first required.
/* global require */
process.emitWarning("sys is deprecated. Use util instead.", "DeprecationWarning", "DEP0025");
export default require("util");
