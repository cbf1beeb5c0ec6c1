// node:repl — repl.start() over the streams it is given: readline reads the
// lines, vm evaluates them (in this realm with useGlobal, else in a context
// of its own holding the usual globals and `require`), results are printed
// with util.inspect (or the `writer` given), errors as Node prints them
// ("Uncaught ..."), `_` and `_error` keep the last result and error, and
// the .break/.clear/.exit/.help commands work. An input left open (an
// unfinished block) continues on the next line behind the "| " prompt.
// Terminal line editing and completion are not emulated (no TTY).
/* global require */
const readline = require("readline");
const vm = require("vm");
const util = require("util");

const REPL_MODE_SLOPPY = Symbol("repl-sloppy");
const REPL_MODE_STRICT = Symbol("repl-strict");

class Recoverable extends SyntaxError {
  constructor(err) {
    super();
    this.err = err;
  }
}

function writer(obj) {
  return util.inspect(obj, writer.options);
}
writer.options = { ...util.inspect.defaultOptions, showProxy: true };

// QuickJS's and V8's words for source that ends too early.
const UNFINISHED = /unexpected end|end of (input|script|file)|unterminated template|expecting '[)}\]]'/i;

function isRecoverable(err) {
  return err instanceof SyntaxError && UNFINISHED.test(String(err.message));
}

function makeContext() {
  const names = ["console", "process", "Buffer", "URL", "URLSearchParams", "TextEncoder", "TextDecoder", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate", "queueMicrotask", "structuredClone"];
  const sandbox = {};
  for (const name of names) if (globalThis[name] !== undefined) sandbox[name] = globalThis[name];
  sandbox.require = require("module").createRequire(`${process.cwd()}/[repl]`);
  sandbox.global = sandbox;
  return vm.createContext(sandbox);
}

class REPLServer extends readline.Interface {
  constructor(prompt, stream, evalFn, useGlobal, ignoreUndefined, replMode) {
    let options = prompt !== null && typeof prompt === "object" ? prompt : { prompt, stream, eval: evalFn, useGlobal, ignoreUndefined, replMode };
    options = { ...options };
    const input = options.input || options.stream || process.stdin;
    const output = options.output || options.stream || process.stdout;
    const promptText = options.prompt === undefined ? "> " : String(options.prompt);
    super({ input, output, prompt: promptText, terminal: false });
    this.inputStream = input;
    this.outputStream = output;
    this.useGlobal = Boolean(options.useGlobal);
    this.ignoreUndefined = Boolean(options.ignoreUndefined);
    this.replMode = options.replMode || REPL_MODE_SLOPPY;
    this.writer = options.writer || writer;
    this.useColors = Boolean(options.useColors);
    this.underscoreAssigned = false;
    this.last = undefined;
    this.lines = [];
    this.commands = Object.create(null);
    this.context = this.useGlobal ? globalThis : makeContext();
    this.eval = typeof options.eval === "function" ? options.eval : (code, context, file, cb) => this._defaultEval(code, context, file, cb);
    this._buffered = "";
    this._prompt0 = promptText;
    this.defineCommand("break", { help: "Sometimes you get stuck, this gets you out", action: () => this._clearBuffer() });
    this.defineCommand("clear", { help: this.useGlobal ? "Alias for .break" : "Break, and also clear the local context", action: () => this._clearBuffer() });
    this.defineCommand("exit", { help: "Exit the REPL", action: () => this.close() });
    this.defineCommand("help", {
      help: "Print this help message",
      action: () => {
        const names = Object.keys(this.commands).sort();
        const width = Math.max(...names.map((n) => n.length));
        for (const name of names) this.output.write(`.${name.padEnd(width + 3)}${this.commands[name].help || ""}\n`);
        this.output.write("\nPress Ctrl+C to abort current expression, Ctrl+D to exit the REPL\n");
        this.displayPrompt();
      },
    });
    this.on("line", (line) => this._onLine(line));
    this.on("close", () => this.emit("exit"));
    this.displayPrompt();
  }
  defineCommand(keyword, cmd) {
    if (typeof cmd === "function") cmd = { action: cmd };
    else if (cmd === null || typeof cmd !== "object" || typeof cmd.action !== "function") {
      const err = new TypeError(`The "cmd.action" property must be of type function. Received ${util.inspect(cmd && cmd.action)}`);
      err.code = "ERR_INVALID_ARG_TYPE";
      throw err;
    }
    this.commands[keyword] = cmd;
  }
  displayPrompt() {
    this.setPrompt(this._buffered ? "| " : this._prompt0);
    this.prompt();
  }
  clearBufferedCommand() {
    this._buffered = "";
  }
  _clearBuffer() {
    this._buffered = "";
    this.displayPrompt();
  }
  _defaultEval(code, context, file, cb) {
    let result;
    try {
      const source = this.replMode === REPL_MODE_STRICT ? `'use strict'; ${code}` : code;
      const script = new vm.Script(source, { filename: file });
      result = context === globalThis ? script.runInThisContext() : script.runInContext(context);
    } catch (err) {
      return cb(isRecoverable(err) ? new Recoverable(err) : err);
    }
    cb(null, result);
  }
  _onLine(line) {
    const trimmed = line.trim();
    if (!this._buffered && trimmed.startsWith(".") && !/^\.\d/.test(trimmed)) {
      const [keyword, ...rest] = trimmed.slice(1).split(/\s+/);
      const cmd = this.commands[keyword];
      if (cmd) {
        cmd.action.call(this, rest.join(" "));
        return;
      }
      this.output.write("Invalid REPL keyword\n");
      this.displayPrompt();
      return;
    }
    const code = this._buffered ? `${this._buffered}\n${line}` : line;
    if (!code.trim()) {
      this.displayPrompt();
      return;
    }
    // An object literal is an expression, as Node's REPL reads `{ a: 1 }`.
    const wrapped = /^\s*\{/.test(code) && !/;\s*$/.test(code) ? `(${code}\n)` : code;
    this.eval(`${wrapped}\n`, this.context, "REPL", (err, result) => {
      if (err instanceof Recoverable) {
        this._buffered = code;
        this.displayPrompt();
        return;
      }
      this._buffered = "";
      if (err) {
        this.context._error = err;
        // The error may come from the REPL's own realm: recognised by its brand, not instanceof.
        const shown = Object.prototype.toString.call(err) === "[object Error]" ? `${err.name}: ${err.message}` : util.inspect(err);
        this.output.write(`Uncaught ${shown}\n`);
      } else {
        this.last = result;
        if (!this.underscoreAssigned) this.context._ = result;
        if (!(this.ignoreUndefined && result === undefined)) this.output.write(`${this.writer(result)}\n`);
      }
      this.displayPrompt();
    });
  }
}

function start(prompt, source, evalFn, useGlobal, ignoreUndefined, replMode) {
  return new REPLServer(prompt, source, evalFn, useGlobal, ignoreUndefined, replMode);
}

function isValidSyntax(input) {
  try {
    new vm.Script(input);
    return true;
  } catch {
    try {
      new vm.Script(`(${input})`);
      return true;
    } catch {
      return false;
    }
  }
}

const repl = { start, writer, REPLServer, REPL_MODE_SLOPPY, REPL_MODE_STRICT, Recoverable, isValidSyntax };
Object.defineProperty(repl, "builtinModules", {
  get: () => require("module").builtinModules.filter((name) => !name.startsWith("_")),
  enumerable: true,
  configurable: true,
});

export default repl;
