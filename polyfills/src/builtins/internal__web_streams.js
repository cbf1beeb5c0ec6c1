// The WHATWG Streams (ReadableStream, WritableStream, TransformStream and
// their readers, writers, controllers and queuing strategies) from
// web-streams-polyfill, a spec-following implementation in plain JS, printed
// by util.inspect as Node prints them. Behind the stream globals and the
// `body` of fetch's Request and Response; loaded only when one is used.
import * as streams from "web-streams-polyfill";

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const { ReadableStream, WritableStream, TransformStream, ReadableByteStreamController } = streams;

function define(Class, describe) {
  Object.defineProperty(Class.prototype, inspectCustom, {
    configurable: true,
    writable: true,
    value: function inspect(depth, options, inspect) {
      if (typeof depth === "number" && depth < 0) return this;
      return `${Class.name} ${inspect(describe(this), options)}`;
    },
  });
}

define(ReadableStream, (s) => ({
  locked: s.locked,
  state: s._state,
  supportsBYOB: s._readableStreamController instanceof ReadableByteStreamController,
}));
define(WritableStream, (s) => ({ locked: s.locked, state: s._state }));
define(TransformStream, (s) => ({ readable: s.readable, writable: s.writable, backpressure: s._backpressure }));

export default { ...streams };
