// assert.AssertionError with Node 22's messages: "1 !== 2" for short
// primitives, the "+ actual - expected" line diff (myers-diff.js) for the
// rest, the custom message followed by the diff for strictEqual and
// deepStrictEqual, and "AssertionError [ERR_ASSERTION]" at the head of the
// stack. Written for quickexec after the behaviour of Node's
// lib/internal/assert/assertion_error.js; the assert port builds its errors
// with this class (scripts/build.mjs points its own module here), which is
// why this file is CommonJS: the port require()s it.
const { inspect } = require("util");
const { myersDiff, printDiff } = require("./myers-diff.js");

const HEADINGS = {
  deepStrictEqual: "Expected values to be strictly deep-equal:",
  partialDeepStrictEqual: "Expected values to be partially and strictly deep-equal:",
  strictEqual: "Expected values to be strictly equal:",
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: "Expected values to be loosely deep-equal:",
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: "Values have same structure but are not reference-equal:",
  notDeepEqualUnequal: "Expected values not to be loosely deep-equal:",
};
/** Operators whose message is a diff, after the custom message if one was given. */
const DIFFED = new Set(["deepStrictEqual", "strictEqual", "partialDeepStrictEqual"]);
const SHORT = 12;
const LONG = 512;

function show(value) {
  return inspect(value, {
    compact: false,
    customInspect: false,
    depth: 1000,
    maxArrayLength: Infinity,
    showHidden: false,
    showProxy: false,
    sorted: true,
    getters: true,
  });
}

const isObject = (v) => typeof v === "object" && v !== null;

/** An error's own enumerable fields, message and cause, without its stack (so a diff of two errors does not show stacks). */
function errorCopy(source) {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(source)), source);
  Object.defineProperty(copy, "message", { __proto__: null, value: source.message });
  if (Object.prototype.hasOwnProperty.call(source, "cause")) {
    const cause = source.cause instanceof Error ? errorCopy(source.cause) : source.cause;
    Object.defineProperty(copy, "cause", { __proto__: null, value: cause });
  }
  return copy;
}

/** Two one-line values side by side: "a !== b" when short, else one per line with a caret under the first difference of two strings. */
function simpleDiff(actual, shownActual, expected, shownExpected) {
  let length = shownActual.length + shownExpected.length;
  if (typeof actual === "string") length -= 2;
  if (typeof expected === "string") length -= 2;
  if (length <= SHORT && (actual !== 0 || expected !== 0)) return { message: `${shownActual} !== ${shownExpected}`, header: "" };
  let message = `\n+ ${shownActual}\n- ${shownExpected}`;
  if (typeof actual === "string" && typeof expected === "string" && length + 4 <= 80) {
    for (let i = 0; i < shownActual.length; i++) {
      if (shownActual[i] !== shownExpected[i]) {
        if (i >= 3) message += `\n${" ".repeat(i + 2)}^`;
        break;
      }
    }
  }
  return { message };
}

function diffMessage(actual, expected, operator, customMessage) {
  if (operator === "strictEqual" && ((isObject(actual) && isObject(expected)) || (typeof actual === "function" && typeof expected === "function"))) {
    operator = "strictEqualObject";
  }
  const shownActual = show(actual);
  const shownExpected = show(expected);
  const actualLines = shownActual.split("\n");
  const expectedLines = shownExpected.split("\n");
  let header = "+ actual - expected";
  let message;
  let skipped = false;
  if (actualLines.length === 1 && expectedLines.length === 1 && (!isObject(actual) || !isObject(expected))) {
    const simple = simpleDiff(actual, actualLines[0], expected, expectedLines[0]);
    message = simple.message;
    if (simple.header !== undefined) header = simple.header;
  } else if (shownActual === shownExpected) {
    operator = "notIdentical";
    header = "";
    if (actualLines.length > 50) {
      message = `${actualLines.slice(0, 50).join("\n")}\n...}`;
      skipped = true;
    } else {
      message = actualLines.join("\n");
    }
  } else {
    const printed = printDiff(myersDiff(actualLines, expectedLines, isObject(actual)));
    message = printed.message;
    skipped = printed.skipped;
  }
  return `${customMessage || HEADINGS[operator]}\n${header}${skipped ? "\n... Skipped lines" : ""}\n${message}\n`;
}

