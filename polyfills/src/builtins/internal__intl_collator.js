// Intl.Collator, and with it String.prototype.localeCompare. No @formatjs
// package provides one; this is a compact form of the Unicode Collation
// Algorithm with CLDR root ordering for what programs sort in practice:
// whitespace, then punctuation and symbols (in ICU's root order, listed
// below), then digits, then Latin letters (accents as secondary, case as
// tertiary differences, ß/æ/œ/ø as their expansions), then other scripts in
// code point order. Options: sensitivity, numeric, caseFirst,
// ignorePunctuation, usage. Locale tailorings beyond Spanish ñ are not
// modelled (Swedish å/ä/ö, German phonebook...).
import support from "internal/intl_support";

// CLDR root order of the common non-alphanumeric characters (Node's ICU), first to last.
const VARIABLE_ORDER =
  "\t\n\u000b\f\r \u00a0\u203e_\u2017-\u2010\u2011\u2012\u2013\u2014\u2015\u2053,;\u204f:!\u203c\u2049\u00a1?\u2048\u2047\u00bf\u203d.\u2024\u2025\u2026\u00b7\u2055\u2056\u2058\u2059\u205a\u205b\u205c\u205d\u205e'\u2018\u2019\u201a\u201b\u2039\u203a\"\u201c\u201d\u201e\u201f\u00ab\u00bb()[]{}\u2045\u2046\u2016\u00a7\u00b6\u204b@*\u204e\u2051/\\&\u204a#%\u2030\u2031\u2020\u2021\u2022\u2023\u2027\u2043\u204c\u204d\u2032\u2033\u2034\u2057\u2035\u2036\u2037\u2038\u203b\u203f\u2054\u2040\u2050\u2041\u2042`\u00b4^\u00af\u00a8\u00b8\u00b0\u00a9\u00ae\u2190\u2192\u2191\u2193\u2194\u2195\u2196\u2197\u2198\u2199\u2200\u2201\u2202\u2203\u2204\u2205\u2206\u2207\u2208\u2209\u220a\u220b\u220c\u220d\u220e\u220f\u2210\u2211+\u00b1\u00f7\u00d7<=>\u00ac|\u00a6~\u2212\u2052\u2044\u2600\u2601\u2602\u2603\u00a4\u00a2$\u00a3\u00a5\u20a0\u20a1\u20a2\u20a3\u20a4\u20a5\u20a6\u20a9\u20aa\u20ab\u20ac\u20ad\u20ae\u20af\u20b0\u20b1\u20b2\u20b3\u20b4\u20b5\u20b6\u20b7\u20b8\u20b9\u20ba\u20bb\u20bc\u20bd\u20be\u20bf\u20c0\u20a7\u20a8";
// The first PUNCTUATION of them are whitespace and punctuation (ignorePunctuation skips those); symbols follow.
const PUNCTUATION = 106;
const VARIABLE = new Map();
for (let i = 0; i < VARIABLE_ORDER.length; i++) VARIABLE.set(VARIABLE_ORDER[i], i + 1);
const DIGITS = 1000; // primaries of 0-9 (and numeric runs) come after every variable one
const LETTERS = 2000; // a-z
const OTHER = 3000; // everything else, by code point
// Latin letters that sort as an expansion, or as a base letter, with a secondary difference.
const EXPANSIONS = { "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ĳ": "ij", "Ĳ": "IJ" };
const VARIANTS = { "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ħ": "h", "Ħ": "H", "ı": "i", "ŧ": "t", "Ŧ": "T" };
const MARK = /\p{M}/u;
const IGNORABLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/;

/** The collation elements of `s`: [primary, secondary, tertiary, variable]. */
function elements(s, numeric, spanish) {
  const out = [];
  // Compatibility forms (ligatures, fullwidth letters) sort with what they decompose to.
  const chars = Array.from(s.normalize("NFKD"));
  for (let i = 0; i < chars.length; i++) {
    let ch = chars[i];
    if (IGNORABLE.test(ch)) continue;
    if (MARK.test(ch)) {
      if (spanish && ch === "\u0303" && out.length && (out[out.length - 1][0] === LETTERS + 13)) {
        out[out.length - 1][0] += 0.5; // ñ is a letter of its own in Spanish
        continue;
      }
      out.push([0, 10 + ch.codePointAt(0), 0, false]);
      continue;
    }
    if (numeric && ch >= "0" && ch <= "9") {
      let j = i;
      while (j < chars.length && chars[j] >= "0" && chars[j] <= "9") j++;
      const digits = chars.slice(i, j).join("").replace(/^0+(?=\d)/, "");
      out.push([DIGITS + 10 + digits.length, 1, 1, false]);
      for (const d of digits) out.push([DIGITS + Number(d), 1, 1, false]);
      i = j - 1;
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(EXPANSIONS, ch)) {
      // An accent-level difference from the letters spelled out (ß after ss).
      EXPANSIONS[ch].split("").forEach((e, k) => out.push(letter(e, k === 0 ? 2 : 1)));
      continue;
    }
    let secondary = 1;
    if (Object.prototype.hasOwnProperty.call(VARIANTS, ch)) {
      ch = VARIANTS[ch];
      secondary = 2;
    }
    const variable = VARIABLE.get(ch);
    if (variable !== undefined) out.push([variable, 1, 1, variable <= PUNCTUATION]);
    else if (ch >= "0" && ch <= "9") out.push([DIGITS + Number(ch), 1, 1, false]);
    else if (/[A-Za-z]/.test(ch)) out.push(letter(ch, secondary));
    else {
      const lower = ch.toLowerCase();
      const isUpper = lower !== ch;
      out.push([OTHER + (lower.codePointAt(0) || 0), secondary, isUpper ? 3 : 1, /[\p{Z}\p{P}]/u.test(ch)]);
    }
  }
  return out;
}
function letter(ch, secondary = 1) {
  const lower = ch.toLowerCase();
  return [LETTERS + lower.charCodeAt(0) - 97, secondary, lower === ch ? 1 : 3, false];
}

