import { Chalk, type ChalkInstance } from 'chalk';
import type { FileResult, Finding, LintReport, Severity } from '../engine/finding.js';
import type { FormatContext } from './formatContext.js';
import { displayWidth } from './displayWidth.js';
import { plural } from './plural.js';
import { problemSummary } from './problemSummary.js';
import { relativePath } from './relativePath.js';
import { terminalText } from './terminalText.js';
import { fitWidth } from './fitWidth.js';
import { wrapWords } from './wrapWords.js';

/** No line is longer than this (terminal columns), so no terminal wraps a finding over two lines. */
export const STYLISH_MAX_LINE_WIDTH = 199;
/** Prose (skip reasons, run notes) is split at spaces into lines of at most this many columns. */
const PROSE_WIDTH = 120;

/**
 * Human-readable output in the style of ESLint's "stylish": one block per file (findings in the engine's order), then
 * files that were skipped or could not be read, then a summary line and the run notes. A finding is one line,
 * `line:col  severity  [step] message  rule-id`, the position and severity aligned within the block and the rule id
 * right after the message; a message too long for one line is shortened with `…` (the json and sarif formats keep it
 * whole, and the output says so). Text from the input (file and step names, quoted values) has its control characters
 * escaped and can never begin a line with `::`, which GitHub Actions would read as a workflow command.
 * Colour only when `context.color` says so; the chalk instance ignores the environment.
 */
export function stylish(report: LintReport, context: FormatContext): string {
  const chalk = new Chalk({ level: context.color ? 1 : 0 });
  const fileResults = new Map(report.files.map((file) => [file.path, file]));
  const blocks: string[] = [];
  let shortened = false;

  for (const [file, findings] of groupByFile(report.findings)) {
    const rows = findingRows(findings, chalk);
    shortened ||= rows.shortened;
    const lines = [fileHeader(context.cwd, file, chalk), ...rows.lines];
    const result = fileResults.get(file);
    if (result?.status === 'skipped' && result.reason !== undefined) lines.push(...statusLines(result, chalk));
    blocks.push(lines.join('\n'));
  }

  const filesWithFindings = new Set(report.findings.map((finding) => finding.range.file));
  for (const result of report.files) {
    if (filesWithFindings.has(result.path) || result.status === 'analyzed') continue;
    if (result.status === 'skipped' && result.reason === undefined) continue;
    blocks.push([fileHeader(context.cwd, result.path, chalk), ...statusLines(result, chalk)].join('\n'));
  }

  const analyzed = report.files.filter((file) => file.status === 'analyzed').length;
  const summary =
    report.findings.length === 0
      ? chalk.green(`No problems found in ${plural(analyzed, 'file')}.`)
      : summaryColor(report.findings, chalk).bold(`✖ ${problemSummary(report.findings)}`);
  blocks.push(summary);

  const notes = report.runNotes.map((note) =>
    wrapWords(`Note: ${terminalText(note)}`, PROSE_WIDTH, '      ')
      .map((line, index) => (index === 0 ? `${chalk.blue('Note:')}${line.slice('Note:'.length)}` : line))
      .join('\n'),
  );
  if (shortened) {
    notes.push(
      `${chalk.blue('Note:')} Messages too long for one line end with …; --format json or sarif shows them in full.`,
    );
  }
  if (notes.length > 0) blocks.push(notes.join('\n'));
  return `${blocks.join('\n\n').split('\n').map(neverAWorkflowCommand).join('\n')}\n`;
}

/** The file's path relative to the working directory, as one safe line. */
function fileHeader(cwd: string, file: string, chalk: ChalkInstance): string {
  const path = terminalText(relativePath(cwd, file));
  const shown = path.startsWith('::') ? `./${path}` : path;
  // A path longer than a line keeps its end (the file name), so that no line wraps.
  return chalk.underline(
    displayWidth(shown) > STYLISH_MAX_LINE_WIDTH ? `…${shown.slice(-(STYLISH_MAX_LINE_WIDTH - 1))}` : shown,
  );
}

/**
 * GitHub Actions reads any log line that starts with `::` after leading spaces as a workflow command
 * (`::error file=…::`, `::add-mask::`); in stylish output such a line can only come from input text, so its first colon
 * is written as an escape. https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
function neverAWorkflowCommand(line: string): string {
  // eslint-disable-next-line no-control-regex -- the line may start with colour codes.
  return /^(?:\s|\u001b\[[0-9;]*m)*::/.test(line) ? line.replace('::', '\\u{3a}:') : line;
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

/** `  line:col  severity  message  rule-id`: line numbers right-aligned, position and severity padded to align. */
function findingRows(findings: readonly Finding[], chalk: ChalkInstance): { lines: string[]; shortened: boolean } {
  const lineWidth = Math.max(...findings.map((finding) => String(finding.range.startLine).length));
  const columnWidth = Math.max(...findings.map((finding) => String(finding.range.startColumn).length));
  const severityWidth = Math.max(...findings.map((finding) => finding.severity.length));
  const indent = 2 + lineWidth + 1 + columnWidth + 2 + severityWidth + 2;
  const lines: string[] = [];
  let shortened = false;
  for (const finding of findings) {
    const position = `${String(finding.range.startLine).padStart(lineWidth)}:${String(finding.range.startColumn).padEnd(columnWidth)}`;
    const ruleId = terminalText(finding.ruleId);
    const text = terminalText(finding.step === undefined ? finding.message : `[${finding.step}] ${finding.message}`);
    const message = fitWidth(text, Math.max(20, STYLISH_MAX_LINE_WIDTH - indent - 2 - displayWidth(ruleId)));
    shortened ||= message !== text;
    lines.push(
      `  ${chalk.dim(position)}  ${severityColor(finding.severity, chalk)(finding.severity.padEnd(severityWidth))}  ` +
        `${message}  ${chalk.dim(ruleId)}`,
    );
    const fix = finding.fix === undefined ? '' : terminalText(finding.fix);
    if (fix !== '') {
      const shown = fitWidth(`Fix: ${fix}`, STYLISH_MAX_LINE_WIDTH - indent);
      shortened ||= shown !== `Fix: ${fix}`;
      lines.push(`${' '.repeat(indent)}${chalk.dim(shown)}`);
    }
  }
  return { lines, shortened };
}

function statusLines(result: FileResult, chalk: ChalkInstance): string[] {
  const [label, reason] =
    result.status === 'error'
      ? [chalk.red('error'), result.reason ?? 'The file could not be analyzed.']
      : [chalk.dim('skipped'), result.reason ?? ''];
  const labelWidth = result.status === 'error' ? 'error'.length : 'skipped'.length;
  const text = terminalText(reason);
  if (text === '') return [`  ${label}`];
  const [first = '', ...rest] = wrapWords(text, PROSE_WIDTH - labelWidth - 4, ' '.repeat(labelWidth + 4));
  return [`  ${label}  ${first}`, ...rest];
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
