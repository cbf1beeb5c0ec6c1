// Intl.PluralRules: @formatjs/intl-pluralrules with the bundled locales' rules.
import { PluralRules } from "@formatjs/intl-pluralrules";
import data from "intl-data:pluralrules";
import support from "internal/intl_support";

export default { PluralRules: support.withLocaleData(PluralRules, data).Service };
