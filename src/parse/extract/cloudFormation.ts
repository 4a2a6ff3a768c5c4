import type { DocNode } from '../documentNode.js';
import { childOf, entryOf, stringOf } from '../documentNode.js';
import type { ParsedDocument } from '../parseDocument.js';
import { linkCloudFormationRole } from './cloudFormationRole.js';
import { resourcesOf, resourceType, subTemplate } from './cloudFormationValue.js';
import { parseEmbeddedText, placeBlock } from './embeddedText.js';
import type { TextPlacement } from './embeddedText.js';
import { emptyExtraction } from './embeddedRunbook.js';
import type { Extraction } from './embeddedRunbook.js';

/**
 * A CloudFormation (or SAM, or CDK-synthesised) template: `AWSTemplateFormatVersion`, or a `Resources` map
 * with at least one `AWS::` resource type. Recognised by content, whatever the file is called.
 */
export function isCloudFormationTemplate(root: DocNode): boolean {
  if (root.kind !== 'map') return false;
  if (entryOf(root, 'AWSTemplateFormatVersion')) return true;
  return [...resourcesOf(root).values()].some((resource) => /^AWS::/.test(resourceType(resource) ?? ''));
}

/**
 * Every `AWS::SSM::Document` with `DocumentType: Automation` whose `Content` is an inline object, or a YAML/JSON
 * string (plain or `!Sub`), as a runbook located in the template. (CloudFormation AWS::SSM::Document: `Content`
 * is "a JSON or YAML object, or a string"; DocumentType defaults to Command.)
 */
export function extractCloudFormation(template: ParsedDocument): Extraction {
  const extraction = emptyExtraction('cloudformation');
  const resources = resourcesOf(template.root);
  for (const [id, resource] of resources) {
    if (resourceType(resource) !== 'AWS::SSM::Document') continue;
    const properties = childOf(resource, 'Properties');
    if (stringOf(childOf(properties, 'DocumentType')) !== 'Automation') continue;
    const contentEntry = entryOf(properties, 'Content');
    const content = contentEntry?.value;
    const name = id;
    if (!contentEntry || !content) {
      extraction.unanalysable.push({ name, reason: `AWS::SSM::Document ${id} has no Content`, range: resource.range });
      continue;
    }
    const common = { name, template: 'cloudformation' as const, templateFile: template.file };
    const text = content.tag === undefined && content.kind === 'scalar' ? stringOf(content) : subTemplate(content);
    if (text !== undefined) {
      const placement: TextPlacement =
        content.kind === 'scalar' && content.style === 'literal'
          ? placeBlock(template.source, template.source.position(content.offset[0]).line + 1, text, content.offset[0])
          : { kind: 'collapsed', offset: content.offset[0] };
      const parsed = parseEmbeddedText(template.source, text, placement, `Content of AWS::SSM::Document ${id}`);
      if (!parsed.ok) {
        extraction.problems.push(parsed.error);
        continue;
      }
      const linkedRole = linkCloudFormationRole(resources, id, parsed.document.root);
      extraction.runbooks.push({
        ...parsed.document,
        ...common,
        positions: placement.kind === 'lines' ? 'exact' : 'collapsed',
        ...(linkedRole ? { linkedRole } : {}),
      });
      continue;
    }
    const intrinsic =
      content.tag ??
      (content.kind === 'map' && content.entries.length === 1 && /^(Fn::|Ref$)/.test(content.entries[0]?.key ?? '')
        ? content.entries[0]?.key
        : undefined);
    if (content.kind !== 'map' || intrinsic !== undefined) {
      extraction.unanalysable.push({
        name,
        reason: `Content of AWS::SSM::Document ${id} is ${intrinsic ? `computed with ${intrinsic}` : 'not an object or a string'}; runbook-iam reads inline content or a YAML/JSON string — write the runbook inline to have it checked`,
        range: content.range,
      });
      continue;
    }
    const linkedRole = linkCloudFormationRole(resources, id, content);
    extraction.runbooks.push({
      file: template.file,
      format: template.format,
      source: template.source,
      root: content,
      // buildRunbook keeps those of the template's diagnostics that fall within this content.
      ...(template.diagnostics ? { diagnostics: template.diagnostics } : {}),
      ...common,
      positions: 'exact',
      ...(linkedRole ? { linkedRole } : {}),
    });
  }
  return extraction;
}
