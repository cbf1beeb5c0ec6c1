// util.MIMEType and util.MIMEParams: the WHATWG MIME Sniffing standard's
// "parse a MIME type" and "serialize a MIME type", with Node's API and its
// ERR_INVALID_MIME_SYNTAX errors ("... is invalid at <index>").
import { withNodeToString } from "./errors.js";

const NOT_TOKEN = /[^!#$%&'*+\-.^_`|~A-Za-z0-9]/;
const NOT_QUOTED_STRING = /[^\t\u0020-~\u0080-\u00FF]/;
const HTTP_WHITESPACE = "\t\n\r ";

function syntaxError(production, str, index) {
  const err = new TypeError(`The MIME syntax for a ${production} in "${str}" is invalid${index !== -1 ? ` at ${index}` : ""}`);
  err.code = "ERR_INVALID_MIME_SYNTAX";
  return withNodeToString(err);
}
const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const firstBad = (s, pattern) => {
  const m = pattern.exec(s);
  return m === null ? -1 : m.index;
};
function trimEnd(s) {
  let end = s.length;
  while (end > 0 && HTTP_WHITESPACE.includes(s[end - 1])) end--;
  return s.slice(0, end);
}
function checkToken(value, production) {
  const bad = firstBad(value, NOT_TOKEN);
  if (value.length === 0 || bad !== -1) throw syntaxError(production, value, bad);
}
function quote(value) {
  if (value.length > 0 && !NOT_TOKEN.test(value)) return value;
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

const kData = Symbol("data");

export class MIMEParams {
  constructor() {
    Object.defineProperty(this, kData, { value: new Map() });
  }
  delete(name) {
    this[kData].delete(`${name}`);
  }
  get(name) {
    const value = this[kData].get(`${name}`);
    return value === undefined ? null : value;
  }
  has(name) {
    return this[kData].has(`${name}`);
  }
  set(name, value) {
    name = `${name}`;
    value = `${value}`;
    checkToken(name, "parameter name");
    const bad = firstBad(value, NOT_QUOTED_STRING);
    if (bad !== -1) throw syntaxError("parameter value", value, bad);
    this[kData].set(name, value);
  }
  *entries() {
    yield* this[kData].entries();
  }
  *keys() {
    yield* this[kData].keys();
  }
  *values() {
    yield* this[kData].values();
  }
  toString() {
    return [...this[kData]].map(([name, value]) => `${name}=${quote(value)}`).join(";");
  }
  toJSON() {
    return this.toString();
  }
  [Symbol.iterator]() {
    return this.entries();
  }
}

/** The parameters after the ";" at `position`: the standard's loop, keeping the first of repeated names. */
function parseParameters(str, position, params) {
  const data = params[kData];
  const end = str.length;
  while (position < end) {
    position++; // the ";"
    while (position < end && HTTP_WHITESPACE.includes(str[position])) position++;
    let nameEnd = position;
    while (nameEnd < end && str[nameEnd] !== ";" && str[nameEnd] !== "=") nameEnd++;
    const name = lower(str.slice(position, nameEnd));
    position = nameEnd;
    if (position < end) {
      if (str[position] === ";") continue;
      position++; // the "="
    }
    if (position >= end) break;
    let value;
    if (str[position] === '"') {
      value = "";
      position++;
      while (position < end && str[position] !== '"') {
        if (str[position] === "\\") {
          position++;
          if (position >= end) {
            value += "\\";
            break;
          }
        }
        value += str[position++];
      }
      while (position < end && str[position] !== ";") position++;
    } else {
      let valueEnd = str.indexOf(";", position);
      if (valueEnd === -1) valueEnd = end;
      value = trimEnd(str.slice(position, valueEnd));
      position = valueEnd;
      if (value === "") continue;
    }
    if (name !== "" && !NOT_TOKEN.test(name) && !NOT_QUOTED_STRING.test(value) && !data.has(name)) data.set(name, value);
  }
}

export class MIMEType {
  #type;
  #subtype;
  #params;
  constructor(string) {
    const input = `${string}`;
    let start = 0;
    let end = input.length;
    while (start < end && HTTP_WHITESPACE.includes(input[start])) start++;
    while (end > start && HTTP_WHITESPACE.includes(input[end - 1])) end--;
    const str = input.slice(0, end);
    const slash = str.indexOf("/", start);
    const type = slash === -1 ? str.slice(start) : str.slice(start, slash);
    const badType = firstBad(type, NOT_TOKEN);
    if (type === "" || badType !== -1 || slash === -1) throw syntaxError("type", input, badType);
    let semicolon = str.indexOf(";", slash + 1);
    if (semicolon === -1) semicolon = str.length;
    const subtype = trimEnd(str.slice(slash + 1, semicolon));
    const badSubtype = firstBad(subtype, NOT_TOKEN);
    if (subtype === "" || badSubtype !== -1) throw syntaxError("subtype", input, badSubtype);
    this.#type = lower(type);
    this.#subtype = lower(subtype);
    this.#params = new MIMEParams();
    parseParameters(str, semicolon, this.#params);
  }
  get type() {
    return this.#type;
  }
  set type(value) {
    value = `${value}`;
    checkToken(value, "type");
    this.#type = lower(value);
  }
  get subtype() {
    return this.#subtype;
  }
  set subtype(value) {
    value = `${value}`;
    checkToken(value, "subtype");
    this.#subtype = lower(value);
  }
  get essence() {
    return `${this.#type}/${this.#subtype}`;
  }
  get params() {
    return this.#params;
  }
  toString() {
    const params = this.#params.toString();
    return params ? `${this.essence};${params}` : this.essence;
  }
  toJSON() {
    return this.toString();
  }
}
