// The line diff Node 22's AssertionError prints ("+ actual - expected"): a
// Myers shortest edit script over the inspected lines, printed with runs of
// more than five unchanged lines collapsed to "...". Written for quickexec
// after the behaviour of Node's lib/internal/assert/myers_diff.js.

const INSERT = 1;
const DELETE = -1;
const KEEP = 0;
/** Unchanged lines shown before a run is cut short. */
const KEEP_SHOWN = 5;

function same(a, b, commaBlind) {
  return a === b || (commaBlind && (a + "," === b || a === b + ","));
}

/**
 * The edit script turning `expected` into `actual`, last operation first:
 * [op, line] pairs with op INSERT (only in actual), DELETE (only in expected) or KEEP.
 * @param {string[]} actual
 * @param {string[]} expected
 * @param {boolean} commaBlind lines that differ only by a trailing comma count as equal (object and array members)
 */
export function myersDiff(actual, expected, commaBlind = false) {
  const n = actual.length;
  const m = expected.length;
  const max = n + m;
  const frontier = new Int32Array(2 * max + 2);
  const history = [];
  for (let d = 0; d <= max; d++) {
    history.push(frontier.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && frontier[max + k - 1] < frontier[max + k + 1]);
      let x = down ? frontier[max + k + 1] : frontier[max + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && same(actual[x], expected[y], commaBlind)) {
        x++;
        y++;
      }
      frontier[max + k] = x;
      if (x >= n && y >= m) return walkBack(history, actual, expected, commaBlind);
    }
  }
  return [];
}

function walkBack(history, actual, expected, commaBlind) {
  const max = actual.length + expected.length;
  const script = [];
  let x = actual.length;
  let y = expected.length;
  for (let d = history.length - 1; d >= 0; d--) {
    const frontier = history[d];
    const k = x - y;
    const down = k === -d || (k !== d && frontier[max + k - 1] < frontier[max + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = frontier[max + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      const line = actual[x - 1];
      // With commaBlind, the kept line is shown as the side that has its comma.
      script.push([KEEP, commaBlind && !line.endsWith(",") ? expected[y - 1] : line]);
      x--;
      y--;
    }
    if (d > 0) {
      if (x > prevX) script.push([INSERT, actual[--x]]);
      else script.push([DELETE, expected[--y]]);
    }
  }
  return script;
}

/** The script as Node prints it: "+ " inserted, "- " deleted, "  " kept lines; returns { message, skipped }. */
export function printDiff(script) {
  let out = "";
  let skipped = false;
  let kept = 0;
  for (let i = script.length - 1; i >= 0; i--) {
    const [op, line] = script[i];
    const previous = i < script.length - 1 ? script[i + 1][0] : null;
    if (previous === KEEP && op !== KEEP) {
      // The tail of a run of unchanged lines: shown in full when cutting would save only one or two lines.
      if (kept === KEEP_SHOWN + 1) {
        out += `  ${script[i + 1][1]}\n`;
      } else if (kept === KEEP_SHOWN + 2) {
        out += `  ${script[i + 2][1]}\n  ${script[i + 1][1]}\n`;
      } else if (kept >= KEEP_SHOWN + 3) {
        out += `...\n  ${script[i + 1][1]}\n`;
        skipped = true;
      }
      kept = 0;
    }
    if (op === INSERT) out += `+ ${line}\n`;
    else if (op === DELETE) out += `- ${line}\n`;
    else {
      if (kept < KEEP_SHOWN) out += `  ${line}\n`;
      kept++;
    }
  }
  return { message: `\n${out.trimEnd()}`, skipped };
}
