// node:diagnostics_channel — named channels for publishing diagnostic
// messages, and tracing channels (start/end/asyncStart/asyncEnd/error) around
// sync, promise and callback work, as in Node 22. A channel's bound stores
// are AsyncLocalStorage instances (from async_hooks, loaded only when a store
// is bound): runStores enters each store with the (transformed) message.
/* global require, process */
const { codedError, describe, invalidArgType } = require("internal/errors", true);

function checkFunction(fn, name) {
  if (typeof fn !== "function") throw invalidArgType(name, "of type function", fn);
}

// A subscriber's exception must not break the publisher: it is rethrown on its own tick, as Node does.
function reportLater(err) {
  process.nextTick(() => {
    throw err;
  });
}

const defaultTransform = (data) => data;

class Channel {
  constructor(name) {
    this.name = name;
    this._subscribers = [];
    this._stores = new Map();
  }
  get hasSubscribers() {
    return this._subscribers.length > 0 || this._stores.size > 0;
  }
  subscribe(subscription) {
    checkFunction(subscription, "subscription");
    // A copy, so a subscriber that unsubscribes during publish does not skip the next one.
    this._subscribers = this._subscribers.concat([subscription]);
  }
  unsubscribe(subscription) {
    const at = this._subscribers.indexOf(subscription);
    if (at < 0) return false;
    this._subscribers = this._subscribers.slice(0, at).concat(this._subscribers.slice(at + 1));
    return true;
  }
  publish(data) {
    for (const onMessage of this._subscribers) {
      try {
        onMessage(data, this.name);
      } catch (err) {
        reportLater(err);
      }
    }
  }
  bindStore(store, transform) {
    if (transform !== undefined) checkFunction(transform, "transform");
    this._stores.set(store, transform || defaultTransform);
  }
  unbindStore(store) {
    return this._stores.delete(store);
  }
  runStores(data, fn, thisArg, ...args) {
    let run = () => {
      this.publish(data);
      return Reflect.apply(fn, thisArg, args);
    };
    for (const [store, transform] of this._stores) {
      const next = run;
      run = () => {
        let context;
        try {
          context = transform(data);
        } catch (err) {
          reportLater(err);
          return next();
        }
        return store.run(context, next);
      };
    }
    return run();
  }
}

const channels = new Map();

/** The channel named `name` (a string or symbol); the same object for the same name. */
function channel(name) {
  if (typeof name !== "string" && typeof name !== "symbol") throw invalidArgType("channel", "one of type string or symbol", name);
  let ch = channels.get(name);
  if (ch === undefined) {
    ch = new Channel(name);
    channels.set(name, ch);
  }
  return ch;
}
function hasSubscribers(name) {
  const ch = channels.get(name);
  return ch !== undefined && ch.hasSubscribers;
}
function subscribe(name, subscription) {
  channel(name).subscribe(subscription);
}
function unsubscribe(name, subscription) {
  return channel(name).unsubscribe(subscription);
}

const TRACE_EVENTS = ["start", "end", "asyncStart", "asyncEnd", "error"];

class TracingChannel {
  constructor(nameOrChannels) {
    if (typeof nameOrChannels === "string") {
      for (const event of TRACE_EVENTS) this[event] = channel(`tracing:${nameOrChannels}:${event}`);
    } else if (typeof nameOrChannels === "object" && nameOrChannels !== null) {
      for (const event of TRACE_EVENTS) {
        const ch = nameOrChannels[event];
        if (!(ch instanceof Channel)) throw invalidArgType(`nameOrChannels.${event}`, "an instance of Channel", ch);
        this[event] = ch;
      }
    } else {
      throw invalidArgType("nameOrChannels", "of type string or an instance of TracingChannel or Object", nameOrChannels);
    }
  }
  get hasSubscribers() {
    return TRACE_EVENTS.some((event) => this[event].hasSubscribers);
  }
  subscribe(handlers) {
    for (const event of TRACE_EVENTS) if (handlers[event]) this[event].subscribe(handlers[event]);
  }
  unsubscribe(handlers) {
    let done = true;
    for (const event of TRACE_EVENTS) {
      if (handlers[event] && !this[event].unsubscribe(handlers[event])) done = false;
    }
    return done;
  }
  traceSync(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    return traced(this, context, () => {
      const result = Reflect.apply(fn, thisArg, args);
      context.result = result;
      return result;
    });
  }
  tracePromise(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { asyncStart, asyncEnd, error } = this;
    const resolve = (result) => {
      context.result = result;
      asyncStart.publish(context);
      asyncEnd.publish(context);
      return result;
    };
    const reject = (err) => {
      context.error = err;
      error.publish(context);
      asyncStart.publish(context);
      asyncEnd.publish(context);
      return Promise.reject(err);
    };
    return traced(this, context, () => {
      let promise = Reflect.apply(fn, thisArg, args);
      if (!(promise instanceof Promise)) promise = Promise.resolve(promise);
      return promise.then(resolve, reject);
    });
  }
  traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { asyncStart, asyncEnd, error } = this;
    const callback = args.at(position);
    checkFunction(callback, "callback");
    function wrappedCallback(err, res) {
      if (err) {
        context.error = err;
        error.publish(context);
      } else {
        context.result = res;
      }
      return asyncStart.runStores(context, () => {
        try {
          return Reflect.apply(callback, this, arguments);
        } finally {
          asyncEnd.publish(context);
        }
      });
    }
    args.splice(position, 1, wrappedCallback);
    return traced(this, context, () => Reflect.apply(fn, thisArg, args));
  }
}

/**
 * Runs `call` inside the tracing channels' start stores, publishing `error`
 * (with context.error set) if it throws and `end` when it returns or throws.
 */
function traced(channels, context, call) {
  return channels.start.runStores(context, () => {
    try {
      return call();
    } catch (err) {
      context.error = err;
      channels.error.publish(context);
      throw err;
    } finally {
      channels.end.publish(context);
    }
  });
}

/** A TracingChannel over the five channels `tracing:<name>:<event>`, or over the given channel objects. */
function tracingChannel(nameOrChannels) {
  return new TracingChannel(nameOrChannels);
}

export default { channel, hasSubscribers, subscribe, unsubscribe, tracingChannel, Channel };
