// node:_stream_passthrough — the legacy name of stream.PassThrough, kept by Node for old
// packages (documentation-only deprecated, no warning): the same class.
/* global require */
export default require("stream").PassThrough;
