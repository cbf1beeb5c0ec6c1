// V8's stack-trace API on QuickJS: Error.captureStackTrace, Error.stackTraceLimit
// and the Error.prepareStackTrace hook with CallSite objects.
//
// QuickJS gives every error an own `stack` string of frames only
// ("    at f (/a.js:1:2)\n", no "Error: message" head). The global error classes
// are wrapped so that `new Error()` (and subclasses, and captureStackTrace)
// get V8's lazy `stack` instead: on first read it is the Error.prepareStackTrace
// hook's result when one is set (called with CallSite objects parsed from
// the frames: this realm's frames only, never the host's), else the head line
// `${name}: ${message}` as the object says then and the frames, cut to the
// Error.stackTraceLimit in force when the error was made. captureStackTrace
// drops the frames above (and including) the topmost call of `constructorOpt`,
// matched by function name: QuickJS frames carry no function identity.
// Errors the engine throws itself (a TypeError from `null.x`) never pass
// through a constructor the guest can see, so they keep QuickJS's stack.

const FRAME = /^\s*at (.*?)(?: \((.*)\))?$/;

/** One parsed QuickJS frame, with V8's CallSite methods. */
class CallSite {
  constructor(name, location) {
    this._name = name;
    this._location = location;
    this._native = location === "native";
    let file = null;
    let line = null;
    let column = null;
    if (!this._native && location) {
      const m = /^(.*?)(?::(\d+))?(?::(\d+))?$/.exec(location);
      file = m[1];
      if (m[2] !== undefined) line = Number(m[2]);
      if (m[3] !== undefined) column = Number(m[3]);
    }
    this._file = file;
    this._line = line;
    this._column = column;
  }
  getThis() {
    return undefined;
  }
  getTypeName() {
    return null;
  }
  getFunction() {
    return undefined;
  }
  getFunctionName() {
    const n = this._name;
    return n === "" || n === "<anonymous>" || n === "<eval>" ? null : n;
  }
  getMethodName() {
    return null;
  }
  getFileName() {
    return this._file === null || this._file === "<input>" ? undefined : this._file;
  }
  getScriptNameOrSourceURL() {
    return this.getFileName();
  }
  getScriptHash() {
    return "";
  }
  getLineNumber() {
    return this._line;
  }
  getColumnNumber() {
    return this._column;
  }
  getEnclosingLineNumber() {
    return null;
  }
  getEnclosingColumnNumber() {
    return null;
  }
  getPosition() {
    return 0;
  }
  getEvalOrigin() {
    return this.isEval() ? "eval" : undefined;
  }
  isToplevel() {
    return this.getFunctionName() === null;
  }
  isEval() {
    return this._name === "<eval>" || this._file === "<input>";
  }
  isNative() {
    return this._native;
  }
  isConstructor() {
    return false;
  }
  isAsync() {
    return false;
  }
  isPromiseAll() {
    return false;
  }
  getPromiseIndex() {
    return null;
  }
  toString() {
    const name = this.getFunctionName();
    const where = this._native ? "native" : this._location || "<anonymous>";
    return name === null ? where : `${name} (${where})`;
  }
}

function parseFrames(lines) {
  const sites = [];
  for (const line of lines) {
    const m = FRAME.exec(line);
    if (m === null) continue;
    if (m[2] === undefined) sites.push(new CallSite("", m[1]));
    else sites.push(new CallSite(m[1], m[2]));
  }
  return sites;
}

function headOf(obj) {
  // V8's ErrorUtils::ToString, without running user getters twice.
  let name;
  let message;
  try {
    name = obj.name;
    message = obj.message;
  } catch {
    return "Error";
  }
  name = name === undefined ? "Error" : String(name);
  message = message === undefined ? "" : String(message);
  if (name === "") return message;
  if (message === "") return name;
  return `${name}: ${message}`;
}

