// The guest's clock: Date and performance. With timing "freeze" (rt.frozen, set by
// the engine's configure) both read the run's start time, rt.startTime. With
// timing "virtual" (rt.virtual) the engine's clock (hostNow) is virtual: it
// moves with fuel and jumps to timers, and Date counts it from rt.startTime.
import { ObjectDefine } from "./primordials.js";
export function installClock(g, rt, hostNow, hostTimeZone) {
  // ---- clock ------------------------------------------------------------------
  const RealDate = Date;
  function clockNow() {
    if (rt.frozen) return rt.startTime;
    return rt.virtual ? Math.floor(rt.startTime + hostNow()) : RealDate.now();
  }
  function DateShim(...args) {
    if (!new.target) return new RealDate(clockNow()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [clockNow()] : args, new.target);
  }
  ObjectDefine(DateShim, "name", { value: "Date" });
  ObjectDefine(DateShim, "length", { value: 7 });
  DateShim.prototype = RealDate.prototype;
  DateShim.now = function now() {
    return clockNow();
  };
  DateShim.parse = RealDate.parse;
  DateShim.UTC = RealDate.UTC;
  ObjectDefine(RealDate.prototype, "constructor", { value: DateShim, writable: true, configurable: true });
  ObjectDefine(g, "Date", { value: DateShim, writable: true, configurable: true });

  // toString and toTimeString end with the zone's long name in parentheses, as V8 prints them
  // ("GMT+0000 (Coordinated Universal Time)"); QuickJS prints no name. The engine knows the zone.
  // The name is in the default locale, as ICU gives it (LANG=de_DE: "Nordamerikanische Ostküsten-Normalzeit").
  const getTime = RealDate.prototype.getTime;
  function locale() {
    const env = rt.process ? rt.process.env : {};
    if (!env.LC_ALL && !env.LC_MESSAGES && !env.LANG) return "en-US";
    return rt.requireBuiltin("internal/intl_support", true).defaultLocale();
  }
  for (const name of ["toString", "toTimeString"]) {
    const original = RealDate.prototype[name];
    const method = {
      [name]() {
        const text = Reflect.apply(original, this, []);
        const time = Reflect.apply(getTime, this, []);
        return time === time ? `${text} (${hostTimeZone("name", time, locale())})` : text;
      },
    }[name];
    ObjectDefine(RealDate.prototype, name, { value: method, writable: true, enumerable: false, configurable: true });
  }

  function perfNow() {
    return rt.frozen ? 0 : hostNow();
  }
  // The global performance is node:perf_hooks' (a lazy global), on this clock through internal/clock.
  return { clockNow, perfNow };
}
