/**
 * The guest's local time zone. QuickJS asks the C library for local time
 * (`localtime_r`), which emscripten answers from the host's own `Date`: left
 * alone, a guest would see the host machine's time zone, and the same program
 * would print differently on two machines. Instead, the engine answers it
 * here from the guest's zone: `TZ` in the guest's environment (as Node reads
 * it; the engine sets it at each run's start and the guest's `process.env`
 * tells it of changes), UTC when there is none or it names no zone.
 *
 * Offsets come from the host's `Intl` (IANA data), cached per quarter hour
 * where no transition falls inside it, so a `getHours()` costs a map lookup.
 * @module
 */

/** Seconds in the cache's unit of time. */
const BUCKET_SECONDS = 900;
/** Cached offsets kept per zone before the cache starts over. */
const MAX_CACHED = 4096;

/** The `struct tm` fields emscripten's `_localtime_js` fills, as byte offsets. */
const TM = { sec: 0, min: 4, hour: 8, mday: 12, mon: 16, year: 20, wday: 24, yday: 28, isdst: 32, gmtoff: 36 } as const;

/** Days before each month, in common and in leap years. */
const YDAY = [
  [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334],
  [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335],
];

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** A zone's offsets from UTC, through the host's `Intl`. */
class ZoneRules {
  private readonly parts: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private readonly longNames = new Map<string, Intl.DateTimeFormat>();

  constructor(readonly name: string) {
    this.parts = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** Seconds east of UTC at `seconds` since the epoch. */
  offsetAt(seconds: number): number {
    const bucket = Math.floor(seconds / BUCKET_SECONDS);
    const cached = this.offsets.get(bucket);
    if (cached !== undefined) return cached;
    const offset = this.computeOffset(seconds);
    // Cached only when the whole quarter hour has one offset (no transition inside it).
    const start = bucket * BUCKET_SECONDS;
    if (this.computeOffset(start) === offset && this.computeOffset(start + BUCKET_SECONDS - 1) === offset) {
      if (this.offsets.size >= MAX_CACHED) this.offsets.clear();
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /** The zone's long name at `ms` ("Coordinated Universal Time", "Eastern Daylight Time"), as Node prints it in `Date#toString`. */
  longName(ms: number, locale: string): string {
    let names = this.longNames.get(locale);
    if (!names) {
      names = longNameFormat(locale, this.name);
      if (this.longNames.size < 16) this.longNames.set(locale, names);
    }
    const part = names.formatToParts(ms).find((p) => p.type === "timeZoneName");
    return part ? part.value : this.name;
  }

  private computeOffset(seconds: number): number {
    const fields: Record<string, string> = {};
    for (const part of this.parts.formatToParts(seconds * 1000)) fields[part.type] = part.value;
    let year = Number(fields.year);
    if (fields.era === "BC" || fields.era === "B") year = 1 - year;
    const local = Date.UTC(year, Number(fields.month) - 1, Number(fields.day), Number(fields.hour), Number(fields.minute), Number(fields.second));
    // Date.UTC reads years 0-99 as 1900-1999.
    const fixed = year >= 0 && year < 100 ? new Date(local).setUTCFullYear(year) : local;
    return Math.round(fixed / 1000) - Math.floor(seconds);
  }
}

/** A formatter of `zone`'s long name in `locale` (en-US when the host does not know the locale). */
function longNameFormat(locale: string, zone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "long" });
  } catch {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "long" });
  }
}

/** UTC's rules: no offset, and Node's name for it. */
const UTC_NAME = "Coordinated Universal Time";
/** What ICU calls the UTC it falls back to for a TZ that names no zone. */
const UNKNOWN_NAME = "GMT+00:00";

/** The zone an instance's guest is in, and the C library's local-time calls answered from it. */
export class GuestTimeZone {
  private rules: ZoneRules | null = null;
  /** Set when TZ named a zone the host does not know: UTC, named as ICU names it then. */
  private unknown = false;
  /** UTC's rules, made only to name it in a locale other than en-US. */
  private utc: ZoneRules | null = null;
  private readonly known = new Map<string, ZoneRules | null>();
  private tz: string | undefined = undefined;

