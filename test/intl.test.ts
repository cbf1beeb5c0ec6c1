/**
 * Intl in the guest: its default locale and time zone follow the sandbox's
 * processConfig.env (LANG, TZ) as the guest may read it, and a program that
 * uses neither Intl nor a toLocale* method never loads it. (What Intl prints
 * is compared with Node by the intl-* differential cases.)
 */
import { afterAll, describe, expect, it } from "vitest";
import { allowAll, type NodeRuntime } from "../dist/src/index.js";
import { harness } from "./helpers.js";

const runtimes: NodeRuntime[] = [];
afterAll(() => runtimes.forEach((r) => r.dispose()));

/** Runs `code` in a fresh runtime whose processConfig.env is `env`, and returns its exports. */
async function run<T>(code: string, env: Record<string, string>, permissions = allowAll): Promise<T> {
  const h = harness({ cpuTimeLimitMs: 60_000 }, { permissions, processConfig: { env } });
  runtimes.push(h.runtime);
  const result = await h.runtime.run<T>(code);
  expect(result.errorMessage).toBeUndefined();
  expect(result.code).toBe(0);
  return result.exports as T;
}

const DEFAULTS = `
  const dtf = new Intl.DateTimeFormat().resolvedOptions();
  module.exports = {
    locale: dtf.locale,
    timeZone: dtf.timeZone,
    number: (1234.5).toLocaleString(),
    date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)).toLocaleString(),
  };
`;

describe("Intl defaults", () => {
  it("are en-US and UTC without LANG or TZ", async () => {
    expect(await run(DEFAULTS, {})).toEqual({ locale: "en-US", timeZone: "UTC", number: "1,234.5", date: "1/2/2024, 3:04:05 AM" });
  });

  it("follow LANG and TZ from processConfig.env", async () => {
    expect(await run(DEFAULTS, { LANG: "de_DE.UTF-8", TZ: "Asia/Tokyo" })).toEqual({
      locale: "de-DE",
      timeZone: "Asia/Tokyo",
      number: "1.234,5",
      date: "2.1.2024, 12:04:05",
    });
  });

  it("LC_ALL wins over LANG, and the C locale is en-US", async () => {
    const locale = "module.exports = new Intl.NumberFormat().resolvedOptions().locale;";
    expect(await run(locale, { LANG: "de_DE.UTF-8", LC_ALL: "fr_FR.UTF-8" })).toBe("fr-FR");
    expect(await run(locale, { LANG: "C" })).toBe("en-US");
  });

  it("a guest denied reading LANG and TZ gets en-US and UTC", async () => {
    const denyEnv = { ...allowAll, env: () => ({ allow: false }) };
    expect(await run(DEFAULTS, { LANG: "de_DE.UTF-8", TZ: "Asia/Tokyo" }, denyEnv)).toMatchObject({ locale: "en-US", timeZone: "UTC" });
  });
});

describe("Intl laziness", () => {
  const shape = `(d) => (d === undefined ? "absent" : "get" in d ? "accessor" : "data")`;

  it("a program that touches no Intl and no toLocale* method leaves the Intl global unloaded", async () => {
    const out = await run<string[]>(
      `
      const shape = ${shape};
      const seen = [shape(Object.getOwnPropertyDescriptor(globalThis, "Intl"))];
      console.log("%s %d %o", "x", 1.5, { a: [1], d: new Date(0) });
      String(new Date(0)); (1.5).toFixed(2); [3, 1, 2].sort(); "a" < "b"; JSON.stringify({ n: 1e21 });
      require("util").inspect(new Map([[1, 2]]));
      seen.push(shape(Object.getOwnPropertyDescriptor(globalThis, "Intl")));
      (12).toLocaleString();
      seen.push(shape(Object.getOwnPropertyDescriptor(globalThis, "Intl")));
      module.exports = seen;
    `,
      {},
    );
    // Loading any Intl service settles the global (the services read it as they load).
    expect(out).toEqual(["accessor", "accessor", "data"]);
  });

  it("Intl's services stay unloaded until read, then are plain data properties", async () => {
    const out = await run<Record<string, string>>(
      `
      const shape = ${shape};
      const names = ["Collator", "DateTimeFormat", "DisplayNames", "ListFormat", "Locale", "NumberFormat", "PluralRules", "RelativeTimeFormat", "Segmenter"];
      const before = names.map((n) => shape(Object.getOwnPropertyDescriptor(Intl, n)));
      void Intl.ListFormat;
      const after = names.map((n) => shape(Object.getOwnPropertyDescriptor(Intl, n)));
      module.exports = { before: before.join(), after: after.join(), tag: Object.prototype.toString.call(Intl) };
    `,
      {},
    );
    expect(out).toEqual({
      before: "accessor,accessor,accessor,accessor,accessor,accessor,accessor,accessor,accessor",
      after: "accessor,accessor,accessor,data,accessor,accessor,accessor,accessor,accessor",
      tag: "[object Intl]",
    });
  });
});
