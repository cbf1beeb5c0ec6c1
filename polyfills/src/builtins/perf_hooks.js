// node:perf_hooks — the `performance` object (also the global), user timing
// (mark/measure), PerformanceObserver, timerify and histograms.
//
// Time comes from the prelude's clock (internal/clock), so it follows the
// sandbox's timing mitigation: under the frozen clock performance.now() stays
// at 0 and every duration is 0, as console.time and process.hrtime do.
// monitorEventLoopDelay samples the delay of an unref'd interval timer against
// that same clock. There is no GC, HTTP or DNS timing to observe: observers get
// the entry types this module makes (mark, measure, function).
/* global require */
const { codedError, describe, invalidArgType } = require("internal/errors", true);
const clock = require("internal/clock", true);

const kConstruct = Symbol("construct");
const kData = Symbol("entry");

function illegalConstructor() {
  return codedError(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
}
function domSyntaxError(message) {
  const err = new DOMException(message, "SyntaxError");
  return err;
}

// ---- entries --------------------------------------------------------------
class PerformanceEntry {
  constructor(key, name, type, start, duration, detail) {
    if (key !== kConstruct) throw illegalConstructor();
    Object.defineProperty(this, kData, { value: { name, type, start, duration, detail } });
  }
  get name() {
    return this[kData].name;
  }
  get entryType() {
    return this[kData].type;
  }
  get startTime() {
    return this[kData].start;
  }
  get duration() {
    return this[kData].duration;
  }
  toJSON() {
    return { name: this.name, entryType: this.entryType, startTime: this.startTime, duration: this.duration, detail: this[kData].detail };
  }
}
function cloneDetail(detail) {
  if (detail === undefined || detail === null) return null;
  return typeof structuredClone === "function" ? structuredClone(detail) : detail;
}
class PerformanceMark extends PerformanceEntry {
  constructor(name, options) {
    if (arguments.length === 0) throw codedError(TypeError, "ERR_MISSING_ARGS", 'The "name" argument must be specified');
    name = `${name}`;
    if (NODE_TIMING_NAMES.has(name)) throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'name' is invalid. Received '${name}'`);
    if (options !== undefined && options !== null && typeof options !== "object") throw invalidArgType("options", "of type object", options);
    const startTime = options && options.startTime != null ? options.startTime : clock.now();
    if (typeof startTime !== "number") throw invalidArgType("startTime", "of type number", startTime);
    if (startTime < 0) throw codedError(TypeError, "ERR_PERFORMANCE_INVALID_TIMESTAMP", `${startTime} is not a valid timestamp`);
    markTimes.set(name, startTime);
    super(kConstruct, name, "mark", startTime, 0, cloneDetail(options && options.detail));
  }
  get detail() {
    return this[kData].detail;
  }
}
class PerformanceMeasure extends PerformanceEntry {
  constructor(key, name, start, duration, detail) {
    super(key, name, "measure", start, duration, detail);
  }
  get detail() {
    return this[kData].detail;
  }
}
for (const Class of [PerformanceEntry, PerformanceMark, PerformanceMeasure]) {
  Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: Class.name, configurable: true, enumerable: false, writable: false });
}
class PerformanceResourceTiming extends PerformanceEntry {
  constructor() {
    throw illegalConstructor();
  }
}

// ---- the entry buffer and observers ---------------------------------------
const buffer = { mark: [], measure: [] };
const observers = new Set();
let dispatchPending = false;

function sortByStart(list) {
  return list.slice().sort((a, b) => a.startTime - b.startTime);
}
function filterEntries(list, name, type) {
  return sortByStart(list.filter((e) => (name === undefined || e.name === name) && (type === undefined || e.entryType === type)));
}
function enqueue(entry) {
  for (const observer of observers) {
    if (observer._types.has(entry.entryType)) observer._records.push(entry);
  }
  if (!dispatchPending && observers.size > 0) {
    dispatchPending = true;
    setImmediate(() => {
      dispatchPending = false;
      for (const observer of Array.from(observers)) observer._dispatch();
    });
  }
}
function bufferEntry(entry) {
  buffer[entry.entryType].push(entry);
  enqueue(entry);
}

class PerformanceObserverEntryList {
  constructor(key, entries) {
    if (key !== kConstruct) throw illegalConstructor();
    this._entries = entries;
  }
  getEntries() {
    return sortByStart(this._entries);
  }
  getEntriesByType(type) {
    return filterEntries(this._entries, undefined, `${type}`);
  }
  getEntriesByName(name, type) {
    return filterEntries(this._entries, `${name}`, type === undefined ? undefined : `${type}`);
  }
}

const SUPPORTED_TYPES = Object.freeze(["dns", "function", "gc", "http", "http2", "mark", "measure", "net", "resource"]);

class PerformanceObserver {
  constructor(callback) {
    if (typeof callback !== "function") throw invalidArgType("callback", "of type function", callback);
    this._callback = callback;
    this._types = new Set();
    this._records = [];
  }
  static get supportedEntryTypes() {
    return SUPPORTED_TYPES;
  }
  observe(options = {}) {
    if (typeof options !== "object" || options === null) throw invalidArgType("options", "of type object", options);
    const { entryTypes, type, buffered } = options;
    if (entryTypes === undefined && type === undefined) throw codedError(TypeError, "ERR_MISSING_ARGS", 'The "options.entryTypes" and "options.type" arguments must be specified');
    if (entryTypes !== undefined && type !== undefined) {
      throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", "The property 'options.entryTypes' can not be used with 'options.type'. Received " + describe(entryTypes));
    }
    this._types.clear();
    if (entryTypes !== undefined) {
      if (!Array.isArray(entryTypes)) throw invalidArgType("options.entryTypes", "an instance of Array", entryTypes);
      for (const t of entryTypes) if (SUPPORTED_TYPES.includes(t)) this._types.add(t);
    } else {
      if (!SUPPORTED_TYPES.includes(type)) return;
      this._types.add(type);
      if (buffered && buffer[type]) {
        this._records.push(...buffer[type]);
        if (this._records.length) enqueue({ entryType: "" });
      }
    }
    if (this._types.size > 0) observers.add(this);
    else observers.delete(this);
  }
  disconnect() {
    observers.delete(this);
    this._records = [];
  }
  takeRecords() {
    const list = this._records;
    this._records = [];
    return list;
  }
  _dispatch() {
    if (this._records.length === 0) return;
    const list = new PerformanceObserverEntryList(kConstruct, this.takeRecords());
    this._callback.call(this, list, this);
  }
}

// ---- performance ----------------------------------------------------------
// The start times of marks by name (any PerformanceMark made, as in Node), and the nodeTiming names they may not take.
const markTimes = new Map();
const NODE_TIMING_NAMES = new Set(["nodeStart", "v8Start", "environment", "loopStart", "loopExit", "bootstrapComplete"]);

function markTime(name) {
  if (name === undefined) return undefined;
  if (typeof name === "number") {
    if (name < 0) throw codedError(TypeError, "ERR_PERFORMANCE_INVALID_TIMESTAMP", `${name} is not a valid timestamp`);
    return name;
  }
  name = `${name}`;
  if (NODE_TIMING_NAMES.has(name)) return performance.nodeTiming[name];
  const time = markTimes.get(name);
  if (time === undefined) throw domSyntaxError(`The "${name}" performance mark has not been set`);
  return time;
}

function invalidMeasureOptions(message) {
  return codedError(TypeError, "ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS", message);
}

/** Start and duration of a measure, from a start mark or an options object, and an end mark. */
function startAndDuration(startOrOptions, endMark) {
  if (startOrOptions === undefined || startOrOptions === null) startOrOptions = 0;
  let start;
  let end;
  let duration;
  let withOptions = false;
  if (typeof startOrOptions === "object") {
    ({ start, end, duration } = startOrOptions);
    withOptions = start !== undefined || end !== undefined;
  }
  if (withOptions) {
    if (endMark !== undefined) throw invalidMeasureOptions("endMark must not be specified");
    if (start !== undefined && end !== undefined && duration !== undefined) {
      throw invalidMeasureOptions("Must not have options.start, options.end, and options.duration specified");
    }
  }
  let endTime;
  if (endMark !== undefined) endTime = markTime(endMark);
  else if (withOptions && end !== undefined) endTime = markTime(end);
  else if (withOptions && start !== undefined && duration !== undefined) endTime = markTime(start) + markTime(duration);
  else endTime = clock.now();
  let startTime;
  if (typeof startOrOptions === "string") startTime = markTime(startOrOptions);
  else if (withOptions && start !== undefined) startTime = markTime(start);
  else if (withOptions && duration !== undefined && end !== undefined) startTime = endTime - markTime(duration);
  else startTime = 0;
  return { startTime, duration: endTime - startTime };
}

function measure(name, startOrOptions, endMark) {
  if (typeof name !== "string") throw invalidArgType("name", "of type string", name);
  const { startTime, duration } = startAndDuration(startOrOptions, endMark);
  const detail = cloneDetail(startOrOptions !== null && startOrOptions !== undefined ? startOrOptions.detail : undefined);
  const entry = new PerformanceMeasure(kConstruct, name, startTime, duration, detail);
  bufferEntry(entry);
  return entry;
}

function clearBuffer(type, name) {
  buffer[type] = name === undefined ? [] : buffer[type].filter((e) => e.name !== `${name}`);
}

function timerify(fn, options = {}) {
  if (typeof fn !== "function") throw invalidArgType("fn", "of type function", fn);
  if (typeof options !== "object" || options === null) throw invalidArgType("options", "of type object", options);
  const { histogram } = options;
  if (histogram !== undefined && !(histogram instanceof RecordableHistogram)) {
    throw invalidArgType("options.histogram", "an instance of RecordableHistogram", histogram);
  }
  function timerified(...args) {
    const start = clock.now();
    const result = new.target ? Reflect.construct(fn, args, fn) : Reflect.apply(fn, this, args);
    const finish = () => {
      const duration = clock.now() - start;
      if (histogram) histogram.record(Math.max(1, Math.round(duration * 1e6)));
      const entry = new PerformanceEntry(kConstruct, fn.name, "function", start, duration, args);
      // Node's function entries also carry the arguments by index.
      for (let i = 0; i < args.length; i++) entry[i] = args[i];
      enqueue(entry);
    };
    if (result && typeof result.finally === "function") return result.finally(finish);
    finish();
    return result;
  }
  Object.defineProperties(timerified, {
    length: { configurable: false, enumerable: true, value: fn.length },
    name: { configurable: false, enumerable: true, value: `timerified ${fn.name}` },
  });
  return timerified;
}

class Performance {
  constructor(key) {
    if (key !== kConstruct) throw illegalConstructor();
  }
  now() {
    return clock.now();
  }
  get timeOrigin() {
    return clock.timeOrigin();
  }
  mark(name, options) {
    if (arguments.length === 0) throw codedError(TypeError, "ERR_MISSING_ARGS", 'The "name" argument must be specified');
    const entry = new PerformanceMark(name, options);
    bufferEntry(entry);
    return entry;
  }
  measure(name, startOrOptions, endMark) {
    return measure(...arguments);
  }
  clearMarks(name) {
    if (name !== undefined) {
      name = `${name}`;
      if (NODE_TIMING_NAMES.has(name)) throw codedError(TypeError, "ERR_INVALID_ARG_VALUE", `The argument 'name' is invalid. Received '${name}'`);
      markTimes.delete(name);
    } else {
      markTimes.clear();
    }
    clearBuffer("mark", name);
  }
  clearMeasures(name) {
    clearBuffer("measure", name);
  }
  clearResourceTimings() {}
  setResourceTimingBufferSize() {}
  markResourceTiming() {
    throw codedError(Error, "ERR_METHOD_NOT_IMPLEMENTED", "The markResourceTiming() method is not implemented: quickexec makes no resource timing entries");
  }
  getEntries() {
    return sortByStart(buffer.mark.concat(buffer.measure));
  }
  getEntriesByName(name, type) {
    if (arguments.length === 0) throw codedError(TypeError, "ERR_MISSING_ARGS", 'The "name" argument must be specified');
    return filterEntries(buffer.mark.concat(buffer.measure), `${name}`, type === undefined ? undefined : `${type}`);
  }
  getEntriesByType(type) {
    if (arguments.length === 0) throw codedError(TypeError, "ERR_MISSING_ARGS", 'The "type" argument must be specified');
    type = `${type}`;
    return buffer[type] ? sortByStart(buffer[type]) : [];
  }
  eventLoopUtilization() {
    return { idle: 0, active: 0, utilization: 0 };
  }
  get nodeTiming() {
    const now = clock.now();
    return {
      name: "node",
      entryType: "node",
      startTime: 0,
      duration: now,
      nodeStart: 0,
      v8Start: 0,
      environment: 0,
      loopStart: 0,
      loopExit: -1,
      bootstrapComplete: 0,
      idleTime: 0,
    };
  }
  timerify(fn, options) {
    return timerify(fn, options);
  }
  toJSON() {
    return { nodeTiming: this.nodeTiming, timeOrigin: this.timeOrigin, eventLoopUtilization: this.eventLoopUtilization() };
  }
}
Object.defineProperty(Performance.prototype, Symbol.toStringTag, { value: "Performance", configurable: true });
const performance = new Performance(kConstruct);

// ---- histograms ---------------------------------------------------------------
const NO_MIN = 9223372036854776000;

class Histogram {
  constructor(key) {
    if (key !== kConstruct) throw illegalConstructor();
    this._values = [];
    this._sorted = true;
    this._exceeds = 0;
  }
  _sortedValues() {
    if (!this._sorted) {
      this._values.sort((a, b) => a - b);
      this._sorted = true;
    }
    return this._values;
  }
  get count() {
    return this._values.length;
  }
  get countBigInt() {
    return BigInt(this.count);
  }
  get min() {
    return this._values.length ? this._sortedValues()[0] : NO_MIN;
  }
  get minBigInt() {
    return this._values.length ? BigInt(this.min) : 9223372036854775807n;
  }
  get max() {
    return this._values.length ? this._sortedValues()[this._values.length - 1] : 0;
  }
  get maxBigInt() {
    return BigInt(this.max);
  }
  get mean() {
    const n = this._values.length;
    return n ? this._values.reduce((a, b) => a + b, 0) / n : NaN;
  }
  get stddev() {
    const n = this._values.length;
    if (n === 0) return NaN;
    const mean = this.mean;
    return Math.sqrt(this._values.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
  }
  get exceeds() {
    return this._exceeds;
  }
  get exceedsBigInt() {
    return BigInt(this._exceeds);
  }
  percentile(percentile) {
    if (typeof percentile !== "number") throw invalidArgType("percentile", "of type number", percentile);
    if (!(percentile > 0 && percentile <= 100)) {
      throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "percentile" is out of range. It must be > 0 && <= 100. Received ${percentile}`);
    }
    const values = this._sortedValues();
    if (values.length === 0) return 0;
    const rank = Math.max(1, Math.ceil((percentile / 100) * values.length));
    return values[Math.min(rank, values.length) - 1];
  }
  percentileBigInt(percentile) {
    return BigInt(this.percentile(percentile));
  }
  get percentiles() {
    // The iteration of an HDR histogram: 0, 50, 75, 87.5, ... until the maximum is reached, then 100.
    const out = new Map();
    const values = this._sortedValues();
    if (values.length === 0) {
      out.set(100, 0);
      return out;
    }
    const max = values[values.length - 1];
    out.set(0, values[0]);
    for (let p = 50, step = 25; p < 100; p += step, step /= 2) {
      const v = values[Math.min(Math.max(1, Math.ceil((p / 100) * values.length)), values.length) - 1];
      out.set(p, v);
      if (v === max || step < 1e-9) break;
    }
    out.set(100, max);
    return out;
  }
  get percentilesBigInt() {
    const out = new Map();
    for (const [k, v] of this.percentiles) out.set(k, BigInt(v));
    return out;
  }
  reset() {
    this._values = [];
    this._sorted = true;
    this._exceeds = 0;
  }
  toJSON() {
    return {
      count: this.count,
      min: this.min,
      max: this.max,
      mean: this.mean,
      exceeds: this.exceeds,
      stddev: this.stddev,
      percentiles: Object.fromEntries(this.percentiles),
    };
  }
  _add(value) {
    this._values.push(value);
    this._sorted = false;
  }
}

