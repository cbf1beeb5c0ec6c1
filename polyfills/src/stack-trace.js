// V8's stack-trace API on QuickJS: Error.captureStackTrace, Error.stackTraceLimit
// and the Error.prepareStackTrace hook with CallSite objects.
//
// QuickJS gives every error an own `stack` string of frames only
// ("    at f (/a.js:1:2)\n", no "Error: message" head). captureStackTrace takes
// such a string from a fresh error, drops its own frame and the frames above
// (and including) the topmost call of `constructorOpt` (matched by function
// name: QuickJS frames carry no function identity), cuts it to
// Error.stackTraceLimit frames and installs `stack` on the object. The head line
// is V8's: `${name}: ${message}` of the object. Frames are parsed into CallSite
// objects only when a guest Error.prepareStackTrace is set; that hook is called
// on the first read of `stack`, with this realm's frames only, never the host's.
// Errors made by `new Error()` keep QuickJS's own stack: the engine builds it
// before any guest code could run, so neither the hook nor the limit reach it.

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

/**
 * Installs captureStackTrace, stackTraceLimit and the prepareStackTrace hook on
 * `ErrorCtor`. `tidy(lines)` drops the engine's own frames (the prelude that
 * runs the program) from an array of frame lines.
 */
export function installStackTrace(ErrorCtor, tidy) {
  const define = Object.defineProperty;
  const fmtFrames = (lines) => (lines.length ? "\n" + lines.join("\n") : "");

  function framesHere(skip) {
    const raw = new ErrorCtor().stack;
    const lines = typeof raw === "string" ? raw.split("\n").filter((l) => l.trim() !== "") : [];
    return tidy(lines.slice(skip));
  }

  function captureStackTrace(obj, constructorOpt) {
    if (obj === null || (typeof obj !== "object" && typeof obj !== "function")) {
      // V8's own message for this case.
      throw new TypeError("invalid_argument");
    }
    // Frame 0 is this function.
    let lines = framesHere(1);
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
    const limit = ErrorCtor.stackTraceLimit;
    // As in V8: a limit that is not a number captures no frames.
    const max = typeof limit === "number" && limit > 0 ? limit : 0;
    if (lines.length > max) lines = lines.slice(0, max);
    let value;
    let computed = false;
    const compute = () => {
      computed = true;
      const hook = ErrorCtor.prepareStackTrace;
      if (typeof hook === "function") value = hook.call(ErrorCtor, obj, parseFrames(lines));
      else value = headOf(obj) + fmtFrames(lines);
    };
    // The hook, if any, sees the object as it is when `stack` is first read (as in V8).
    define(obj, "stack", {
      configurable: true,
      enumerable: false,
      get() {
        if (!computed) compute();
        return value;
      },
      set(v) {
        computed = true;
        value = v;
      },
    });
  }
  define(captureStackTrace, "name", { value: "captureStackTrace" });
  define(ErrorCtor, "captureStackTrace", { value: captureStackTrace, writable: true, configurable: true, enumerable: false });
  define(ErrorCtor, "stackTraceLimit", { value: 10, writable: true, configurable: true, enumerable: true });
}
