"use strict";
// Intl.DateTimeFormat and Date toLocale*String in locales other than en-US.
const { show } = require("../show.cjs");
const d = Date.UTC(2024, 2, 5, 14, 7, 9, 45); // Tue Mar 5 2024 14:07:09.045 UTC
const summer = Date.UTC(2023, 6, 20, 3, 30, 0);
const fmt = (locales, options, value = d) => show(`DateTimeFormat(${JSON.stringify(locales)}, ${JSON.stringify(options)})`, () => new Intl.DateTimeFormat(locales, options).format(value));
fmt("en-GB", { timeZone: "Europe/London" }, summer);
fmt("en-GB", { dateStyle: "full", timeZone: "UTC" });
fmt("de-DE", { dateStyle: "full", timeStyle: "short", timeZone: "Europe/Berlin" });
fmt("de-DE", { timeZone: "UTC" });
fmt("fr-FR", { dateStyle: "long", timeZone: "UTC" });
fmt("es-ES", { dateStyle: "full", timeZone: "UTC" });
fmt("ja-JP", { dateStyle: "long", timeZone: "Asia/Tokyo" });
fmt("zh-CN", { dateStyle: "full", timeZone: "Asia/Shanghai" });
show("toLocaleDateString de", () => new Date(d).toLocaleDateString("de-DE"));
show("toLocaleString en-GB", () => new Date(d).toLocaleString("en-GB"));
