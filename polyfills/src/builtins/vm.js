// node:vm — scripts, contexts and compiled functions in fresh realms of the
// sandbox's own runtime (under its memory cap and CPU limit). The realms
// and the way a contextified object backs a realm's global object are in
// internal/vm_context; argument checks and messages follow Node v22's lib/vm.js.
/* global require, process */
import { describeReceived } from "../shared/errors.js";
import { outOfRange } from "../shared/buffer-checks.js";

const { codedError } = require("internal/errors", true);
const vmContext = require("internal/vm_context", true);
const { contextify, recordOf, runScript } = vmContext;
const realmHost = require("internal/realm_host", true);

const USE_MAIN_CONTEXT_DEFAULT_LOADER = Symbol("vm_dynamic_import_main_context_default");
const DONT_CONTEXTIFY = Symbol("vm_context_no_contextify");
const constants = Object.freeze(Object.setPrototypeOf({ USE_MAIN_CONTEXT_DEFAULT_LOADER, DONT_CONTEXTIFY }, null));

// ---- argument checks (Node's validators) ----------------------------------------------------

function invalidArgType(name, expected, value) {
  const what = name.includes(".") ? "property" : "argument";
  return codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "${name}" ${what} must be ${expected}.${describeReceived(value)}`);
}
function validateObject(value, name, nullable = false) {
  if ((value === null && !nullable) || Array.isArray(value) || (value !== null && typeof value !== "object")) {
    throw invalidArgType(name, "of type object", value);
  }
}
function validateString(value, name) {
  if (typeof value !== "string") throw invalidArgType(name, "of type string", value);
}
function validateBoolean(value, name) {
  if (typeof value !== "boolean") throw invalidArgType(name, "of type boolean", value);
}
function validateArray(value, name) {
  if (!Array.isArray(value)) throw invalidArgType(name, "an instance of Array", value);
}
function validateInt32(value, name, min = -2147483648, max = 2147483647) {
  if (typeof value !== "number") throw invalidArgType(name, "of type number", value);
  if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}
function validateUint32(value, name, positive = false) {
  validateInt32(value, name, positive ? 1 : 0, 4294967295);
}
function validateOneOf(value, name, allowed) {
  if (!allowed.includes(value)) {
    const list = allowed.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(", ");
    const shown = typeof value === "string" ? `'${value}'` : String(value);
    throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The property '${name}' must be one of: ${list}. Received ${shown}`);
  }
}
function isArrayBufferView(value) {
  return ArrayBuffer.isView(value);
}
function validateImportCallback(value, name) {
  if (value !== undefined && typeof value !== "function" && value !== USE_MAIN_CONTEXT_DEFAULT_LOADER) {
    throw invalidArgType(name, "of type function", value);
  }
}

function validateContext(contextifiedObject) {
  if (!isContext(contextifiedObject)) {
    throw codedError(TypeError, "ERR_INVALID_ARG_TYPE", `The "contextifiedObject" argument must be an vm.Context.${describeReceived(contextifiedObject)}`);
  }
}

// ---- cached data ----------------------------------------------------------------------------
// QuickJS's compiled code cannot be handed out, so cachedData carries what
// V8's own check of a code cache looks at (a format tag and the source's
// length): it is accepted or rejected as Node would, and gives no speed-up.
const CACHE_TAG = [0x71, 0x78, 0x76, 0x6d]; // "qxvm"

function makeCachedData(source) {
  const bytes = new Uint8Array(8);
  bytes.set(CACHE_TAG);
  new DataView(bytes.buffer).setUint32(4, source.length, true);
  return Buffer.from(bytes.buffer);
}
function cacheMatches(data, source) {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length !== 8 || CACHE_TAG.some((b, i) => bytes[i] !== b)) return false;
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true) === source.length;
}

// ---- Script ---------------------------------------------------------------------------------

/** Lines and columns before the code, as blank lines and spaces (line and column numbers then match). */
function withOffsets(code, lineOffset, columnOffset) {
  return (lineOffset > 0 ? "\n".repeat(lineOffset) : "") + (columnOffset > 0 ? " ".repeat(columnOffset) : "") + code;
}

