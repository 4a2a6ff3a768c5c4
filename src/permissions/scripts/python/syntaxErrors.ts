import type { SyntaxNode } from '@lezer/common';
import type { ScriptParseError } from '../scriptAnalysis.js';
import type { PythonSource } from './pythonSource.js';

const MAX_ERRORS = 50;

/** The syntax errors the parser recovered from (at most 50, one per position), with the text near each. */
export function syntaxErrors(top: SyntaxNode, source: PythonSource): ScriptParseError[] {
  const errors: ScriptParseError[] = [];
  const seen = new Set<number>();
  const cursor = top.cursor();
  do {
    if (cursor.type.isError && !seen.has(cursor.from) && errors.length < MAX_ERRORS) {
      seen.add(cursor.from);
      const { line, column } = source.position(cursor.from);
      const near =
        source.text
          .slice(cursor.from, Math.max(cursor.to, cursor.from + 1))
          .split('\n')[0]
          ?.slice(0, 30) ?? '';
      errors.push({
        line,
        column,
        message:
          near.trim() === ''
            ? `Python syntax error at line ${line}, column ${column}; calls after it may be missed.`
            : `Python syntax error near '${near.trim()}' at line ${line}, column ${column}; calls after it may be missed.`,
      });
    }
  } while (cursor.next());
  return errors;
}
