import type { DocNode } from '../parse/documentNode.js';
import { childOf, entryOf, scalarOf } from '../parse/documentNode.js';

/**
 * What kind of Systems Manager document a parsed file is, when it plainly is one but not an Automation runbook
 * (SSM document schema features: https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-schemas-features.html):
 * Command documents (schemaVersion 1.2 with runtimeConfig, 2.0 and 2.2 with mainSteps; Policy documents share
 * 1.2 and 2.0), Session documents (sessionType), Distributor package manifests (packages, files) and Change
 * Manager templates (schemaVersion 0.3 with templateInformation or executableRunbooks). Undefined otherwise.
 */
export function ssmDocumentKind(root: DocNode): string | undefined {
  if (root.kind !== 'map') return undefined;
  const version = scalarOf(childOf(root, 'schemaVersion'));
  if (version === undefined || version === null) return undefined;
  const schema = `schemaVersion '${String(version)}'`;
  const sessionType = scalarOf(childOf(root, 'sessionType'));
  if (sessionType !== undefined) return `a Session document (sessionType ${String(sessionType)})`;
  if (entryOf(root, 'packages') !== undefined) return 'a Distributor package manifest';
  const hasMainSteps = entryOf(root, 'mainSteps') !== undefined;
  if (String(version) === '0.3' && !hasMainSteps) {
    if (entryOf(root, 'templateInformation') !== undefined || entryOf(root, 'executableRunbooks') !== undefined)
      return 'a Change Manager change template';
    return undefined;
  }
  if (entryOf(root, 'runtimeConfig') !== undefined) return `a Command or Policy document (${schema}, runtimeConfig)`;
  if (!hasMainSteps) return undefined;
  if (String(version) === '2.2') return `a Command document (${schema})`;
  if (String(version) === '2.0' || String(version) === '1.2') return `a Command or Policy document (${schema})`;
  return undefined;
}
