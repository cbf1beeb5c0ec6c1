// The guest's Intl namespace (QuickJS has none). Loaded through the lazy
// global `Intl` (globals.js) or a toLocale* method (prelude.js), never at cold
// start. Each service (NumberFormat, DateTimeFormat, ...) is itself loaded only
// when first read, from its own internal/intl_* builtin, and each of those
// parses only the locales a program asks for (see internal/intl_support).
// The default locale comes from LC_ALL, LC_MESSAGES or LANG ("de_DE.UTF-8" ->
// "de-DE"), the default time zone from TZ, as the guest's process.env shows
// them; else en-US and UTC, as Node on a machine without them.
import { defaultLocale } from "internal/intl_support";

const Intl = {};

// Node's Intl members are plain writable, non-enumerable, configurable data
// properties; here each one is an accessor until first read, then becomes one.
function lazy(name, builtin) {
  const settle = (value) => Object.defineProperty(Intl, name, { value, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(Intl, name, {
    configurable: true,
    enumerable: false,
    get() {
      const value = require(builtin)[name];
      // Read while its own builtin is still loading: stay lazy.
      if (value !== undefined) settle(value);
      return value;
    },
    set: settle,
  });
}

for (const [name, builtin] of [
  ["Collator", "internal/intl_collator"],
  ["DateTimeFormat", "internal/intl_datetimeformat"],
  ["DisplayNames", "internal/intl_displaynames"],
  ["ListFormat", "internal/intl_listformat"],
  ["Locale", "internal/intl_locale"],
  ["NumberFormat", "internal/intl_numberformat"],
  ["PluralRules", "internal/intl_pluralrules"],
  ["RelativeTimeFormat", "internal/intl_relativetimeformat"],
  ["Segmenter", "internal/intl_segmenter"],
]) {
  lazy(name, builtin);
}

// Functions, not accessors: the polyfills look Intl.getCanonicalLocales up as a
// data property, and calling one costs its builtin only then.
const methods = {
  getCanonicalLocales(locales) {
    return require("internal/intl_getcanonicallocales").getCanonicalLocales(locales);
  },
  supportedValuesOf(key) {
    return require("internal/intl_locale").supportedValuesOf(key);
  },
};
for (const name of Object.keys(methods)) {
  Object.defineProperty(Intl, name, { value: methods[name], writable: true, enumerable: false, configurable: true });
}
Object.defineProperty(Intl, Symbol.toStringTag, { value: "Intl", configurable: true });

// The services' own code reads the global Intl when it loads; from here on it
// is this object (the lazy global settles to it too).
Object.defineProperty(globalThis, "Intl", { value: Intl, writable: true, enumerable: false, configurable: true });

export default { Intl, defaultLocale };
