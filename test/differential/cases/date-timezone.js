"use strict";
// node-env: TZ=America/New_York
// Differential case: Date's local time follows the guest's TZ (not the host machine's), and changes with process.env.TZ.
const { show } = require("../show.cjs");

const winter = new Date(Date.UTC(2024, 0, 15, 12, 30, 45));
const summer = new Date(Date.UTC(2024, 6, 15, 12, 30, 45));
show("offsets", () => [winter.getTimezoneOffset(), summer.getTimezoneOffset()]);
show("local fields", () => [winter.getHours(), winter.getDate(), winter.getDay(), summer.getHours(), summer.getMinutes()]);
show("toString winter and summer", () => [winter.toString(), summer.toString()]);
show("toTimeString", () => summer.toTimeString());
show("toDateString", () => winter.toDateString());
show("local constructor", () => new Date(2024, 2, 10, 3, 0).toISOString());
show("DST gap", () => new Date(2024, 2, 10, 2, 30).toString());
show("DST overlap", () => new Date(2024, 10, 3, 1, 30).toISOString());
show("setHours", () => { const d = new Date(winter); d.setHours(23, 59); return d.toISOString(); });
show("parse local", () => new Date("2024-05-01T08:00:00").toISOString());
show("Date.parse of toString", () => [Date.parse(summer.toString()) === summer.getTime(), new Date(String(winter)).getTime() === winter.getTime()]);
show("historic offset", () => new Date(Date.UTC(1900, 0, 1)).getTimezoneOffset());
show("toLocaleString", () => summer.toLocaleString("en-US"));
show("Intl zone", () => new Intl.DateTimeFormat().resolvedOptions().timeZone);

show("set TZ to Tokyo", () => { process.env.TZ = "Asia/Tokyo"; return [winter.getTimezoneOffset(), winter.getHours(), winter.toString()]; });
show("set TZ with a colon", () => { process.env.TZ = ":Europe/Berlin"; return [summer.getTimezoneOffset(), summer.toString()]; });
show("unknown zone", () => { process.env.TZ = "Nowhere/Atlantis"; return [winter.getTimezoneOffset(), winter.toString()]; });
show("TZ=UTC", () => { process.env.TZ = "UTC"; return [winter.getTimezoneOffset(), winter.toString()]; });
show("delete TZ", () => { delete process.env.TZ; return [winter.getTimezoneOffset(), winter.toString()]; });
