// node:util — the `util` browser port, with Node's own inspect and format
// (node-inspect-extracted, shared with console through internal/inspect) in
// place of the port's older ones, and the WHATWG TextEncoder/TextDecoder.
import utilPort from "util/";
import * as inspectExtracted from "node-inspect-extracted";
import { invalidArgType, validateFunction } from "../shared/errors.js";
import * as extras from "../shared/util-extras.js";
import { MIMEParams, MIMEType } from "../shared/mime.js";
import { parseEnv } from "../shared/parse-env.js";
import { debuglog } from "../shared/debuglog.js";

const util = Object.assign({}, utilPort, {
  inspect: inspectExtracted.inspect,
  format: inspectExtracted.format,
  formatWithOptions: inspectExtracted.formatWithOptions,
  stripVTControlCharacters: inspectExtracted.stripVTControlCharacters,
});
// Node's debuglog: NODE_DEBUG sections, an `enabled` flag (the port's has none).
util.debuglog = debuglog;
util.debug = debuglog;
// Node's deep equality, from the assert port, loaded on first call.
util.isDeepStrictEqual = function isDeepStrictEqual(a, b) {
  return require("internal/comparisons").isDeepStrictEqual(a, b);
};
// Node's promisify/callbackify (the port's custom symbol is not Node's
// registered one), with Node's validation and errors.
const kCustom = Symbol.for("nodejs.util.promisify.custom");
function promisify(original) {
  validateFunction(original, "original");
  if (original[kCustom]) {
    const fn = original[kCustom];
    validateFunction(fn, "util.promisify.custom");
    return Object.defineProperty(fn, kCustom, { value: fn, enumerable: false, writable: false, configurable: true });
  }
  function fn(...args) {
    return new Promise((resolve, reject) => {
      args.push((err, ...values) => (err ? reject(err) : resolve(values[0])));
      Reflect.apply(original, this, args);
    });
  }
  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, kCustom, { value: fn, enumerable: false, writable: false, configurable: true });
  return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original));
}
promisify.custom = kCustom;
util.promisify = promisify;

util.callbackify = function callbackify(original) {
  validateFunction(original, "original");
  function callbackified(...args) {
    const maybeCb = args.pop();
    validateFunction(maybeCb, "last argument");
    const cb = maybeCb.bind(this);
    Reflect.apply(original, this, args).then(
      (ret) => process.nextTick(cb, null, ret),
      (rej) => {
        if (!rej) {
          const err = new Error("Promise was rejected with falsy value");
          err.code = "ERR_FALSY_VALUE_REJECTION";
          err.reason = rej;
          rej = err;
        }
        process.nextTick(cb, rej);
      },
    );
  }
  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length.value === "number") descriptors.length.value++;
  if (typeof descriptors.name.value === "string") descriptors.name.value += "Callbackified";
  Object.defineProperties(callbackified, descriptors);
  return callbackified;
};

util.inherits = function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw invalidArgType("ctor", "function", ctor);
  if (superCtor === undefined || superCtor === null) throw invalidArgType("superCtor", "function", superCtor);
  if (superCtor.prototype === undefined) throw invalidArgType("superCtor.prototype", "object", superCtor.prototype);
  Object.defineProperty(ctor, "super_", { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
};

util.toUSVString = function toUSVString(input) {
  return String(input).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
};

// util.types: the port's, but isProxy/isExternal/isModuleNamespaceObject
// answer instead of throwing (a Proxy is not visible from JS in QuickJS).
util.types = Object.assign({}, utilPort.types, {
  isProxy: () => false,
  isExternal: () => false,
  isModuleNamespaceObject: (value) => value != null && typeof value === "object" && value[Symbol.toStringTag] === "Module",
  // Node's two crypto checks; crypto is loaded only to test an object.
  isKeyObject: (value) => value !== null && typeof value === "object" && cryptoInstance(value, (c) => c.KeyObject),
  isCryptoKey: (value) => value !== null && typeof value === "object" && cryptoInstance(value, (c) => c.webcrypto && c.webcrypto.CryptoKey),
});
// Removed from Node long ago; the port still has it.
delete util.types.isWebAssemblyCompiledModule;
function cryptoInstance(value, pick) {
  let Ctor;
  try {
    Ctor = pick(require("crypto"));
  } catch {
    return false;
  }
  return typeof Ctor === "function" && value instanceof Ctor;
}
// Loaded on first use, like the globals of the same names.
for (const name of ["TextEncoder", "TextDecoder"]) {
  Object.defineProperty(util, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = require("internal/encoding")[name];
      Object.defineProperty(util, name, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(value) {
      Object.defineProperty(util, name, { value, enumerable: true, configurable: true, writable: true });
    },
  });
}
Object.assign(util, extras, { MIMEType, MIMEParams, parseEnv });
export default util;
