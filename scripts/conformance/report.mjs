/**
 * The conformance report: per-module counts and pass rates, totals over the
 * issue's 13 modules and over every file run, failures with their first
 * error line, and the files that are not applicable with the reason.
 * @module
 */
import { FAMILIES, ISSUE_MODULES } from "./modules.mjs";

/** How the pass rate is defined (stated in every report). */
export const RATE_DEFINITION =
  "pass rate = pass / (pass + fail): files that skip themselves (common.skip) and files that cannot pass in a sandbox by design (n/a, not run) are left out of the denominator; `pass/files` gives the raw share of all files.";

const emptyCounts = () => ({ files: 0, pass: 0, fail: 0, skip: 0, na: 0 });

function add(counts, status) {
  counts.files++;
  counts[status === "n/a" ? "na" : status]++;
}

/** pass / (pass + fail) as a percentage string. */
export function rate(c) {
  return c.pass + c.fail === 0 ? "-" : `${((100 * c.pass) / (c.pass + c.fail)).toFixed(1)}%`;
}

/**
 * Builds the report object from the results.
 * @param {Array<{ file: string, module: string, subModule: string | null, status: string, error?: string, reason?: string, skipReason?: string, ms?: number }>} results
 * @param {object} meta what was run (tree, filter, date, machine...)
 */
export function buildReport(results, meta) {
  const modules = {};
  const subModules = {};
  const total = emptyCounts();
  const issue = emptyCounts();
  for (const r of results) {
    add((modules[r.module] ??= emptyCounts()), r.status);
    if (r.subModule) add((subModules[r.subModule] ??= emptyCounts()), r.status);
    add(total, r.status);
    if (ISSUE_MODULES.includes(r.module)) add(issue, r.status);
  }
  const families = {};
  for (const [family, prefixes] of Object.entries(FAMILIES)) {
    const c = emptyCounts();
    for (const p of prefixes) for (const k of Object.keys(c)) c[k] += modules[p]?.[k] ?? 0;
    if (c.files > 0 && prefixes.filter((p) => modules[p]).length > 1) families[family] = c;
  }
  const causes = {};
  for (const r of results) if (r.status === "fail") causes[normaliseCause(r.error)] = (causes[normaliseCause(r.error)] ?? 0) + 1;
  return {
    meta: { ...meta, rateDefinition: RATE_DEFINITION },
    totals: { all: { ...total, rate: rate(total) }, issueModules: { ...issue, rate: rate(issue) } },
    modules: Object.fromEntries(Object.entries(modules).sort(([a], [b]) => a.localeCompare(b)).map(([m, c]) => [m, { ...c, rate: rate(c) }])),
    subModules: Object.fromEntries(Object.entries(subModules).sort(([a], [b]) => a.localeCompare(b)).map(([m, c]) => [m, { ...c, rate: rate(c) }])),
    families: Object.fromEntries(Object.entries(families).map(([m, c]) => [m, { ...c, rate: rate(c) }])),
    causes: Object.entries(causes).sort((a, b) => b[1] - a[1]).map(([cause, files]) => ({ cause, files })),
    files: results.map(({ file, module, status, error, reason, skipReason, ms, stderr }) => ({ file, module, status, error, reason, skipReason, ms, stderr })),
  };
}

/** A failure's first line with the file-specific parts (quoted values, numbers) blurred, to count failures by cause. */
export function normaliseCause(error = "") {
  return error
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "'…'")
    .replace(/ \(at .*\)$/, "")
    .replace(/\b\d+\b/g, "N")
    .slice(0, 160);
}

const row = (name, c) => `| ${name} | ${c.files} | ${c.pass} | ${c.fail} | ${c.skip} | ${c.na} | ${rate(c)} |`;
const HEAD = "| module | files | pass | fail | skip | n/a | pass rate |\n|---|---:|---:|---:|---:|---:|---:|";

/**
 * The markdown summary printed to stdout.
 * @param {ReturnType<typeof buildReport>} report
 * @param {{ failures?: boolean }} [options]
 */
export function toMarkdown(report, options = {}) {
  const { meta, totals, modules, families, subModules } = report;
  const out = [];
  out.push(`# Node conformance: ${meta.tree}`, "");
  out.push(`${meta.date}, ${meta.machine}; quickexec ${meta.commit}; ${meta.files} files${meta.filter ? ` (filter ${meta.filter})` : ""}, ${meta.jobs} at a time, ${(meta.wallMs / 1000).toFixed(0)} s.`, "");
  out.push(RATE_DEFINITION, "");
  out.push(HEAD);
  const issueRows = ISSUE_MODULES.filter((m) => modules[m]);
  for (const m of issueRows) out.push(row(m, modules[m]));
  if (issueRows.length) out.push(row("**13 issue modules**", totals.issueModules));
  const others = Object.keys(modules).filter((m) => !ISSUE_MODULES.includes(m));
  if (others.length) {
    out.push("", "Other modules:", "", HEAD);
    for (const m of others) out.push(row(m, modules[m]));
  }
  if (Object.keys(families).length || Object.keys(subModules).length) {
    out.push("", "Merged families (each prefix also has its own row above) and whatwg sub-modules:", "", HEAD);
    for (const [m, c] of Object.entries(families)) out.push(row(`${m} (${FAMILIES[m].join(" + ")})`, c));
    for (const [m, c] of Object.entries(subModules)) out.push(row(m, c));
  }
  out.push("", HEAD, row("**all files run**", totals.all), "");
  out.push("## Failures by cause (first error line, values blurred)", "");
  for (const { cause, files } of report.causes.slice(0, 40)) out.push(`- ${files} × \`${cause.replace(/`/g, "'")}\``);
  if (options.failures !== false) {
    out.push("", "## Failing files", "");
    for (const f of report.files) if (f.status === "fail") out.push(`- ${f.file}: \`${(f.error ?? "").replace(/`/g, "'")}\``);
  }
  out.push("", "## Not applicable in a sandbox (not run)", "");
  const byReason = {};
  for (const f of report.files) if (f.status === "n/a") (byReason[f.reason] ??= []).push(f.file);
  for (const [reason, list] of Object.entries(byReason).sort((a, b) => b[1].length - a[1].length)) {
    out.push(`- ${reason} (${list.length}): ${list.join(", ")}`);
  }
  return out.join("\n") + "\n";
}
