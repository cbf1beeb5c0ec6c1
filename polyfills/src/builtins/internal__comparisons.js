// util.isDeepStrictEqual and util.isDeepEqual: the assert port's comparisons
// (Node's own algorithm), loaded on their first call.
import comparisons from "assert/build/internal/util/comparisons.js";

export default comparisons;
