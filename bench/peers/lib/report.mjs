// Formatting of figures, ratios and the Markdown table run.mjs prints.
import { pct } from "./measure.mjs";

/**
 * A duration in ms, with precision suited to its size.
 * @param {number} ms
 * @returns {string}
 */
export function formatMs(ms) {
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/**
 * A byte count in KB or MB.
 * @param {number} bytes
 * @returns {string}
 */
export function formatBytes(bytes) {
  const kb = bytes / 1024;
  return Math.abs(kb) >= 1024 ? `${(kb / 1024).toFixed(2)} MB` : `${kb.toFixed(0)} KB`;
}

/**
 * `peer / reference` as "12.3x", or "" unless both are positive numbers (a
 * negative memory growth is noise, and a ratio to it means nothing).
 * @param {number | undefined} value
 * @param {number | undefined} reference
 * @returns {string}
 */
export function ratio(value, reference) {
  if (!(typeof value === "number" && typeof reference === "number") || reference <= 0 || value <= 0) return "";
  const r = value / reference;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2)}x`;
}

/**
 * The p50 of a timing result, or undefined when it is "n/a".
 * @param {{ samples?: number[] } | undefined} timing
 * @returns {number | undefined}
 */
export const p50 = (timing) => (timing?.samples?.length ? pct(timing.samples, 50) : undefined);

/**
 * A Markdown table with a header row.
 * @param {string[]} header
 * @param {string[][]} rows
 * @returns {string}
 */
export function markdownTable(header, rows) {
  const escape = (cell) => String(cell).replaceAll("|", "\\|");
  const line = (cells) => `| ${cells.map(escape).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/**
 * A plan as "p50 of 100 (after 10 warm-up)".
 * @param {{ warmup: number, iterations: number }} plan
 * @param {string} [what]
 * @returns {string}
 */
export const describePlan = (plan, what = "p50") => `${what} of ${plan.iterations} (after ${plan.warmup} warm-up)`;
