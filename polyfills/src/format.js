// console formatting with Node's util.format rules. Plain strings, numbers and
// the like take a fast path; anything that needs util.inspect loads the util
// module (Node's own inspect, via node-inspect-extracted) on first use.

function simple(value) {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "boolean":
    case "undefined":
      return String(value);
    case "bigint":
      return `${value}n`;
    default:
      return value === null ? "null" : undefined;
  }
}

/** util.format(...args), with a fast path that needs no inspect. */
export function formatArgs(args, loadUtil) {
  if (args.length === 0) return "";
  const first = args[0];
  if (typeof first !== "string" || first.indexOf("%") === -1) {
    let out = "";
    let i = 0;
    for (; i < args.length; i++) {
      const text = simple(args[i]);
      if (text === undefined) break;
      out += i === 0 ? text : " " + text;
    }
    if (i === args.length) return out;
  }
  return loadUtil().format(...args);
}

/** util.inspect(value, options). */
export function inspectValue(value, options, loadUtil) {
  return loadUtil().inspect(value, options);
}
