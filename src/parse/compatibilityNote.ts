import type { YAMLError } from 'yaml';
import type { ParseDiagnostic } from './parseDiagnostic.js';
import type { SourceText } from './sourceText.js';

/**
 * The note for a document that a YAML 1.2 parser rejects and js-yaml (as PyYAML) reads. The YAML 1.2 parser's own
 * message describes the symptom ("Missing closing 'quote" for a quote that is closed a few lines later); the
 * constructs seen in real runbooks are named for what they are.
 */
export function compatibilityNote(error: YAMLError, source: SourceText): ParseDiagnostic {
  const [start, end] = error.pos;
  const stated = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  let what = `${stated.replace(/\.$/, '')}`;
  if (error.code === 'BAD_INDENT' && /^Flow (map|sequence)/.test(stated))
    what = 'a flow collection ({ } or [ ]) continues on lines not indented past its key';
  else if (error.code === 'MISSING_CHAR' && /quote/.test(stated))
    what = 'a quoted scalar continues on lines not indented past its key';
  else if (error.code === 'TAB_AS_INDENT') what = 'a tab is used as indentation';
  return {
    ruleId: 'yaml-compatibility',
    message: `Not valid YAML 1.2: ${what}; read as YAML 1.1 parsers such as PyYAML read it.`,
    range: source.range(start, Math.max(start, end)),
  };
}
