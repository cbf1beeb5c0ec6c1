// node:cluster — the primary's side of Node's cluster module: the sandbox is
// always the primary (isPrimary/isMaster true, isWorker false), settings,
// setupPrimary/setupMaster with their 'setup' event, the scheduling policy
// and disconnect. Workers are processes of the sandbox's own, which it
// cannot start: fork() throws ERR_QUICKEXEC_UNSUPPORTED.
/* global require */
const EventEmitter = require("events");
const common = require("internal/http_common", true);

const SCHED_NONE = 1;
const SCHED_RR = 2;

/** cluster.Worker: the class exists for instanceof checks; no worker process is ever attached. */
class Worker extends EventEmitter {
  constructor(options) {
    super();
    if (options === null || typeof options !== "object") options = {};
    this.exitedAfterDisconnect = undefined;
    this.state = options.state || "none";
    this.id = options.id | 0;
  }
  isConnected() {
    return false;
  }
  isDead() {
    return true;
  }
  send() {
    throw noWorkers("worker.send()");
  }
  kill() {
    throw noWorkers("worker.kill()");
  }
  destroy() {
    throw noWorkers("worker.destroy()");
  }
  disconnect() {
    throw noWorkers("worker.disconnect()");
  }
}

function noWorkers(what) {
  return common.unsupported(`${what} (cluster workers are processes, and a sandbox cannot start processes of its own)`);
}

const cluster = new EventEmitter();
const policy = process.env.NODE_CLUSTER_SCHED_POLICY;
let initialized = false;

Object.assign(cluster, {
  isWorker: false,
  isMaster: true,
  isPrimary: true,
  Worker,
  workers: {},
  settings: {},
  SCHED_NONE,
  SCHED_RR,
  schedulingPolicy: policy === "rr" ? SCHED_RR : policy === "none" ? SCHED_NONE : process.platform === "win32" ? SCHED_NONE : SCHED_RR,
});

cluster.setupPrimary = function setupPrimary(options) {
  const settings = { args: process.argv.slice(2), exec: process.argv[1], execArgv: process.execArgv, silent: false, ...cluster.settings, ...options };
  if (settings.execArgv.some((s) => s.startsWith("--prof")) && !settings.execArgv.some((s) => s.startsWith("--logfile="))) {
    settings.execArgv = [...settings.execArgv, "--logfile=v8-%p.log"];
  }
  cluster.settings = settings;
  if (!initialized) {
    initialized = true;
    if (cluster.schedulingPolicy !== SCHED_NONE && cluster.schedulingPolicy !== SCHED_RR) {
      throw new Error(`Bad cluster.schedulingPolicy: ${cluster.schedulingPolicy}`);
    }
  }
  process.nextTick(() => cluster.emit("setup", settings));
};
cluster.setupMaster = cluster.setupPrimary;

cluster.fork = function fork() {
  throw noWorkers("cluster.fork()");
};

cluster.disconnect = function disconnect(cb) {
  // There are never workers to disconnect.
  if (typeof cb === "function") process.nextTick(cb);
};

export default cluster;
