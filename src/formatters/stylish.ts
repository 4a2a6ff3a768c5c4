import { Chalk, type ChalkInstance } from 'chalk';
import type { FileResult, Finding, LintReport, Severity } from '../engine/finding.js';
import type { FormatContext } from './formatContext.js';
import { displayWidth } from './displayWidth.js';
import { plural } from './plural.js';
import { problemSummary } from './problemSummary.js';
import { relativePath } from './relativePath.js';
import { terminalText } from './terminalText.js';

/**
 * Human-readable output in the style of ESLint's "stylish": one block per file (findings in the engine's order, columns
 * aligned within the block), then files that were skipped or could not be read, then a summary line and the run notes.
 * Colour only when `context.color` says so; the chalk instance ignores the environment.
 */
export function stylish(report: LintReport, context: FormatContext): string {
  const chalk = new Chalk({ level: context.color ? 1 : 0 });
  const fileResults = new Map(report.files.map((file) => [file.path, file]));
  const blocks: string[] = [];

  for (const [file, findings] of groupByFile(report.findings)) {
    const lines = [chalk.underline(relativePath(context.cwd, file)), ...findingRows(findings, chalk)];
    const result = fileResults.get(file);
    if (result?.status === 'skipped' && result.reason !== undefined) lines.push(statusLine(result, chalk));
    blocks.push(lines.join('\n'));
  }

  const filesWithFindings = new Set(report.findings.map((finding) => finding.range.file));
  for (const result of report.files) {
    if (filesWithFindings.has(result.path) || result.status === 'analyzed') continue;
    if (result.status === 'skipped' && result.reason === undefined) continue;
    blocks.push([chalk.underline(relativePath(context.cwd, result.path)), statusLine(result, chalk)].join('\n'));
  }

  const analyzed = report.files.filter((file) => file.status === 'analyzed').length;
  const summary =
    report.findings.length === 0
      ? chalk.green(`No problems found in ${plural(analyzed, 'file')}.`)
      : summaryColor(report.findings, chalk).bold(`✖ ${problemSummary(report.findings)}`);
  blocks.push(summary);

  if (report.runNotes.length > 0) {
    blocks.push(report.runNotes.map((note) => `${chalk.blue('Note:')} ${terminalText(note)}`).join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.range.file);
    if (group === undefined) groups.set(finding.range.file, [finding]);
    else group.push(finding);
  }
  return groups;
}

interface Row {
  line: string;
  column: string;
  severity: Severity;
  message: string;
  ruleId: string;
  fix?: string;
}

/** `  line:col  severity  message  rule-id`, line numbers right-aligned and the other columns left-aligned. */
function findingRows(findings: readonly Finding[], chalk: ChalkInstance): string[] {
  const rows: Row[] = findings.map((finding) => ({
    line: String(finding.range.startLine),
    column: String(finding.range.startColumn),
    severity: finding.severity,
    message: terminalText(finding.step === undefined ? finding.message : `[${finding.step}] ${finding.message}`),
    ruleId: terminalText(finding.ruleId),
    ...(finding.fix === undefined ? {} : { fix: terminalText(finding.fix) }),
  }));
  const lineWidth = Math.max(...rows.map((row) => row.line.length));
  const columnWidth = Math.max(...rows.map((row) => row.column.length));
  const severityWidth = Math.max(...rows.map((row) => row.severity.length));
  const messageWidth = Math.max(...rows.map((row) => displayWidth(row.message)));
  const messageIndent = ' '.repeat(2 + lineWidth + 1 + columnWidth + 2 + severityWidth + 2);

  const lines: string[] = [];
  for (const row of rows) {
    const position = `${row.line.padStart(lineWidth)}:${row.column.padEnd(columnWidth)}`;
    const message = row.message + ' '.repeat(messageWidth - displayWidth(row.message));
    lines.push(
      (
        `  ${chalk.dim(position)}  ${severityColor(row.severity, chalk)(row.severity.padEnd(severityWidth))}  ` +
        `${message}  ${chalk.dim(row.ruleId)}`
      ).trimEnd(),
    );
    if (row.fix !== undefined && row.fix !== '') lines.push(`${messageIndent}${chalk.dim(`Fix: ${row.fix}`)}`);
  }
  return lines;
}

function statusLine(result: FileResult, chalk: ChalkInstance): string {
  if (result.status === 'error') {
    return `  ${chalk.red('error')}  ${terminalText(result.reason ?? 'The file could not be analyzed.')}`;
  }
  return `  ${chalk.dim('skipped')}  ${terminalText(result.reason ?? '')}`.trimEnd();
}

function severityColor(severity: Severity, chalk: ChalkInstance): ChalkInstance {
  if (severity === 'error') return chalk.red;
  if (severity === 'warning') return chalk.yellow;
  return chalk.blue;
}

function summaryColor(findings: readonly Finding[], chalk: ChalkInstance): ChalkInstance {
  if (findings.some((finding) => finding.severity === 'error')) return chalk.red;
  if (findings.some((finding) => finding.severity === 'warning')) return chalk.yellow;
  return chalk.blue;
}
