// A rollup output plugin of the CommonJS entries (the Node bundles are
// minified by terser with the same effect, its ascii_only output): every
// character past ASCII written as a \u escape (in comments, strings,
// templates and patterns alike: the same text or value either way). V8 holds
// a script's source one byte per character only when all of it is Latin-1,
// so one arrow in a comment would double what the host keeps of the bundle.
export const asciiOnly = {
  name: "quickexec-ascii-only",
  renderChunk: (code) => ({ code: code.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`), map: null }),
};
