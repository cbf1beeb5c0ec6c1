"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:worker_threads: a Worker echoing messages, workerData round trip, the
// error event, exit codes, terminate(), eval workers, argument errors.
const { Worker, isMainThread, parentPort, workerData, threadId } = require("worker_threads");

if (!isMainThread) {
  const mode = workerData && workerData.mode;
  if (mode === "echo") {
    parentPort.on("message", (msg) => {
      if (msg === "bye") {
        parentPort.postMessage("closing");
        parentPort.close();
        return;
      }
      parentPort.postMessage({ echo: msg, threadIdPositive: threadId > 0 });
    });
  } else if (mode === "data") {
    parentPort.postMessage(workerData);
  } else if (mode === "throw") {
    throw new RangeError("worker failed: " + workerData.why);
  } else if (mode === "exit") {
    process.exit(workerData.code);
  } else if (mode === "forever") {
    parentPort.postMessage("started");
    setInterval(() => {}, 1000);
  }
  return;
}

const { show } = require("../show.cjs");

function run(data, onWorker) {
  return new Promise((resolve) => {
    const w = new Worker(__filename, { workerData: data });
    const events = [];
    w.on("online", () => events.push("online"));
    w.on("message", (m) => events.push(["message", m]));
    w.on("error", (e) => events.push(["error", e.name, e.message, e instanceof Error]));
    w.on("exit", (code) => {
      events.push(["exit", code]);
      resolve(events);
    });
    if (onWorker) onWorker(w);
  });
}

(async () => {
  show("main thread", () => [isMainThread, parentPort, workerData, threadId]);

  const echoed = await run({ mode: "echo" }, (w) => {
    w.postMessage("hello");
    w.postMessage({ n: 1, list: [1, 2, 3], nested: { ok: true } });
    w.postMessage("bye");
  });
  show("echo worker events", () => echoed);

  const data = {
    mode: "data",
    num: 42.5,
    neg0: -0,
    big: 12345678901234567890n,
    str: "héllo",
    undef: undefined,
    nan: NaN,
    date: new Date(0),
    re: /a+b/gi,
    map: new Map([["k", 1], [2, "v"]]),
    set: new Set([1, "two"]),
    bytes: new Uint8Array([1, 2, 255]),
    err: new TypeError("inside"),
  };
  data.self = data;
  const dataEvents = await run(data);
  const back = dataEvents.find((e) => e[0] === "message")[1];
  show("workerData round trip", () => [back.num, Object.is(back.neg0, -0), back.big, back.str, "undef" in back, back.undef, back.nan, back.date.toISOString(), back.re.source, back.re.flags]);
  show("workerData collections", () => [[...back.map], [...back.set], back.bytes instanceof Uint8Array, [...back.bytes], back.err instanceof TypeError, back.err.message, back.self === back]);

  const thrown = await run({ mode: "throw", why: "bad input" });
  show("error event", () => thrown);
  const exited = await run({ mode: "exit", code: 7 });
  show("process.exit in a worker", () => exited);
  const exited0 = await run({ mode: "exit", code: 0 });
  show("process.exit(0) in a worker", () => exited0);

  let stopping = null;
  const terminated = await run({ mode: "forever" }, (w) => {
    w.on("message", (m) => {
      if (m === "started") stopping = w.terminate();
    });
  });
  show("terminated worker events", () => terminated);
  const stoppedCode = await stopping;
  show("terminate resolves with", () => stoppedCode);

  const evalEvents = await run(undefined, undefined);
  show("worker of this file without workerData exits 0", () => evalEvents);

  const evaled = await new Promise((resolve) => {
    const w = new Worker("require('worker_threads').parentPort.postMessage(require('worker_threads').workerData * 2)", { eval: true, workerData: 21 });
    w.on("message", resolve);
  });
  show("eval worker", () => evaled);

  const argvSeen = await new Promise((resolve) => {
    const w = new Worker("require('worker_threads').parentPort.postMessage(process.argv.slice(1))", { eval: true, argv: ["a", 1, null] });
    w.on("message", resolve);
  });
  show("eval worker argv", () => argvSeen);

  const viaOnmessage = await new Promise((resolve) => {
    const code = "const { parentPort } = require('worker_threads'); parentPort.onmessage = (e) => { parentPort.postMessage([e.data * 2, e.type]); parentPort.close(); };";
    const w = new Worker(code, { eval: true });
    const got = [];
    w.on("message", (m) => got.push(m));
    w.on("exit", (c) => resolve([got, c]));
    w.postMessage(21);
  });
  show("parentPort.onmessage gets a MessageEvent", () => viaOnmessage);

  show("relative path without ./", () => new Worker("case.js"));
  show("bad filename type", () => new Worker(42));
  show("uncloneable message", () => {
    const w = new Worker(__filename, { workerData: { mode: "exit", code: 0 } });
    try {
      w.postMessage({ fn() {} });
    } finally {
      w.unref();
    }
  });
})();
