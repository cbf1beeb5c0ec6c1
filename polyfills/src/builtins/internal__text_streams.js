// TextEncoderStream and TextDecoderStream: TransformStreams around the
// guest's TextEncoder and TextDecoder (globals TextEncoderStream,
// TextDecoderStream and stream/web).
/* global require */
const { TransformStream } = require("internal/web_streams", true);
const { TextEncoder, TextDecoder } = require("internal/encoding", true);

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

class TextEncoderStream {
  constructor() {
    const encoder = new TextEncoder();
    let pendingHigh = "";
    this._transform = new TransformStream({
      transform(chunk, controller) {
        let text = pendingHigh + String(chunk);
        pendingHigh = "";
        // A lone high surrogate at the end may pair with the next chunk's first unit.
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pendingHigh = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text) controller.enqueue(encoder.encode(text));
      },
      flush(controller) {
        if (pendingHigh) controller.enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
      },
    });
  }
  get encoding() {
    return "utf-8";
  }
  get readable() {
    return this._transform.readable;
  }
  get writable() {
    return this._transform.writable;
  }
  [inspectCustom](depth, options, inspect) {
    return `TextEncoderStream ${inspect({ encoding: "utf-8", readable: this.readable, writable: this.writable }, options)}`;
  }
}

class TextDecoderStream {
  constructor(encoding = "utf-8", options = {}) {
    const decoder = new TextDecoder(encoding, options);
    this._decoder = decoder;
    this._transform = new TransformStream({
      transform(chunk, controller) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text) controller.enqueue(text);
      },
    });
  }
  get encoding() {
    return this._decoder.encoding;
  }
  get fatal() {
    return this._decoder.fatal;
  }
  get ignoreBOM() {
    return this._decoder.ignoreBOM;
  }
  get readable() {
    return this._transform.readable;
  }
  get writable() {
    return this._transform.writable;
  }
  [inspectCustom](depth, options, inspect) {
    return `TextDecoderStream ${inspect({ encoding: this.encoding, fatal: this.fatal, ignoreBOM: this.ignoreBOM, readable: this.readable, writable: this.writable }, options)}`;
  }
}

export default { TextEncoderStream, TextDecoderStream };
