// node:readline/promises — the promise form of node:readline.
/* global require */
export default require("readline").promises;
