import { Lexer } from 'yaml';
import type { DocNode } from '../parse/documentNode.js';
import { walkNodes } from '../parse/documentNode.js';
import type { SourceText } from '../parse/sourceText.js';
import type { Finding } from './finding.js';

const DIRECTIVE = /#\s*runbook-iam-(disable-next-line|disable)\b/g;

export interface Suppressions {
  fileWide: Set<string>;
  /** Line (1-based) → rule ids suppressed on it ('*' for all). */
  byLine: Map<number, Set<string>>;
}

/**
 * YAML comment directives: `# runbook-iam-disable-next-line <rule-id>[, <rule-id>] -- <reason>` suppresses
 * findings that start on the next line; `# runbook-iam-disable <rule-id>` anywhere suppresses the rule in the
 * file. Without rule ids, every rule is suppressed. Only comments count: the same text inside a string (a quoted
 * description, an inline script) suppresses nothing. JSON has no comments: use the config file there.
 * `root` is the runbook's tree when `source` is a template that embeds it (its comments are found through it).
 */
export function parseSuppressions(source: SourceText, root?: DocNode): Suppressions {
  const suppressions: Suppressions = { fileWide: new Set(), byLine: new Map() };
  if (!source.text.includes('runbook-iam-disable')) return suppressions;
  const isComment = commentTest(source, root);
  for (let line = 1; line <= source.lineCount; line++) {
    const text = source.line(line);
    if (!text.includes('runbook-iam-disable')) continue;
    const lineStart = source.lineStart(line);
    const match = [...text.matchAll(DIRECTIVE)].find((found) => isComment(lineStart + found.index));
    if (!match) continue;
    const kind = match[1];
    const rest = text.slice(match.index + match[0].length);
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

/**
 * Whether a `#` at an offset starts a comment: a comment of the file (YAML comment tokens from the `yaml` lexer;
 * whole-line `#`/`//` comments outside heredocs in Terraform), or, inside an embedded runbook's text, a place that
 * no scalar of the runbook covers.
 */
function commentTest(source: SourceText, root: DocNode | undefined): (offset: number) => boolean {
  let inFileComment = fileCommentsOf.get(source);
  if (!inFileComment) {
    const spans = /\.tf$/i.test(source.file) ? hclLineComments(source.text) : yamlComments(source.text);
    fileCommentsOf.set(source, (inFileComment = spanLookup(spans)));
  }
  if (!root || root.offset[0] === root.offset[1]) return inFileComment;
  const inScalar = spanLookup(scalarSpans(root, source));
  const [rootStart, rootEnd] = root.offset;
  return (offset) => inFileComment(offset) || (offset >= rootStart && offset < rootEnd && !inScalar(offset));
}

type Span = [start: number, end: number];

/**
 * The comments of each file, found once: a template holds many runbooks, all with the same SourceText, and lexing the
 * whole file for each of them would take time quadratic in its size. Kept only as long as the SourceText lives.
 */
const fileCommentsOf = new WeakMap<SourceText, (offset: number) => boolean>();

/** Comment tokens of YAML text (the lexer's control tokens have no source text). */
function yamlComments(text: string): Span[] {
  const spans: Span[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '\u0002' || token === '\u0018' || token === '\u001f') continue;
    if (token.startsWith('#')) spans.push([offset, offset + token.length]);
    offset += token.length;
  }
  return spans;
}

/** Lines of Terraform that are whole-line comments (`#` or `//`) and not inside a heredoc. */
function hclLineComments(text: string): Span[] {
  const spans: Span[] = [];
  let closing: string | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    if (closing !== undefined) {
      if (line.trim() === closing) closing = undefined;
    } else {
      const comment = /^([ \t]*)(?:#|\/\/)/.exec(line);
      if (comment) spans.push([lineStart + (comment[1] ?? '').length, lineEnd]);
      else closing = /<<-?([A-Za-z_][\w-]*)[ \t]*\r?$/.exec(line)?.[1];
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return spans;
}

/** Where the runbook's scalars (values and keys) lie; a block scalar from the line after its `|`/`>` header. */
function scalarSpans(root: DocNode, source: SourceText): Span[] {
  const spans: Span[] = [];
  const offsetOf = (line: number, column: number): number => source.lineStart(line) + column - 1;
  for (const node of walkNodes(root)) {
    if (node.kind === 'map') {
      for (const { keyRange } of node.entries)
        spans.push([
          offsetOf(keyRange.startLine, keyRange.startColumn),
          offsetOf(keyRange.endLine, keyRange.endColumn),
        ]);
    }
    if (node.kind !== 'scalar') continue;
    if (node.style === 'literal' || node.style === 'folded') {
      if (node.range.endLine > node.range.startLine)
        spans.push([source.lineStart(node.range.startLine + 1), node.offset[1]]);
    } else spans.push([node.offset[0], node.offset[1]]);
  }
  return spans;
}

/** A membership test for disjoint or nested spans: binary search over spans sorted by start. */
function spanLookup(spans: Span[]): (offset: number) => boolean {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  // The furthest end reached by any span starting at or before each index: nested spans stay covered.
  const reach: number[] = [];
  for (const [index, [, end]] of sorted.entries()) reach.push(Math.max(end, reach[index - 1] ?? -1));
  return (offset) => {
    let low = 0;
    let high = sorted.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if ((sorted[middle] as Span)[0] <= offset) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found !== -1 && offset < (reach[found] as number);
  };
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
