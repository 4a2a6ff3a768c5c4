/**
 * A linear pass over Terraform source before HashiCorp's HCL parser sees it, for what that parser does badly on
 * hostile input: nesting thousands of brackets deep crashes it, and its time grows with the square of a heredoc's
 * line count (an 11,000-line heredoc takes seconds, an unterminated one in 500 KB two minutes).
 *
 * HCL native syntax: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md (heredoc templates: `<<ID` or
 * `<<-ID` then a newline, closed by a line holding only ID; `<<-` removes the common leading whitespace).
 */

/** Deeper than any Terraform configuration nests; the parser itself fails past about 2,000. */
export const MAX_HCL_NESTING = 256;

/** Heredocs with more lines than this are handed to the parser as a placeholder string and put back afterwards. */
export const LONG_HEREDOC_LINES = 2000;

export interface Heredoc {
  /** The heredoc's value, as Terraform gives it (body lines, common indentation removed for `<<-`). */
  value: string;
  /** Its source text, `<<ID` to the closing marker, as the parser shows a heredoc inside a larger expression. */
  source: string;
  /** The line breaks in `source`, which follow the placeholder so that later lines keep their numbers. */
  newlines: number;
}

export type HclPrescan =
  | { ok: true; text: string; heredocs: Map<string, Heredoc> }
  | { ok: false; message: string; line: number; column: number };

const HEREDOC_START = /<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?\n/y;

type Open = '[' | '{' | '(' | '"' | '${' | { heredocEnd: number; closingEnd: number };

/**
 * Checks nesting (brackets, and templates inside strings and heredocs) and heredocs, and replaces long heredocs by
 * `"placeholder"` plus as many newlines, so that every line keeps its number.
 */
export function prescanHcl(text: string, maxNesting = MAX_HCL_NESTING): HclPrescan {
  const heredocs = new Map<string, Heredoc>();
  const pieces: string[] = [];
  let copiedUpTo = 0;
  const open: Open[] = [];
  let line = 1;
  let lineStart = 0;
  const tooDeep = (at: number): HclPrescan => ({
    ok: false,
    message: `brackets and templates are nested more than ${maxNesting} levels deep; the file was not parsed`,
    line,
    column: at - lineStart + 1,
  });
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const top = open.at(-1);
    if (typeof top === 'object' && i >= top.heredocEnd) {
      // The closing marker of the heredoc being read.
      open.pop();
      i = top.closingEnd - 1;
      continue;
    }
    if (char === '\n') {
      line++;
      lineStart = i + 1;
      // A quoted string ends at its line (the parser reports it as unterminated).
      while (open.at(-1) === '"') open.pop();
      continue;
    }
    if (top === '"' || typeof top === 'object') {
      if (char === '\\' && top === '"') i++;
      else if (char === '"' && top === '"') open.pop();
      else if ((char === '$' || char === '%') && text[i + 1] === '{' && text[i - 1] !== char) {
        open.push('${');
        i++;
        if (open.length > maxNesting) return tooDeep(i);
      }
      continue;
    }
    if (char === '"') {
      open.push('"');
      if (open.length > maxNesting) return tooDeep(i);
    } else if (char === '#' || (char === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (let k = i; k < stop; k++) if (text[k] === '\n') [line, lineStart] = [line + 1, k + 1];
      i = stop - 1;
    } else if (char === '[' || char === '{' || char === '(') {
      open.push(char);
      if (open.length > maxNesting) return tooDeep(i);
    } else if (char === ']' || char === '}' || char === ')') {
      if (open.length > 0) open.pop();
    } else if (char === '<' && text[i + 1] === '<') {
      HEREDOC_START.lastIndex = i;
      const start = HEREDOC_START.exec(text);
      if (!start) continue;
      const [opener, flush, marker] = start as unknown as [string, string, string];
      const bodyStart = i + opener.length;
      const closing = closingMarker(text, bodyStart, marker);
      if (!closing) {
        return {
          ok: false,
          message: `the heredoc <<${flush}${marker} is never closed (no line holding only ${marker})`,
          line,
          column: i - lineStart + 1,
        };
      }
      if (countNewlines(text, bodyStart, closing.start) > LONG_HEREDOC_LINES) {
        const placeholder = `runbook-iam-heredoc-${heredocs.size}-${bodyStart}`;
        const body = text.slice(bodyStart, closing.start);
        const newlines = countNewlines(text, i, closing.end);
        heredocs.set(placeholder, {
          value: flush ? withoutCommonIndent(body) : body,
          source: text.slice(i, closing.end),
          newlines,
        });
        pieces.push(text.slice(copiedUpTo, i), `"${placeholder}"`, '\n'.repeat(newlines));
        copiedUpTo = closing.end;
      }
      // The body is read as a template (its interpolations nest like any expression) up to the closing marker.
      open.push({ heredocEnd: closing.start, closingEnd: closing.end });
      if (open.length > maxNesting) return tooDeep(i);
      line++;
      lineStart = bodyStart;
      i = bodyStart - 1;
    }
  }
  if (heredocs.size === 0) return { ok: true, text, heredocs };
  pieces.push(text.slice(copiedUpTo));
  return { ok: true, text: pieces.join(''), heredocs };
}

/** The closing line: `start` is where it begins, `end` is just after the marker (before its line break). */
function closingMarker(text: string, from: number, marker: string): { start: number; end: number } | undefined {
  let lineStart = from;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (text.slice(lineStart, lineEnd).trim() === marker) {
      return { start: lineStart, end: text.indexOf(marker, lineStart) + marker.length };
    }
    if (newline === -1) return undefined;
    lineStart = newline + 1;
  }
  return undefined;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** `<<-`: every line loses the leading whitespace that all non-blank lines share. */
function withoutCommonIndent(body: string): string {
  const lines = body.split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)?.[0].length ?? 0))).join('\n');
}

/** Puts long heredocs back into the parser's output: a whole-string placeholder becomes the value, else the source. */
export function restoreHeredocs(value: unknown, heredocs: Map<string, Heredoc>): unknown {
  if (heredocs.size === 0) return value;
  if (typeof value === 'string') {
    const whole = /^runbook-iam-heredoc-\d+-\d+$/.test(value) ? heredocs.get(value) : undefined;
    if (whole) return whole.value;
    return value.includes('runbook-iam-heredoc-')
      ? value.replace(/"(runbook-iam-heredoc-\d+-\d+)"(\n*)/g, (match, key: string, breaks: string) => {
          const heredoc = heredocs.get(key);
          return heredoc ? heredoc.source + breaks.slice(heredoc.newlines) : match;
        })
      : value;
  }
  if (Array.isArray(value)) return value.map((item) => restoreHeredocs(item, heredocs));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = restoreHeredocs(item, heredocs);
    return result;
  }
  return value;
}
