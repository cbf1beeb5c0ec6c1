// Intl.DisplayNames: @formatjs/intl-displaynames with the bundled locales'
// names of languages, regions, scripts, currencies and calendar fields.
import { DisplayNames } from "@formatjs/intl-displaynames";
import data from "intl-data:displaynames";
import support from "internal/intl_support";

export default { DisplayNames: support.withLocaleData(DisplayNames, data).Service };
