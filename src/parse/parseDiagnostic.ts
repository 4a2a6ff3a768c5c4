import type { SourceRange } from './sourceRange.js';

/**
 * Something the parser read leniently, as Systems Manager does, instead of rejecting the file: a construct only
 * YAML 1.1 parsers accept, template directives of a build tool, or a key defined twice. The rules of the same id
 * report it as a finding.
 */
export interface ParseDiagnostic {
  ruleId: 'yaml-compatibility' | 'duplicate-key';
  message: string;
  range: SourceRange;
  /** Set on the note that the file is a build template (its directives were blanked). */
  template?: true;
}
