// node:trace_events — createTracing() checks its options as Node does and
// returns a Tracing object; the sandbox has no trace event recorder, so
// enabling one throws ERR_TRACE_EVENTS_UNAVAILABLE (Node's error where
// tracing is unavailable) and no category is ever enabled.
/* global require */
const { codedError } = require("internal/errors", true);
const { E } = require("internal/crypto_errors", true);

class Tracing {
  #categories;
  #enabled = false;
  constructor(categories) {
    this.#categories = categories;
  }
  enable() {
    throw codedError(Error, "ERR_TRACE_EVENTS_UNAVAILABLE", "Trace events are unavailable");
  }
  disable() {
    this.#enabled = false;
  }
  get enabled() {
    return this.#enabled;
  }
  get categories() {
    return this.#categories.join(",");
  }
  [Symbol.for("nodejs.util.inspect.custom")](depth, options) {
    if (typeof depth === "number" && depth < 0) return this;
    const inspect = require("util").inspect;
    return `Tracing ${inspect({ enabled: this.enabled, categories: this.categories }, options)}`;
  }
}

function createTracing(options) {
  if (options === null || typeof options !== "object") throw E.invalidArgType("options", "of type object", options);
  if (!Array.isArray(options.categories)) throw E.invalidArgType("options.categories", "an instance of Array", options.categories);
  if (options.categories.length <= 0) throw codedError(TypeError, "ERR_TRACE_EVENTS_CATEGORY_REQUIRED", "At least one category is required");
  return new Tracing(options.categories.map(String));
}

export default { createTracing, getEnabledCategories: () => undefined };
