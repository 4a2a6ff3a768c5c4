import type { ParsedDocument } from '../parseDocument.js';
import { extractCloudFormation, isCloudFormationTemplate } from './cloudFormation.js';
import { emptyExtraction } from './embeddedRunbook.js';
import type { Extraction } from './embeddedRunbook.js';

export type { EmbeddedRunbook, Extraction, TemplateKind, UnanalysableDocument } from './embeddedRunbook.js';
export type { KnownPolicy, RoleDescription } from './linkedRole.js';
export { extractTerraform, isTerraformPath } from './terraform.js';

/**
 * The Automation runbooks inside a parsed YAML/JSON file that is not itself a runbook: CloudFormation, SAM and
 * CDK (`cdk.out/*.template.json`) templates. Any other document yields an extraction without `template`.
 * Terraform (.tf) is HCL, not YAML: see extractTerraform.
 */
export function extractRunbooks(parsed: ParsedDocument): Extraction {
  if (isCloudFormationTemplate(parsed.root)) return extractCloudFormation(parsed);
  return emptyExtraction();
}
