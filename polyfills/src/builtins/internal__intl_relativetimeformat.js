// Intl.RelativeTimeFormat: @formatjs/intl-relativetimeformat with the bundled
// locales' data (it formats its numbers with Intl.NumberFormat and picks
// plural forms with Intl.PluralRules, loaded as it needs them).
import RelativeTimeFormat from "@formatjs/intl-relativetimeformat";
import data from "intl-data:relativetimeformat";
import support from "internal/intl_support";

// It looks Intl.NumberFormat and Intl.PluralRules up as data properties.
const { Intl } = require("internal/intl");
void Intl.NumberFormat;
void Intl.PluralRules;

export default { RelativeTimeFormat: support.withLocaleData(RelativeTimeFormat, data).Service };