function unequalMessage(actual, operator) {
  let heading = HEADINGS[operator];
  const lines = show(actual).split("\n");
  if (operator === "notStrictEqual" && (isObject(actual) || typeof actual === "function")) heading = HEADINGS.notStrictEqualObject;
  if (lines.length > 50) {
    lines[46] = "...";
    lines.length = 47;
  }
  if (lines.length === 1) return `${heading}${lines[0].length > 5 ? "\n\n" : " "}${lines[0]}`;
  return `${heading}\n\n${lines.join("\n")}\n`;
}

function otherMessage(actual, expected, operator) {
  let left = show(actual);
  let right = show(expected);
  const heading = HEADINGS[operator];
  if (operator === "notDeepEqual" && left === right) {
    left = `${heading}\n\n${left}`;
    return left.length > 1024 ? `${left.slice(0, 1021)}...` : left;
  }
  if (left.length > LONG) left = `${left.slice(0, 509)}...`;
  if (right.length > LONG) right = `${right.slice(0, 509)}...`;
  if (operator === "deepEqual") return `${heading}\n\n${left}\n\nshould loosely deep-equal\n\n${right}`;
  const unequal = HEADINGS[`${operator}Unequal`];
  if (unequal) return `${unequal}\n\n${left}\n\nshould not loosely deep-equal\n\n${right}`;
  return `${left} ${operator} ${right}`;
}

function shorten(value) {
  if (typeof value !== "string") return value;
  const lines = value.split("\n", 11);
  if (lines.length > 10) return `${lines.slice(0, 10).join("\n")}\n...`;
  return value.length > LONG ? `${value.slice(LONG)}...` : value;
}

class AssertionError extends Error {
  constructor(options) {
    if (options === null || typeof options !== "object") {
      const err = new TypeError(`The "options" argument must be of type object.${options === undefined || options === null ? ` Received ${options}` : ` Received type ${typeof options} (${String(options)})`}`);
      err.code = "ERR_INVALID_ARG_TYPE";
      throw err;
    }
    const { message, operator, stackStartFn, stackStartFunction, details } = options;
    let { actual, expected } = options;
    let text;
    if (message != null) {
      text = DIFFED.has(operator) ? diffMessage(actual, expected, operator, message) : String(message);
    } else {
      if (actual instanceof Error && expected instanceof Error) {
        actual = errorCopy(actual);
        expected = errorCopy(expected);
      }
      if (DIFFED.has(operator)) text = diffMessage(actual, expected, operator);
      else if (operator === "notDeepStrictEqual" || operator === "notStrictEqual") text = unequalMessage(actual, operator);
      else text = otherMessage(actual, expected, operator);
    }
    super(text);
    this.generatedMessage = !message;
    Object.defineProperty(this, "name", { __proto__: null, value: "AssertionError [ERR_ASSERTION]", enumerable: false, writable: true, configurable: true });
    this.code = "ERR_ASSERTION";
    if (details) {
      this.actual = undefined;
      this.expected = undefined;
      this.operator = undefined;
      for (let i = 0; i < details.length; i++) {
        this[`message ${i}`] = details[i].message;
        this[`actual ${i}`] = details[i].actual;
        this[`expected ${i}`] = details[i].expected;
        this[`operator ${i}`] = details[i].operator;
        this[`stack trace ${i}`] = details[i].stack;
      }
    } else {
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    if (typeof Error.captureStackTrace === "function") Error.captureStackTrace(this, stackStartFn || stackStartFunction);
    // The stack's first line names the code; the name itself does not.
    void this.stack;
    this.name = "AssertionError";
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  [inspect.custom](recurseTimes, ctx) {
    const { actual, expected } = this;
    this.actual = shorten(actual);
    this.expected = shorten(expected);
    try {
      return inspect(this, { ...ctx, customInspect: false, depth: 0 });
    } finally {
      this.actual = actual;
      this.expected = expected;
    }
  }
}

module.exports = AssertionError;
