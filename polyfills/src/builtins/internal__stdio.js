// process.stdout and process.stderr as Node has them when its output is
// piped: node:stream Writable instances (write with a callback, end,
// 'finish', writable, _writableState), fd 1 and 2, isTTY and columns
// undefined. Each chunk goes out at once through the prelude's stdio
// writer, so it stays in order with console.log. The prelude builds them on
// first access of process.stdout / process.stderr, so a program that only
// uses console pays nothing for node:stream.
const { Writable } = require("stream");
const { Buffer } = require("buffer");

function toHost(chunk, encoding) {
  if (typeof chunk === "string") {
    if (encoding === undefined || encoding === "utf8" || encoding === "utf-8" || encoding === "buffer") return chunk;
    chunk = Buffer.from(chunk, encoding);
  }
  // A copy: the guest may reuse its buffer once write() returned.
  return chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength);
}

/**
 * A Writable for fd 1 or 2.
 * @param {number} fd 1 (stdout) or 2 (stderr)
 * @param {(text: string | ArrayBuffer) => void} write the prelude's writer for that channel
 */
function createStdioStream(fd, write) {
  const stream = new Writable({
    decodeStrings: false,
    write(chunk, encoding, callback) {
      write(toHost(chunk, encoding));
      callback();
    },
    writev(chunks, callback) {
      for (const { chunk, encoding } of chunks) write(toHost(chunk, encoding));
      callback();
    },
  });
  stream.fd = fd;
  stream._type = "pipe";
  stream._isStdio = true;
  // As Node's stdio: destroying or ending the stream never closes the descriptor.
  stream._destroy = function destroy(err, callback) {
    callback(err);
  };
  stream.destroySoon = stream.destroy;
  return stream;
}

export default { createStdioStream };
