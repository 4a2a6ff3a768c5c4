import { displayWidth } from './displayWidth.js';

/**
 * `text` cut to at most `width` terminal columns, ending with `…` when something was cut (at a space when one is near
 * the end, so words stay whole). Text that fits is returned unchanged.
 */
export function fitWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const char of text) {
    const charWidth = displayWidth(char);
    if (used + charWidth > width - 1) break;
    kept += char;
    used += charWidth;
  }
  const space = kept.lastIndexOf(' ');
  if (space > 0 && space >= kept.length - 20) kept = kept.slice(0, space);
  return `${kept.trimEnd()}…`;
}
