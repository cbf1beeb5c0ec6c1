// Intl.getCanonicalLocales and the BCP 47 parsing behind it
// (@formatjs/intl-getcanonicallocales): every service canonicalizes its
// locales argument through it, (Intl.Locale bundles its own pinned copy).
import * as canonical from "@formatjs/intl-getcanonicallocales";

export default { ...canonical };
