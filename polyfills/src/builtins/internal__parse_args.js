// internal/parse_args — util.parseArgs: @pkgjs/parseargs, the polyfill Node's
// own maintainers publish of the same code. Loaded on first use.
import { parseArgs } from "@pkgjs/parseargs";

export default { parseArgs };
