import type { SourceText } from '../parse/sourceText.js';
import type { Finding } from './finding.js';

const DIRECTIVE = /#\s*runbook-iam-(disable-next-line|disable)\b([^\n]*)$/;

export interface Suppressions {
  fileWide: Set<string>;
  /** Line (1-based) → rule ids suppressed on it ('*' for all). */
  byLine: Map<number, Set<string>>;
}

/**
 * YAML comment directives: `# runbook-iam-disable-next-line <rule-id>[, <rule-id>] -- <reason>` suppresses
 * findings that start on the next line; `# runbook-iam-disable <rule-id>` anywhere suppresses the rule in the
 * file. Without rule ids, every rule is suppressed. JSON has no comments: use the config file there.
 */
export function parseSuppressions(source: SourceText): Suppressions {
  const suppressions: Suppressions = { fileWide: new Set(), byLine: new Map() };
  if (!source.text.includes('runbook-iam-disable')) return suppressions;
  for (let line = 1; line <= source.lineCount; line++) {
    const text = source.line(line);
    if (!text.includes('runbook-iam-disable')) continue;
    const match = DIRECTIVE.exec(text);
    if (!match) continue;
    const [, kind, rest] = match as unknown as [string, string, string];
    const ids = (rest.split(' -- ')[0] ?? '')
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter((id) => id !== '');
    const rules = ids.length === 0 ? ['*'] : ids;
    if (kind === 'disable') for (const id of rules) suppressions.fileWide.add(id);
    else {
      const target = nextContentLine(source, line);
      const set = suppressions.byLine.get(target) ?? new Set<string>();
      for (const id of rules) set.add(id);
      suppressions.byLine.set(target, set);
    }
  }
  return suppressions;
}

function nextContentLine(source: SourceText, line: number): number {
  for (let next = line + 1; next <= source.lineCount; next++) {
    const text = source.line(next).trim();
    if (text !== '' && !text.startsWith('#')) return next;
  }
  return line + 1;
}

export function isSuppressed(finding: Finding, suppressions: Suppressions): boolean {
  if (suppressions.fileWide.has('*') || suppressions.fileWide.has(finding.ruleId)) return true;
  const onLine = suppressions.byLine.get(finding.range.startLine);
  return onLine !== undefined && (onLine.has('*') || onLine.has(finding.ruleId));
}
