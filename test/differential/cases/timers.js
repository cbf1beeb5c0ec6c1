"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const fs = require("fs");
const log = [];
const t0 = Date.now();
const p0 = performance.now();

// The long delays are far apart so that a stall of the real Node between two
// of these lines (a loaded CI machine) cannot reorder them.
setTimeout(() => log.push("timeout 300ms"), 300);
setTimeout(() => log.push("timeout 1ms"), 1);
setTimeout(() => log.push("timeout 150ms"), 150);
setTimeout(() => log.push("timeout 1ms (second)"), 1);
const cancelled = setTimeout(() => log.push("cancelled timeout ran"), 1);
setTimeout(() => clearTimeout(cancelled), 0);
setTimeout(() => log.push("timeout 0"), 0);
setImmediate(() => log.push("immediate"));

setTimeout(() => {
  show("timers fire by delay, then by creation (0 counts as 1 ms)", () => log.filter((e) => e.startsWith("timeout")));
  show("a 1 ms timer runs before a later 0 ms timer that clears it", () => log.includes("cancelled timeout ran"));
  fs.readFile(__filename, () => {
    const inner = [];
    setTimeout(() => inner.push("timeout"), 0);
    setImmediate(() => inner.push("immediate"));
    process.nextTick(() => inner.push("tick"));
    Promise.resolve().then(() => inner.push("promise"));
    setTimeout(() => {
      show("inside an I/O callback: tick, promise, immediate, timeout", () => inner);
      next();
    }, 5);
  });
}, 400);

function next() {
  const t = setTimeout(() => {}, 50);
  show("Timeout methods", () => { const r = [t.hasRef()]; t.unref(); r.push(t.hasRef()); t.ref(); r.push(t.hasRef()); clearTimeout(t); return r; });
  show("timer coerces to a number", () => { const u = setTimeout(() => {}, 1); clearTimeout(u); return [typeof +u, Number.isInteger(+u), +u > 0]; });
  let ranAfterClear = false;
  const byNumber = setTimeout(() => { ranAfterClear = true; }, 1);
  clearTimeout(+byNumber);
  let count = 0;
  const iv = setInterval(() => {
    count++;
    if (count === 3) {
      clearInterval(iv);
      show("interval ran 3 times", () => count);
      const refreshed = [];
      const r = setTimeout(() => refreshed.push("fired"), 1);
      show("refresh returns the timer", () => r.refresh() === r);
      const start = Date.now();
      const pstart = performance.now();
      setTimeout(() => {
        show("clearTimeout by number", () => ranAfterClear);
        show("Date.now advances over a 20 ms timer", () => Date.now() - start >= 19);
        show("performance.now advances over a 20 ms timer", () => performance.now() - pstart >= 19);
        show("Date.now advanced since start", () => Date.now() > t0);
        show("performance.now advanced since start", () => performance.now() > p0);
        show("new Date() follows Date.now", () => Math.abs(new Date().getTime() - Date.now()) < 5);
        let spin = Date.now();
        const until = spin + 5;
        let loops = 0;
        while (Date.now() < until && loops < 1e8) loops++;
        show("Date.now advances in a busy loop", () => Date.now() >= until);
        setTimeout(() => console.log("setTimeout with a negative delay runs -> yes"), -5);
      }, 20);
    }
  }, 1);
}
