// node:stream — readable-stream v4, the Node streams library published from
// Node's own sources: the Stream class with Readable, Writable, Duplex,
// Transform, PassThrough, pipeline, finished and the rest attached.
import Stream from "readable-stream/lib/stream.js";

export default Stream;
