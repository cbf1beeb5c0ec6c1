// The locale-sensitive methods of the built-in prototypes (toLocaleString and
// friends, localeCompare, toLocaleLowerCase/UpperCase): stand-ins that load
// their implementation (internal/intl_methods, over Intl) on first call, so a
// program that never calls one loads no Intl at all.

// [prototype, its name in internal/intl_methods, method, length]
const METHODS = [
  [Number.prototype, "Number", "toLocaleString", 0],
  [BigInt.prototype, "BigInt", "toLocaleString", 0],
  [Date.prototype, "Date", "toLocaleString", 0],
  [Date.prototype, "Date", "toLocaleDateString", 0],
  [Date.prototype, "Date", "toLocaleTimeString", 0],
  [String.prototype, "String", "localeCompare", 1],
  [String.prototype, "String", "toLocaleLowerCase", 0],
  [String.prototype, "String", "toLocaleUpperCase", 0],
  [Array.prototype, "Array", "toLocaleString", 0],
];

/** Installs the stand-ins; `requireBuiltin(name, true)` loads a builtin. */
export function installLocaleMethods(requireBuiltin) {
  const define = Object.defineProperty;
  const apply = Reflect.apply;
  for (const [proto, owner, name, length] of METHODS) {
    const key = `${owner}#${name}`;
    const method = {
      [name](...args) {
        return apply(requireBuiltin("internal/intl_methods", true)[key], this, args);
      },
    }[name];
    define(method, "length", { value: length });
    define(proto, name, { value: method, writable: true, enumerable: false, configurable: true });
  }
}
