// node:worker_threads — the program is the main (and only) thread. Worker is
// not available yet: a nested sandbox under the parent's limits is a later
// step, so constructing one fails with ERR_QUICKEXEC_NO_WORKERS. The
// per-thread environment data and transfer markers work as in a main thread,
// and MessageChannel/MessagePort carry messages within this thread.
/* global require */
const { codedError, describe, invalidArgType } = require("internal/errors", true);
const { MessageChannel, MessagePort, receiveMessageOnPort } = require("internal/message_port", true);

const environmentData = new Map();
const untransferable = new WeakSet();
const uncloneable = new WeakSet();

function noWorkers() {
  return codedError(Error, "ERR_QUICKEXEC_NO_WORKERS", "new Worker() cannot run: worker threads are not available in quickexec yet; run the work in the same program");
}

class Worker {
  constructor() {
    throw noWorkers();
  }
}

export default {
  isMainThread: true,
  parentPort: null,
  threadId: 0,
  workerData: null,
  resourceLimits: {},
  SHARE_ENV: Symbol.for("nodejs.worker_threads.SHARE_ENV"),
  Worker,
  MessageChannel,
  MessagePort,
  receiveMessageOnPort,
  getEnvironmentData: (key) => environmentData.get(key),
  setEnvironmentData(key, value) {
    if (value === undefined) environmentData.delete(key);
    else environmentData.set(key, value);
  },
  markAsUntransferable(value) {
    if ((typeof value === "object" && value !== null) || typeof value === "function") untransferable.add(value);
  },
  markAsUncloneable(value) {
    if ((typeof value === "object" && value !== null) || typeof value === "function") uncloneable.add(value);
  },
  isMarkedAsUntransferable: (value) => (typeof value === "object" && value !== null) || typeof value === "function" ? untransferable.has(value) : false,
};
