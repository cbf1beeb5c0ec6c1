// The locale and time-zone data of the @formatjs Intl polyfills, as the guest's
// internal/intl_* builtins import it: `import data from "intl-data:numberformat"`
// is an object of locale -> that locale's data, and "intl-data:tz" is the
// IANA time-zone data. Data that is plain JSON stays a JSON string (a string
// literal costs QuickJS next to nothing to evaluate; the builtin parses only the
// locales a program asks for); data with functions in it (plural rules) is a
// function returning it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The locales bundled: en covers en-US; the others are the common ones. */
export const INTL_LOCALES = ["en", "en-GB", "de", "fr", "es", "ja", "zh"];

/** The polyfill packages with per-locale data, by the name the builtins import. */
const KINDS = ["numberformat", "datetimeformat", "pluralrules", "relativetimeformat", "listformat", "displaynames"];

const PREFIX = "intl-data:";

/**
 * What a formatjs data file hands to `Intl.<Kind>.__addLocaleData` (or
 * `Intl.DateTimeFormat.__addTZData`): the file runs here, at build time,
 * against a stand-in Intl that records the call.
 */
function dataOf(file) {
  let captured;
  const record = (data) => (captured = data);
  const kinds = ["NumberFormat", "DateTimeFormat", "PluralRules", "RelativeTimeFormat", "ListFormat", "DisplayNames"];
  const fakeIntl = Object.fromEntries(kinds.map((k) => [k, { __addLocaleData: record, __addTZData: record }]));
  new Function("Intl", "globalThis", readFileSync(file, "utf8"))(fakeIntl, {});
  if (captured === undefined) throw new Error(`${file}: no data was added (the data file's layout changed)`);
  return captured;
}

/** One locale's data as a module expression: a JSON string, or (with functions in it) a function returning it. */
function expressionFor(value) {
  const functions = [];
  const json = JSON.stringify(value, (_, v) => (typeof v === "function" ? `\0fn${functions.push(v.toString()) - 1}` : v));
  if (functions.length === 0) return JSON.stringify(json);
  const source = json.replace(/"\\u0000fn(\d+)"/g, (_, i) => `(${functions[Number(i)]})`);
  return `function () { return (${source}); }`;
}

/**
 * The data has skeletons of its own for two-digit years ("yyMMM": "MMM ’yy");
 * CLDR has none, and ICU (so Node) formats a two-digit year by narrowing the
 * year of the ordinary pattern ("Jan 70"). Without them formatjs does the same.
 */
function withoutTwoDigitYearSkeletons(data) {
  for (const formats of Object.values(data.data.formats)) {
    for (const skeleton of Object.keys(formats)) if (skeleton.startsWith("yy")) delete formats[skeleton];
  }
}

function localeModule(kind) {
  const dir = join(root, "node_modules/@formatjs", `intl-${kind}`, "locale-data");
  // A locale without a file of its own (plural rules of en-GB) falls back to its parent's.
  const entries = INTL_LOCALES.filter((locale) => existsSync(join(dir, `${locale}.js`))).map((locale) => {
    const data = dataOf(join(dir, `${locale}.js`));
    if (kind === "datetimeformat") withoutTwoDigitYearSkeletons(data);
    return `  ${JSON.stringify(locale)}: ${expressionFor(data)}`;
  });
  return `export default {\n${entries.join(",\n")}\n};\n`;
}

function tzModule() {
  const file = join(root, "node_modules/@formatjs/intl-datetimeformat/add-all-tz.js");
  return `export default ${expressionFor(dataOf(file))};\n`;
}

/** The rollup plugin that answers `intl-data:<kind>` and `intl-data:tz`. */
export const intlData = {
  name: "quickexec-intl-data",
  resolveId(source) {
    return source.startsWith(PREFIX) ? "\0" + source : null;
  },
  load(id) {
    if (!id.startsWith("\0" + PREFIX)) return null;
    const kind = id.slice(1 + PREFIX.length);
    if (kind === "tz") return tzModule();
    if (!KINDS.includes(kind)) this.error(`unknown Intl data "${kind}"`);
    return localeModule(kind);
  },
};

/**
 * @formatjs/intl-datetimeformat parses a locale's dateStyle/timeStyle patterns
 * (and with them every interval format of the locale) as soon as its data is
 * added: about a second per locale inside QuickJS, paid by every program that
 * formats a date at all. This makes the parsed styles a lazy property of the
 * locale data, computed on the first dateStyle/timeStyle formatter, and the
 * interval patterns of each available format lazy too (formatRange).
 */
