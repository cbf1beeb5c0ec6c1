// node:util — the `util` browser port, with Node's own inspect and format
// (node-inspect-extracted) in place of the port's older ones.
import utilPort from "util/";
import * as inspectExtracted from "node-inspect-extracted";

const util = Object.assign({}, utilPort, {
  inspect: inspectExtracted.inspect,
  format: inspectExtracted.format,
  formatWithOptions: inspectExtracted.formatWithOptions,
  stripVTControlCharacters: inspectExtracted.stripVTControlCharacters,
});
export default util;
