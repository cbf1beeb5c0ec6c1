// util functions Node 22 has that the `util` port lacks: getSystemErrorName,
// getSystemErrorMap, styleText, aborted and parseArgs (loaded on first use).
import { UV_ERRORS } from "./uv-errors.js";
import { describeReceived, invalidArgType, validateString } from "./errors.js";
import { outOfRange } from "./buffer-checks.js";

function instanceError(name, classes, value) {
  const err = new TypeError(`The "${name}" argument must be an instance of ${classes}.${describeReceived(value)}`);
  err.code = "ERR_INVALID_ARG_TYPE";
  return err;
}

let errorMap = null;
/** errno -> [name, message], as libuv reports them on Linux. */
export function getSystemErrorMap() {
  if (!errorMap) errorMap = new Map(UV_ERRORS.map(([errno, name, message]) => [errno, [name, message]]));
  return new Map(errorMap);
}

export function getSystemErrorName(err) {
  if (typeof err !== "number") throw invalidArgType("err", "number", err);
  if (err >= 0 || !Number.isSafeInteger(err)) throw outOfRange("err", "a negative integer", err);
  const entry = UV_ERRORS.find(([errno]) => errno === err);
  return entry ? entry[1] : `Unknown system error ${err}`;
}

export function getSystemErrorMessage(err) {
  if (typeof err !== "number") throw invalidArgType("err", "number", err);
  if (err >= 0 || !Number.isSafeInteger(err)) throw outOfRange("err", "a negative integer", err);
  const entry = UV_ERRORS.find(([errno]) => errno === err);
  return entry ? entry[2] : `Unknown system error ${err}`;
}

function isStream(stream) {
  return stream !== null && typeof stream === "object" && (typeof stream.write === "function" || typeof stream.pipe === "function" || typeof stream.getReader === "function" || typeof stream.getWriter === "function");
}

/** Whether colours go to `stream`: FORCE_COLOR, NO_COLOR and NODE_DISABLE_COLORS as Node reads them, else a colour TTY. */
function shouldColorize(stream) {
  const env = process.env;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  if (env.NO_COLOR !== undefined || env.NODE_DISABLE_COLORS !== undefined) return false;
  return !!(stream && stream.isTTY && (typeof stream.getColorDepth === "function" ? stream.getColorDepth() > 2 : true));
}

/**
 * util.styleText as Node 22: ANSI styles from inspect.colors around `text`,
 * none when the stream (default stdout) does not show colours.
 */
export function styleText(format, text, { validateStream = true, stream = process.stdout } = {}) {
  validateString(text, "text");
  if (typeof validateStream !== "boolean") throw invalidArgType("options.validateStream", "boolean", validateStream);
  let skipColorize = false;
  if (validateStream) {
    if (!isStream(stream)) throw instanceError("stream", "ReadableStream, WritableStream, or Stream", stream);
    skipColorize = !shouldColorize(stream);
  }
  const { colors } = require("internal/inspect", true).inspect;
  let left = "";
  let right = "";
  for (const key of Array.isArray(format) ? format : [format]) {
    const codes = Object.prototype.hasOwnProperty.call(colors, key) ? colors[key] : null;
    if (codes == null) {
      const shown = typeof key === "string" ? `'${key}'` : String(key);
      const err = new TypeError(`The argument 'format' must be one of: ${Object.keys(colors).map((k) => `'${k}'`).join(", ")}. Received ${shown}`);
      err.code = "ERR_INVALID_ARG_VALUE";
      throw err;
    }
    if (skipColorize) continue;
    left += `\u001b[${codes[0]}m`;
    right = `\u001b[${codes[1]}m${right}`;
  }
  return skipColorize ? text : `${left}${text}${right}`;
}

/** util.aborted: resolves (with the abort event) when `signal` aborts, at once if it has; an async function, as in Node. */
export async function aborted(signal, resource) {
  if (signal === undefined || signal === null || typeof signal !== "object" || typeof signal.aborted !== "boolean") {
    throw instanceError("signal", "AbortSignal", signal);
  }
  if (resource === null || (typeof resource !== "object" && typeof resource !== "function")) throw invalidArgType("resource", "object", resource);
  if (signal.aborted) return undefined;
  return new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
}

const PARSE_ARGS_TYPE_ERRORS = new Set(["ERR_PARSE_ARGS_INVALID_OPTION_VALUE", "ERR_PARSE_ARGS_UNKNOWN_OPTION", "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL"]);

/** util.parseArgs; its parse errors are TypeErrors in Node. */
export function parseArgs(config) {
  try {
    return require("internal/parse_args", true).parseArgs(config);
  } catch (error) {
    if (error && PARSE_ARGS_TYPE_ERRORS.has(error.code) && !(error instanceof TypeError)) {
      const err = new TypeError(error.message);
      err.code = error.code;
      throw err;
    }
    throw error;
  }
}

const codesWarned = new Set();
/**
 * util.deprecate as Node's: the code must be a string, each code warns once
 * per process, a deprecated constructor still constructs, and
 * process.noDeprecation turns it off.
 */
export function deprecate(fn, msg, code) {
  if (typeof fn !== "function") throw invalidArgType("fn", "function", fn);
  if (code !== undefined) validateString(code, "code");
  if (process.noDeprecation === true) return fn;
  let warned = false;
  function deprecated(...args) {
    if (!warned) {
      warned = true;
      if (code !== undefined) {
        if (!codesWarned.has(code)) {
          codesWarned.add(code);
          process.emitWarning(msg, "DeprecationWarning", code, deprecated);
        }
      } else {
        process.emitWarning(msg, "DeprecationWarning", deprecated);
      }
    }
    if (new.target) return Reflect.construct(fn, args, new.target);
    return Reflect.apply(fn, this, args);
  }
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}
