// node:stream/promises — pipeline and finished returning promises.
import Stream from "stream";

export default Stream.promises;
