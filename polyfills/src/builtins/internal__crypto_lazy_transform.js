// internal/crypto_lazy_transform — the base of Hash, Hmac, Cipheriv and
// Decipheriv: a stream.Transform whose stream machinery (and the stream
// builtin itself) loads only when a program first uses one as a stream, as
// Node's LazyTransform does. Until then the objects are plain; the first
// stream member read anywhere puts Transform under the prototype chain.
/* global require */

const STREAM_MEMBERS = [
  "on", "once", "addListener", "prependListener", "prependOnceListener", "off", "removeListener", "removeAllListeners",
  "emit", "listeners", "rawListeners", "listenerCount", "eventNames", "setMaxListeners", "getMaxListeners",
  "pipe", "unpipe", "write", "end", "read", "push", "setEncoding", "destroy", "cork", "uncork", "resume", "pause",
  "isPaused", "wrap", "readable", "writable", "destroyed", "readableEnded", "writableEnded", "writableFinished",
  "readableFlowing", "readableLength", "writableLength", "closed", "errored", Symbol.asyncIterator,
];
const STATES = ["_readableState", "_writableState", "_transformState"];

function LazyTransform(options) {
  this._options = options;
}

let Transform = null;

/** Loads stream and links LazyTransform under stream.Transform (once). */
function link() {
  if (Transform !== null) return;
  Transform = require("stream").Transform;
  for (const name of STREAM_MEMBERS) delete LazyTransform.prototype[name];
  Object.setPrototypeOf(LazyTransform.prototype, Transform.prototype);
  Object.setPrototypeOf(LazyTransform, Transform);
}

for (const name of STREAM_MEMBERS) {
  Object.defineProperty(LazyTransform.prototype, name, {
    configurable: true,
    enumerable: false,
    get() {
      link();
      return this[name];
    },
    set(value) {
      Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}

for (const name of STATES) {
  Object.defineProperty(LazyTransform.prototype, name, {
    configurable: true,
    enumerable: true,
    get() {
      link();
      Transform.call(this, this._options);
      this._writableState.decodeStrings = false;
      return this[name];
    },
    set(value) {
      Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}

export default LazyTransform;
