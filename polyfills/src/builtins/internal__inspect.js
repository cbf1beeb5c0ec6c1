// Node's util.inspect and util.format (node-inspect-extracted), used by
// console without loading the whole util module, and by util itself. Not
// requirable by the guest.
import * as inspect from "node-inspect-extracted";
export default {
  inspect: inspect.inspect,
  format: inspect.format,
  formatWithOptions: inspect.formatWithOptions,
  stripVTControlCharacters: inspect.stripVTControlCharacters,
};