  /** The `TZ` value the zone was last set from (what a snapshot keeps). */
  get setting(): string | undefined {
    return this.tz;
  }

  /** The zone's IANA name, or "UTC". */
  get name(): string {
    return this.rules ? this.rules.name : "UTC";
  }

  /**
   * Sets the zone from a `TZ` value as Node reads it: a leading ":" is
   * dropped; none, empty, or a name the host's `Intl` does not know is UTC.
   */
  set(tz: string | undefined): void {
    this.tz = typeof tz === "string" ? tz : undefined;
    let name = typeof tz === "string" ? tz : "";
    if (name.startsWith(":")) name = name.slice(1);
    this.unknown = false;
    if (name === "" || name === "UTC" || name === "Etc/UTC") {
      this.rules = null;
      return;
    }
    let rules = this.known.get(name);
    if (rules === undefined) {
      try {
        rules = new ZoneRules(name);
      } catch {
        rules = null;
      }
      this.known.set(name, rules);
    }
    this.rules = rules;
    this.unknown = rules === null;
  }

  /** The long name of the zone at `ms` in `locale`, for `Date#toString`. */
  longName(ms: number, locale: string): string {
    if (this.rules) return this.rules.longName(ms, locale);
    if (this.unknown) return UNKNOWN_NAME;
    if (locale === "en-US") return UTC_NAME;
    this.utc ??= new ZoneRules("UTC");
    return this.utc.longName(ms, locale);
  }

  /**
   * emscripten's `_localtime_js(time, tm)`: fills the `struct tm` at `tmPointer`
   * with the local time of `time` (seconds since the epoch, a BigInt in
   * builds with 64-bit `time_t`).
   */
  localtime(heap: Int32Array, time: number | bigint, tmPointer: number): void {
    const seconds = typeof time === "bigint" ? (time < -9007199254740992n || time > 9007199254740992n ? NaN : Number(time)) : time;
    const offset = this.rules && Number.isFinite(seconds) ? this.rules.offsetAt(seconds) : 0;
    const date = new Date((seconds + offset) * 1000);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    const at = tmPointer >> 2;
    heap[at + TM.sec / 4] = date.getUTCSeconds();
    heap[at + TM.min / 4] = date.getUTCMinutes();
    heap[at + TM.hour / 4] = date.getUTCHours();
    heap[at + TM.mday / 4] = date.getUTCDate();
    heap[at + TM.mon / 4] = month;
    heap[at + TM.year / 4] = year - 1900;
    heap[at + TM.wday / 4] = date.getUTCDay();
    heap[at + TM.yday / 4] = (YDAY[isLeap(year) ? 1 : 0]![month] ?? 0) + date.getUTCDate() - 1;
    heap[at + TM.isdst / 4] = this.isDst(seconds, offset) ? 1 : 0;
    heap[at + TM.gmtoff / 4] = offset;
  }

  /**
   * emscripten's `_tzset_js(timezone, daylight, std_name, dst_name)`: the C
   * library's zone globals, filled as for UTC whatever the zone (QuickJS
   * reads local time only through `localtime_r`, which answers per instant).
   */
  tzset(heapU8: Uint8Array, heap32: Int32Array, timezone: number, daylight: number, stdName: number, dstName: number): void {
    heap32[timezone >> 2] = 0;
    heap32[daylight >> 2] = 0;
    for (const pointer of [stdName, dstName]) {
      heapU8.set([0x55, 0x54, 0x43, 0], pointer);
    }
  }

  /** Daylight time as emscripten decides it: the offset is the larger of January's and July's, and they differ. */
  private isDst(seconds: number, offset: number): boolean {
    if (!this.rules || !Number.isFinite(seconds)) return false;
    const year = new Date(seconds * 1000).getUTCFullYear();
    const january = this.rules.offsetAt(Date.UTC(year, 0, 1) / 1000);
    const july = this.rules.offsetAt(Date.UTC(year, 6, 1) / 1000);
    return january !== july && offset === Math.max(january, july);
  }
}
