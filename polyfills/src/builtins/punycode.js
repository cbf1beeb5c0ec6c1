// node:punycode — Mathias Bynens's punycode.js, the code Node's module is.
import punycode from "punycode/";

export default punycode;