class RecordableHistogram extends Histogram {
  constructor(key, lowest, highest) {
    super(key);
    this._lowest = lowest;
    this._highest = highest;
    this._prev = 0;
  }
  record(val) {
    if (typeof val === "bigint") val = Number(val);
    else if (typeof val !== "number") throw invalidArgType("val", "of type number", val);
    if (!(val >= 1 && val <= Number.MAX_SAFE_INTEGER)) {
      throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "val" is out of range. It must be >= 1 && <= 9007199254740991. Received ${val}`);
    }
    if (val > this._highest) this._exceeds++;
    else this._add(Math.trunc(val));
  }
  recordDelta() {
    const now = clock.now();
    if (this._prev !== 0) {
      const delta = Math.round((now - this._prev) * 1e6);
      if (delta >= 1) this._add(delta);
    }
    this._prev = now;
  }
  add(other) {
    if (!(other instanceof RecordableHistogram)) throw invalidArgType("other", "an instance of RecordableHistogram", other);
    for (const v of other._values) this._add(v);
    this._exceeds += other._exceeds;
  }
}

function createHistogram(options = {}) {
  if (typeof options !== "object" || options === null) throw invalidArgType("options", "of type object", options);
  const { lowest = 1, highest = Number.MAX_SAFE_INTEGER, figures = 3 } = options;
  for (const [name, v] of [["options.lowest", lowest], ["options.highest", highest], ["options.figures", figures]]) {
    if (typeof v !== "number" && typeof v !== "bigint") throw invalidArgType(name, "of type number or bigint", v);
  }
  if (Number(figures) < 1 || Number(figures) > 5) {
    throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "options.figures" is out of range. It must be >= 1 && <= 5. Received ${figures}`);
  }
  return new RecordableHistogram(kConstruct, Number(lowest), Number(highest));
}

