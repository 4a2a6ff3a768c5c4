import type { ScalarNode } from '../parse/documentNode.js';
import type { SourceRange } from '../parse/sourceRange.js';
import type { SourceText } from '../parse/sourceText.js';

/**
 * The runbook range of a position inside an inline script. In a YAML literal block (`|`), script line k is file
 * line (indicator line + k), indented by the block's indentation. Folded blocks (`>`) and quoted or JSON strings
 * fold lines together, so their positions are given as the script's first line.
 */
export function scriptLineRange(
  source: SourceText,
  script: ScalarNode,
  position: { line: number; column: number; endLine: number; endColumn: number },
): SourceRange {
  if (script.style === 'literal') {
    const firstLine = script.range.startLine + 1;
    const startLine = firstLine + position.line - 1;
    const endLine = firstLine + position.endLine - 1;
    const indent = indentationOf(source, firstLine);
    if (startLine <= source.lineCount) {
      return {
        file: source.file,
        startLine,
        startColumn: position.column + indent,
        endLine,
        endColumn: position.endColumn + indent,
      };
    }
  }
  return script.range;
}

function indentationOf(source: SourceText, line: number): number {
  for (let current = line; current <= source.lineCount; current++) {
    const text = source.line(current);
    if (text.trim() !== '') return text.length - text.trimStart().length;
  }
  return 0;
}
