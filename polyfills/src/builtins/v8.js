// node:v8 — serialize/deserialize in V8's wire format (internal/v8_serializer
// and internal/v8_deserializer, with Node's DefaultSerializer treating
// Buffers and typed arrays as host objects exactly as Node does), the heap
// statistics in Node's shape from the sandbox's own memory (one QuickJS heap:
// everything is counted in old_space), and the rest of the module. What needs
// V8 itself (heap snapshots, promise hooks, queryObjects) fails with
// ERR_QUICKEXEC_UNSUPPORTED; coverage calls do nothing, as in Node without
// NODE_V8_COVERAGE.
/* global require */
const { Buffer } = require("buffer");
const { codedError } = require("internal/errors", true);
const { E, validateInt32 } = require("internal/crypto_errors", true);
const { Serializer } = require("internal/v8_serializer", true);
const { Deserializer } = require("internal/v8_deserializer", true);

function unsupported(what) {
  return codedError(Error, "ERR_QUICKEXEC_UNSUPPORTED", `${what} is not supported in the sandbox: QuickJS has no V8 heap to inspect`);
}

// Node's host-object type indices (lib/v8.js): Buffer is 10, the BigInt arrays come after it.
const VIEW_TYPES = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "DataView", "Buffer", "BigInt64Array", "BigUint64Array"];
const BUFFER_INDEX = 10;

class DefaultSerializer extends Serializer {
  constructor() {
    super();
    this._setTreatArrayBufferViewsAsHostObjects(true);
  }
  _writeHostObject(abView) {
    let i = BUFFER_INDEX;
    if (abView.constructor !== Buffer) {
      i = VIEW_TYPES.indexOf(Object.prototype.toString.call(abView).slice(8, -1));
      if (i < 0 || i === BUFFER_INDEX) {
        throw new this._getDataCloneError(`Unserializable host object: ${require("util").inspect(abView)}`);
      }
    }
    this.writeUint32(i);
    this.writeUint32(abView.byteLength);
    this.writeRawBytes(new Uint8Array(abView.buffer, abView.byteOffset, abView.byteLength));
  }
}

class DefaultDeserializer extends Deserializer {
  _readHostObject() {
    const typeIndex = this.readUint32();
    const name = VIEW_TYPES[typeIndex];
    if (name === undefined) throw new Error("Unable to deserialize cloned data.");
    const ctor = name === "Buffer" ? Buffer : globalThis[name];
    const byteLength = this.readUint32();
    const byteOffset = this._readRawBytes(byteLength);
    const BYTES_PER_ELEMENT = ctor.BYTES_PER_ELEMENT || 1;
    const offset = this.buffer.byteOffset + byteOffset;
    if (ctor === Buffer) return Buffer.from(this.buffer.buffer, offset, byteLength);
    if (offset % BYTES_PER_ELEMENT === 0) return new ctor(this.buffer.buffer, offset, byteLength / BYTES_PER_ELEMENT);
    const copy = new Uint8Array(byteLength);
    copy.set(new Uint8Array(this.buffer.buffer, offset, byteLength));
    return new ctor(copy.buffer, 0, byteLength / BYTES_PER_ELEMENT);
  }
}

function serialize(value) {
  const ser = new DefaultSerializer();
  ser.writeHeader();
  ser.writeValue(value);
  return ser.releaseBuffer();
}

function deserialize(buffer) {
  const der = new DefaultDeserializer(buffer);
  der.readHeader();
  return der.readValue();
}

function memory() {
  const used = process.memoryUsage().heapUsed;
  const limit = Math.max(process.constrainedMemory() || used, used);
  return { used, limit };
}

