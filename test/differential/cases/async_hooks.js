"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:async_hooks: AsyncLocalStorage through callbacks, AsyncResource.
const { show } = require("../show.cjs");
const { AsyncLocalStorage, AsyncResource, executionAsyncId, triggerAsyncId, createHook, executionAsyncResource } = require("async_hooks");
const fs = require("fs");

const als = new AsyncLocalStorage();
show("top level", () => [als.getStore(), executionAsyncId(), triggerAsyncId(), typeof executionAsyncResource()]);
show("run returns the callback's value", () => als.run({ id: 1 }, (a, b) => [als.getStore(), a + b], 2, 3));
show("store gone after run", () => als.getStore());
show("nested run", () => als.run("outer", () => [als.getStore(), als.run("inner", () => als.getStore()), als.getStore()]));
show("exit", () => als.run("x", () => [als.exit((v) => [als.getStore(), v], 7), als.getStore()]));
const other = new AsyncLocalStorage();
show("two storages are independent", () => other.run("o", () => als.run("a", () => [other.getStore(), als.getStore()])));
show("bind", () => als.run("bound", () => AsyncLocalStorage.bind(() => als.getStore()))());
show("snapshot", () => als.run("snap", () => AsyncLocalStorage.snapshot())((x) => [als.getStore(), x], 1));
const resource = als.run("res", () => new AsyncResource("QE_RESOURCE"));
show("AsyncResource.runInAsyncScope", () => resource.runInAsyncScope(function (a) { return [als.getStore(), this, a]; }, "self", 1));
show("AsyncResource ids", () => [typeof resource.asyncId(), resource.asyncId() > 1, resource.triggerAsyncId() === executionAsyncId()]);
show("AsyncResource.bind", () => { const f = resource.bind((a, b) => [als.getStore(), a, b]); return [f(1, 2), f.length]; });
show("AsyncResource bad type", () => new AsyncResource(5));
show("createHook returns enable/disable", () => { const h = createHook({}); return [h.enable() === h, h.disable() === h]; });
show("createHook bad callback", () => createHook({ init: 1 }));

const seen = [];
const record = (label) => seen.push(`${label}: ${JSON.stringify(als.getStore())}`);
als.run({ req: 1 }, () => {
  process.nextTick(() => record("nextTick"));
  queueMicrotask(() => record("queueMicrotask"));
  Promise.resolve().then(() => record("then"));
  Promise.reject(new Error("x")).catch(() => record("catch")).finally(() => record("finally"));
  setTimeout(() => {
    record("setTimeout");
    setImmediate(() => record("setImmediate inside"));
  }, 1);
  const iv = setInterval(() => {
    record("setInterval");
    clearInterval(iv);
  }, 1);
  new Promise((resolve) => setTimeout(resolve, 2)).then(() => record("then after a timer"));
});
als.run({ req: 2 }, () => {
  setTimeout(() => record("second request timer"), 3);
});
record("outside");
// Sorted, and checked from an immediate queued after the 1 ms timer's own one: which due timers
// share a loop turn depends on the machine's speed.
setTimeout(() => setImmediate(() => {
  show("store follows ticks, microtasks, promises and timers", () => seen.splice(0).sort());
  als.run({ req: 3 }, () => {
    fs.readFile(__filename, () => {
      record("fs callback");
      fs.promises.stat(__filename).then(() => {
        record("fs promise");
        show("store follows fs callbacks and promises", () => seen.splice(0));
        const entered = new AsyncLocalStorage();
        entered.enterWith("entered");
        setTimeout(() => {
          show("enterWith reaches later callbacks", () => entered.getStore());
          entered.disable();
          show("disable", () => entered.getStore());
          als.run("awaited", async () => {
            show("store before a native await", () => als.getStore());
            await null;
            show("store after a native await", () => als.getStore());
          });
        }, 1);
      });
    });
  });
}), 20);
