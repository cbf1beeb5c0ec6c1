// The locale-sensitive methods of the built-in prototypes, as ECMA-402 defines
// them over Intl (QuickJS's own ignore locales and options). The prelude
// (locale-methods.js) installs small stand-ins that load this builtin on
// their first call, so a program that never calls one loads no Intl at all.
const service = (name) => require(`internal/intl_${name.toLowerCase()}`)[name];
// this's internal value, with V8's message for a wrong receiver.
const unwrap = (valueOf, message) => (value) => {
  try {
    return Reflect.apply(valueOf, value, []);
  } catch {
    throw new TypeError(message);
  }
};
const numberValue = unwrap(Number.prototype.valueOf, "Number.prototype.toLocaleString requires that 'this' be a Number");
const bigintValue = unwrap(BigInt.prototype.valueOf, "BigInt.prototype.toLocaleString requires that 'this' be a BigInt");
const timeValue = unwrap(Date.prototype.getTime, "this is not a Date object.");
let defaultNumberFormat;
let defaultCollator;
const formatNumber = (x, locales, options) => {
  if (locales === undefined && options === undefined) {
    defaultNumberFormat ??= new (service("NumberFormat"))();
    return defaultNumberFormat.format(x);
  }
  return new (service("NumberFormat"))(locales, options).format(x);
};
const formatDate = (kind) =>
  function (locales = undefined, options = undefined) {
    return require("internal/intl_datetimeformat").formatDate(timeValue(this), locales, options, kind);
  };
const methods = [
  [Number.prototype, "toLocaleString", { toLocaleString(locales = undefined, options = undefined) { return formatNumber(numberValue(this), locales, options); } }],
  [BigInt.prototype, "toLocaleString", { toLocaleString(locales = undefined, options = undefined) { return formatNumber(bigintValue(this), locales, options); } }],
  [Date.prototype, "toLocaleString", { toLocaleString: formatDate("any") }],
  [Date.prototype, "toLocaleDateString", { toLocaleDateString: formatDate("date") }],
  [Date.prototype, "toLocaleTimeString", { toLocaleTimeString: formatDate("time") }],
  [String.prototype, "localeCompare", {
    localeCompare(that, locales = undefined, options = undefined) {
      if (this === null || this === undefined) throw new TypeError("String.prototype.localeCompare called on null or undefined");
      const s = String(this);
      const t = String(that);
      if (locales === undefined && options === undefined) {
        defaultCollator ??= new (service("Collator"))();
        return defaultCollator.compare(s, t);
      }
      return new (service("Collator"))(locales, options).compare(s, t);
    },
  }],
  [Array.prototype, "toLocaleString", {
    toLocaleString(locales = undefined, options = undefined) {
      const array = Object(this);
      const length = Math.min(Math.max(Math.trunc(Number(array.length)) || 0, 0), Number.MAX_SAFE_INTEGER);
      let out = "";
      for (let i = 0; i < length; i++) {
        if (i > 0) out += ",";
        const element = array[i];
        if (element !== undefined && element !== null) out += String(Object(element).toLocaleString(locales, options));
      }
      return out;
    },
  }],
];
// Case mappings that depend on the language (Turkish and Azeri dotted and
// dotless i); the rest is the locale-independent mapping, as in ICU.
const lowerCase = String.prototype.toLowerCase;
const upperCase = String.prototype.toUpperCase;
const turkic = (locales) => {
  const first = Array.isArray(locales) ? locales[0] : locales;
  return typeof first === "string" && /^(tr|az)(?:[-_]|$)/i.test(first);
};
const string = (value, name) => {
  if (value === null || value === undefined) throw new TypeError(`String.prototype.${name} called on null or undefined`);
  return String(value);
};
methods.push(
  [String.prototype, "toLocaleLowerCase", {
    toLocaleLowerCase(locales = undefined) {
      const s = string(this, "toLocaleLowerCase");
      return Reflect.apply(lowerCase, turkic(locales) ? s.replace(/I\u0307/g, "i").replace(/I/g, "\u0131").replace(/\u0130/g, "i") : s, []);
    },
  }],
  [String.prototype, "toLocaleUpperCase", {
    toLocaleUpperCase(locales = undefined) {
      const s = string(this, "toLocaleUpperCase");
      return Reflect.apply(upperCase, turkic(locales) ? s.replace(/i/g, "\u0130") : s, []);
    },
  }],
);

const implementations = {};
for (const [proto, name, holder] of methods) {
  implementations[`${proto === Number.prototype ? "Number" : proto === BigInt.prototype ? "BigInt" : proto === Date.prototype ? "Date" : proto === String.prototype ? "String" : "Array"}#${name}`] = holder[name];
}

export default implementations;
