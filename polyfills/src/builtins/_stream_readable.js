// node:_stream_readable — the legacy name of stream.Readable, kept by Node for old
// packages (documentation-only deprecated, no warning): the same class.
/* global require */
export default require("stream").Readable;
