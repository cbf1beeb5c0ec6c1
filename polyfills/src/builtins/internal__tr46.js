// tr46: UTS #46 (IDNA) processing for whatwg-url's hosts and url.domainTo*.
// Loaded only for non-ASCII or punycode domains (see shims/tr46.js).
import tr46 from "tr46";

export default tr46;
