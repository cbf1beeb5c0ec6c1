// tr46 (UTS #46 processing, some 200 KB of Unicode tables) as whatwg-url uses
// it, loaded only for the domains that need it. The URL Standard's "domain to
// ASCII": when beStrict is false and the domain is ASCII with no label
// starting with "xn--", the result is the domain in ASCII lowercase.
const ASCII = /^[\x00-\x7f]*$/;
const PUNYCODE_LABEL = /(^|\.)xn--/i;

export function toASCII(domain, options) {
  const lenient = options && !options.checkHyphens && !options.useSTD3ASCIIRules && !options.verifyDNSLength && !options.transitionalProcessing;
  if (lenient && ASCII.test(domain) && !PUNYCODE_LABEL.test(domain)) return domain.toLowerCase();
  return require("internal/tr46").toASCII(domain, options);
}

export function toUnicode(domain, options) {
  return require("internal/tr46").toUnicode(domain, options);
}
