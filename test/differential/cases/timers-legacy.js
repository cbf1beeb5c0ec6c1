"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:timers' deprecated enroll/active/unenroll and the overflow warning.
// node-stderr: expected (deprecation warnings)
const { show } = require("../show.cjs");
const timers = require("timers");

const warnings = [];
process.on("warning", (w) => warnings.push(`${w.name} ${w.code || ""} ${w.message.split("\n")[0]}`));
const item = { _onTimeout() { show("item fired", () => typeof this._idleStart); } };
timers.enroll(item, 5);
show("enroll sets _idleTimeout", () => item._idleTimeout);
timers.active(item);
show("active marks the item", () => [Number.isInteger(item._idleStart), !!item._idleNext, !!item._idlePrev]);
const cancelled = { _onTimeout() { show("never", () => 1); } };
timers.enroll(cancelled, 1);
timers.active(cancelled);
timers.unenroll(cancelled);
show("unenroll", () => cancelled._idleTimeout);
const bogus = { _idleTimeout: -1 };
timers.active(bogus);
show("active ignores a negative timeout", () => Object.keys(bogus));
show("enroll bad msecs type", () => timers.enroll({}, "1"));
show("enroll negative msecs", () => timers.enroll({}, -1));
show("enroll NaN", () => timers.enroll({}, NaN));
const unrefed = { _onTimeout() {} };
timers.enroll(unrefed, 1000000);
timers._unrefActive(unrefed);
setTimeout(() => {}, 2 ** 31).unref();
setTimeout(() => show("warnings", () => warnings), 20);
