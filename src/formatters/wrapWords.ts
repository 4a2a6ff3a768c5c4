import { displayWidth } from './displayWidth.js';
import { fitWidth } from './fitWidth.js';

/**
 * Prose split into lines of at most `width` terminal columns at spaces; the lines after the first start with `indent`
 * (which counts towards their width). A single word longer than a line is cut with `…`.
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((part) => part !== '')) {
    const prefix = lines.length === 0 ? '' : indent;
    const candidate = line === '' ? word : `${line} ${word}`;
    if (displayWidth(prefix + candidate) <= width || line === '') {
      line = candidate;
      continue;
    }
    lines.push(fitWidth(prefix + line, width));
    line = word;
  }
  if (line !== '') lines.push(fitWidth((lines.length === 0 ? '' : indent) + line, width));
  return lines;
}
