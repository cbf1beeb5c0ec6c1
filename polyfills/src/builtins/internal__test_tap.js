// internal/test_tap — node:test's TAP reporter, the one Node 22 uses when
// stdout is not a terminal (a sandbox's never is): "TAP version 13", a
// "# Subtest:" header, "ok N - name" with a YAML block per test, nested tests
// indented by four spaces, the plan, and the summary counts.

/** Node's tapEscape: line breaks and other controls, then backslashes and '#' (so a line break shows as \\\\n, as Node 20-22 print it). */
function tapEscape(input) {
  return String(input)
    .replace(/[\x08\f\t\n\r\v]/g, (c) => ESCAPES[c])
    .replace(/\\/g, "\\\\")
    .replace(/#/g, "\\#");
}
const ESCAPES = { "\x08": "\\b", "\f": "\\f", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\v": "\\v" };

function yamlScalar(indent, key, value) {
  if (value === null) return `${indent}${key}: ~\n`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return `${indent}${key}: ${value}\n`;
  if (typeof value === "string") {
    if (value.includes("\n")) {
      const lines = value.split("\n").map((line) => `${indent}  ${line}`);
      return `${indent}${key}: |-\n${lines.join("\n")}\n`;
    }
    return value.includes("'") ? `${indent}${key}: ${JSON.stringify(value)}\n` : `${indent}${key}: '${value}'\n`;
  }
  if (typeof value === "object") {
    let out = `${indent}${key}:\n`;
    for (const [k, v] of Object.entries(value)) out += yamlScalar(indent + "  ", k, v);
    return out;
  }
  return `${indent}${key}: ${String(value)}\n`;
}

/** The stack lines Node shows: frames without "at", dropped past its own runner's frames. */
function stackLines(error) {
  if (!error || typeof error.stack !== "string") return null;
  const frames = error.stack.split("\n").filter((l) => /^\s+at /.test(l)).map((l) => l.trim().slice(3).replace(/^<anonymous> \((.*)\)$/, "$1"));
  const own = frames.filter((f) => !/\(node:|^node:|\(native\)$/.test(f));
  return own.length ? own.join("\n") : null;
}

/** The YAML lines of a failed test's error, as Node's reporter writes them. */
function errorDetails(indent, test) {
  const failure = test.failure;
  const error = failure.cause;
  let out = "";
  if (test.location) out += yamlScalar(indent, "location", test.location);
  out += yamlScalar(indent, "failureType", failure.failureType);
  const isError = error !== null && typeof error === "object" && typeof error.message === "string";
  const message = isError ? error.message : failure.failureType === "testCodeFailure" ? String(error) : failure.message;
  out += yamlScalar(indent, "error", isError || failure.failureType === "testCodeFailure" ? message : failure.message);
  const code = isError && typeof error.code === "string" && failure.failureType === "testCodeFailure" ? error.code : "ERR_TEST_FAILURE";
  out += yamlScalar(indent, "code", code);
  if (isError && failure.failureType === "testCodeFailure") {
    if (error.name && error.name !== "Error") out += yamlScalar(indent, "name", error.name);
    if (error.name === "AssertionError") {
      for (const key of ["expected", "actual", "operator"]) {
        if (key in error) out += yamlValue(indent, key, error[key]);
      }
    }
    const stack = stackLines(error);
    if (stack) out += yamlScalar(indent, "stack", stack);
  }
  return out;
}

function yamlValue(indent, key, value) {
  if (value === undefined) return `${indent}${key}: undefined\n`;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return yamlScalar(indent, key, value);
  if (Array.isArray(value)) {
    let out = `${indent}${key}:\n`;
    for (const item of value) out += `${indent}  - ${typeof item === "string" ? `'${item}'` : String(item)}\n`;
    return out;
  }
  return yamlScalar(indent, key, value);
}

/**
 * The TAP lines of one finished test and its subtests.
 * @param {object} test a finished Test
 * @param {number} number its position among its siblings (from 1)
 * @param {number} depth nesting (0 for top-level tests)
 */
function reportTest(test, number, depth) {
  const pad = "    ".repeat(depth);
  let out = `${pad}# Subtest: ${tapEscape(test.name)}\n`;
  if (test.children.length) {
    test.children.forEach((child, i) => (out += reportTest(child, i + 1, depth + 1)));
    out += `${pad}    1..${test.children.length}\n`;
  }
  let directive = "";
  if (test.skipped) directive = ` # SKIP${test.skipMessage ? ` ${tapEscape(test.skipMessage)}` : ""}`;
  else if (test.isTodo) directive = ` # TODO${test.todoMessage ? ` ${tapEscape(test.todoMessage)}` : ""}`;
  out += `${pad}${test.failure ? "not ok" : "ok"} ${number} - ${tapEscape(test.name)}${directive}\n`;
  out += `${pad}  ---\n${pad}  duration_ms: ${test.durationMs}\n`;
  if (test.isSuite) out += `${pad}  type: 'suite'\n`;
  if (test.failure) out += errorDetails(`${pad}  `, test);
  out += `${pad}  ...\n`;
  for (const message of test.diagnostics) out += `${pad}# ${tapEscape(message)}\n`;
  return out;
}

/** The closing lines: the plan and the counts. */
function reportSummary(topCount, counts, durationMs) {
  return (
    `1..${topCount}\n` +
    `# tests ${counts.tests}\n# suites ${counts.suites}\n# pass ${counts.pass}\n# fail ${counts.fail}\n` +
    `# cancelled ${counts.cancelled}\n# skipped ${counts.skipped}\n# todo ${counts.todo}\n# duration_ms ${durationMs}\n`
  );
}

export default { reportTest, reportSummary, tapEscape };
