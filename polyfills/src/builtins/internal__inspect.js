// Node's util.inspect and util.format (node-inspect-extracted), used by
// console without loading the whole util module. Not requirable by the guest.
import * as inspect from "node-inspect-extracted";
export default { inspect: inspect.inspect, format: inspect.format, formatWithOptions: inspect.formatWithOptions };
