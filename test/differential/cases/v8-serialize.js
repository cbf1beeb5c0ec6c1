"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// node:v8's serialize/deserialize: the bytes of V8's wire format for the
// structured-clone types, the round trip, Serializer/Deserializer and errors.
const { show } = require("../show.cjs");
const v8 = require("v8");

const shared = { k: 1 };
const values = {
  smi: 1, negative: -1, large: 2 ** 31, negzero: -0, fraction: 1.5, nan: NaN, infinity: -Infinity,
  ascii: "abc", latin1: "héllo", twoByte: "日本", emptyString: "", emoji: "a🎉",
  booleans: [true, false], nullish: [null, undefined],
  object: { a: 1, b: "x" }, indexKeys: { 1: 2, a: 3 }, nested: { a: { b: { c: [1, { d: 2 }] } } },
  dense: [1, 2, 3], holey: [1, , 3], doubles: [1.5, 2], negzeroArray: [-0], extraProps: Object.assign([1, 2], { x: 3 }),
  date: new Date(0), regexp: /ab+c/gi, allFlags: /a/dgimsuy,
  map: new Map([[1, "a"], ["b", { c: 2 }]]), set: new Set([1, "2", 3]),
  buffer: Buffer.from("hi"), uint16: new Uint16Array([1, 2]), float64: new Float64Array([0.5]), int8: new Int8Array([-1]),
  bigint64: new BigInt64Array([1n]), dataView: new DataView(new ArrayBuffer(2)), arrayBuffer: new ArrayBuffer(3),
  bigints: [10n, -(2n ** 70n), 0n], wrappers: [new String("s"), Object(1), Object(true), Object(false), Object(2n)],
  twoByteWrapper: new String("日"), shared: [shared, shared], sparse: Object.assign([], { 5: 1 }),
};
for (const [name, value] of Object.entries(values)) {
  show(`serialize ${name}`, () => v8.serialize(value).toString("hex"));
}
show("nested two-byte padding", () => v8.serialize({ s: "日", t: ["本", "x", "語"] }).toString("hex"));
show("error without stack", () => {
  const e = new RangeError("bad");
  e.stack = "RangeError: bad";
  return v8.serialize(e).toString("hex");
});
show("error with cause", () => {
  const e = new Error("x", { cause: 1 });
  e.stack = "S";
  return v8.serialize(e).toString("hex");
});

const util = require("util");
for (const [name, value] of Object.entries(values)) {
  if (name === "dataView" || name === "arrayBuffer") continue;
  show(`round trip ${name}`, () => util.inspect(v8.deserialize(v8.serialize(value)), { depth: 5 }));
}
show("round trip keeps identity", () => {
  const out = v8.deserialize(v8.serialize([shared, shared]));
  return out[0] === out[1];
});
show("round trip error", () => {
  const e = v8.deserialize(v8.serialize(new TypeError("boom")));
  return [e instanceof TypeError, e.name, e.message, typeof e.stack];
});
show("round trip ArrayBuffer and DataView", () => {
  const ab = v8.deserialize(v8.serialize(new Uint8Array([1, 2, 3]).buffer));
  const dv = v8.deserialize(v8.serialize(new DataView(new ArrayBuffer(4), 1, 2)));
  return [ab instanceof ArrayBuffer, Array.from(new Uint8Array(ab)), dv instanceof DataView, dv.byteLength, dv.buffer.byteLength];
});
show("round trip buffer class", () => {
  const b = v8.deserialize(v8.serialize(Buffer.from("xyz")));
  return [Buffer.isBuffer(b), b.toString()];
});
show("function", () => v8.serialize(() => 1));
show("symbol", () => v8.serialize(Symbol("q")));
show("WeakMap", () => v8.serialize(new WeakMap()));
show("Promise", () => v8.serialize(Promise.resolve()));
show("bad data", () => v8.deserialize(Buffer.from([1, 2, 3])));
show("newer version", () => v8.deserialize(Buffer.from([0xff, 0x20, 0x49])));
show("truncated", () => v8.deserialize(Buffer.from([0xff, 0x0f, 0x22, 0x05, 0x61])));
show("not a buffer", () => v8.deserialize("x"));
show("Deserializer not a buffer", () => new v8.Deserializer("x"));

show("Serializer primitives", () => {
  const s = new v8.Serializer();
  s.writeHeader();
  s.writeUint32(300);
  s.writeUint64(1, 2);
  s.writeDouble(0.5);
  s.writeRawBytes(Buffer.from("ab"));
  s.writeValue({ a: [1] });
  return s.releaseBuffer().toString("hex");
});
show("Deserializer primitives", () => {
  const d = new v8.Deserializer(Buffer.from("ff0fac028280808010000000000000e03f61626f2201614101490224000101", "hex"));
  return [d.readHeader(), d.getWireFormatVersion(), d.readUint32(), d.readUint64(), d.readDouble(), d.readRawBytes(2).toString(), d.readValue()];
});
show("plain Serializer writes views inline", () => {
  const s = new v8.Serializer();
  s.writeHeader();
  s.writeValue(new Uint8Array([7, 8]));
  return s.releaseBuffer().toString("hex");
});
show("plain Deserializer reads inline views", () => {
  const d = new v8.Deserializer(Buffer.from("ff0f4202070856420002", "hex"));
  d.readHeader();
  return Array.from(d.readValue());
});
show("custom host objects", () => {
  class MySerializer extends v8.Serializer {
    _writeHostObject(obj) {
      this.writeUint32(obj.length);
    }
  }
  const s = new MySerializer();
  s._setTreatArrayBufferViewsAsHostObjects(true);
  s.writeHeader();
  s.writeValue(new Uint8Array(4));
  return s.releaseBuffer().toString("hex");
});

show("heap statistics keys", () => Object.keys(v8.getHeapStatistics()));
show("heap statistics numbers", () => Object.values(v8.getHeapStatistics()).every((n) => typeof n === "number" && n >= 0));
show("heap used <= limit", () => v8.getHeapStatistics().used_heap_size <= v8.getHeapStatistics().heap_size_limit);
// Node v22 adds V8 12's trusted spaces to these.
show("heap spaces", () => v8.getHeapSpaceStatistics().filter((s) => !s.space_name.startsWith("trusted_")).map((s) => `${s.space_name}:${Object.keys(s).join("/")}`));
show("heap code statistics keys", () => Object.keys(v8.getHeapCodeStatistics()));
show("cachedDataVersionTag", () => [Number.isInteger(v8.cachedDataVersionTag()), v8.cachedDataVersionTag() === v8.cachedDataVersionTag()]);
show("setFlagsFromString type", () => v8.setFlagsFromString(1));
show("cachedDataVersionTag follows flags", () => {
  const before = v8.cachedDataVersionTag();
  v8.setFlagsFromString("--allow_natives_syntax");
  return before !== v8.cachedDataVersionTag();
});
show("startupSnapshot", () => [v8.startupSnapshot.isBuildingSnapshot(), typeof v8.startupSnapshot.addSerializeCallback]);
show("startupSnapshot.addSerializeCallback", () => v8.startupSnapshot.addSerializeCallback(() => {}));
show("GCProfiler", () => {
  const p = new v8.GCProfiler();
  p.start();
  const r = p.stop();
  return [r.version, Array.isArray(r.statistics), typeof r.startTime, p.stop()];
});
show("exports", () => Object.keys(v8).filter((k) => k !== "isStringOneByteRepresentation"));
