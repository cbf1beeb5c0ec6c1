// MessageChannel, MessagePort and MessageEvent within the one guest thread
// (globals, and node:worker_threads). A message is a structured clone of the
// posted value, delivered to the other port on a later loop turn (an
// immediate), as a MessageEvent to addEventListener/onmessage listeners and as
// the bare value to on('message') listeners, in order. A port starts when a
// message listener is attached or start() is called; close() closes both ends
// and fires 'close' on each.
// Unlike Node, an open port with listeners does not by itself keep the program
// running: only messages in flight do (there is no other thread that could
// still post to it).
/* global require */
const { codedError, describe, invalidArgType } = require("internal/errors", true);
const { EventTarget, Event } = require("internal/event_target", true);

const kCreate = Symbol("create");

function dataCloneError(message) {
  const DOMExceptionCtor = globalThis.DOMException;
  return new DOMExceptionCtor(message, "DataCloneError");
}

function clone(value) {
  if (value === null || (typeof value !== "object" && typeof value !== "function" && typeof value !== "symbol")) return value;
  if (typeof value === "function" || typeof value === "symbol") throw dataCloneError(`${String(value)} could not be cloned.`);
  if (typeof globalThis.structuredClone !== "function") {
    throw dataCloneError("An object could not be cloned: structuredClone is not available in this sandbox.");
  }
  return globalThis.structuredClone(value);
}

class MessageEvent extends Event {
  constructor(type, init = {}) {
    super(type, init);
    this._data = init.data === undefined ? null : init.data;
    this._origin = init.origin === undefined ? "" : `${init.origin}`;
    this._lastEventId = init.lastEventId === undefined ? "" : `${init.lastEventId}`;
    this._source = init.source === undefined ? null : init.source;
    this._ports = init.ports === undefined ? [] : [...init.ports];
  }
  get data() {
    return this._data;
  }
  get origin() {
    return this._origin;
  }
  get lastEventId() {
    return this._lastEventId;
  }
  get source() {
    return this._source;
  }
  get ports() {
    return this._ports;
  }
}

class MessagePort extends EventTarget {
  constructor(key) {
    if (key !== kCreate) {
      const err = codedError(TypeError, "ERR_CONSTRUCT_CALL_INVALID", "Constructor cannot be called");
      throw err;
    }
    super();
    this._other = null;
    this._queue = [];
    this._started = false;
    this._closed = false;
    this._scheduled = false;
    this._refed = true;
    this._onmessage = null;
    this._nodeListeners = new Map(); // on('message', fn) -> the event listener that calls fn(data)
  }
  postMessage(value, transfer) {
    if (arguments.length === 0) {
      const err = codedError(TypeError, "ERR_MISSING_ARGS", 'The "message" argument must be specified');
      throw err;
    }
    const data = clone(value);
    const other = this._other;
    if (this._closed || other === null || other._closed) return;
    other._queue.push(data);
    other._schedule();
  }
  start() {
    this._started = true;
    this._schedule();
  }
  close() {
    if (this._closed) return;
    this._closed = true;
    const other = this._other;
    this._other = null;
    setImmediate(() => this.dispatchEvent(new Event("close")));
    if (other !== null) other.close();
  }
  ref() {
    this._refed = true;
    return this;
  }
  unref() {
    this._refed = false;
    return this;
  }
  hasRef() {
    return this._refed && !this._closed;
  }
  get onmessage() {
    return this._onmessage;
  }
  set onmessage(fn) {
    if (this._onmessage) this.removeEventListener("message", this._onmessage);
    this._onmessage = typeof fn === "function" ? fn : null;
    if (this._onmessage) this.addEventListener("message", this._onmessage);
  }
  addEventListener(type, listener, options) {
    super.addEventListener(type, listener, options);
    if (type === "message") this.start();
  }
  // Node's EventEmitter-like face of a port: 'message' listeners get the data itself.
  on(type, fn) {
    const wrapped = (event) => fn.call(this, type === "message" ? event.data : event);
    this._nodeListeners.set(fn, wrapped);
    this.addEventListener(type, wrapped);
    return this;
  }
  once(type, fn) {
    const wrapped = (event) => {
      this._nodeListeners.delete(fn);
      fn.call(this, type === "message" ? event.data : event);
    };
    this._nodeListeners.set(fn, wrapped);
    this.addEventListener(type, wrapped, { once: true });
    return this;
  }
  off(type, fn) {
    const wrapped = this._nodeListeners.get(fn);
    if (wrapped !== undefined) {
      this._nodeListeners.delete(fn);
      this.removeEventListener(type, wrapped);
    }
    return this;
  }
  _schedule() {
    if (!this._started || this._scheduled || this._queue.length === 0) return;
    this._scheduled = true;
    setImmediate(() => {
      this._scheduled = false;
      while (this._queue.length > 0 && !this._closed) this.dispatchEvent(new MessageEvent("message", { data: this._queue.shift() }));
    });
  }
}
MessagePort.prototype.addListener = MessagePort.prototype.on;
MessagePort.prototype.removeListener = MessagePort.prototype.off;

class MessageChannel {
  constructor() {
    this.port1 = new MessagePort(kCreate);
    this.port2 = new MessagePort(kCreate);
    this.port1._other = this.port2;
    this.port2._other = this.port1;
  }
}

/** worker_threads.receiveMessageOnPort: the next queued message, as { message }, or undefined. */
function receiveMessageOnPort(port) {
  if (!(port instanceof MessagePort)) {
    const err = codedError(TypeError, "ERR_INVALID_ARG_TYPE", 'The "port" argument must be a MessagePort instance');
    throw err;
  }
  if (port._queue.length === 0) return undefined;
  return { message: port._queue.shift() };
}

export default { MessageChannel, MessagePort, MessageEvent, receiveMessageOnPort };
