"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:util/types is util.types, with Node's list of checks.
const { show } = require("../show.cjs");
const types = require("util/types");

show("same object as util.types", () => types === require("util").types);
show("names", () => Object.keys(types).sort());
show("crypto checks on plain values", () => [types.isKeyObject({}), types.isKeyObject(null), types.isCryptoKey({}), types.isCryptoKey(1)]);