function compareLevel(a, b, level, pick) {
  const x = a.map(pick).filter((w) => w !== 0);
  const y = b.map(pick).filter((w) => w !== 0);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

const SENSITIVITIES = ["base", "accent", "case", "variant"];
const CASE_FIRST = ["upper", "lower", "false"];

function getOption(options, name, values, fallback) {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value === "boolean" && values === "boolean") return value;
  if (values === "boolean") return Boolean(value);
  const s = String(value);
  if (!values.includes(s)) throw new RangeError(`Value ${s} out of range for Intl.Collator options property ${name}`);
  return s;
}

const slots = new WeakMap();
function internal(collator, method) {
  const s = slots.get(collator);
  if (s === undefined) throw new TypeError(`Method Intl.Collator.prototype.${method} called on incompatible receiver ${String(collator)}`);
  return s;
}

function resolveLocale(locales) {
  const list = locales === undefined ? [] : require("internal/intl_getcanonicallocales").getCanonicalLocales(locales);
  let tag = list.length ? list[0] : support.defaultLocale();
  const ext = /-u-(.*)$/.exec(tag);
  const keys = {};
  if (ext) {
    tag = tag.slice(0, ext.index);
    let key = null;
    for (const part of ext[1].split("-")) {
      if (part.length === 2) keys[(key = part)] = "true";
      else if (key !== null) keys[key] = keys[key] === "true" ? part : keys[key] + "-" + part;
    }
  }
  return { tag, keys };
}

class Collator {
  constructor(locales = undefined, options = undefined) {
    const { tag, keys } = resolveLocale(locales);
    options = options === undefined ? {} : Object(options);
    const usage = getOption(options, "usage", ["sort", "search"], "sort");
    getOption(options, "localeMatcher", ["lookup", "best fit"], "best fit");
    getOption(options, "collation", { includes: () => true }, undefined);
    let numeric = getOption(options, "numeric", "boolean", undefined);
    let caseFirst = getOption(options, "caseFirst", CASE_FIRST, undefined);
    let locale = tag;
    const extensions = [];
    if (numeric === undefined && keys.kn !== undefined) {
      numeric = keys.kn === "true";
      extensions.push(keys.kn === "true" ? "kn" : "kn-false");
    }
    if (caseFirst === undefined && keys.kf !== undefined && CASE_FIRST.includes(keys.kf)) {
      caseFirst = keys.kf;
      extensions.push("kf-" + keys.kf);
    }
    if (extensions.length) locale += "-u-" + extensions.join("-");
    const sensitivity = getOption(options, "sensitivity", SENSITIVITIES, "variant");
    const ignorePunctuation = getOption(options, "ignorePunctuation", "boolean", false);
    slots.set(this, {
      locale,
      usage,
      sensitivity,
      ignorePunctuation,
      collation: "default",
      numeric: numeric === true,
      caseFirst: caseFirst === undefined ? "false" : caseFirst,
      spanish: tag.split("-")[0] === "es",
      bound: undefined,
    });
  }

  get compare() {
    const s = internal(this, "compare");
    if (s.bound === undefined) {
      const collator = this;
      s.bound = (x, y) => compareStrings(collator, String(x), String(y));
      Object.defineProperty(s.bound, "name", { value: "" });
    }
    return s.bound;
  }

  resolvedOptions() {
    const s = internal(this, "resolvedOptions");
    const { locale, usage, sensitivity, ignorePunctuation, collation, numeric, caseFirst } = s;
    return { locale, usage, sensitivity, ignorePunctuation, collation, numeric, caseFirst };
  }

  static supportedLocalesOf(locales) {
    return locales === undefined ? [] : require("internal/intl_getcanonicallocales").getCanonicalLocales(locales);
  }
}
Object.defineProperty(Collator.prototype, Symbol.toStringTag, { value: "Intl.Collator", configurable: true });

function compareStrings(collator, x, y) {
  const s = slots.get(collator);
  if (x === y) return 0;
  let a = elements(x, s.numeric, s.spanish);
  let b = elements(y, s.numeric, s.spanish);
  if (s.ignorePunctuation) {
    a = a.filter((e) => !e[3]);
    b = b.filter((e) => !e[3]);
  }
  const primary = compareLevel(a, b, 1, (e) => e[0]);
  if (primary !== 0 || s.sensitivity === "base") return primary;
  if (s.sensitivity !== "case") {
    const secondary = compareLevel(a, b, 2, (e) => e[1]);
    if (secondary !== 0 || s.sensitivity === "accent") return secondary;
  }
  const upperFirst = s.caseFirst === "upper";
  const tertiary = compareLevel(a, b, 3, (e) => (e[2] === 0 ? 0 : upperFirst ? 10 - e[2] : e[2]));
  if (tertiary !== 0 || s.sensitivity === "case") return tertiary;
  // A compatibility form after its decomposition ("\ufb03" > "ffi"), as a tertiary difference.
  const x1 = x.normalize("NFD");
  const y1 = y.normalize("NFD");
  return x1 === y1 || x.normalize("NFKD") !== y.normalize("NFKD") ? 0 : x1 > y1 ? 1 : -1;
}

export default { Collator };