/** The event loop delay histogram: an unref'd interval timer records how late it runs, in nanoseconds. */
class IntervalHistogram extends Histogram {
  constructor(key, resolution) {
    super(key);
    this._resolution = resolution;
    this._timer = null;
  }
  enable() {
    if (this._timer !== null) return false;
    let expected = clock.now() + this._resolution;
    this._timer = setInterval(() => {
      const now = clock.now();
      this._add(Math.max(1, Math.round((now - expected) * 1e6) + this._resolution * 1e6));
      expected = now + this._resolution;
    }, this._resolution);
    this._timer.unref();
    return true;
  }
  disable() {
    if (this._timer === null) return false;
    clearInterval(this._timer);
    this._timer = null;
    return true;
  }
}
Object.defineProperty(IntervalHistogram, "name", { value: "ELDHistogram" });

function monitorEventLoopDelay(options = {}) {
  if (typeof options !== "object" || options === null) throw invalidArgType("options", "of type object", options);
  const { resolution = 10 } = options;
  if (typeof resolution !== "number") throw invalidArgType("options.resolution", "of type number", resolution);
  if (!(resolution > 0 && resolution <= Number.MAX_SAFE_INTEGER) || !Number.isInteger(resolution)) {
    throw codedError(RangeError, "ERR_OUT_OF_RANGE", `The value of "options.resolution" is out of range. It must be >= 1 && <= 9007199254740991. Received ${resolution}`);
  }
  return new IntervalHistogram(kConstruct, resolution);
}

const constants = {
  NODE_PERFORMANCE_GC_MAJOR: 4,
  NODE_PERFORMANCE_GC_MINOR: 1,
  NODE_PERFORMANCE_GC_INCREMENTAL: 8,
  NODE_PERFORMANCE_GC_WEAKCB: 16,
  NODE_PERFORMANCE_GC_FLAGS_NO: 0,
  NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
  NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
  NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
  NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
  NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
  NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
};

export default {
  Performance,
  PerformanceEntry,
  PerformanceMark,
  PerformanceMeasure,
  PerformanceObserver,
  PerformanceObserverEntryList,
  PerformanceResourceTiming,
  monitorEventLoopDelay,
  createHistogram,
  performance,
  constants,
};
