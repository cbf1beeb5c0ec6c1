// node:fs/promises — the promise forms of node:fs (the same ops).
/* global require */
export default require("fs").promises;