function getHeapStatistics() {
  const { used, limit } = memory();
  return {
    total_heap_size: used,
    total_heap_size_executable: 0,
    total_physical_size: used,
    total_available_size: limit - used,
    used_heap_size: used,
    heap_size_limit: limit,
    malloced_memory: 0,
    peak_malloced_memory: 0,
    does_zap_garbage: 0,
    number_of_native_contexts: 1,
    number_of_detached_contexts: 0,
    total_global_handles_size: 0,
    used_global_handles_size: 0,
    external_memory: 0,
  };
}

// V8 12.4's spaces, as Node v22 lists them.
const SPACES = ["read_only_space", "new_space", "old_space", "code_space", "shared_space", "trusted_space", "new_large_object_space", "large_object_space", "code_large_object_space", "shared_large_object_space", "trusted_large_object_space"];

function getHeapSpaceStatistics() {
  const { used, limit } = memory();
  return SPACES.map((space_name) => {
    const here = space_name === "old_space";
    return {
      space_name,
      space_size: here ? used : 0,
      space_used_size: here ? used : 0,
      space_available_size: here ? limit - used : 0,
      physical_space_size: here ? used : 0,
    };
  });
}

function getHeapCodeStatistics() {
  return { code_and_metadata_size: 0, bytecode_and_metadata_size: 0, external_script_source_size: 0, cpu_profiler_metadata_size: 0 };
}

// The flags given to setFlagsFromString: V8 folds its flags into the version tag.
const flagsGiven = [];

/** A 32-bit tag (FNV-1a) of the engine's version and the flags given, as V8's tag changes with its flags. */
function cachedDataVersionTag() {
  const text = `quickjs ${process.versions.quickjs || ""} ${process.version} ${flagsGiven.join(" ")}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Node hands these to V8; QuickJS has no V8 flags, so (after Node's check) none changes how code runs. */
function setFlagsFromString(flags) {
  if (typeof flags !== "string") throw E.invalidArgType("flags", "of type string", flags);
  for (const flag of flags.split(/\s+/)) if (flag && !flagsGiven.includes(flag)) flagsGiven.push(flag);
}

function setHeapSnapshotNearHeapLimit(limit) {
  validateInt32(limit, "limit", 1);
}

class GCProfiler {
  constructor() {
    this._start = null;
  }
  start() {
    if (this._start === null) this._start = Date.now();
  }
  stop() {
    if (this._start === null) return undefined;
    const result = { version: 1, startTime: this._start, endTime: Date.now(), statistics: [] };
    this._start = null;
    return result;
  }
}

function notBuildingSnapshot() {
  throw codedError(Error, "ERR_NOT_BUILDING_SNAPSHOT", "Operation cannot be invoked when not building startup snapshot");
}

const refuse = (what) => () => {
  throw unsupported(what);
};

export default {
  cachedDataVersionTag,
  getHeapSnapshot: refuse("v8.getHeapSnapshot()"),
  getHeapStatistics,
  getHeapSpaceStatistics,
  getHeapCodeStatistics,
  setFlagsFromString,
  Serializer,
  Deserializer,
  DefaultSerializer,
  DefaultDeserializer,
  deserialize,
  takeCoverage: () => {},
  stopCoverage: () => {},
  serialize,
  writeHeapSnapshot: refuse("v8.writeHeapSnapshot()"),
  promiseHooks: {
    onInit: refuse("v8.promiseHooks.onInit()"),
    onSettled: refuse("v8.promiseHooks.onSettled()"),
    onBefore: refuse("v8.promiseHooks.onBefore()"),
    onAfter: refuse("v8.promiseHooks.onAfter()"),
    createHook: refuse("v8.promiseHooks.createHook()"),
  },
  queryObjects: refuse("v8.queryObjects()"),
  startupSnapshot: {
    addSerializeCallback: notBuildingSnapshot,
    addDeserializeCallback: notBuildingSnapshot,
    setDeserializeMainFunction: notBuildingSnapshot,
    // Node answers with its internal flag, 0 or 1.
    isBuildingSnapshot: () => 0,
  },
  setHeapSnapshotNearHeapLimit,
  GCProfiler,
};