function sourceMapURLOf(code) {
  const matches = code.match(/\/[*/][#@]\s*sourceMappingURL=([^\s'"*]+)\s*(?:\*\/\s*)?$/gm);
  if (!matches) return undefined;
  const last = matches[matches.length - 1];
  return /sourceMappingURL=([^\s'"*]+)/.exec(last)[1];
}

const kSkipCompile = Symbol("vm.skipCompile");

// ---- displayErrors: Node puts the script's line and an arrow above an error's stack ---------
const decorated = new WeakSet();
const FRAME_LOCATION = /^\s*at (?:.*\((.*)\)|(.*))$/;

/** Where the first frame of `stack` is, if it is in `filename`: [line, column] (1-based). */
function firstFrameIn(stack, filename) {
  for (const line of stack.split("\n")) {
    const m = FRAME_LOCATION.exec(line);
    if (m === null) continue;
    const at = /^(.*):(\d+):(\d+)$/.exec(m[1] !== undefined ? m[1] : m[2]);
    return at !== null && at[1] === filename ? [Number(at[2]), Number(at[3])] : null;
  }
  return null;
}

/**
 * Node's decorateErrorStack: an error escaping a script whose first frame is
 * in it gets `file:line`, that line of source and an arrow above its stack
 * (once). The arrow points where QuickJS says, or at the `throw` before it.
 */
function decorate(err, source, filename, columnOffset) {
  if (err === null || typeof err !== "object" || decorated.has(err)) return;
  try {
    const stack = err.stack;
    if (typeof stack !== "string") return;
    const where = firstFrameIn(stack, filename);
    if (where === null) return;
    const [line, column] = where;
    let text = source.split("\n")[line - 1];
    if (text === undefined) return;
    let caret = Math.max(0, column - 1);
    const padding = text.length - text.replace(/^ */, "").length;
    if (columnOffset > 0 && padding >= columnOffset) {
      text = text.slice(columnOffset);
      caret = Math.max(0, caret - columnOffset);
    }
    const thrown = text.lastIndexOf("throw", caret);
    if (thrown >= 0) caret = thrown;
    const head = /^\s*at /.test(stack) ? `${err.name}: ${err.message}\n` : "";
    err.stack = `${filename}:${line}\n${text}\n${" ".repeat(caret)}^\n\n${head}${stack}`;
    decorated.add(err);
  } catch {
    // An error whose stack cannot be read or written stays as it is.
  }
}

function timeoutError(record, timeout) {
  // Thrown in the context that ran out of time, as Node does.
  const Ctor = record ? record.builtins.get("Error").value : Error;
  const err = new Ctor(`Script execution timed out after ${timeout}ms`);
  err.code = "ERR_SCRIPT_EXECUTION_TIMEOUT";
  return err;
}

function runOptions(options = {}) {
  validateObject(options, "options");
  let timeout = options.timeout;
  if (timeout === undefined) timeout = 0;
  else validateUint32(timeout, "options.timeout", true);
  const { displayErrors = true, breakOnSigint = false } = options;
  validateBoolean(displayErrors, "options.displayErrors");
  validateBoolean(breakOnSigint, "options.breakOnSigint");
  return { timeout, displayErrors };
}

class Script {
  #source;
  #filename;
  #columnOffset;

  constructor(code, options = {}) {
    code = `${code}`;
    if (typeof options === "string") options = { filename: options };
    else validateObject(options, "options");
    const {
      filename = "evalmachine.<anonymous>",
      lineOffset = 0,
      columnOffset = 0,
      cachedData,
      produceCachedData = false,
      importModuleDynamically,
    } = options;
    validateString(filename, "options.filename");
    validateInt32(lineOffset, "options.lineOffset");
    validateInt32(columnOffset, "options.columnOffset");
    if (cachedData !== undefined && !isArrayBufferView(cachedData)) {
      throw invalidArgType("options.cachedData", "an instance of Buffer, TypedArray, or DataView", cachedData);
    }
    validateBoolean(produceCachedData, "options.produceCachedData");
    validateImportCallback(importModuleDynamically, "options.importModuleDynamically");
    this.#source = withOffsets(code, lineOffset, columnOffset);
    this.#filename = filename;
    this.#columnOffset = columnOffset;
    // A script used once by runIn*Context is parsed where it runs; one made with `new` is checked now.
    if (options[kSkipCompile] !== true) {
      try {
        realmHost("compile", this.#source, filename);
      } catch (err) {
        decorate(err, this.#source, filename, columnOffset);
        throw err;
      }
    }
    if (cachedData !== undefined) this.cachedDataRejected = !cacheMatches(cachedData, code);
    if (produceCachedData) {
      this.cachedDataProduced = true;
      this.cachedData = makeCachedData(code);
    }
    this.sourceMapURL = sourceMapURLOf(code);
  }

  runInThisContext(options) {
    return this.#run(null, runOptions(options));
  }

  runInContext(contextifiedObject, options) {
    validateContext(contextifiedObject);
    const run = runOptions(options);
    return this.#run(recordOf(contextifiedObject), run);
  }

  #run(record, { timeout, displayErrors }) {
    try {
      return runScript(record, this.#source, this.#filename, timeout, () => timeoutError(record, timeout));
    } catch (err) {
      if (displayErrors) decorate(err, this.#source, this.#filename, this.#columnOffset);
      throw err;
    }
  }

  runInNewContext(contextObject, options) {
    const context = createContext(contextObject, contextOptions(options));
    return this.runInContext(context, options);
  }

  createCachedData() {
    return makeCachedData(this.#source);
  }
}

// ---- contexts -------------------------------------------------------------------------------

/** The createContext options that runInNewContext takes under other names. */
function contextOptions(options) {
  if (!options) return {};
  const result = { name: options.contextName, origin: options.contextOrigin, codeGeneration: undefined, microtaskMode: options.microtaskMode };
  if (result.name !== undefined) validateString(result.name, "options.contextName");
  if (result.origin !== undefined) validateString(result.origin, "options.contextOrigin");
  if (options.contextCodeGeneration !== undefined) {
    validateObject(options.contextCodeGeneration, "options.contextCodeGeneration");
    const { strings, wasm } = options.contextCodeGeneration;
    if (strings !== undefined) validateBoolean(strings, "options.contextCodeGeneration.strings");
    if (wasm !== undefined) validateBoolean(wasm, "options.contextCodeGeneration.wasm");
    result.codeGeneration = { strings, wasm };
  }
  if (options.microtaskMode !== undefined) validateString(options.microtaskMode, "options.microtaskMode");
  return result;
}

function isContext(object) {
  if ((typeof object !== "object" || object === null) && typeof object !== "function") {
    throw invalidArgType("object", "of type object", object);
  }
  return recordOf(object) !== undefined;
}

let contextNameIndex = 1;

function createContext(contextObject = {}, options = {}) {
  if (contextObject !== DONT_CONTEXTIFY && isContext(contextObject)) return contextObject;
  validateObject(options, "options");
  const { name = `VM Context ${contextNameIndex++}`, origin, codeGeneration, microtaskMode, importModuleDynamically } = options;
  validateString(name, "options.name");
  if (origin !== undefined) validateString(origin, "options.origin");
  if (codeGeneration !== undefined) {
    validateObject(codeGeneration, "options.codeGeneration");
    const { strings = true, wasm = true } = codeGeneration;
    validateBoolean(strings, "options.codeGeneration.strings");
    validateBoolean(wasm, "options.codeGeneration.wasm");
  }
  if (microtaskMode !== undefined) validateOneOf(microtaskMode, "options.microtaskMode", ["afterEvaluate", undefined]);
  validateImportCallback(importModuleDynamically, "options.importModuleDynamically");
  return contextify(contextObject === DONT_CONTEXTIFY ? null : contextObject).contextObject;
}

function createScript(code, options) {
  return new Script(code, options);
}

function runInContext(code, contextifiedObject, options) {
  validateContext(contextifiedObject);
  options = typeof options === "string" ? { filename: options } : { ...options };
  options[kSkipCompile] = true;
  return createScript(code, options).runInContext(contextifiedObject, options);
}

function runInNewContext(code, contextObject, options) {
  options = typeof options === "string" ? { filename: options } : { ...options };
  const context = createContext(contextObject, contextOptions(options));
  options[kSkipCompile] = true;
  return createScript(code, options).runInContext(context, options);
}

function runInThisContext(code, options) {
  options = typeof options === "string" ? { filename: options } : { ...options };
  options[kSkipCompile] = true;
  return createScript(code, options).runInThisContext(options);
}

// ---- compileFunction ------------------------------------------------------------------------

function compileFunction(code, params, options = {}) {
  validateString(code, "code");
  if (params !== undefined) {
    validateArray(params, "params");
    params.forEach((param, i) => validateString(param, `params[${i}]`));
  }
  validateObject(options, "options");
  const {
    filename = "",
    columnOffset = 0,
    lineOffset = 0,
    cachedData = undefined,
    produceCachedData = false,
    parsingContext = undefined,
    contextExtensions = [],
    importModuleDynamically,
  } = options;
  validateString(filename, "options.filename");
  validateUint32(columnOffset, "options.columnOffset");
  validateUint32(lineOffset, "options.lineOffset");
  if (cachedData !== undefined && !isArrayBufferView(cachedData)) {
    throw invalidArgType("options.cachedData", "an instance of Buffer, TypedArray, or DataView", cachedData);
  }
  validateBoolean(produceCachedData, "options.produceCachedData");
  if (parsingContext !== undefined) {
    if (typeof parsingContext !== "object" || parsingContext === null || !isContext(parsingContext)) {
      throw invalidArgType("options.parsingContext", "an instance of Context", parsingContext);
    }
  }
  validateArray(contextExtensions, "options.contextExtensions");
  contextExtensions.forEach((extension, i) => validateObject(extension, `options.contextExtensions[${i}]`, true));
  validateImportCallback(importModuleDynamically, "options.importModuleDynamically");

  // The function's text is Node's: `function (a, b) {\n<code>\n}`.
  const text = `function (${(params || []).join(", ")}) {\n${code}\n}`;
  const usable = contextExtensions.filter((e) => e !== null);
  const scopes = usable.map((_, i) => `with (__quickexec_scopes[${i}]) `).join("");
  const wrapper = usable.length === 0 ? `(${text})` : `(function (__quickexec_scopes) { ${scopes}return ${text}; })`;
  const record = parsingContext === undefined ? null : recordOf(parsingContext);
  // Parsed twice first, as an expression and as a declaration: a body that closes the function
  // early (`});...(function() {`) cannot fit both, and must not run (Node refuses it as a parse error).
  realmHost("compile", `(${text})`, filename);
  try {
    realmHost("compile", `function __quickexec_body${text.slice(8)}`, filename);
  } catch {
    throw new SyntaxError("Unexpected token '}'");
  }
  let fn = runScript(record, withOffsets(wrapper, lineOffset, columnOffset), filename, 0, null);
  if (usable.length > 0) fn = fn(usable);
  if (typeof fn !== "function" || Function.prototype.toString.call(fn) !== text) {
    throw new SyntaxError("Unexpected token '}'");
  }
  if (produceCachedData) {
    fn.cachedDataProduced = true;
    fn.cachedData = makeCachedData(code);
  }
  if (cachedData !== undefined) fn.cachedDataRejected = !cacheMatches(cachedData, code);
  return fn;
}

// ---- measureMemory --------------------------------------------------------------------------

let warnedMeasureMemory = false;

function measureMemory(options = {}) {
  if (!warnedMeasureMemory) {
    warnedMeasureMemory = true;
    process.emitWarning("vm.measureMemory is an experimental feature and might change at any time", "ExperimentalWarning");
  }
  validateObject(options, "options");
  const { mode = "summary", execution = "default" } = options;
  validateOneOf(mode, "options.mode", ["summary", "detailed"]);
  validateOneOf(execution, "options.execution", ["default", "eager"]);
  // Every realm lives in the sandbox's one heap: its size is the estimate for all of them.
  const used = process.memoryUsage().heapUsed;
  const estimate = { jsMemoryEstimate: used, jsMemoryRange: [used, used] };
  const result = { total: estimate };
  if (mode === "detailed") {
    result.current = estimate;
    result.other = [];
  }
  return Promise.resolve(result);
}

export default {
  Script,
  createContext,
  createScript,
  runInContext,
  runInNewContext,
  runInThisContext,
  isContext,
  compileFunction,
  measureMemory,
  constants,
};
