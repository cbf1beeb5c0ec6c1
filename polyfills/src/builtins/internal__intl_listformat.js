// Intl.ListFormat: @formatjs/intl-listformat with the bundled locales' patterns.
import ListFormat from "@formatjs/intl-listformat";
import data from "intl-data:listformat";
import support from "internal/intl_support";

export default { ListFormat: support.withLocaleData(ListFormat, data).Service };
