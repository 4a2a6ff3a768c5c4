import type { ParsedDocument, ParseFailure } from '../parseDocument.js';
import type { SourceRange } from '../sourceRange.js';
import type { RoleDescription } from './linkedRole.js';

export type TemplateKind = 'cloudformation' | 'terraform';

/**
 * An Automation runbook found inside infrastructure code. It is a ParsedDocument whose `file` is the file the
 * findings belong in (the template, or for Terraform `file(...)` content the referenced runbook file) and whose
 * `root` is the document's content with ranges in that file.
 */
export interface EmbeddedRunbook extends ParsedDocument {
  /** Logical id (CloudFormation) or `aws_ssm_document.<name>` (Terraform), so findings can say which document. */
  name: string;
  template: TemplateKind;
  /** The template the runbook was found in. */
  templateFile: string;
  /**
   * How ranges relate to the content: `exact` (inline object, block scalar, heredoc, separate file) or `collapsed`
   * (content written as a one-line or escaped string: every node is located at the string's start).
   */
  positions: 'exact' | 'collapsed';
  linkedRole?: RoleDescription;
}

/** An Automation document in a template whose content cannot be read statically (built by a function, a missing file). */
export interface UnanalysableDocument {
  name: string;
  reason: string;
  range: SourceRange;
}

export interface Extraction {
  /** What the file is; undefined when it is not infrastructure code (then it has nothing to extract). */
  template?: TemplateKind;
  runbooks: EmbeddedRunbook[];
  /** Content given as a string or file that is not valid YAML/JSON: reported as parse errors. */
  problems: ParseFailure[];
  unanalysable: UnanalysableDocument[];
}

export function emptyExtraction(template?: TemplateKind): Extraction {
  return { ...(template === undefined ? {} : { template }), runbooks: [], problems: [], unanalysable: [] };
}
