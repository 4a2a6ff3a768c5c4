import type { DocNode } from '../parse/documentNode.js';
import { walkNodes } from '../parse/documentNode.js';
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
export function parseSuppressions(source: SourceText, root?: DocNode): Suppressions {
  const suppressions: Suppressions = { fileWide: new Set(), byLine: new Map() };
  if (!source.text.includes('runbook-iam-disable')) return suppressions;
  const insideText = root ? blockScalarLines(root) : new Set<number>();
  for (let line = 1; line <= source.lineCount; line++) {
    const text = source.line(line);
    if (!text.includes('runbook-iam-disable') || insideText.has(line)) continue;
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

/** Lines inside block scalars (an inline script's `# comment` is the script's, not a YAML comment). */
function blockScalarLines(root: DocNode): Set<number> {
  const lines = new Set<number>();
  for (const node of walkNodes(root)) {
    if (node.kind !== 'scalar' || (node.style !== 'literal' && node.style !== 'folded')) continue;
    // The range ends at the start of the line after the block's last line when the block ends with a line break.
    const last = node.range.endColumn === 1 ? node.range.endLine - 1 : node.range.endLine;
    for (let line = node.range.startLine + 1; line <= last; line++) lines.add(line);
  }
  return lines;
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
