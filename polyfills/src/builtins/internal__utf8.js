// UTF-8 encoding and decoding from @exodus/bytes: what URL parsing needs,
// without the rest of TextDecoder's encodings (internal/encoding uses it too).
import * as utf8 from "@exodus/bytes/utf8.js";

export default { ...utf8 };
