// Intl.NumberFormat: @formatjs/intl-numberformat with the bundled locales'
// data (parsed per language on first use, see internal/intl_support).
import { NumberFormat } from "@formatjs/intl-numberformat";
import data from "intl-data:numberformat";
import support from "internal/intl_support";

support.orderResolvedOptions(NumberFormat, [
  "locale", "numberingSystem", "style", "currency", "currencyDisplay", "currencySign", "unit", "unitDisplay",
  "minimumIntegerDigits", "minimumFractionDigits", "maximumFractionDigits", "minimumSignificantDigits",
  "maximumSignificantDigits", "useGrouping", "notation", "compactDisplay", "signDisplay", "roundingMode",
  "roundingIncrement", "trailingZeroDisplay", "roundingPriority",
]);

export default { NumberFormat: support.withLocaleData(NumberFormat, data).Service };
