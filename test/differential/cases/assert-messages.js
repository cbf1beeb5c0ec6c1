"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// AssertionError messages that Node 20 and Node 22 write alike (the line diffs
// of objects differ between the two and are checked by Node's own tests).
const { fmt, show, showAsync } = require("../show.cjs");
const assert = require("assert");

function message(fn) {
  try { fn(); } catch (e) { return [e.message, e.generatedMessage, e.code, e.operator]; }
  return "no throw";
}
show("strictEqual short", () => message(() => assert.strictEqual(1, 2)));
show("strictEqual custom message", () => message(() => assert.strictEqual(1, 2, "oh no")));
show("strictEqual same structure", () => message(() => assert.strictEqual({}, {})));
show("notStrictEqual short", () => message(() => assert.notStrictEqual(1, 1)));
show("notStrictEqual long", () => message(() => assert.notStrictEqual("a long string", "a long string")));
show("notDeepStrictEqual", () => message(() => assert.notDeepStrictEqual({ a: 1 }, { a: 1 })));
show("deepEqual loose", () => message(() => assert.deepEqual({ a: 1 }, { a: 2 })));
show("equal", () => message(() => assert.equal(1, 2)));
show("notEqual", () => message(() => assert.notEqual(1, 1)));
show("fail without arguments", () => message(() => assert.fail()));
show("fail stack names the message", () => { try { assert.fail(); } catch (e) { return e.stack.split("\n")[0]; } });
show("fail with message", () => message(() => assert.fail("boom")));
show("fail with an Error", () => message(() => assert.fail(new TypeError("own"))));
show("ok without arguments", () => message(() => assert.ok()));
show("ok with the source", () => message(() => assert.ok(typeof 123 === "string")));
show("assert() with the source", () => message(() => assert(null)));
show("ok over two lines", () => message(() => assert.ok(
  false,
)));
show("strict ok with the source", () => message(() => assert.strict.ok(0)));
show("ok with a message", () => message(() => assert.ok(false, "mine")));
show("toString", () => { try { assert.strictEqual(1, 2); } catch (e) { return String(e); } });
show("stack head", () => { try { assert.strictEqual(1, 2); } catch (e) { return e.stack.split("\n")[0]; } });
show("match", () => message(() => assert.match("abc", /x/)));
show("AssertionError direct", () => { const e = new assert.AssertionError({ actual: 1, expected: 2, operator: "strictEqual" }); return [e.name, e.code, e.message, e.generatedMessage]; });
show("AssertionError options type", () => new assert.AssertionError(5));
show("strict aliases", () => [assert.strict.equal === assert.strictEqual, assert.strict.strict === assert.strict, require("assert/strict") === assert.strict, typeof assert.strict]);
(async () => {
  await showAsync("rejects with a non-promise function", () => assert.rejects(() => {}));
  await showAsync("rejects with a Map", () => assert.doesNotReject(() => new Map()));
  await showAsync("rejects with a number", () => assert.rejects(() => 1));
  await showAsync("rejects sync throw", () => assert.rejects(() => { throw new RangeError("sync"); }, {}));
})();
(async () => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  await showAsync("rejects with a string", () => assert.rejects("fail", {}));
  await showAsync("doesNotReject with a number", () => assert.doesNotReject(5));
})();
