// node:_stream_transform — the legacy name of stream.Transform, kept by Node for old
// packages (documentation-only deprecated, no warning): the same class.
/* global require */
export default require("stream").Transform;
