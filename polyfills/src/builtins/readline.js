// node:readline — line reading over a guest stream (usually process.stdin).
// No browser port of Node's readline exists; this is the non-terminal part
// of Node's Interface: 'line' and 'close' events, question(), prompt(),
// pause()/resume() and async iteration. Terminal editing is not emulated
// (the guest has no TTY).
/* global require */
import { abortError } from "../shared/errors.js";

const EventEmitter = require("events");
const { StringDecoder } = require("string_decoder");

const LINE_BREAK = /\r\n|\n|\r/;

class Interface extends EventEmitter {
  constructor(input, output, completer, terminal) {
    super();
    let options = input;
    if (!(input && typeof input === "object" && "input" in input && typeof input.on !== "function")) {
      options = { input, output, completer, terminal };
    }
    this.input = options.input;
    this.output = options.output;
    this.terminal = false;
    this.crlfDelay = options.crlfDelay === undefined ? 100 : Math.max(100, options.crlfDelay);
    this.history = [];
    this.line = "";
    this.cursor = 0;
    this.closed = false;
    this._prompt = options.prompt === undefined ? "> " : String(options.prompt);
    this._pending = "";
    this._questions = [];
    this._paused = false;
    this._decoder = new StringDecoder("utf8");
    this._onData = (chunk) => this._receive(typeof chunk === "string" ? chunk : this._decoder.write(chunk));
    this._onEnd = () => {
      const rest = this._pending + this._decoder.end();
      this._pending = "";
      if (rest.length > 0) this._emitLine(rest);
      this.close();
    };
    if (this.input && typeof this.input.on === "function") {
      this.input.on("data", this._onData);
      this.input.on("end", this._onEnd);
      if (typeof this.input.resume === "function") this.input.resume();
    }
    if (options.signal) {
      if (options.signal.aborted) queueMicrotask(() => this.close());
      else options.signal.addEventListener("abort", () => this.close(), { once: true });
    }
  }

  _receive(text) {
    if (this.closed) return;
    const parts = (this._pending + text).split(LINE_BREAK);
    this._pending = parts.pop();
    for (const line of parts) this._emitLine(line);
  }

  _emitLine(line) {
    if (this.closed) return;
    const question = this._questions.shift();
    if (question) question(line);
    else this.emit("line", line);
  }

  getPrompt() {
    return this._prompt;
  }

  setPrompt(prompt) {
    this._prompt = String(prompt);
  }

  prompt() {
    if (this.closed) throw closedError();
    if (this._paused) this.resume();
    this._write(this._prompt);
  }

  question(query, options, callback) {
    if (typeof options === "function") callback = options;
    if (this.closed) throw closedError();
    if (typeof callback !== "function") return;
    this._write(String(query));
    this._questions.push(callback);
  }

  write(data) {
    if (this.closed) throw closedError();
    if (typeof data === "string") this._receive(data);
  }

  _write(text) {
    if (this.output && typeof this.output.write === "function") this.output.write(text);
  }

  pause() {
    if (this._paused) return this;
    this._paused = true;
    if (this.input && typeof this.input.pause === "function") this.input.pause();
    this.emit("pause");
    return this;
  }

  resume() {
    if (!this._paused) return this;
    this._paused = false;
    if (this.input && typeof this.input.resume === "function") this.input.resume();
    this.emit("resume");
    return this;
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.input && typeof this.input.removeListener === "function") {
      this.input.removeListener("data", this._onData);
      this.input.removeListener("end", this._onEnd);
    }
    this.emit("close");
  }

  getCursorPos() {
    return { rows: 0, cols: this.cursor };
  }

  [Symbol.asyncIterator]() {
    const lines = [];
    const waiting = [];
    let done = this.closed;
    const onLine = (line) => {
      const w = waiting.shift();
      if (w) w({ value: line, done: false });
      else lines.push(line);
    };
    const onClose = () => {
      done = true;
      for (const w of waiting.splice(0)) w({ value: undefined, done: true });
    };
    this.on("line", onLine);
    this.on("close", onClose);
    const rl = this;
    return {
      next() {
        if (lines.length) return Promise.resolve({ value: lines.shift(), done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => waiting.push(resolve));
      },
      return() {
        rl.off("line", onLine);
        rl.off("close", onClose);
        rl.close();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

function closedError() {
  const err = new Error("readline was closed");
  err.code = "ERR_USE_AFTER_CLOSE";
  return err;
}

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

/** readline/promises' Interface: question() returns a promise. */
class PromisesInterface extends Interface {
  question(query, options) {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(closedError());
      const signal = options && options.signal;
      if (signal && signal.aborted) {
        return reject(abortError());
      }
      super.question(query, resolve);
    });
  }
}

function done(callback) {
  if (typeof callback === "function") queueMicrotask(() => callback());
  return true;
}

const cursor = {
  clearLine: (stream, dir, callback) => done(callback),
  clearScreenDown: (stream, callback) => done(callback),
  cursorTo: (stream, x, y, callback) => done(typeof y === "function" ? y : callback),
  moveCursor: (stream, dx, dy, callback) => done(callback),
};

export default {
  Interface,
  createInterface,
  emitKeypressEvents() {},
  ...cursor,
  promises: {
    Interface: PromisesInterface,
    createInterface: (input, output, completer, terminal) => new PromisesInterface(input, output, completer, terminal),
  },
};
