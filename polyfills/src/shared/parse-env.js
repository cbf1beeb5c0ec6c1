// util.parseEnv: the contents of a .env file as an object, with the rules of
// Node's dotenv parser (src/node_dotenv.cc): KEY=value lines, `export `
// prefixes, # comments, values in '', "" or `` quotes (double quotes turn
// \n into a newline and may span lines), surrounding spaces trimmed, the
// last assignment of a key winning, keys in sorted order (Node's store is a
// std::map, copied into a plain object by assignment).
import { validateString } from "./errors.js";

const trim = (s) => s.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, "");

export function parseEnv(content) {
  validateString(content, "content");
  const store = new Map();
  let rest = trim(content.replace(/\r/g, ""));
  const skipLine = () => {
    const newline = rest.indexOf("\n");
    rest = newline === -1 ? "" : trim(rest.slice(newline + 1));
  };
  while (rest.length > 0) {
    if (rest[0] === "\n" || rest[0] === "#") {
      const newline = rest.indexOf("\n");
      rest = newline === -1 ? "" : rest.slice(newline + 1);
      continue;
    }
    const at = rest.search(/[=\n]/);
    if (at === -1 || rest[at] === "\n") {
      if (at === -1) break;
      skipLine();
      continue;
    }
    let key = trim(rest.slice(0, at));
    rest = rest.slice(at + 1);
    if (rest.length === 0 || rest[0] === "\n") {
      store.set(key, "");
      continue;
    }
    rest = trim(rest);
    if (key.length === 0) {
      skipLine();
      continue;
    }
    if (key.startsWith("export ")) key = trim(key.slice(7));
    if (rest.length === 0) {
      store.set(key, "");
      break;
    }
    const quote = rest[0];
    if (quote === '"') {
      const close = rest.indexOf('"', 1);
      if (close !== -1) {
        store.set(key, rest.slice(1, close).replace(/\\n/g, "\n"));
        const newline = rest.indexOf("\n", close + 1);
        rest = newline === -1 ? "" : trim(rest.slice(newline + 1));
        continue;
      }
    }
    if (quote === "'" || quote === '"' || quote === "`") {
      const close = rest.indexOf(quote, 1);
      if (close === -1) {
        // No closing quote: the rest of the line, quote included.
        const newline = rest.indexOf("\n");
        store.set(key, newline === -1 ? rest : rest.slice(0, newline));
        rest = newline === -1 ? "" : trim(rest.slice(newline));
      } else {
        store.set(key, rest.slice(1, close));
        const newline = rest.indexOf("\n", close + 1);
        rest = newline === -1 ? "" : trim(rest.slice(newline + 1));
      }
      continue;
    }
    const newline = rest.indexOf("\n");
    let value = newline === -1 ? rest : rest.slice(0, newline);
    const hash = value.indexOf("#");
    if (hash !== -1) value = value.slice(0, hash);
    store.set(key, trim(value));
    rest = newline === -1 ? "" : trim(rest.slice(newline + 1));
  }
  const result = {};
  for (const key of [...store.keys()].sort(byCodeUnits)) result[key] = store.get(key);
  return result;
}

function byCodeUnits(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
