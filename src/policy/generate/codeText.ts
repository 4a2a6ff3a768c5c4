// Text from runbooks (step names, ARNs, document names, file names) written into generated CloudFormation YAML and
// Terraform HCL. Every value is escaped for where it lands, so that no value can end a comment or a string and start
// code of its own.

/**
 * Characters that end a line in some reader, or that a terminal acts on: C0 and C1 controls (CR, LF, NEL U+0085 among
 * them), DEL, and the Unicode line and paragraph separators U+2028/U+2029, which YAML 1.1 parsers and many editors
 * treat as line breaks.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are escaped.
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Text for the inside of a `#` comment (YAML and HCL): one line, whatever the text holds. */
export function commentText(text: string): string {
  return text.replace(LINE_BREAKING, (char) => `\\u${hex4(char.charCodeAt(0))}`);
}

/**
 * A YAML scalar that reads back as exactly `value`: single-quoted when it is printable ASCII, otherwise double-quoted
 * with every other character as an escape (YAML 1.2, "Double-Quoted Style": `\uXXXX`, `\UXXXXXXXX`).
 */
export function yamlQuote(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `'${value.replaceAll("'", "''")}'`;
  return `"${escapeNonAscii(value)}"`;
}

/**
 * The inside of an HCL quoted string that reads back as `value`, before template escapes: quotes, backslashes and
 * every character outside printable ASCII are escapes (`\n`, `\uNNNN`, `\UNNNNNNNN`; Terraform language, "Strings and
 * Templates"). The caller escapes `${` and `%{`.
 */
export function hclLiteral(value: string): string {
  return escapeNonAscii(value);
}

function escapeNonAscii(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code <= 0xffff) out += `\\u${hex4(code)}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out;
}

function hex4(code: number): string {
  return code.toString(16).padStart(4, '0');
}