const ERROR_CLASSES = ["Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "AggregateError", "InternalError"];
const PRELUDE_FRAME = "(node:internal/prelude:";

/**
 * Installs V8's stack API on the global error classes of `g`: each class is
 * replaced by a constructor that builds the engine's error and gives it a lazy
 * `stack` (head line, frames cut to Error.stackTraceLimit, or the
 * Error.prepareStackTrace hook's result), with the same prototype, so
 * `instanceof`, subclassing and the engine's own errors keep working.
 * `tidy(lines)` drops the engine's own frames (the prelude that runs the
 * program) from an array of frame lines. `ownFrame` marks the frames of the
 * module this function is bundled in (the wrappers' own frames).
 */
export function installStackTrace(g, tidy, ownFrame = PRELUDE_FRAME) {
  const define = Object.defineProperty;
  const construct = Reflect.construct;
  const fmtFrames = (lines) => (lines.length ? "\n" + lines.join("\n") : "");
  let GlobalError = g.Error;

  function currentLimit() {
    const limit = GlobalError.stackTraceLimit;
    // As in V8: a limit that is not a number captures no frames.
    return typeof limit === "number" && limit > 0 ? limit : 0;
  }

  function framesOf(raw) {
    return typeof raw === "string" ? raw.split("\n").filter((l) => l.trim() !== "") : [];
  }

  /** Gives `obj` a `stack` made from `lines` (frame text) on first read, as V8 formats it lazily. */
  function lazyStack(obj, lines, limit) {
    let value;
    let computed = false;
    define(obj, "stack", {
      configurable: true,
      enumerable: false,
      get() {
        if (!computed) {
          computed = true;
          let frames = tidy(lines);
          if (frames.length > limit) frames = frames.slice(0, limit);
          const hook = GlobalError.prepareStackTrace;
          value = typeof hook === "function" ? hook.call(GlobalError, obj, parseFrames(frames)) : headOf(obj) + fmtFrames(frames);
        }
        return value;
      },
      set(v) {
        computed = true;
        value = v;
      },
    });
  }

  function captureStackTrace(obj, constructorOpt) {
    if (obj === null || (typeof obj !== "object" && typeof obj !== "function")) {
      // V8's own message for this case.
      throw new TypeError("invalid_argument");
    }
    // Frame 0 is this function.
    let lines = framesOf(new RealError().stack).slice(1);
    if (typeof constructorOpt === "function") {
      const name = constructorOpt.name;
      if (name) {
        const at = lines.findIndex((l) => {
          const m = FRAME.exec(l);
          return m !== null && m[2] !== undefined && m[1] === name;
        });
        if (at >= 0) lines = lines.slice(at + 1);
      }
    }
    lazyStack(obj, lines, currentLimit());
  }
  define(captureStackTrace, "name", { value: "captureStackTrace" });

  const RealError = g.Error;
  const wrapped = new Map();
  for (const name of ERROR_CLASSES) {
    const Real = g[name];
    if (typeof Real !== "function") continue;
    const Wrapper = function (...args) {
      const err = construct(Real, args, new.target || Wrapper);
      // The engine's frames start below Reflect.construct and this wrapper.
      const lines = framesOf(err.stack);
      const own = lines.findIndex((l) => l.includes(ownFrame));
      lazyStack(err, own >= 0 ? lines.slice(own + 1) : lines, currentLimit());
      return err;
    };
    define(Wrapper, "name", { value: name });
    define(Wrapper, "length", { value: Real.length });
    Wrapper.prototype = Real.prototype;
    define(Real.prototype, "constructor", { value: Wrapper, writable: true, configurable: true, enumerable: false });
    define(Wrapper, "toString", { value: () => `function ${name}() { [native code] }`, writable: true, configurable: true, enumerable: false });
    wrapped.set(name, Wrapper);
  }
  GlobalError = wrapped.get("Error");
  for (const [name, Wrapper] of wrapped) {
    if (Wrapper !== GlobalError) Object.setPrototypeOf(Wrapper, GlobalError);
    define(g, name, { value: Wrapper, writable: true, configurable: true, enumerable: false });
  }
  define(GlobalError, "captureStackTrace", { value: captureStackTrace, writable: true, configurable: true, enumerable: false });
  define(GlobalError, "stackTraceLimit", { value: 10, writable: true, configurable: true, enumerable: true });
}
