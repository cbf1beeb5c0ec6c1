"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

// Node's globals, as a CommonJS script sees them.
show("global is globalThis", () => [typeof global, global === globalThis]);
show("typeof Node globals", () => ["Buffer", "process", "setImmediate", "clearImmediate", "queueMicrotask", "structuredClone", "URL", "URLSearchParams", "TextEncoder", "TextDecoder", "AbortController", "AbortSignal", "EventTarget", "Event", "atob", "btoa", "performance", "fetch", "console"].map((n) => n + ":" + typeof globalThis[n]));
show("module-scope names", () => [typeof require, typeof module, typeof exports, typeof __filename, typeof __dirname]);
show("this at top level is module.exports", () => this === module.exports);
show("structuredClone", () => { const src = { d: new Date(0), m: new Map([[1, { x: 1 }]]), s: new Set([1]), r: /x/g, a: [1, , 3] }; const c = structuredClone(src); return [c !== src, c.d instanceof Date, c.m.get(1).x, c.s.has(1), String(c.r), 1 in c.a]; });
show("structuredClone circular", () => { const o = { n: 1 }; o.self = o; const c = structuredClone(o); return c.self === c; });
show("structuredClone function fails", () => { try { structuredClone({ f() {} }); } catch (e) { return [e.name, e.code, e instanceof DOMException]; } });
show("TextEncoder/TextDecoder", () => [Array.from(new TextEncoder().encode("é€")), new TextDecoder().decode(new Uint8Array([0xf0, 0x9f, 0x8e, 0x89])), new TextDecoder().encoding]);
show("TextDecoder fatal", () => new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff])));
show("TextDecoder utf-16le/latin1", () => [new TextDecoder("utf-16le").decode(new Uint8Array([104, 0])), new TextDecoder("latin1").encoding]);
show("AbortController", () => { const c = new AbortController(); const seen = []; c.signal.addEventListener("abort", (e) => seen.push(e.type)); c.abort(); return [c.signal.aborted, seen, c.signal.reason instanceof Error, c.signal.reason.name]; });
show("AbortSignal.abort reason", () => { const s = AbortSignal.abort("why"); return [s.aborted, s.reason]; });
show("throwIfAborted", () => AbortSignal.abort().throwIfAborted());
show("EventTarget", () => { const t = new EventTarget(); const seen = []; const h = (e) => seen.push(e.type + ":" + (e.target === t)); t.addEventListener("ping", h); t.addEventListener("ping", h); t.dispatchEvent(new Event("ping")); t.removeEventListener("ping", h); t.dispatchEvent(new Event("ping")); return seen; });
show("EventTarget once option", () => { const t = new EventTarget(); let n = 0; t.addEventListener("x", () => n++, { once: true }); t.dispatchEvent(new Event("x")); t.dispatchEvent(new Event("x")); return n; });
show("setTimeout returns Timeout object", () => { const t = setTimeout(() => {}, 1000); clearTimeout(t); return [typeof t, typeof t.ref, typeof t.unref, typeof t.hasRef, t.hasRef(), typeof t[Symbol.toPrimitive]]; });
show("setInterval / clearInterval", () => { const t = setInterval(() => {}, 1000); clearInterval(t); return typeof t; });
show("setTimeout non-function", () => setTimeout("code", 1));
show("queueMicrotask non-function", () => queueMicrotask(1));
show("timers module is globals", () => { const timers = require("timers"); return [timers.setTimeout === setTimeout, timers.setImmediate === setImmediate]; });
(async () => {
  await showAsync("timers/promises setTimeout", () => require("timers/promises").setTimeout(1, "value"));
  await showAsync("timers/promises setImmediate", () => require("timers/promises").setImmediate("imm"));
  await showAsync("timers/promises aborted", () => require("timers/promises").setTimeout(10, "v", { signal: AbortSignal.abort() }));
  await showAsync("setInterval runs 3 times", () => new Promise((resolve) => { let n = 0; const t = setInterval(() => { if (++n === 3) { clearInterval(t); resolve(n); } }, 1); }));
  await showAsync("timeout args", () => new Promise((resolve) => setTimeout((a, b) => resolve([a, b]), 1, "x", "y")));
  await showAsync("unref'd timer does not keep the program alive", async () => { setTimeout(() => console.log("unref'd timer must not run"), 100000).unref(); return "ok"; });
})();
