// node:constants — deprecated in Node, still required by older packages: the
// os constants (dlopen, errno, priority, signals) and fs.constants merged into
// one object, in Node's order. Node also merges crypto.constants; they are
// left out here so that requiring this module does not load crypto.
/* global require */
const os = require("os");
const fs = require("fs");

const c = os.constants;
export default Object.assign({}, c.dlopen, c.errno, c.priority, c.signals, fs.constants);
