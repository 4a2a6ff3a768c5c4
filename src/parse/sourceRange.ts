/** A span of source text. Lines and columns are 1-based, as editors and SARIF count them; the end is inclusive of the last character's column + 1. */
export interface SourceRange {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export function pointRange(file: string, line: number, column = 1): SourceRange {
  return { file, startLine: line, startColumn: column, endLine: line, endColumn: column };
}
