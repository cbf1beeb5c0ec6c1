// node:_stream_writable — the legacy name of stream.Writable, kept by Node for old
// packages (documentation-only deprecated, no warning): the same class.
/* global require */
export default require("stream").Writable;
