// What the @formatjs Intl services share (locale matching, decimal
// arithmetic, memoizing), loaded once for all of them: scripts/build.mjs maps
// these packages to this builtin (SHARED_MODULES).
import * as localematcher from "@formatjs/intl-localematcher";
import * as bigdecimal from "@formatjs/bigdecimal";
import * as memoize from "@formatjs/fast-memoize";

export default { ...localematcher, ...bigdecimal, ...memoize };
