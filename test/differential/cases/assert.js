"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
const { fmt, errLine, show, showAsync } = require("../show.cjs");

const assert = require("assert");

show("ok passes", () => assert.ok(1));
show("assert() falsy", () => assert(0));
show("assert() falsy with message", () => assert(false, "custom message"));
show("ok with Error message", () => assert.ok(false, new TypeError("own error")));
show("AssertionError fields", () => { try { assert.strictEqual(1, 2); } catch (e) { return [e.name, e.code, e.actual, e.expected, e.operator, e.generatedMessage, e instanceof assert.AssertionError]; } });
show("strictEqual message", () => assert.strictEqual(1, 2));
show("strictEqual strings message", () => assert.strictEqual("a", "b"));
show("strictEqual custom message", () => assert.strictEqual(1, 2, "one is not two"));
show("notStrictEqual", () => assert.notStrictEqual(1, 1));
show("equal loose", () => [assert.equal(1, "1"), assert.notEqual(1, 2)]);
show("equal failure", () => assert.equal(1, 2));
show("deepStrictEqual passes", () => assert.deepStrictEqual({ a: [1, { b: new Map([[1, 2]]) }] }, { a: [1, { b: new Map([[1, 2]]) }] }));
show("deepStrictEqual failure code/operator", () => { try { assert.deepStrictEqual({ a: 1 }, { a: "1" }); } catch (e) { return [e.code, e.operator]; } });
show("deepStrictEqual failure message", () => assert.deepStrictEqual({ a: 1, b: 2 }, { a: 1, b: 3 }));
show("deepEqual loose", () => assert.deepEqual({ a: 1 }, { a: "1" }));
show("notDeepStrictEqual", () => assert.notDeepStrictEqual([1], [1]));
show("throws passes", () => assert.throws(() => { throw new TypeError("x"); }, TypeError));
show("throws with object", () => assert.throws(() => { const e = new Error("m"); e.code = "E1"; throw e; }, { code: "E1", message: "m" }));
show("throws with regexp", () => assert.throws(() => { throw new Error("abc"); }, /b/));
show("throws but nothing thrown", () => assert.throws(() => {}));
show("throws wrong type rethrows", () => assert.throws(() => { throw new RangeError("r"); }, TypeError));
show("doesNotThrow", () => assert.doesNotThrow(() => { throw new Error("oops"); }));
show("match/doesNotMatch", () => assert.match("abc", /x/));
show("fail", () => assert.fail("boom"));
show("ifError", () => [assert.ifError(null), assert.ifError(undefined)]);
show("ifError with error", () => assert.ifError(new Error("inner")));
show("strict mode module", () => [assert.strict.equal === assert.strictEqual, require("assert/strict") === assert.strict]);
(async () => {
  await showAsync("rejects", () => assert.rejects(Promise.resolve(1)));
  await showAsync("rejects passes", () => assert.rejects(Promise.reject(new Error("r")), /r/));
  await showAsync("doesNotReject", () => assert.doesNotReject(Promise.reject(new Error("no"))));
})();
// node-stderr: expected (CallTracker's deprecation warning)
show("CallTracker", () => {
  const tracker = new assert.CallTracker();
  function add(a, b) { return a + b; }
  const tracked = tracker.calls(add, 2);
  const r = tracked(1, 2);
  const report = tracker.report();
  let verify;
  try { tracker.verify(); } catch (e) { verify = [e.name, e.code, e.message]; }
  tracked(3, 4);
  tracker.verify();
  const calls = tracker.getCalls(tracked);
  return [r, report.length, report[0].message, report[0].actual, report[0].expected, report[0].operator, verify, calls.length, calls[1].arguments, Object.isFrozen(calls)];
});
show("CallTracker bad expected", () => new assert.CallTracker().calls(() => {}, 0.5));
show("CallTracker untracked", () => new assert.CallTracker().getCalls(() => {}));
