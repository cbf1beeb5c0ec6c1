// Intl.DateTimeFormat: @formatjs/intl-datetimeformat with the bundled locales'
// data, and the IANA time-zone data (internal/intl_tz) parsed only once a
// zone other than UTC or a fixed offset is asked for, by a timeZone option or
// by TZ. Also the defaults of Date.prototype.toLocale{,Date,Time}String.
import { DateTimeFormat } from "@formatjs/intl-datetimeformat";
import data from "intl-data:datetimeformat";
import support from "internal/intl_support";

let tzLoaded = false;
function needsZoneData(name) {
  const upper = String(name).toUpperCase();
  return !(upper === "UTC" || upper === "ETC/UTC" || upper === "ETC/GMT" || upper === "GMT" || upper[0] === "+" || upper[0] === "-");
}
function loadZoneData() {
  if (tzLoaded) return;
  tzLoaded = true;
  DateTimeFormat.__addTZData(JSON.parse(require("internal/intl_tz")));
}

let zoneInUse;
// Before each formatter: the time zone it will use, and TZ (which may have
// changed since the last one, as Node follows process.env.TZ).
function prepare(args) {
  const options = args[1];
  if (options !== undefined && options !== null && typeof options === "object") {
    const zone = options.timeZone;
    if (zone !== undefined && needsZoneData(zone)) loadZoneData();
  }
  const zone = support.defaultTimeZone();
  if (zone === zoneInUse) return;
  zoneInUse = zone;
  if (needsZoneData(zone)) loadZoneData();
  try {
    DateTimeFormat.__setDefaultTimeZone(zone);
  } catch {
    // A TZ that names no zone: UTC, as Node's ICU falls back to.
    DateTimeFormat.__setDefaultTimeZone("UTC");
  }
}

const { Service, ensure } = support.withLocaleData(DateTimeFormat, data, prepare);
support.orderResolvedOptions(DateTimeFormat, [
  "locale", "calendar", "numberingSystem", "timeZone", "hourCycle", "hour12", "weekday", "era", "year", "month",
  "day", "dayPeriod", "hour", "minute", "second", "fractionalSecondDigits", "timeZoneName", "dateStyle", "timeStyle",
]);

// V8 prints a plain space where CLDR puts U+202F (before AM/PM) in format
// (for compatibility with older output); formatToParts and formatRange keep it.
const plainSpaces = (s) => s.replace(/\u202f/g, " ");
const formatGetter = Object.getOwnPropertyDescriptor(DateTimeFormat.prototype, "format").get;
const boundFormats = new WeakMap();
Object.defineProperty(DateTimeFormat.prototype, "format", {
  configurable: true,
  enumerable: false,
  get: {
    get format() {
      const original = Reflect.apply(formatGetter, this, []);
      let bound = boundFormats.get(original);
      if (bound === undefined) {
        bound = (date) => plainSpaces(original(date));
        Object.defineProperty(bound, "name", { value: "" });
        boundFormats.set(original, bound);
      }
      return bound;
    },
  }.__lookupGetter__("format"),
});

// Its numbers come from Intl.NumberFormat, which it looks up as a data property.
void require("internal/intl").Intl.NumberFormat;

/** ECMA-402 ToDateTimeOptions: what Date.prototype.toLocale*String formats when no component is asked for. */
function toDateTimeOptions(options, required, defaults) {
  const base = options === undefined ? null : Object(options);
  const out = Object.create(base);
  let needDefaults = true;
  if (required === "date" || required === "any") {
    for (const p of ["weekday", "year", "month", "day"]) if (out[p] !== undefined) needDefaults = false;
  }
  if (required === "time" || required === "any") {
    for (const p of ["dayPeriod", "hour", "minute", "second", "fractionalSecondDigits"]) if (out[p] !== undefined) needDefaults = false;
  }
  const dateStyle = out.dateStyle;
  const timeStyle = out.timeStyle;
  if (dateStyle !== undefined || timeStyle !== undefined) needDefaults = false;
  if (required === "date" && timeStyle !== undefined) throw new TypeError("Invalid option : timeStyle");
  if (required === "time" && dateStyle !== undefined) throw new TypeError("Invalid option : dateStyle");
  if (needDefaults && (defaults === "date" || defaults === "all")) {
    for (const p of ["year", "month", "day"]) Object.defineProperty(out, p, { value: "numeric", enumerable: true });
  }
  if (needDefaults && (defaults === "time" || defaults === "all")) {
    for (const p of ["hour", "minute", "second"]) Object.defineProperty(out, p, { value: "numeric", enumerable: true });
  }
  return out;
}

const KINDS = { any: ["any", "all"], date: ["date", "date"], time: ["time", "time"] };

/** Date.prototype.toLocaleString (kind "any"), toLocaleDateString ("date"), toLocaleTimeString ("time"). */
function formatDate(time, locales, options, kind) {
  if (Number.isNaN(time)) return "Invalid Date";
  const [required, defaults] = KINDS[kind];
  return new Service(locales, toDateTimeOptions(options, required, defaults)).format(time);
}

export default { DateTimeFormat: Service, formatDate, ensure };
