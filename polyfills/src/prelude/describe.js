// How a value shows in the prelude's ERR_INVALID_ARG_TYPE messages.
export function describe(value) {
  if (value === null) return "null";
  if (typeof value === "function") return `function ${value.name}`;
  if (typeof value === "object") return value.constructor && value.constructor.name ? `an instance of ${value.constructor.name}` : "an object";
  if (typeof value === "string") return `type string ('${value.length > 28 ? value.slice(0, 25) + "..." : value}')`;
  return `type ${typeof value} (${String(value)})`;
}
