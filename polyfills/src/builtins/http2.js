// node:http2 — the constants, default settings, sensitiveHeaders and the
// SETTINGS frame packing (getPackedSettings/getUnpackedSettings) as Node
// v22 has them. HTTP/2 sessions need a socket the guest drives, which the
// sandbox does not have (see node:net), so connect(), createServer(),
// createSecureServer() and performServerHandshake() throw
// ERR_QUICKEXEC_UNSUPPORTED; Http2ServerRequest/Response exist for
// instanceof checks.
/* global require */
const { Buffer } = require("buffer");
const { codedError } = require("internal/errors", true);
const { E } = require("internal/crypto_errors", true);
const common = require("internal/http_common", true);
const constants = require("internal/http2_constants", true);

const MAX_UINT32 = 2 ** 32 - 1;
// [option, setting id, min, max] in the order nghttp2 packs them (by id).
const NUMERIC = [
  ["headerTableSize", 1, 0, MAX_UINT32],
  ["maxConcurrentStreams", 3, 0, MAX_UINT32],
  ["initialWindowSize", 4, 0, MAX_UINT32],
  ["maxFrameSize", 5, 16384, 2 ** 24 - 1],
  ["maxHeaderListSize", 6, 0, MAX_UINT32],
  ["maxHeaderSize", 6, 0, MAX_UINT32],
];
const MAX_CUSTOM_SETTINGS = 10;

function invalidSetting(Ctor, name, value) {
  return codedError(Ctor, "ERR_HTTP2_INVALID_SETTING_VALUE", `Invalid value for setting "${name}": ${value}`);
}

function assertIsObject(value, name) {
  if (value !== undefined && (value === null || typeof value !== "object" || Array.isArray(value))) throw E.invalidArgType(name, "of type object", value);
}

function validateSettings(settings) {
  if (settings.maxHeaderListSize !== undefined && settings.maxHeaderSize !== undefined && settings.maxHeaderListSize !== settings.maxHeaderSize) {
    process.emitWarning("settings.maxHeaderSize overwrite settings.maxHeaderListSize");
  }
  for (const [name, , min, max] of NUMERIC) {
    const value = settings[name];
    if (value !== undefined && (typeof value !== "number" || value < min || value > max)) throw invalidSetting(RangeError, name, value);
  }
  for (const name of ["enablePush", "enableConnectProtocol"]) {
    if (settings[name] !== undefined && typeof settings[name] !== "boolean") throw invalidSetting(TypeError, name, settings[name]);
  }
  const custom = settings.customSettings;
  if (custom !== undefined) {
    assertIsObject(custom, "customSettings");
    const ids = Object.keys(custom);
    if (ids.length > MAX_CUSTOM_SETTINGS) throw codedError(Error, "ERR_HTTP2_TOO_MANY_CUSTOM_SETTINGS", "Number of custom settings exceeds MAX_ADDITIONAL_SETTINGS");
    for (const id of ids) {
      // The value is checked before the id, as Node does.
      const value = custom[id];
      if (typeof value !== "number" || value < 0 || value > MAX_UINT32) throw invalidSetting(RangeError, "customSettings:value", value);
      const n = Number(id);
      if (!Number.isInteger(n) || n < 0 || n > 0xffff) throw invalidSetting(RangeError, "customSettings:id", id);
    }
  }
}

function getDefaultSettings() {
  return {
    headerTableSize: 4096,
    enablePush: true,
    initialWindowSize: 65535,
    maxFrameSize: 16384,
    maxConcurrentStreams: MAX_UINT32,
    maxHeaderSize: 65535,
    maxHeaderListSize: 65535,
    enableConnectProtocol: false,
  };
}

/** The SETTINGS frame payload: 6 bytes (id, value) per given setting, by id. */
function getPackedSettings(settings) {
  assertIsObject(settings, "settings");
  settings = { ...settings };
  validateSettings(settings);
  const entries = new Map();
  for (const [name, id] of NUMERIC) if (settings[name] !== undefined) entries.set(id, settings[name]);
  if (settings.enablePush !== undefined) entries.set(2, settings.enablePush ? 1 : 0);
  if (settings.enableConnectProtocol !== undefined) entries.set(8, settings.enableConnectProtocol ? 1 : 0);
  const ids = [...entries.keys()].sort((a, b) => a - b);
  const custom = settings.customSettings ? Object.keys(settings.customSettings).map(Number) : [];
  const out = Buffer.alloc((ids.length + custom.length) * 6);
  let offset = 0;
  for (const id of ids) {
    out.writeUInt16BE(id, offset);
    out.writeUInt32BE(entries.get(id), offset + 2);
    offset += 6;
  }
  for (const id of custom) {
    out.writeUInt16BE(id, offset);
    out.writeUInt32BE(settings.customSettings[id], offset + 2);
    offset += 6;
  }
  return out;
}

function getUnpackedSettings(buf, options = {}) {
  if (!ArrayBuffer.isView(buf) || buf.length === undefined) throw E.invalidArgType("buf", "an instance of Buffer or TypedArray", buf);
  if (buf.length % 6 !== 0) throw codedError(RangeError, "ERR_HTTP2_INVALID_PACKED_SETTINGS_LENGTH", "Packed settings length must be a multiple of six");
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const settings = {};
  for (let offset = 0; offset < bytes.length; offset += 6) {
    const id = bytes.readUInt16BE(offset);
    const value = bytes.readUInt32BE(offset + 2);
    switch (id) {
      case 1:
        settings.headerTableSize = value;
        break;
      case 2:
        settings.enablePush = value !== 0;
        break;
      case 3:
        settings.maxConcurrentStreams = value;
        break;
      case 4:
        settings.initialWindowSize = value;
        break;
      case 5:
        settings.maxFrameSize = value;
        break;
      case 6:
        settings.maxHeaderListSize = settings.maxHeaderSize = value;
        break;
      case 8:
        settings.enableConnectProtocol = value !== 0;
        break;
      default:
        if (!settings.customSettings) settings.customSettings = {};
        settings.customSettings[id] = value;
    }
  }
  if (options != null && options.validate) validateSettings(settings);
  return settings;
}

function noSessions(what) {
  return common.unsupported(`${what} (HTTP/2 needs a socket the guest drives; the sandbox has none)`);
}

const { Readable, Stream } = require("stream");

class Http2ServerRequest extends Readable {
  constructor() {
    super();
    throw noSessions("new http2.Http2ServerRequest()");
  }
}

class Http2ServerResponse extends Stream {
  constructor() {
    super();
    throw noSessions("new http2.Http2ServerResponse()");
  }
}

const refuse = (what) => () => {
  throw noSessions(what);
};

export default {
  connect: refuse("http2.connect()"),
  constants,
  createServer: refuse("http2.createServer()"),
  createSecureServer: refuse("http2.createSecureServer()"),
  getDefaultSettings,
  getPackedSettings,
  getUnpackedSettings,
  performServerHandshake: refuse("http2.performServerHandshake()"),
  sensitiveHeaders: Symbol("sensitiveHeaders"),
  Http2ServerRequest,
  Http2ServerResponse,
};
