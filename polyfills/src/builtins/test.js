// node:test — the test runner's API as a program uses it when run with plain
// `node file.js`: test/it, describe/suite (with .skip, .todo and .only),
// the before/after/beforeEach/afterEach hooks, and `mock`. Only reachable as
// `node:test` (a bare `require("test")` looks for a package, as in Node).
// The tests, the harness and the TAP report are in internal/test_runner.
const { addTest, addHook, MockTracker } = require("internal/test_runner", true);

function variants(fn, isSuite) {
  fn.skip = (name, options, body) => addTest(name, options, body, isSuite, { skip: true });
  fn.todo = (name, options, body) => addTest(name, options, body, isSuite, { todo: true });
  fn.only = (name, options, body) => addTest(name, options, body, isSuite, { only: true });
  return fn;
}

const test = variants(function test(name, options, fn) {
  return addTest(name, options, fn, false);
}, false);
const describe = variants(function describe(name, options, fn) {
  return addTest(name, options, fn, true);
}, true);
const it = variants(function it(name, options, fn) {
  return addTest(name, options, fn, false);
}, false);

let mock = null;

function notSupported(name) {
  return function () {
    const err = new Error(`node:test ${name}() is not supported in the sandbox: it starts other node processes`);
    err.code = "ERR_QUICKEXEC_UNSUPPORTED";
    throw err;
  };
}

Object.assign(test, {
  test,
  it,
  describe,
  suite: describe,
  before: (fn, options) => addHook("before", fn, options),
  after: (fn, options) => addHook("after", fn, options),
  beforeEach: (fn, options) => addHook("beforeEach", fn, options),
  afterEach: (fn, options) => addHook("afterEach", fn, options),
  run: notSupported("run"),
  MockTracker,
});
Object.defineProperty(test, "mock", {
  configurable: true,
  enumerable: true,
  get: () => (mock ??= new MockTracker()),
});

export default test;
