import type { SyntaxNode } from '@lezer/common';

/** A script's text with its line starts, to give nodes their source text and 1-based positions. */
export class PythonSource {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** The source text of a node ('' for none). */
  of(node: SyntaxNode | null | undefined): string {
    return node ? this.text.slice(node.from, node.to) : '';
  }

  /** The 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }
}

/** The children of a syntax node, in order. */
export function childList(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

/** The value of a Python string literal token (prefixes and quotes removed; escapes left as written). */
export function stringLiteral(token: string): string {
  let start = 0;
  while (start < token.length && 'rRbBuUfF'.includes(token[start] ?? '"')) start++;
  const body = token.slice(start);
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  return body.endsWith(quote) && body.length >= quote.length * 2
    ? body.slice(quote.length, body.length - quote.length)
    : body.slice(quote.length);
}
