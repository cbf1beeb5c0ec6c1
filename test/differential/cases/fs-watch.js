"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// fs.watch, fs.watchFile and fs.promises.watch: which events arrive (not
// how many: inotify may report one change twice, polling once).
const { show, showAsync } = require("../show.cjs");
const fs = require("fs");
const path = require("path");
const os = require("os");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qe-watch-"));
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const until = async (check) => { for (let i = 0; i < 100 && !check(); i++) await wait(20); return check(); };

show("watch a missing path", () => { try { fs.watch(path.join(dir, "missing")); } catch (e) { return [e.code, e.errno, e.syscall, e.path === path.join(dir, "missing")]; } });
show("watch bad encoding", () => fs.watch(dir, { encoding: "nope" }));
show("watchFile without listener", () => fs.watchFile(path.join(dir, "x")));

(async () => {
  const seen = new Set();
  const watcher = fs.watch(dir, (type, name) => seen.add(`${type} ${name}`));
  show("watcher is an EventEmitter", () => [typeof watcher.on, typeof watcher.close, typeof watcher.ref, watcher.ref() === watcher, watcher.unref() === watcher]);
  watcher.ref();
  await wait(60);
  fs.writeFileSync(path.join(dir, "new.txt"), "one");
  await showAsync("creation is a rename", () => until(() => seen.has("rename new.txt")));
  await wait(60);
  fs.appendFileSync(path.join(dir, "new.txt"), " two");
  await showAsync("a write is a change", () => until(() => seen.has("change new.txt")));
  fs.unlinkSync(path.join(dir, "new.txt"));
  seen.clear();
  await showAsync("deletion is a rename", () => until(() => seen.has("rename new.txt")));
  let closed = false;
  watcher.on("close", () => { closed = true; });
  watcher.close();
  show("close is asynchronous", () => closed);
  await wait(1);
  show("close event", () => closed);

  const file = path.join(dir, "polled.txt");
  fs.writeFileSync(file, "abc");
  const changes = [];
  const listener = (curr, prev) => changes.push([curr.size, prev.size, curr.isFile()]);
  const statWatcher = fs.watchFile(file, { interval: 20 }, listener);
  await wait(60);
  fs.writeFileSync(file, "abcdef");
  await showAsync("watchFile sees the new size", () => until(() => changes.length > 0).then(() => changes[0]));
  fs.unlinkSync(file);
  await showAsync("watchFile sees the deletion as zero stats", () => until(() => changes.some((c) => c[0] === 0)).then(() => changes[changes.length - 1]));
  let stopped = false;
  statWatcher.on("stop", () => { stopped = true; });
  fs.unwatchFile(file, listener);
  await wait(1);
  show("unwatchFile stops it", () => [stopped, statWatcher.listenerCount("change")]);

  const ac = new AbortController();
  const events = [];
  const iterating = (async () => {
    try {
      for await (const { eventType, filename } of fs.promises.watch(dir, { signal: ac.signal })) events.push(`${eventType} ${filename}`);
    } catch (e) {
      events.push(e.name);
    }
  })();
  await wait(60);
  fs.writeFileSync(path.join(dir, "p.txt"), "x");
  await until(() => events.includes("rename p.txt"));
  ac.abort();
  await iterating;
  show("promises.watch", () => [events.includes("rename p.txt"), events[events.length - 1]]);
  fs.rmSync(dir, { recursive: true });
})();
