import type { LintReport, Severity } from '../engine/finding.js';
import type { FormatContext } from './formatContext.js';
import { normalizeRegion } from './normalizeRegion.js';
import { plural } from './plural.js';
import { problemSummary } from './problemSummary.js';
import { relativePath } from './relativePath.js';

/** GitHub Actions annotation commands; GitHub has `notice` where we have `note`. */
const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

/**
 * GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…::message` annotation per finding
 * (paths relative to `context.cwd`), one for each file that could not be analyzed without a finding saying so,
 * a notice per skipped file with a reason and per run note, then a plain summary line.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-error-message
 */
export function github(report: LintReport, context: FormatContext): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    const region = normalizeRegion(finding.range);
    const properties = {
      file: relativePath(context.cwd, finding.range.file),
      line: region.startLine,
      col: region.startColumn,
      endLine: region.endLine,
      endColumn: region.endColumn,
      title: finding.ruleId,
    };
    const message = finding.fix === undefined ? finding.message : `${finding.message}\nFix: ${finding.fix}`;
    lines.push(workflowCommand(COMMAND[finding.severity], properties, message));
  }

  const filesWithFindings = new Set(report.findings.map((finding) => finding.range.file));
  for (const file of report.files) {
    const properties = { file: relativePath(context.cwd, file.path), title: context.toolName };
    if (file.status === 'error' && !filesWithFindings.has(file.path)) {
      lines.push(workflowCommand('error', properties, file.reason ?? 'The file could not be analyzed.'));
    } else if (file.status === 'skipped' && file.reason !== undefined) {
      lines.push(workflowCommand('notice', properties, `Skipped: ${file.reason}`));
    }
  }
  for (const note of report.runNotes) {
    lines.push(workflowCommand('notice', { title: context.toolName }, note));
  }

  const analyzed = report.files.filter((file) => file.status === 'analyzed').length;
  lines.push(
    report.findings.length === 0
      ? `${context.toolName}: no problems found in ${plural(analyzed, 'file')}.`
      : `${context.toolName}: ${problemSummary(report.findings)} in ${plural(analyzed, 'analyzed file')}.`,
  );
  return `${lines.join('\n')}\n`;
}

function workflowCommand(command: string, properties: Record<string, string | number>, message: string): string {
  const rendered = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command}${rendered === '' ? '' : ` ${rendered}`}::${escapeData(message)}`;
}

/**
 * The runner's escaping of a command's message (actions/toolkit, command.ts `escapeData`): `%`, CR and LF are
 * percent-encoded, so a message stays one command however many lines it has. Other control characters (ESC and OSC
 * sequences that would recolour or retitle a terminal showing the log) and bidirectional overrides are written as
 * visible `\u{…}` escapes, as the stylish format does.
 */
function escapeData(text: string): string {
  return (
    text
      .replace(/%/g, '%25')
      .replace(/\r/g, '%0D')
      .replace(/\n/g, '%0A')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are escaped.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => {
        return `\\u{${char.codePointAt(0)?.toString(16) ?? ''}}`;
      })
  );
}

/** The runner's escaping of a property value (actions/toolkit, command.ts `escapeProperty`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
