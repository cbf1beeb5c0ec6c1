// The message Node's assert.ok()/assert() give a falsy value without a
// message of their own: "The expression evaluated to a falsy value:" and the
// source text of the call, read from the caller's file. When the source
// cannot be read (code run from a string, a file the program may not read),
// the message is left undefined and AssertionError says "x == true", as Node
// does in the REPL.

/** The caller of `fn` as a CallSite, through the V8 stack-trace API the sandbox has. */
function callerOf(fn) {
  const previous = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_, sites) => sites;
    Error.stackTraceLimit = 1;
    const holder = {};
    Error.captureStackTrace(holder, fn);
    const sites = holder.stack;
    return Array.isArray(sites) ? sites[0] : undefined;
  } finally {
    Error.prepareStackTrace = previous;
    Error.stackTraceLimit = limit;
  }
}

/** Offset of the ")" closing the "(" at `open`, skipping strings, templates and comments; -1 if none. */
function closingParen(code, open) {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '"' || c === "'" || c === "`") {
      for (i++; i < code.length && code[i] !== c; i++) if (code[i] === "\\") i++;
    } else if (c === "/" && code[i + 1] === "/") {
      i = code.indexOf("\n", i);
      if (i === -1) return -1;
    } else if (c === "/" && code[i + 1] === "*") {
      i = code.indexOf("*/", i + 2);
      if (i === -1) return -1;
      i++;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return c === ")" ? i : -1;
    }
  }
  return -1;
}

// Columns on line 1 of a required file count the CommonJS wrapper the engine
// compiles it in (CJS_PREFIX in src/engine/modules.ts) before the file's text.
const WRAPPER_COLUMNS = "(function (exports, require, module, __filename, __dirname) {".length;

/** The call expression around line/column (1-based): its callee back to where the member chain starts, and its arguments. */
function callText(source, line, column) {
  const lines = source.split("\n");
  if (line < 1 || line > lines.length) return undefined;
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
  // QuickJS puts a call's column on its "(".
  if (line === 1 && source[column - 1] !== "(" && source[column - 1 - WRAPPER_COLUMNS] === "(") column -= WRAPPER_COLUMNS;
  const at = offset + column - 1;
  // The column points into the callee (its start, the member name or the "(").
  let open = source.indexOf("(", at);
  if (open === -1) return undefined;
  const between = source.slice(at, open);
  if (!/^[\p{L}\p{N}_$.\s?]*$/u.test(between)) return undefined;
  let start = at;
  while (start > 0 && /[\p{L}\p{N}_$.]/u.test(source[start - 1])) start--;
  const close = closingParen(source, open);
  if (close === -1) return undefined;
  return { text: source.slice(start, close + 1), column: start - offset };
}

/**
 * Node's message for a failed ok() called through `fn`, or undefined.
 * @param {Function} fn the assert function the program called
 */
export function sourceMessage(fn) {
  let site;
  try {
    site = callerOf(fn);
  } catch {
    return undefined;
  }
  if (!site || typeof site.getFileName !== "function") return undefined;
  const filename = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (typeof filename !== "string" || !filename.startsWith("/") || !line || !column) return undefined;
  let source;
  try {
    source = require("fs").readFileSync(filename, "utf8");
  } catch {
    return undefined;
  }
  const found = callText(source, line, column);
  if (!found) return undefined;
  const [first, ...rest] = found.text.split("\n");
  let message = first;
  // Continuation lines lose the indentation of the call's own line, as in Node.
  for (const frame of rest) {
    let pos = 0;
    while (pos < found.column && (frame[pos] === " " || frame[pos] === "\t")) pos++;
    message += `\n  ${frame.slice(pos)}`;
  }
  return `The expression evaluated to a falsy value:\n\n  ${message}\n`;
}
