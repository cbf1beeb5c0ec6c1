// Errors as the guest sees them: host errors rebuilt with Node's classes and
// keys, and the report of an uncaught error without the engine's own frames.
import { ErrorCtor, ObjectDefine } from "./primordials.js";
import { inspectValue } from "../format.js";

export function createErrors(rt, loadInspect) {
  const TypeErrorCtor = TypeError;
  const RangeErrorCtor = RangeError;
  const SyntaxErrorCtor = SyntaxError;
  const JSONParse = JSON.parse;
  // The fields a host error carries into the guest, with their types (address, port, hostname: network errors').
  const HOST_ERROR_FIELDS = ["errno", "number", "code", "string", "syscall", "string", "path", "string", "dest", "string",
    "address", "string", "port", "number", "hostname", "string"];

  // The guest's form of a failed op's error: Node's class, own keys and a stack that starts with its message.
  function hostError(json) {
    // Built from references taken before any guest code ran, and with own data properties: a guest that replaced
    // JSON.parse or the error classes, or put setters on Object.prototype, cannot change what a host error says.
    const e = typeof json === "string" ? JSONParse(json) : json;
    const name = e.name;
    const Ctor = name === "TypeError" ? TypeErrorCtor : name === "RangeError" ? RangeErrorCtor : name === "SyntaxError" ? SyntaxErrorCtor : ErrorCtor;
    const err = new Ctor(e.message);
    if (name !== "TypeError" && name !== "RangeError" && name !== "SyntaxError" && name !== "Error") {
      ObjectDefine(err, "name", { value: name, writable: true, enumerable: false, configurable: true });
    }
    // Node's fields in Node's order, each only as the primitive it must be (indexed: no guest-replaceable iterator).
    for (let i = 0; i < HOST_ERROR_FIELDS.length; i += 2) {
      const key = HOST_ERROR_FIELDS[i];
      if (typeof e[key] === HOST_ERROR_FIELDS[i + 1]) ObjectDefine(err, key, { value: e[key], writable: true, enumerable: true, configurable: true });
    }
    const frames = typeof err.stack === "string" ? err.stack.split("\n").slice(1).join("\n") : "";
    ObjectDefine(err, "stack", { value: `${name}: ${e.message}\n${frames}`, writable: true, enumerable: false, configurable: true });
    return err;
  }

  function formatUncaught(error) {
    if (error && typeof error === "object" && typeof error.stack === "string" && error.stack) {
      const head = `${error.name || "Error"}: ${error.message}`;
      const stack = error.stack.startsWith(head) || /^\w*Error/.test(error.stack) ? error.stack : head + "\n" + error.stack;
      return withoutInternalFrames(stack.replace(/\n$/, ""));
    }
    if (error instanceof Error) return String(error);
    try {
      return "Uncaught " + inspectValue(error, undefined, loadInspect);
    } catch {
      return "Uncaught exception";
    }
  }

  // The engine's own frames (the prelude calling the program) say nothing to the user.
  function withoutInternalFrames(stack) {
    // Columns on the main file's first line include the CommonJS wrapper.
    const firstLine = `(${rt.config.mainFile}:1:`;
    const lines = stack
      .split("\n")
      .filter((line) => !line.includes("(node:internal/"))
      .map((line) => {
        const at = line.indexOf(firstLine);
        if (at < 0) return line;
        const column = Number(line.slice(at + firstLine.length, -1));
        return column > rt.config.wrapperColumns ? line.slice(0, at + firstLine.length) + (column - rt.config.wrapperColumns) + ")" : line;
      });
    while (lines.length > 1 && /^\s+at (call|apply) \(native\)$/.test(lines[lines.length - 1])) lines.pop();
    return lines.join("\n");
  }

  function safeString(value) {
    try {
      return String(value);
    } catch {
      return inspectValue(value, undefined, loadInspect);
    }
  }

  return { hostError, formatUncaught, safeString };
}
