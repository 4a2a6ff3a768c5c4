import type { PermissionNeed } from '../permissions/permissionNeed.js';

const OPERATOR_SIGNS: Record<string, string> = {
  StringEquals: '=',
  ArnEquals: '=',
  StringLike: ' like ',
  ArnLike: ' like ',
};

/**
 * A need's IAM condition block in one short phrase for tables: `iam:PassedToService=ec2.amazonaws.com`; several values
 * of one key are alternatives (`a|b`), several keys all apply (`, `). Empty without conditions.
 */
export function conditionText(conditions: PermissionNeed['conditions']): string {
  const parts: string[] = [];
  for (const [operator, keys] of Object.entries(conditions ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      const sign = OPERATOR_SIGNS[operator];
      parts.push(sign ? `${key}${sign}${values.join('|')}` : `${operator} ${key}=${values.join('|')}`);
    }
  }
  return parts.join(', ');
}

/** Resources of a table cell, followed by the condition that narrows them (`* if iam:PassedToService=…`). */
export function resourcesWithCondition(resources: readonly string[], conditions: PermissionNeed['conditions']): string {
  const condition = conditionText(conditions);
  return `${resources.join(', ')}${condition ? ` if ${condition}` : ''}`;
}
