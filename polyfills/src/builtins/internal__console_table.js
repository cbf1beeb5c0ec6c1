// console.table, as Node 22 draws it (lib/internal/console/constructor.js's
// table() and lib/internal/cli_table.js): loaded on the first console.table,
// through internal/inspect. Map and Set iterators are tabulated by iterating
// them (V8 previews them without consuming; QuickJS cannot).
/* global require */
const { inspect, stripVTControlCharacters } = require("internal/inspect", true);
const { invalidArgType } = require("internal/errors", true);

const CHARS = {
  middleMiddle: "─", rowMiddle: "┼", topRight: "┐", topLeft: "┌", leftMiddle: "├", topMiddle: "┬",
  bottomRight: "┘", bottomLeft: "└", bottomMiddle: "┴", rightMiddle: "┤", left: "│ ", right: " │", middle: " │ ",
};
const INDEX_KEY = "(index)";
const ITERATION_KEY = "(iteration index)";
const KEY_KEY = "Key";
const VALUES_KEY = "Values";

// Node's getStringWidth without ICU: East Asian wide and fullwidth code points count two columns, combining marks none.
function isFullWidth(code) {
  return code >= 0x1100 && (code <= 0x115f || code === 0x2329 || code === 0x232a ||
    (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) || (code >= 0x3250 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0xa4c6) || (code >= 0xa960 && code <= 0xa97c) || (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe10 && code <= 0xfe19) || (code >= 0xfe30 && code <= 0xfe6b) ||
    (code >= 0xff01 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1b000 && code <= 0x1b001) ||
    (code >= 0x1f200 && code <= 0x1f251) || (code >= 0x1f300 && code <= 0x1f64f) || (code >= 0x20000 && code <= 0x3fffd));
}
function isZeroWidth(code) {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x20d0 && code <= 0x20ff) || (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xfe20 && code <= 0xfe2f) ||
    (code >= 0xe0100 && code <= 0xe01ef);
}
function stringWidth(text) {
  let width = 0;
  for (const char of stripVTControlCharacters(String(text)).normalize("NFC")) {
    const code = char.codePointAt(0);
    if (isFullWidth(code)) width += 2;
    else if (!isZeroWidth(code)) width++;
  }
  return width;
}

function renderRow(row, widths) {
  let out = CHARS.left;
  for (let i = 0; i < row.length; i++) {
    out += row[i] + " ".repeat(widths[i] - stringWidth(row[i]));
    if (i !== row.length - 1) out += CHARS.middle;
  }
  return out + CHARS.right;
}

/** The table of `columns` (one array of cell texts each, by row) under `head`. */
function drawTable(head, columns) {
  const rows = [];
  const widths = head.map((h) => stringWidth(h));
  const longest = Math.max(...columns.map((column) => column.length));
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longest; j++) {
      if (rows[j] === undefined) rows[j] = [];
      const value = (rows[j][i] = Object.prototype.hasOwnProperty.call(column, j) ? column[j] : "");
      widths[i] = Math.max(widths[i] || 0, stringWidth(value));
    }
  }
  const divider = widths.map((w) => CHARS.middleMiddle.repeat(w + 2));
  let result = `${CHARS.topLeft}${divider.join(CHARS.topMiddle)}${CHARS.topRight}\n${renderRow(head, widths)}\n` +
    `${CHARS.leftMiddle}${divider.join(CHARS.rowMiddle)}${CHARS.rightMiddle}\n`;
  for (const row of rows) result += `${renderRow(row, widths)}\n`;
  return result + `${CHARS.bottomLeft}${divider.join(CHARS.bottomMiddle)}${CHARS.bottomRight}`;
}

function cell(value) {
  const depth = value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 2 ? -1 : 0;
  return inspect(value, { depth, maxArrayLength: 3, breakLength: Infinity, colors: false });
}

const tag = (value) => Object.prototype.toString.call(value);
const isMap = (value) => tag(value) === "[object Map]";
const isSet = (value) => tag(value) === "[object Set]";
const isMapIterator = (value) => tag(value) === "[object Map Iterator]";
const isSetIterator = (value) => tag(value) === "[object Set Iterator]";

/**
 * What console.table(data, properties) prints, or null when `data` is not an
 * object (console.table then logs it as console.log would).
 */
function consoleTable(data, properties) {
  if (properties !== undefined && !Array.isArray(properties)) throw invalidArgType("properties", "an instance of Array", properties);
  if (data === null || typeof data !== "object") return null;
  const indexes = (length) => Array.from({ length }, (_, i) => cell(i));

  if (isMap(data) || isMapIterator(data)) {
    const keys = [];
    const values = [];
    // A Map's entries() iterator gives pairs; its keys() and values() iterators single values, shown as a set's.
    const entries = isMap(data) ? data : [...data];
    if (isMap(data) || entries.every((e) => Array.isArray(e) && e.length === 2)) {
      for (const { 0: k, 1: v } of entries) {
        keys.push(cell(k));
        values.push(cell(v));
      }
      return drawTable([ITERATION_KEY, KEY_KEY, VALUES_KEY], [indexes(keys.length), keys, values]);
    }
    return drawTable([ITERATION_KEY, VALUES_KEY], [indexes(entries.length), entries.map(cell)]);
  }
  if (isSet(data) || isSetIterator(data)) {
    const values = [];
    for (const v of data) values.push(cell(v));
    return drawTable([ITERATION_KEY, VALUES_KEY], [indexes(values.length), values]);
  }

  const map = { __proto__: null };
  let hasPrimitives = false;
  const primitiveValues = [];
  const indexKeys = Object.keys(data);
  for (let i = 0; i < indexKeys.length; i++) {
    const item = data[indexKeys[i]];
    const primitive = item === null || (typeof item !== "function" && typeof item !== "object");
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      primitiveValues[i] = cell(item);
    } else {
      for (const key of properties || Object.keys(item)) {
        map[key] ??= [];
        map[key][i] = (primitive && properties) || !Object.prototype.hasOwnProperty.call(item, key) ? "" : cell(item[key]);
      }
    }
  }
  const head = Object.keys(map);
  const columns = Object.values(map);
  if (hasPrimitives) {
    head.push(VALUES_KEY);
    columns.push(primitiveValues);
  }
  head.unshift(INDEX_KEY);
  columns.unshift(indexKeys);
  return drawTable(head, columns);
}

export default { consoleTable };
