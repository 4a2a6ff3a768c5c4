import type { DocNode } from '../documentNode.js';
import { parseDocument } from '../parseDocument.js';
import type { ParsedDocument, ParseFailure, SourceFormat } from '../parseDocument.js';
import type { SourceRange } from '../sourceRange.js';
import type { SourceText } from '../sourceText.js';

/** Where the lines of an embedded text sit in its host file. */
export type TextPlacement =
  /** Line k (0-based) of the text is host line `firstLine + k`, shifted right by `indent` columns. */
  | { kind: 'lines'; firstLine: number; indent: number }
  /** The text cannot be mapped line by line (escaped, folded or one-line string): everything is at `offset`. */
  | { kind: 'collapsed'; offset: number };

/**
 * Finds how `text` is laid out in `host` when it is written as a block (YAML `|` literal block scalar, Terraform
 * heredoc) starting at host line `firstLine`: every line of the text must be the host line with the same
 * indentation removed. Anything else (folded `>`, quoted strings with escapes) is collapsed to `fallbackOffset`.
 */
export function placeBlock(host: SourceText, firstLine: number, text: string, fallbackOffset: number): TextPlacement {
  const lines = text.replace(/\n$/, '').split('\n');
  let indent: number | undefined;
  for (const [k, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const hostLine = host.line(firstLine + k);
    const at = hostLine.length - line.length;
    if (at < 0 || hostLine.slice(at) !== line || hostLine.slice(0, at).trim() !== '')
      return { kind: 'collapsed', offset: fallbackOffset };
    if (indent === undefined) indent = at;
    else if (indent !== at) return { kind: 'collapsed', offset: fallbackOffset };
  }
  return indent === undefined ? { kind: 'collapsed', offset: fallbackOffset } : { kind: 'lines', firstLine, indent };
}

/** The host offset of a 1-based line and column in the embedded text. */
function hostOffsetOf(host: SourceText, placement: TextPlacement, line: number, column: number): number {
  if (placement.kind === 'collapsed') return placement.offset;
  return host.lineStart(placement.firstLine + line - 1) + placement.indent + column - 1;
}

/**
 * Parses text embedded in a host file (a runbook written as a string inside a template) and moves every range
 * and offset into the host file, so findings, suppressions and `{{ }}` references point at the template's lines.
 */
export function parseEmbeddedText(
  host: SourceText,
  text: string,
  placement: TextPlacement,
  describe: string,
): { ok: true; document: ParsedDocument } | { ok: false; error: ParseFailure } {
  const format: SourceFormat = /^\s*[{[]/.test(text) ? 'json' : 'yaml';
  const parsed = parseDocument(host.file, text, format);
  if (!parsed.ok) {
    const { error } = parsed;
    const at = error.range
      ? hostOffsetOf(host, placement, error.range.startLine, error.range.startColumn)
      : hostOffsetOf(host, placement, 1, 1);
    const message = error.message.replaceAll(host.file, describe);
    return { ok: false, error: { file: host.file, message: `${describe}: ${message}`, range: host.range(at, at) } };
  }
  const inner = parsed.document.source;
  const move = (line: number, column: number): number => hostOffsetOf(host, placement, line, column);
  const moveOffset = (offset: number): number => {
    const { line, column } = inner.position(offset);
    return move(line, column);
  };
  const moveRange = (range: SourceRange): SourceRange =>
    host.range(move(range.startLine, range.startColumn), move(range.endLine, range.endColumn));
  // A message names lines of the embedded text ("defined again at line 4"): name the host file's lines instead.
  const hostLine = (line: number): number => host.position(move(line, 1)).line;
  const diagnostics = parsed.document.diagnostics?.map((diagnostic) => ({
    ...diagnostic,
    message: diagnostic.message.replace(/\bline (\d+)/g, (_, line: string) => `line ${hostLine(Number(line))}`),
    range: moveRange(diagnostic.range),
  }));
  return {
    ok: true,
    document: {
      file: host.file,
      format,
      source: host,
      root: moveNode(parsed.document.root, host, moveOffset, move),
      ...(diagnostics ? { diagnostics } : {}),
    },
  };
}

function moveNode(
  node: DocNode,
  host: SourceText,
  moveOffset: (offset: number) => number,
  move: (line: number, column: number) => number,
): DocNode {
  const offset: [number, number] = [moveOffset(node.offset[0]), moveOffset(node.offset[1])];
  const base = {
    offset,
    range: host.range(offset[0], offset[1]),
    ...(node.tag === undefined ? {} : { tag: node.tag }),
  };
  if (node.kind === 'scalar') return { kind: 'scalar', value: node.value, style: node.style, ...base };
  if (node.kind === 'seq')
    return { kind: 'seq', items: node.items.map((item) => moveNode(item, host, moveOffset, move)), ...base };
  return {
    kind: 'map',
    entries: node.entries.map((entry) => ({
      key: entry.key,
      keyRange: host.range(
        move(entry.keyRange.startLine, entry.keyRange.startColumn),
        move(entry.keyRange.endLine, entry.keyRange.endColumn),
      ),
      value: moveNode(entry.value, host, moveOffset, move),
    })),
    ...base,
  };
}
