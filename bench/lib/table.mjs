// The summary tables the benchmarks print: Markdown with padded columns, so
// they read well in a terminal and paste into bench/RESULTS.md as they are.

/**
 * A Markdown table of `rows` under `header`, each column as wide as its
 * widest cell.
 * @param {string[]} header
 * @param {string[][]} rows
 * @returns {string}
 */
export function alignedTable(header, rows) {
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row) => "| " + row.map((cell, i) => cell.padEnd(widths[i])).join(" | ") + " |";
  return [line(header), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}
