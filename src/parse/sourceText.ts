import type { SourceRange } from './sourceRange.js';

/** The text of one file with a line index, to turn character offsets into 1-based line/column positions. */
export class SourceText {
  readonly lineStarts: number[];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 1-based line and column of a character offset. */
  position(offset: number): { line: number; column: number } {
    const clamped = this.clamp(offset);
    const index = this.lineIndex(clamped);
    return { line: index + 1, column: clamped - (this.lineStarts[index] as number) + 1 };
  }

  /** Computed without intermediate objects: every node of a document gets a range, so this runs per node. */
  range(start: number, end: number): SourceRange {
    const from = this.clamp(start);
    const to = this.clamp(Math.max(start, end));
    const fromLine = this.lineIndex(from);
    // An end on the start's line (most nodes) needs no second search.
    const next = this.lineStarts[fromLine + 1];
    const toLine = next === undefined || to < next ? fromLine : this.lineIndex(to);
    return {
      file: this.file,
      startLine: fromLine + 1,
      startColumn: from - (this.lineStarts[fromLine] as number) + 1,
      endLine: toLine + 1,
      endColumn: to - (this.lineStarts[toLine] as number) + 1,
    };
  }

  private clamp(offset: number): number {
    return Math.max(0, Math.min(offset, this.text.length));
  }

  /** 0-based index of the line holding a (clamped) offset. */
  private lineIndex(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The text of a 1-based line without its line break. */
  line(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))] as number;
  }
}
