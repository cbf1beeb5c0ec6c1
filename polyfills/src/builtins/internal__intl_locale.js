// Intl.Locale and Intl.supportedValuesOf: @formatjs/intl-locale and
// @formatjs/intl-supportedvaluesof (canonicalization is shared with
// Intl.getCanonicalLocales, see internal/intl_getcanonicallocales).
import Locale from "@formatjs/intl-locale";
import { supportedValuesOf } from "@formatjs/intl-supportedvaluesof";

export default { Locale, supportedValuesOf };
