// internal/test_runner — node:test's tests, suites, hooks and harness.
// As in Node: tests declared at the top level run one after another once the
// main module has finished; a describe() body runs at once to collect its
// tests; a test's subtests (t.test) run in order and the test waits for
// them; the report (TAP) of a top-level test is written when it ends, and the
// plan and counts when the event loop empties, with exit code 1 if a test
// failed. A test still pending then is cancelled, as Node cancels it.
const { reportTest, reportSummary } = require("internal/test_tap", true);
const { MockTracker } = require("internal/test_mock", true);

let assertModule = null;
const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

function testFailure(failureType, message, cause) {
  return { failureType, message, cause };
}

/** Where test() was called from: the first frame outside the test runner. */
function callerLocation() {
  const stack = new Error().stack || "";
  for (const line of stack.split("\n").slice(1)) {
    const match = /\(?((?:\/|file:)[^()]*?:\d+:\d+)\)?\s*$/.exec(line.trim());
    if (match && !line.includes("node:")) return match[1];
  }
  return undefined;
}

class TestContext {
  #test;
  constructor(test) {
    this.#test = test;
  }
  get name() {
    return this.#test.name;
  }
  get fullName() {
    const names = [];
    for (let t = this.#test; t && t.parent; t = t.parent) names.unshift(t.name);
    return names.join(" > ");
  }
  get signal() {
    return this.#test.abort.signal;
  }
  get filePath() {
    return process.argv[1];
  }
  get mock() {
    return (this.#test.mock ??= new MockTracker());
  }
  get assert() {
    return (assertModule ??= require("assert"));
  }
  diagnostic(message) {
    this.#test.diagnostics.push(String(message));
  }
  plan(count) {
    this.#test.plan = count;
  }
  skip(message) {
    this.#test.skipped = true;
    this.#test.skipMessage = message;
  }
  todo(message) {
    this.#test.isTodo = true;
    this.#test.todoMessage = message;
  }
  runOnly() {}
  before(fn, options) {
    this.#test.hooks.before.push({ fn, options });
  }
  after(fn, options) {
    this.#test.hooks.after.push({ fn, options });
  }
  beforeEach(fn, options) {
    this.#test.hooks.beforeEach.push({ fn, options });
  }
  afterEach(fn, options) {
    this.#test.hooks.afterEach.push({ fn, options });
  }
  test(name, options, fn) {
    return this.#test.subtest(name, options, fn, false);
  }
  waitFor(condition, options = {}) {
    const { interval = 50, timeout = 1000 } = options;
    const started = now();
    return new Promise((resolve, reject) => {
      const attempt = async () => {
        try {
          resolve(await condition());
        } catch (error) {
          if (now() - started >= timeout) reject(error);
          else setTimeout(attempt, interval);
        }
      };
      attempt();
    });
  }
}

/** Runs `fn(ctx)` (or `fn(ctx, done)`), with a timeout; settles when it is done. */
function invoke(fn, thisArg, ctx, timeout) {
  return new Promise((resolve, reject) => {
    let timer = null;
    if (timeout !== undefined && timeout !== Infinity) {
      timer = setTimeout(() => reject(testFailure("testTimeoutFailure", `test timed out after ${timeout}ms`)), timeout);
    }
    const settle = (error) => {
      if (timer) clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(testFailure("testCodeFailure", null, error));
    };
    try {
      if (fn.length >= 2) {
        let called = false;
        const result = fn.call(thisArg, ctx, (error) => {
          if (called) return;
          called = true;
          settle(error == null ? undefined : error);
        });
        if (result && typeof result.then === "function") {
          settle(new Error("passed a callback but also returned a Promise"));
        }
        return;
      }
      const result = fn.call(thisArg, ctx);
      if (result && typeof result.then === "function") result.then(() => settle(), (e) => settle(e === undefined ? new Error("undefined") : e));
      else settle();
    } catch (error) {
      settle(error === undefined ? new Error("undefined") : error);
    }
  });
}

class Test {
  constructor({ name, fn, options = {}, parent, isSuite = false, location }) {
    this.name = name;
    this.fn = fn;
    this.parent = parent;
    this.isSuite = isSuite;
    this.location = location;
    this.options = options;
    this.children = [];
    this.pending = [];
    this.hooks = { before: [], after: [], beforeEach: [], afterEach: [] };
    this.diagnostics = [];
    this.skipped = !!options.skip;
    this.skipMessage = typeof options.skip === "string" ? options.skip : undefined;
    this.isTodo = !!options.todo;
    this.todoMessage = typeof options.todo === "string" ? options.todo : undefined;
    this.timeout = options.timeout ?? (parent ? parent.timeout : undefined);
    this.failure = null;
    this.cancelled = false;
    this.finished = false;
    this.durationMs = 0;
    this.mock = null;
    this.abort = new AbortController();
    this.ctx = new TestContext(this);
    this.running = null;
  }

  /** Adds a subtest of a running test (t.test) or a top-level test; it runs after the ones before it. */
  subtest(name, options, fn, isSuite) {
    const child = createTest(name, options, fn, this, isSuite);
    this.children.push(child);
    if (isSuite) child.build();
    const previous = this.pending.length ? this.pending[this.pending.length - 1] : Promise.resolve();
    const done = previous.then(() => child.run());
    this.pending.push(done);
    return done.then(() => undefined);
  }

  /** Adds a test or suite to a describe() being built; it runs when the suite runs. */
  declare(name, options, fn, isSuite) {
    const child = createTest(name, options, fn, this, isSuite);
    this.children.push(child);
    if (isSuite) child.build();
    return Promise.resolve();
  }

  /** Runs a describe() body at once, collecting its tests. */
  build() {
    if (!this.fn || this.skipped) return;
    const previous = harness.currentSuite;
    harness.currentSuite = this;
    try {
      const result = this.fn.call(this.ctx, this.ctx);
      if (result && typeof result.then === "function") this.building = result.then(() => {}, (e) => this.fail(testFailure("testCodeFailure", null, e)));
    } catch (error) {
      this.fail(testFailure("testCodeFailure", null, error));
    } finally {
      harness.currentSuite = previous;
    }
  }

  fail(failure) {
    if (!this.failure) this.failure = failure;
  }

  ancestors() {
    const list = [];
    for (let t = this.parent; t; t = t.parent) list.unshift(t);
    return list;
  }

  async runHooks(kind, owner, target) {
    for (const { fn, options } of owner.hooks[kind]) {
      await invoke(fn, undefined, target.ctx, options && options.timeout);
    }
  }

  async run() {
    const started = now();
    this.running = true;
    harness.running.add(this);
    try {
      if (this.skipped) return;
      if (this.building) await this.building;
      if (this.failure) return;
      const ancestors = this.ancestors();
      try {
        if (!this.isSuite) for (const a of ancestors) await this.runHooks("beforeEach", a, this);
        if (this.isSuite) await this.runHooks("before", this, this);
        if (!this.isSuite && this.fn) {
          const previous = harness.currentTest;
          harness.currentTest = this;
          try {
            await invoke(this.fn, this.ctx, this.ctx, this.timeout);
          } finally {
            harness.currentTest = previous;
          }
        }
        if (this.isSuite) for (const child of this.children) await child.run();
        else await this.settleSubtests();
        if (this.isSuite) await this.runHooks("after", this, this);
      } catch (failure) {
        this.fail(failure && failure.failureType ? failure : testFailure("hookFailed", null, failure));
        await this.settleSubtests().catch(() => {});
      }
      try {
        if (!this.isSuite) await this.runHooks("after", this, this);
        if (!this.isSuite) for (const a of ancestors.slice().reverse()) await this.runHooks("afterEach", a, this);
      } catch (failure) {
        this.fail(failure && failure.failureType ? failure : testFailure("hookFailed", null, failure));
      }
      const failed = this.children.filter((c) => c.failure && !c.isTodo).length;
      if (!this.failure && failed) this.fail(testFailure("subtestsFailed", `${failed} subtest${failed > 1 ? "s" : ""} failed`));
      if (!this.failure && this.plan !== undefined && this.plan !== this.children.length) {
        this.fail(testFailure("testCodeFailure", `plan expected ${this.plan} assertions but received ${this.children.length}`));
      }
    } finally {
      if (this.mock) this.mock.reset();
      this.durationMs = now() - started;
      this.finished = true;
      harness.running.delete(this);
      if (this.failure && this.failure.failureType === "testTimeoutFailure") this.cancelled = true;
      if (this.parent === harness.root) harness.report(this);
    }
  }

  /** After the test's function: subtests it awaited are done; the ones still running are cancelled, as Node does. */
  async settleSubtests() {
    await Promise.resolve();
    for (const child of this.children) {
      if (child.finished) continue;
      child.cancelled = true;
      child.fail(testFailure("cancelledByParent", "test did not finish before its parent and was cancelled"));
      child.finished = true;
    }
  }
}

function createTest(name, options, fn, parent, isSuite) {
  if (typeof name === "function") [name, options, fn] = [name.name || "<anonymous>", {}, name];
  else if (name !== null && typeof name === "object") [name, options, fn] = [fn && fn.name ? fn.name : "<anonymous>", name, options];
  if (typeof options === "function") [options, fn] = [{}, options];
  options = options || {};
  if (name === undefined) name = (fn && fn.name) || "<anonymous>";
  return new Test({ name: String(name), fn, options, parent, isSuite, location: callerLocation() });
}

const harness = {
  root: null,
  currentSuite: null,
  currentTest: null,
  running: new Set(),
  started: now(),
  reported: 0,
  header: false,
  counts: { tests: 0, suites: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 },
  report(test) {
    if (!this.header) {
      this.header = true;
      process.stdout.write("TAP version 13\n");
    }
    this.reported++;
    count(test, this.counts);
    process.stdout.write(reportTest(test, this.reported, 0));
  },
};

function count(test, counts) {
  if (test.isSuite) counts.suites++;
  else counts.tests++;
  if (!test.isSuite) {
    if (test.cancelled) counts.cancelled++;
    else if (test.skipped) counts.skipped++;
    else if (test.isTodo) counts.todo++;
    else if (test.failure) counts.fail++;
    else counts.pass++;
  }
  for (const child of test.children) count(child, counts);
}

/** The root of the run, made on the first test() of the program. */
function root() {
  if (harness.root) return harness.root;
  const r = new Test({ name: "<root>", parent: null, isSuite: true });
  harness.root = r;
  const finish = () => {
    // Tests still pending when the loop has emptied are cancelled, as in Node.
    for (const test of harness.running) {
      if (test === r || test.finished) continue;
      test.cancelled = true;
      test.fail(testFailure("cancelledByParent", "Promise resolution is still pending but the event loop has already resolved"));
    }
    for (const test of r.children.filter((t) => !t.finished)) {
      test.finished = true;
      test.cancelled = true;
      test.fail(testFailure("cancelledByParent", "Promise resolution is still pending but the event loop has already resolved"));
      harness.report(test);
    }
    const counts = harness.counts;
    if (!harness.header) process.stdout.write("TAP version 13\n");
    process.stdout.write(reportSummary(r.children.length, counts, now() - harness.started));
    if (counts.fail > 0 || counts.cancelled > 0) process.exitCode = 1;
  };
  process.once("beforeExit", finish);
  return r;
}

/** test() / it(): a subtest of the running test, of the describe() being built, or a top-level test. */
function addTest(name, options, fn, isSuite, extra) {
  const parent = harness.currentSuite || harness.currentTest || root();
  if (extra) {
    if (typeof name === "function" || (name !== null && typeof name === "object")) [name, options, fn] = [undefined, name, options];
    if (typeof options === "function") [options, fn] = [{}, options];
    options = { ...(options || {}), ...extra };
    if (name === undefined) name = (fn && fn.name) || "<anonymous>";
  }
  if (parent !== harness.root && parent.isSuite) return parent.declare(name, options, fn, isSuite);
  return parent.subtest(name, options, fn, isSuite);
}

/** before/after/beforeEach/afterEach outside a test: the describe() being built, else the root. */
function addHook(kind, fn, options) {
  const owner = harness.currentSuite || harness.currentTest || root();
  owner.hooks[kind].push({ fn, options });
}

export default { addTest, addHook, MockTracker };
