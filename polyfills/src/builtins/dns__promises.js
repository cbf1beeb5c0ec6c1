// node:dns/promises — the same object as require("dns").promises.
/* global require */
export default require("dns").promises;
