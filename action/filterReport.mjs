// Applies the action's min-severity and fail-on to runbook-iam's reports of one run (plain Node, no dependencies).
//   node filterReport.mjs <min-severity> <fail-on> <report.json> <in.sarif> <out.sarif> <annotations.txt>
// writes the SARIF without results below min-severity, drops annotations below it (in place), and prints two counts:
// the findings kept, and those of them at or above fail-on.
import { readFileSync, writeFileSync } from 'node:fs';

const RANK = { note: 1, warning: 2, error: 3, none: 4 };
const SARIF_LEVEL = { note: 'note', warning: 'warning', error: 'error' };
const ANNOTATION = { notice: 'note', warning: 'warning', error: 'error' };

const [minimum, failOn, report, sarifIn, sarifOut, annotations] = process.argv.slice(2);
const threshold = RANK[minimum];
const sarif = JSON.parse(readFileSync(sarifIn, 'utf8'));
for (const run of sarif.runs ?? []) {
  run.results = (run.results ?? []).filter((result) => RANK[SARIF_LEVEL[result.level ?? 'warning']] >= threshold);
}
writeFileSync(sarifOut, `${JSON.stringify(sarif, null, 2)}\n`);
const lines = readFileSync(annotations, 'utf8').split('\n');
// Findings' annotations carry title=<rule id>; notices about skipped files and run notes are kept.
const kept = lines.filter((line) => {
  const match = /^::(error|warning|notice) [^:]*title=([^,:]+)/.exec(line);
  return !match || match[2] === 'runbook-iam' || RANK[ANNOTATION[match[1]]] >= threshold;
});
writeFileSync(annotations, kept.join('\n'));
const findings = (JSON.parse(readFileSync(report, 'utf8')).results ?? []).filter(
  (finding) => RANK[finding.severity] >= threshold,
);
const failing = findings.filter((finding) => RANK[finding.severity] >= RANK[failOn]);
process.stdout.write(`${findings.length} ${failing.length}\n`);
