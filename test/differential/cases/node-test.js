"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:test run as `node file.js`: the TAP report (durations, stacks and
// the columns of locations masked), the counts and the exit code.
// The guest's tests marked skip or todo (the { skip } and { todo } options,
// t.skip) are what this case checks: node:test's own "# SKIP" and "# TODO"
// report lines and counts, compared line by line with real Node.
// node-exit-code: 1
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  // Stack blocks (the lines indented deeper than their "stack: |-" key) differ between engines.
  let stackIndent = -1;
  const lines = String(chunk).split("\n").filter((line) => {
    const indent = line.length - line.trimStart().length;
    if (stackIndent >= 0 && indent > stackIndent && line.trim() !== "") return false;
    stackIndent = -1;
    if (/^\s*stack: \|-$/.test(line)) { stackIndent = indent; return false; }
    return !/^\s*stack: /.test(line);
  });
  const text = lines.join("\n")
    .replace(/duration_ms:? [0-9.e-]+/g, "duration_ms X")
    .replace(/location: '[^']*\/([^/']+):(\d+):\d+'/g, "location: '$1:$2'");
  return write(text, ...rest);
};

const test = require("node:test");
const { describe, it, before, after, beforeEach, afterEach, mock } = test;
const assert = require("assert");

const events = [];
let lateRan = false; // when the cancelled subtest's timer fires depends on the machine's load, so it is not in `events`
process.on("exit", (code) => console.log("events:", events.join(","), "late ran:", lateRan, "exit", code));

test("sync pass", () => { events.push("sync"); });
test("skip option", { skip: "not now" }, () => { events.push("never"); });
test("skip variant", { skip: true }, () => {});
test("todo variant", { todo: true });
test("todo that fails", { todo: "later" }, () => { throw new Error("ignored"); });
test("async with subtests", async (t) => {
  await t.test("child 1", () => { events.push("c1"); });
  await t.test("child 2", (t) => { t.diagnostic("a diagnostic"); });
  t.test("not awaited", async () => { await new Promise((r) => setTimeout(r, 5)); lateRan = true; });
});
test("fails with assertion", () => { assert.strictEqual(1, 2); });
test("fails with TypeError", () => { throw new TypeError("bad 'x'"); });
test("fails with a string", () => { throw "str"; });
test("subtest fails", async (t) => { await t.test("inner", () => { throw new Error("inner boom"); }); });
test("callback style", (t, done) => { setTimeout(() => { events.push("cb"); done(); }, 1); });
test("callback style error", (t, done) => { setTimeout(() => done(new Error("cb error")), 1); });
test("skip from the body", (t) => { t.skip("decided later"); });
test("timeout", { timeout: 10 }, async () => { await new Promise((r) => setTimeout(r, 100)); });
test("name with # and \\ and\nnewline", () => {});
test(function namedFunction() {});
test("context", (t) => { events.push(t.name, typeof t.signal, typeof t.mock.fn); });

describe("suite A", () => {
  before(() => events.push("before A"));
  after(() => events.push("after A"));
  beforeEach(() => events.push("beforeEach A"));
  afterEach(() => events.push("afterEach A"));
  it("it 1", () => events.push("it 1"));
  it("it 2", { skip: true }, () => {});
  describe("nested", () => { it("deep", () => events.push("deep")); });
});

test("mock.fn and mock.method", (t) => {
  const fn = mock.fn((a, b) => a + b);
  fn(1, 2);
  fn.call("self", 3, 4);
  assert.strictEqual(fn.mock.callCount(), 2);
  assert.deepStrictEqual(fn.mock.calls.map((c) => [c.arguments, c.result]), [[[1, 2], 3], [[3, 4], 7]]);
  assert.strictEqual(fn.mock.calls[1].this, "self");
  fn.mock.mockImplementationOnce(() => "once");
  assert.strictEqual(fn(0, 0), "once");
  assert.strictEqual(fn(0, 1), 1);
  fn.mock.resetCalls();
  assert.strictEqual(fn.mock.callCount(), 0);
  const obj = { value: 2, double() { return this.value * 2; } };
  const m = t.mock.method(obj, "double");
  assert.strictEqual(obj.double(), 4);
  assert.strictEqual(m.mock.calls.length, 1);
  t.mock.method(obj, "double", () => 0);
  assert.strictEqual(obj.double(), 0);
  const thrower = mock.fn(() => { throw new Error("x"); });
  assert.throws(() => thrower());
  assert.strictEqual(thrower.mock.calls[0].error.message, "x");
  events.push("mocks ok");
});
test("t.mock is restored after the test", () => { events.push("restored " + (typeof Math.max.mock)); });
test("require('test') is not node:test", () => {
  assert.throws(() => require("test"), { code: "MODULE_NOT_FOUND" });
  assert.strictEqual(require("module").isBuiltin("test"), false);
  assert.strictEqual(require("module").isBuiltin("node:test"), true);
});
