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

// Tags that are already canonical as soon as their case is (a common language,
// script and region, none of them an alias): every service canonicalizes its
// locales, and these need not load the full BCP 47 canonicalizer and its alias
// tables (about 150 ms inside QuickJS).
const LANGUAGES = new Set("af am ar az be bg bn bs ca cs cy da de el en es et eu fa fi fil fr ga gl gu ha he hi hr hu hy id ig is it ja ka kk km kn ko ky lo lt lv mk ml mn mr ms mt my nb ne nl pa pl ps pt ro ru si sk sl so sq sr sv sw ta te th tk tr uk ur uz vi xh yo zh zu".split(" "));
const SCRIPTS = new Set(["Arab", "Cyrl", "Deva", "Hans", "Hant", "Latn"]);
const REGIONS = new Set("AE AR AT AU BD BE BG BR CA CH CL CN CO CZ DE DK EG ES FI FR GB GR HK HR HU ID IE IL IN IR IT JP KE KR MX MY NG NL NO NZ PE PH PK PL PT RO RS RU SA SE SG SK TH TR TW UA US VN ZA".split(" "));
function simpleCanonical(tag) {
  if (typeof tag !== "string") return undefined;
  const m = /^([A-Za-z]{2,3})(?:-([A-Za-z]{4}))?(?:-([A-Za-z]{2}))?$/.exec(tag);
  if (m === null) return undefined;
  const language = m[1].toLowerCase();
  const script = m[2] === undefined ? undefined : m[2][0].toUpperCase() + m[2].slice(1).toLowerCase();
  const region = m[3] === undefined ? undefined : m[3].toUpperCase();
  if (!LANGUAGES.has(language) || (script !== undefined && !SCRIPTS.has(script)) || (region !== undefined && !REGIONS.has(region))) return undefined;
  return language + (script ? "-" + script : "") + (region ? "-" + region : "");
}

// Functions, not accessors: the polyfills look Intl.getCanonicalLocales up as a
// data property, and calling one costs its builtin only then.
const methods = {
  getCanonicalLocales(locales) {
    if (locales === undefined) return [];
    const list = typeof locales === "string" ? [locales] : Array.isArray(locales) && locales.length <= 16 ? locales : null;
    if (list !== null) {
      const out = [];
      for (const tag of list) {
        const canonical = simpleCanonical(tag);
        if (canonical === undefined) return require("internal/intl_getcanonicallocales").getCanonicalLocales(locales);
        if (!out.includes(canonical)) out.push(canonical);
      }
      return out;
    }
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
