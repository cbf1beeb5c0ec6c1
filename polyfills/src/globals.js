// Node's web-platform globals (Buffer, URL, TextEncoder, AbortController...),
// installed lazily: each is an accessor on globalThis that loads its builtin on
// first read and then replaces itself with a plain data property, as Node does.
// A program that touches none of them loads none of them.

// [global name, builtin that provides it, enumerable (as in Node)]
const LAZY_GLOBALS = [
  ["Buffer", "buffer", false],
  ["atob", "buffer", true],
  ["btoa", "buffer", true],
  ["URL", "internal/url", false],
  ["URLSearchParams", "internal/url", false],
  ["TextEncoder", "internal/encoding", false],
  ["TextDecoder", "internal/encoding", false],
  ["AbortController", "internal/event_target", false],
  ["AbortSignal", "internal/event_target", false],
  ["Event", "internal/event_target", false],
  ["EventTarget", "internal/event_target", false],
  ["DOMException", "internal/event_target", false],
  ["fetch", "internal/fetch", true],
  ["Headers", "internal/fetch", false],
  ["Request", "internal/fetch", false],
  ["Response", "internal/fetch", false],
  ["ReadableStream", "internal/web_streams", false],
  ["ReadableStreamDefaultReader", "internal/web_streams", false],
  ["ReadableStreamBYOBReader", "internal/web_streams", false],
  ["ReadableStreamBYOBRequest", "internal/web_streams", false],
  ["ReadableByteStreamController", "internal/web_streams", false],
  ["ReadableStreamDefaultController", "internal/web_streams", false],
  ["WritableStream", "internal/web_streams", false],
  ["WritableStreamDefaultWriter", "internal/web_streams", false],
  ["WritableStreamDefaultController", "internal/web_streams", false],
  ["TransformStream", "internal/web_streams", false],
  ["TransformStreamDefaultController", "internal/web_streams", false],
  ["ByteLengthQueuingStrategy", "internal/web_streams", false],
  ["crypto", "internal/crypto_webcrypto", true],
  ["Crypto", "internal/crypto_webcrypto", false],
  ["CryptoKey", "internal/crypto_webcrypto", false],
  ["SubtleCrypto", "internal/crypto_webcrypto", false],
  ["CountQueuingStrategy", "internal/web_streams", false],
  ["structuredClone", "internal/structured_clone", true],
  ["Blob", "internal/blob", false],
  ["File", "internal/blob", false],
  ["FormData", "internal/form_data", false],
  ["Intl", "internal/intl", false],
  ["TextEncoderStream", "internal/text_streams", false],
  ["TextDecoderStream", "internal/text_streams", false],
  ["performance", "perf_hooks", true],
  ["MessageChannel", "internal/message_port", false],
  ["MessagePort", "internal/message_port", false],
  ["MessageEvent", "internal/message_port", false],
  // The host's bindings (new NodeRuntime({ bindings })), where secure-exec's custom bindings are.
  ["SecureExec", "internal/bindings", false],
];

/**
 * Installs the lazy globals on `g`; `requireBuiltin(name, true)` loads a
 * builtin (internal ones included).
 */
export function installLazyGlobals(g, requireBuiltin) {
  const define = Object.defineProperty;
  for (const [name, builtin, enumerable] of LAZY_GLOBALS) {
    const settle = (value) => define(g, name, { value, writable: true, configurable: true, enumerable });
    define(g, name, {
      configurable: true,
      enumerable,
      get() {
        const value = requireBuiltin(builtin, true)[name];
        // Read while its own builtin is still loading: stay lazy.
        if (value !== undefined) settle(value);
        return value;
      },
      set(value) {
        settle(value);
      },
    });
  }
}
