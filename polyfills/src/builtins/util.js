// node:util — the `util` browser port, with Node's own inspect and format
// (node-inspect-extracted, shared with console through internal/inspect) in
// place of the port's older ones, and the WHATWG TextEncoder/TextDecoder.
import utilPort from "util/";
import * as inspectExtracted from "node-inspect-extracted";

const util = Object.assign({}, utilPort, {
  inspect: inspectExtracted.inspect,
  format: inspectExtracted.format,
  formatWithOptions: inspectExtracted.formatWithOptions,
  stripVTControlCharacters: inspectExtracted.stripVTControlCharacters,
});
// Node's deep equality, from the assert port, loaded on first call.
util.isDeepStrictEqual = function isDeepStrictEqual(a, b) {
  return require("internal/comparisons").isDeepStrictEqual(a, b);
};
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
export default util;
