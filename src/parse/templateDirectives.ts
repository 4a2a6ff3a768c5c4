/** A build template's control syntax found in a YAML file. */
export interface TemplateSyntax {
  /** What renders the file, as users call it. */
  kind: 'Terraform templatefile()' | 'Jinja' | 'ERB';
  /** The first directive, as written. */
  directive: string;
  /** Its offset in the text. */
  offset: number;
}

/** Terraform template directives (Terraform: Strings and Templates, "Directives"): if, else, endif, for, endfor. */
const TERRAFORM_DIRECTIVE = /%\{~?\s*(?:if|else|endif|for|endfor)\b[^}\n]*\}/g;
/** A Terraform interpolation whose expression is not a plain name: `${ x == "" ? "a" : "b" }` breaks YAML. */
const TERRAFORM_EXPRESSION = /\$\{([^}\n]*)\}/g;
/** A line that is only a Jinja (`{% if %}`) or ERB (`<% if %>`) statement. */
const STATEMENT_LINE = /^[ \t]*(\{%-?[^\n]*?-?%\}|<%-?[^=\n][^\n]*?-?%>)[ \t]*$/gm;

/**
 * The first build-template construct in a text that is not YAML as written: a Terraform directive, a Terraform
 * interpolation with an expression, or a line holding only a Jinja or ERB statement. `${name}` alone is not one:
 * it is a plain YAML scalar, and Systems Manager receives it rendered.
 */
export function findTemplateSyntax(text: string): TemplateSyntax | undefined {
  const found: TemplateSyntax[] = [];
  const directive = new RegExp(TERRAFORM_DIRECTIVE.source).exec(text);
  if (directive) found.push({ kind: 'Terraform templatefile()', directive: directive[0], offset: directive.index });
  for (const match of text.matchAll(TERRAFORM_EXPRESSION)) {
    if (isPlainName(match[1] as string)) continue;
    found.push({ kind: 'Terraform templatefile()', directive: match[0], offset: match.index });
    break;
  }
  const statement = new RegExp(STATEMENT_LINE.source, 'm').exec(text);
  if (statement) {
    const written = statement[1] as string;
    found.push({
      kind: written.startsWith('<%') ? 'ERB' : 'Jinja',
      directive: written,
      offset: statement.index + statement[0].indexOf(written),
    });
  }
  return found.sort((a, b) => a.offset - b.offset)[0];
}

/**
 * The text with template directives blanked out (same length, so lines and columns stay): the content of every
 * branch and loop body is kept once. `${name}` interpolations stay as plain text in the runbook; longer expressions
 * become `${____}` of the same length, an opaque value (Terraform templatefile function).
 */
export function blankTemplateDirectives(text: string): string {
  return text
    .replace(/%\{[^}]*\}/g, blank)
    .replace(STATEMENT_LINE, blank)
    .replace(TERRAFORM_EXPRESSION, (interpolation, expression: string) =>
      // An expression such as `${ x == "" ? "a" : "b" }` is not a YAML scalar: keep its place, not its text.
      isPlainName(expression) ? interpolation : `\${${'_'.repeat(expression.length)}}`,
    );
}

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

function isPlainName(expression: string): boolean {
  return /^[\w.[\]]*$/.test(expression);
}
