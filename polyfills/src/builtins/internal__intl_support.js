// What the guest's Intl services share: the default locale and time zone (from
// the environment the guest sees), and the locale data each service parses on
// demand. The @formatjs services keep their data in a registry of their own
// (`Service.__addLocaleData`); a service built here is the @formatjs class
// behind a Proxy that, before each constructor call or supportedLocalesOf,
// parses the bundled data of the languages the call names, so a program pays
// only for the locales it uses. The default locale's data is added first and
// under the default tag ("en-US"), since that is what a service with no
// locale given resolves to, as in Node.

let cachedLocale;
/**
 * The default locale: LC_ALL, LC_MESSAGES or LANG as POSIX writes them
 * ("de_DE.UTF-8", "sr_RS@latin") made a BCP 47 tag, as ICU does; "C", "POSIX"
 * or none is en-US. Read once, as Node reads it at startup.
 */
function defaultLocale() {
  if (cachedLocale !== undefined) return cachedLocale;
  const env = typeof process === "object" && process && process.env ? process.env : {};
  const raw = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  const posix = String(raw).split(".")[0];
  let tag = "en-US";
  if (posix !== "" && posix !== "C" && posix !== "POSIX") {
    const [base, modifier] = posix.split("@");
    const candidate = base.replace(/_/g, "-");
    if (/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(candidate)) {
      const parts = candidate.split("-");
      tag = parts.map((p, i) => (i === 0 ? p.toLowerCase() : p.length === 2 ? p.toUpperCase() : p.toLowerCase())).join("-");
      // A modifier that is a valid variant stays one ("sr_RS@latin" -> "sr-RS-latin"), others are private use, as ICU does.
      const variant = modifier === undefined ? "" : modifier.toLowerCase();
      if (/^[a-z0-9]{1,8}$/.test(variant)) tag += (/^([a-z0-9]{5,8}|[0-9][a-z0-9]{3})$/.test(variant) ? "-" : "-x-lvariant-") + variant;
    }
  }
  cachedLocale = tag;
  return tag;
}

/**
 * The default time zone: TZ as the guest's process.env holds it now (Node
 * follows changes to process.env.TZ), without a leading ":"; none, empty or
 * "UTC"-like is UTC.
 */
function defaultTimeZone() {
  const env = typeof process === "object" && process && process.env ? process.env : {};
  let tz = env.TZ;
  if (typeof tz !== "string" || tz === "") return "UTC";
  if (tz[0] === ":") tz = tz.slice(1);
  return tz;
}

/** The tags a `locales` argument names, read leniently (the service itself validates it). */
function requestedTags(locales) {
  const out = [];
  const add = (value) => {
    if (typeof value === "string") out.push(value);
    else if (value !== null && typeof value === "object" && typeof value.baseName === "string") out.push(value.baseName);
  };
  try {
    if (locales === undefined) return out;
    if (typeof locales === "string" || (locales !== null && typeof locales === "object" && typeof locales.baseName === "string")) {
      add(locales);
    } else if (locales !== null && typeof locales === "object") {
      const length = Math.min(Number(locales.length) || 0, 256);
      for (let i = 0; i < length; i++) add(locales[i]);
    }
  } catch {
    // The service reports a bad argument itself.
  }
  return out;
}

/**
 * The bundled locale that serves `tag`: itself, or the longest bundled prefix
 * ("en-GB-oxendict" -> "en-GB", "de-AT" -> "de"), or undefined.
 */
function bundledFor(table, tag) {
  const parts = tag.replace(/_/g, "-").split(/-(?:[0-9a-wyz]|x)-/i)[0].split("-");
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).map((p, i) => (i === 0 ? p.toLowerCase() : p.length === 2 ? p.toUpperCase() : p)).join("-");
    if (Object.prototype.hasOwnProperty.call(table, candidate)) return candidate;
  }
  return undefined;
}

/**
 * Wraps the @formatjs service `Service` so that its data (`table`: locale ->
 * JSON string, or function returning the data) is parsed on demand.
 * `beforeCreate(args)` runs before each construction (time zones).
 */
function withLocaleData(Service, table, beforeCreate) {
  const loaded = new Set();
  const load = (tag, as) => {
    const key = as || tag;
    if (loaded.has(key)) return;
    loaded.add(key);
    const entry = table[tag];
    const parsed = typeof entry === "string" ? JSON.parse(entry) : entry();
    if (as) parsed.locale = as;
    Service.__addLocaleData(parsed);
  };
  let started = false;
  const ensure = (locales, all) => {
    if (!started) {
      started = true;
      // The data goes under the default tag without its private-use part ("fr-x-lvariant-euro").
      const tag = defaultLocale().split("-x-")[0];
      const own = bundledFor(table, tag) || bundledFor(table, "en");
      load(own, tag === own ? undefined : tag);
      if (typeof Object.getOwnPropertyDescriptor(Service, "__defaultLocale")?.set === "function") Service.__defaultLocale = tag;
    }
    const wanted = all ? Object.keys(table) : requestedTags(locales).map((tag) => bundledFor(table, tag));
    for (const tag of wanted) {
      if (tag === undefined || loaded.has(tag)) continue;
      // The default locale's data, added under its tag, already serves its language (en-US for en).
      const home = defaultLocale().split("-x-")[0];
      if (tag === home.split("-")[0] && loaded.has(home) && bundledFor(table, home) === tag) continue;
      load(tag);
    }
  };
  const Wrapped = new Proxy(Service, {
    construct(target, args, newTarget) {
      ensure(args[0]);
      if (beforeCreate) beforeCreate(args);
      return Reflect.construct(target, args, newTarget);
    },
    apply(target, thisArg, args) {
      ensure(args[0]);
      if (beforeCreate) beforeCreate(args);
      return Reflect.apply(target, thisArg, args);
    },
  });
  const supportedLocalesOf = Service.supportedLocalesOf;
  Object.defineProperty(Service, "supportedLocalesOf", {
    value: {
      supportedLocalesOf(locales, options) {
        ensure(locales);
        return Reflect.apply(supportedLocalesOf, Service, [locales, options]);
      },
    }.supportedLocalesOf,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(Service.prototype, "constructor", { value: Wrapped, writable: true, enumerable: false, configurable: true });
  return { Service: Wrapped, ensure };
}

/**
 * Makes `Service.prototype.resolvedOptions` list its keys in `order` (V8's),
 * the others after them as the polyfill had them.
 */
function orderResolvedOptions(Service, order) {
  const original = Service.prototype.resolvedOptions;
  const resolvedOptions = {
    resolvedOptions() {
      const options = Reflect.apply(original, this, []);
      const out = {};
      for (const key of order) if (Object.prototype.hasOwnProperty.call(options, key)) out[key] = options[key];
      for (const key of Object.keys(options)) if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = options[key];
      return out;
    },
  }.resolvedOptions;
  Object.defineProperty(Service.prototype, "resolvedOptions", { value: resolvedOptions, writable: true, enumerable: false, configurable: true });
}

export default { defaultLocale, defaultTimeZone, withLocaleData, orderResolvedOptions };
