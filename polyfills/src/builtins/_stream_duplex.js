// node:_stream_duplex — the legacy name of stream.Duplex, kept by Node for old
// packages (documentation-only deprecated, no warning): the same class.
/* global require */
export default require("stream").Duplex;