export const intlLazyDateStyles = {
  name: "quickexec-intl-lazy-date-styles",
  transform(code, id) {
    if (!/@formatjs[\\/]intl-datetimeformat[\\/]index\.js$/.test(id)) return null;
    const from = `	const processedData = {
		...rawData,
		...parseDateTimeStyles({
			dateFormat,
			timeFormat,
			dateTimeFormat,
			dateTimeFormatAtTime,
			intervalFormats
		}),
		intervalFormatFallback: intervalFormats.intervalFormatFallback,
		formats: {}
	};`;
    const to = `	const processedData = {
		...rawData,
		intervalFormatFallback: intervalFormats.intervalFormatFallback,
		formats: {}
	};
	let parsedStyles;
	const styles = () => parsedStyles ??= parseDateTimeStyles({
		dateFormat,
		timeFormat,
		dateTimeFormat,
		dateTimeFormatAtTime,
		intervalFormats
	});
	for (const key of dateTimeFormatAtTime ? ["dateFormat", "timeFormat", "dateTimeFormat", "dateTimeFormatAtTime"] : ["dateFormat", "timeFormat", "dateTimeFormat"]) Object.defineProperty(processedData, key, {
		enumerable: true,
		configurable: true,
		get: () => styles()[key]
	});`;
    // Each available format's interval patterns are matched only when a formatRange needs them.
    const edits = [
      [from, to],
      [
        "const format = parseDateTimeSkeleton(skeleton, pattern, findIntervalFormat(skeleton, calendarIntervals, pattern), calendarIntervals.intervalFormatFallback, true);",
        "const format = parseDateTimeSkeleton(skeleton, pattern, () => findIntervalFormat(skeleton, calendarIntervals, pattern), calendarIntervals.intervalFormatFallback, true);",
      ],
      ["\t\tif (rangePatterns) {\n\t\t\tconst keys = skeletonKeys(rangePatterns);", "\t\tif (typeof rangePatterns === \"function\") rangePatterns = rangePatterns();\n\t\tif (rangePatterns) {\n\t\t\tconst keys = skeletonKeys(rangePatterns);"],
      // Two thirds of a locale's available formats carry a time zone name (z, v, O...): a
      // formatter that shows none is matched against the others only.
      [
        "\t\tlet parsed;\n\t\tObject.defineProperty(processedData.formats, calendar, {\n\t\t\tenumerable: true,\n\t\t\tget() {\n\t\t\t\tif (parsed) return parsed;\n\t\t\t\tconst calendarFormats = formats[calendar];\n\t\t\t\tconst skeletons = objectKeys(calendarFormats);",
        "\t\tlet parsed;\n\t\tlet zoneless;\n\t\tObject.defineProperty(processedData.formatsWithoutZone, calendar, {\n\t\t\tenumerable: true,\n\t\t\tget() {\n\t\t\t\tif (parsed) return parsed;\n\t\t\t\tif (zoneless) return zoneless;\n\t\t\t\tconst calendarFormats = formats[calendar];\n\t\t\t\tzoneless = [];\n\t\t\t\tfor (const skeleton of objectKeys(calendarFormats)) if (!/[zZOvVxX]/.test(skeleton)) zoneless.push(parseDateTimeSkeleton(skeleton, calendarFormats[skeleton], () => findIntervalFormat(skeleton, calendarIntervals, calendarFormats[skeleton]), calendarIntervals.intervalFormatFallback, true));\n\t\t\t\treturn zoneless;\n\t\t\t}\n\t\t});\n\t\tObject.defineProperty(processedData.formats, calendar, {\n\t\t\tenumerable: true,\n\t\t\tget() {\n\t\t\t\tif (parsed) return parsed;\n\t\t\t\tconst calendarFormats = formats[calendar];\n\t\t\t\tconst skeletons = objectKeys(calendarFormats);",
      ],
      ["\t\tintervalFormatFallback: intervalFormats.intervalFormatFallback,\n\t\tformats: {}\n\t};", "\t\tintervalFormatFallback: intervalFormats.intervalFormatFallback,\n\t\tformats: {},\n\t\tformatsWithoutZone: {}\n\t};"],
      [
        "\tconst formats = dataLocaleData.formats[calendar];\n\tif (!formats) throw",
        "\tconst zoneless = opt.timeZoneName === void 0 && (options.timeStyle === void 0 || options.timeStyle === \"short\" || options.timeStyle === \"medium\") ? dataLocaleData.formatsWithoutZone?.[calendar] : void 0;\n\tconst formats = zoneless ?? dataLocaleData.formats[calendar];\n\tif (!formats) throw",
      ],
    ];
    let patched = code;
    for (const [a, b] of edits) {
      if (!patched.includes(a)) this.error(`@formatjs/intl-datetimeformat changed: ${a.slice(0, 60)} was not found`);
      patched = patched.replace(a, b);
    }
    return { code: patched, map: null };
  },
};

/**
 * @formatjs/intl-localematcher takes Intl.Locale (to maximize tags when it
 * matches "best fit") from the Intl object's data property only; the guest's
 * Intl members are accessors until first read, so it reads the member once
 * (loading Intl.Locale) when it finds none.
 */
export const intlLazyLocale = {
  name: "quickexec-intl-lazy-locale",
  transform(code, id) {
    if (!/@formatjs[\\/]intl-localematcher[\\/]index\.js$/.test(id)) return null;
    const from = "function maximizeLocale(tag) {\n\tconst Constructor = getLocaleConstructor();";
    const to = "function maximizeLocale(tag) {\n\tconst Constructor = getLocaleConstructor() ?? (Reflect.get(globalThis.Intl || {}, \"Locale\"), getLocaleConstructor());";
    if (!code.includes(from)) this.error("@formatjs/intl-localematcher changed: maximizeLocale was not found");
    return { code: code.replace(from, to), map: null };
  },
};
