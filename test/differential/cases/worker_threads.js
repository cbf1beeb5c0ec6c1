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

const { port1, port2 } = new wt.MessageChannel();
show("MessageChannel ports", () => [port1 instanceof wt.MessagePort, port2 instanceof wt.MessagePort, typeof globalThis.MessageChannel, typeof globalThis.MessageEvent]);
const received = [];
port2.on("message", (value) => {
  received.push(value);
  if (value === "last") {
    show("messages arrive in order, as values", () => received);
    port2.close();
  }
});
port2.on("close", () => {
  show("close reaches both ports", () => "closed");
  const channel = new wt.MessageChannel();
  channel.port1.postMessage(42);
  show("receiveMessageOnPort", () => [wt.receiveMessageOnPort(channel.port2), wt.receiveMessageOnPort(channel.port2)]);
  channel.port2.onmessage = (event) => {
    show("onmessage gets a MessageEvent", () => [event.constructor.name, event.data]);
    channel.port1.close();
  };
  channel.port1.postMessage("web");
});
port1.postMessage(1);
port1.postMessage("two");
port1.postMessage(null);
port1.postMessage("last");
show("MessagePort is not constructible", () => new wt.MessagePort());
