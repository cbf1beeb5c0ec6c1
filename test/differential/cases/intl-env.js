"use strict";
// node-env: TZ=America/New_York LANG=de_DE.UTF-8
// The default locale and time zone come from LANG and TZ.
const { show } = require("../show.cjs");
const d = Date.UTC(2024, 2, 5, 14, 7, 9);
show("DateTimeFormat defaults", () => new Intl.DateTimeFormat().resolvedOptions());
show("NumberFormat default locale", () => new Intl.NumberFormat().resolvedOptions().locale);
show("Collator default locale", () => new Intl.Collator().resolvedOptions().locale);
show("Number toLocaleString", () => (1234567.891).toLocaleString());
show("Date toLocaleString", () => new Date(d).toLocaleString());
show("Date toLocaleDateString", () => new Date(d).toLocaleDateString());
show("Date toLocaleTimeString", () => new Date(d).toLocaleTimeString());
show("Date toLocaleString en-US", () => new Date(d).toLocaleString("en-US"));
show("Date toLocaleString en-US UTC", () => new Date(d).toLocaleString("en-US", { timeZone: "UTC" }));
show("long date", () => new Date(d).toLocaleDateString(undefined, { dateStyle: "full" }));
show("timeZoneName", () => new Intl.DateTimeFormat("en-US", { timeStyle: "full" }).format(d));
show("RelativeTimeFormat default", () => new Intl.RelativeTimeFormat().format(-2, "day"));
show("ListFormat default", () => new Intl.ListFormat().format(["a", "b", "c"]));
show("getTimezoneOffset", () => new Date(d).getTimezoneOffset());
show("Date toString", () => new Date(d).toString());
process.env.TZ = "Asia/Tokyo";
show("after TZ change", () => [new Intl.DateTimeFormat().resolvedOptions().timeZone, new Date(d).toLocaleTimeString()]);
