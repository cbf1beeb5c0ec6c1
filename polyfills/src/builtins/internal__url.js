// WHATWG URL and URLSearchParams from whatwg-url, the reference implementation
// of the URL Standard (its UTS #46 processing, tr46, loads only for
// internationalized domains), printed by util.inspect as Node prints them.
// Behind the URL and URLSearchParams globals and the url builtin.
import whatwgUrl from "whatwg-url";

const { URL, URLSearchParams } = whatwgUrl;
const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

// ---- util.inspect, as Node prints them ------------------------------------------
Object.defineProperty(URL.prototype, inspectCustom, {
  configurable: true,
  writable: true,
  value: function inspect(depth, options, inspect) {
    if (typeof depth === "number" && depth < 0) return this;
    const ctor = this.constructor || URL;
    const obj = { __proto__: { constructor: ctor } };
    for (const key of ["href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "searchParams", "hash"]) {
      obj[key] = this[key];
    }
    return `${ctor.name} ${inspect(obj, options)}`;
  },
});
Object.defineProperty(URLSearchParams.prototype, inspectCustom, {
  configurable: true,
  writable: true,
  value: function inspect(depth, options, inspect) {
    if (typeof depth === "number" && depth < 0) return options.stylize("[Object]", "special");
    const name = (this.constructor && this.constructor.name) || "URLSearchParams";
    const parts = [];
    for (const [key, value] of this) parts.push(`${inspect(key, options)} => ${inspect(value, options)}`);
    if (parts.length === 0) return `${name} {}`;
    const oneLine = `${name} { ${parts.join(", ")} }`;
    const width = options && typeof options.breakLength === "number" ? options.breakLength : 80;
    return oneLine.length <= width ? oneLine : `${name} {\n  ${parts.join(",\n  ")} }`;
  },
});

// Blob URLs: the registry lives in internal/blob, loaded on first use.
Object.defineProperties(URL, {
  createObjectURL: {
    configurable: true,
    writable: true,
    value: function createObjectURL(obj) {
      return require("internal/blob", true).createObjectURL(obj);
    },
  },
  revokeObjectURL: {
    configurable: true,
    writable: true,
    value: function revokeObjectURL(url) {
      const blobs = require("internal/blob", true);
      return arguments.length === 0 ? blobs.revokeObjectURL() : blobs.revokeObjectURL(url);
    },
  },
});

export default {
  URL,
  URLSearchParams,
  parseURL: whatwgUrl.parseURL,
  basicURLParse: whatwgUrl.basicURLParse,
  serializeHost: whatwgUrl.serializeHost,
};
