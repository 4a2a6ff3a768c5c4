export interface PowerShellToken {
  kind: 'word' | 'variable' | 'operator';
  text: string;
  /** Offset of the token in the script. */
  from: number;
  to: number;
}

const WORD_BREAK = new Set([
  ' ',
  '\t',
  '\r',
  '\n',
  ';',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '|',
  ',',
  '=',
  '"',
  "'",
  '#',
  '<',
  '>',
  '&',
  '`',
]);

/**
 * Splits PowerShell source into words, variables and operators. Comments (`#`, `<# #>`) and string literals
 * (including here-strings) produce no tokens, except the `$( )` subexpressions inside double-quoted strings,
 * which PowerShell runs (about_Quoting_Rules).
 */
export function tokenizePowerShell(source: string, base = 0): PowerShellToken[] {
  const tokens: PowerShellToken[] = [];
  let i = 0;
  const n = source.length;
  const at = (k: number): string => source[k] ?? '';
  while (i < n) {
    const c = at(i);
    if (c === '<' && at(i + 1) === '#') {
      const end = source.indexOf('#>', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '#') {
      while (i < n && at(i) !== '\n') i++;
    } else if (c === '@' && (at(i + 1) === "'" || at(i + 1) === '"') && isLineEnd(source, i + 2)) {
      const quote = at(i + 1);
      const close = findHereStringEnd(source, i + 2, quote);
      const end = close < 0 ? n : close + 2;
      if (quote === '"') tokens.push(...subexpressions(source, i + 2, close < 0 ? n : close, base));
      i = end;
    } else if (c === "'" || c === '\u2018' || c === '\u2019') {
      i++;
      while (i < n) {
        if ((at(i) === "'" || at(i) === '\u2019') && at(i + 1) === "'") i += 2;
        else if (at(i) === "'" || at(i) === '\u2019') {
          i++;
          break;
        } else i++;
      }
    } else if (c === '"' || c === '\u201C' || c === '\u201D') {
      const start = i + 1;
      i++;
      while (i < n && at(i) !== '"' && at(i) !== '\u201D') {
        if (at(i) === '`') i += 2;
        else if (at(i) === '$' && at(i + 1) === '(') i = skipBalanced(source, i + 1);
        else i++;
      }
      tokens.push(...subexpressions(source, start, Math.min(i, n), base));
      i++;
    } else if (c === '$') {
      const start = i;
      i++;
      if (at(i) === '{') {
        const end = source.indexOf('}', i);
        i = end < 0 ? n : end + 1;
      } else if (at(i) === '(') {
        tokens.push({ kind: 'operator', text: '$', from: base + start, to: base + i });
        continue;
      } else {
        while (i < n && /[\w:?^$]/.test(at(i))) i++;
      }
      tokens.push({ kind: 'variable', text: source.slice(start, i), from: base + start, to: base + i });
    } else if (c === '`') {
      i += 2;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (WORD_BREAK.has(c)) {
      tokens.push({ kind: 'operator', text: c, from: base + i, to: base + i + 1 });
      i++;
    } else {
      const start = i;
      while (i < n && !WORD_BREAK.has(at(i)) && at(i) !== '$') i++;
      if (i === start) i++;
      tokens.push({ kind: 'word', text: source.slice(start, i), from: base + start, to: base + i });
    }
  }
  return tokens;
}

function isLineEnd(source: string, index: number): boolean {
  let k = index;
  while (source[k] === ' ' || source[k] === '\t') k++;
  return source[k] === '\n' || source[k] === '\r' || k >= source.length;
}

/** A here-string ends at a line that starts with the closing quote followed by `@`. */
function findHereStringEnd(source: string, from: number, quote: string): number {
  let k = source.indexOf('\n', from);
  while (k >= 0) {
    if (source[k + 1] === quote && source[k + 2] === '@') return k + 1;
    k = source.indexOf('\n', k + 1);
  }
  return -1;
}

function skipBalanced(source: string, open: number): number {
  let depth = 0;
  for (let k = open; k < source.length; k++) {
    if (source[k] === '(') depth++;
    else if (source[k] === ')' && --depth === 0) return k + 1;
  }
  return source.length;
}

function subexpressions(source: string, from: number, to: number, base: number): PowerShellToken[] {
  const tokens: PowerShellToken[] = [];
  for (let k = from; k < to; k++) {
    if (source[k] === '`') {
      k++;
      continue;
    }
    if (source[k] === '$' && source[k + 1] === '(') {
      const end = Math.min(skipBalanced(source, k + 1), to);
      tokens.push(...tokenizePowerShell(source.slice(k + 2, end - 1), base + k + 2));
      k = end - 1;
    }
  }
  return tokens;
}
