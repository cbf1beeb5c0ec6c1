"use strict";
// What the `url` port asks of `qs` (parse a query, stringify one with repeated
// keys for arrays), answered by querystring, as Node's own url.parse does.
const querystring = require("querystring");

module.exports = {
  parse: (str) => querystring.parse(str),
  stringify: (obj) => querystring.stringify(obj),
};
