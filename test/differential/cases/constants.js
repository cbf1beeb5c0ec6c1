"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:constants (deprecated, still required by older packages).
const { show } = require("../show.cjs");
const constants = require("constants");
const os = require("os");
const fs = require("fs");

show("fs constants", () => ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_CREAT", "O_EXCL", "O_TRUNC", "O_APPEND", "S_IFMT", "S_IFREG", "S_IFDIR", "F_OK", "R_OK", "W_OK", "X_OK", "COPYFILE_EXCL"].map((k) => constants[k]));
show("signals", () => ["SIGHUP", "SIGINT", "SIGKILL", "SIGTERM", "SIGUSR1"].map((k) => constants[k]));
show("errno", () => ["ENOENT", "EACCES", "EEXIST", "ENOTDIR", "EISDIR", "EPERM"].map((k) => constants[k]));
show("priority and dlopen", () => [constants.PRIORITY_LOW, constants.PRIORITY_HIGHEST, constants.RTLD_LAZY, constants.RTLD_NOW]);
show("every fs constant is merged", () => Object.keys(fs.constants).filter((k) => constants[k] !== fs.constants[k]));
show("every os signal is merged", () => Object.keys(os.constants.signals).filter((k) => constants[k] !== os.constants.signals[k]));
