import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../rules/index.js';
import { didYouMean } from '../model/closestMatch.js';
import { packageRoot } from '../util/packageRoot.js';
import { ruleDocsUrl } from '../engine/rule.js';
import { UsageError } from './usageError.js';

/** Whether `id` names a registered rule. */
export function isRuleId(id: string): boolean {
  return rules.some((rule) => rule.meta.id === id);
}

/** Every registered rule id, in registry order. */
export function ruleIds(): string[] {
  return rules.map((rule) => rule.meta.id);
}

/**
 * A rule's documentation page as shipped with the package (docs/rules/<id>.md: what it checks, why, a bad and a good
 * example, the AWS documentation), followed by the address of the same page online, which SARIF and JSON output link.
 */
export function rulePage(id: string): string {
  if (!isRuleId(id)) {
    throw new UsageError(
      `"${id}" is not a rule id.${didYouMean(id, ruleIds())} Run \`runbook-iam rules\` to list them.`,
    );
  }
  const text = readFileSync(join(packageRoot(), 'docs', 'rules', `${id}.md`), 'utf8');
  return `${text.trimEnd()}\n\nOnline: ${ruleDocsUrl(id)}\n`;
}
