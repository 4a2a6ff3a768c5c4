// Applies the action's min-severity to runbook-iam's reports (plain Node, no dependencies).
//   node filterReport.mjs <min-severity> <report.json> <in.sarif> <out.sarif> <annotations.txt>
//     writes the SARIF without results below min-severity, drops annotations below it (in place), prints the count kept
//   node filterReport.mjs --count-at-least <severity> <min-severity> <report.json>
//     prints how many findings are at or above both severities
import { readFileSync, writeFileSync } from 'node:fs';

const RANK = { note: 1, warning: 2, error: 3, none: 4 };
const SARIF_LEVEL = { note: 'note', warning: 'warning', error: 'error' };
const ANNOTATION = { notice: 'note', warning: 'warning', error: 'error' };
const args = process.argv.slice(2);

const findingsOf = (path) => JSON.parse(readFileSync(path, 'utf8')).results ?? [];

if (args[0] === '--count-at-least') {
  const [, severity, minimum, report] = args;
  const threshold = Math.max(RANK[severity], RANK[minimum]);
  process.stdout.write(`${findingsOf(report).filter((finding) => RANK[finding.severity] >= threshold).length}\n`);
} else {
  const [minimum, report, sarifIn, sarifOut, annotations] = args;
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
  process.stdout.write(`${findingsOf(report).filter((finding) => RANK[finding.severity] >= threshold).length}\n`);
}
