"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:worker_threads as seen from the main thread (no Worker is started).
const { show } = require("../show.cjs");
const wt = require("worker_threads");

show("main thread", () => [wt.isMainThread, wt.parentPort, wt.threadId, wt.workerData]);
show("Worker is a class", () => typeof wt.Worker);
show("SHARE_ENV", () => typeof wt.SHARE_ENV);
wt.setEnvironmentData("k", { v: 1 });
show("environment data", () => [wt.getEnvironmentData("k"), wt.getEnvironmentData("missing")]);
wt.setEnvironmentData("k", undefined);
show("environment data removed", () => wt.getEnvironmentData("k"));
const marked = {};
wt.markAsUntransferable(marked);
show("markAsUntransferable", () => wt.markAsUntransferable(marked));
