"use strict";
// node-packages: luxon date-fns string-width
// npm packages that rest on Intl: luxon (zones, locales, relative times),
// date-fns (format, formatDistance) and string-width (Intl.Segmenter).
const { show } = require("../show.cjs");
const { DateTime, Duration, Info, Settings } = require("luxon");
Settings.now = () => Date.UTC(2024, 2, 5, 14, 7, 9);
const dt = DateTime.fromISO("2024-03-05T14:07:09Z", { zone: "utc" });
show("luxon toISO", () => dt.toISO());
show("luxon setZone New York", () => dt.setZone("America/New_York").toFormat("yyyy-MM-dd HH:mm ZZZZ"));
show("luxon setZone Tokyo", () => dt.setZone("Asia/Tokyo").toLocaleString(DateTime.DATETIME_FULL));
show("luxon DATE_HUGE", () => dt.toLocaleString(DateTime.DATE_HUGE));
show("luxon TIME_SIMPLE", () => dt.toLocaleString(DateTime.TIME_SIMPLE));
show("luxon de locale", () => dt.setLocale("de").toFormat("cccc, d. LLLL yyyy"));
show("luxon fr DATE_FULL", () => dt.setLocale("fr").toLocaleString(DateTime.DATE_FULL));
show("luxon toRelative", () => dt.minus({ days: 3 }).toRelative({ base: dt }));
show("luxon toRelative future", () => dt.plus({ hours: 5 }).toRelative({ base: dt }));
show("luxon toRelativeCalendar", () => dt.minus({ days: 1 }).toRelativeCalendar({ base: dt }));
show("luxon offset", () => dt.setZone("Europe/Berlin").offset);
show("luxon DST", () => DateTime.fromISO("2024-07-01T12:00:00", { zone: "America/Los_Angeles" }).toFormat("ZZ ZZZZ"));
show("luxon isValid zone", () => [DateTime.local().setZone("Mars/Base").isValid, Info.isValidIANAZone("Europe/Paris")]);
show("luxon months", () => Info.months("short"));
show("luxon weekdays de", () => Info.weekdays("long", { locale: "de" }));
show("luxon Duration", () => Duration.fromObject({ hours: 2, minutes: 30 }).toHuman());
show("luxon fromFormat", () => DateTime.fromFormat("05/03/2024 14:07", "dd/MM/yyyy HH:mm", { zone: "utc" }).toISO());
const { format, formatDistance, formatDistanceStrict, formatRelative, addDays, parseISO } = require("date-fns");
const { de } = require("date-fns/locale");
const date = parseISO("2024-03-05T14:07:09Z");
show("date-fns format", () => format(new Date(Date.UTC(2024, 2, 5)), "yyyy-MM-dd"));
show("date-fns format long", () => format(date, "EEEE, MMMM do yyyy"));
show("date-fns format de", () => format(date, "EEEE, d. MMMM yyyy", { locale: de }));
show("date-fns formatDistance", () => formatDistance(date, addDays(date, 3)));
show("date-fns formatDistance suffix", () => formatDistance(addDays(date, -45), date, { addSuffix: true }));
show("date-fns formatDistanceStrict", () => formatDistanceStrict(date, addDays(date, 400)));
show("date-fns formatRelative", () => formatRelative(addDays(date, -1), date).replace(/\d+:\d+ [AP]M/, "<time>"));
import("string-width").then(({ default: stringWidth }) => {
  show("string-width ascii", () => stringWidth("hello"));
  show("string-width cjk", () => stringWidth("古池や"));
  show("string-width emoji", () => stringWidth("👨‍👩‍👧 🇺🇸"));
  show("string-width ansi", () => stringWidth("\u001B[31mred\u001B[39m"));
  show("string-width combining", () => stringWidth("e\u0301te\u0301"));
});
