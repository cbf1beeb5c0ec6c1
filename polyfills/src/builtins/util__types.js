// node:util/types — util.types.
import util from "util";

export default util.types;
