// Evaluates Allow statements the way IAM matches them, for requests a simulator cannot place in a resource type.
// IAM compares actions case-insensitively and resources case-sensitively, `*` and `?` as wildcards; a condition block
// holds when every operator and key in it holds, a key when one of its values matches one of the request's
// (IAM User Guide, "Policy evaluation logic" and "IAM JSON policy elements: Condition operators").
import { globCovers } from './identityStatements.js';
import type { GeneratedStatement } from './policyModel.js';

export function statementsAllow(
  statements: readonly GeneratedStatement[],
  fill: (text: string) => string,
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
): boolean {
  return statements.some(
    (statement) =>
      statement.actions.some((pattern) => globCovers(pattern.toLowerCase(), action.toLowerCase())) &&
      (statement.resources.length === 0 ? ['*'] : statement.resources).some((pattern) =>
        globCovers(fill(pattern), resource),
      ) &&
      conditionsHold(statement.conditions ?? {}, fill, context),
  );
}

function conditionsHold(
  conditions: Record<string, Record<string, string[]>>,
  fill: (text: string) => string,
  context: Record<string, string | string[]>,
): boolean {
  return Object.entries(conditions).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const contextKey = Object.keys(context).find((name) => name.toLowerCase() === key.toLowerCase());
      const given = contextKey === undefined ? [] : ([] as string[]).concat(context[contextKey] as string | string[]);
      return given.some((value) => expected.some((wanted) => operatorMatches(operator, fill(wanted), value)));
    }),
  );
}

function operatorMatches(operator: string, wanted: string, value: string): boolean {
  switch (operator) {
    case 'StringEquals':
    case 'ArnEquals':
      return wanted === value;
    case 'StringEqualsIgnoreCase':
      return wanted.toLowerCase() === value.toLowerCase();
    case 'StringLike':
    case 'ArnLike':
      return globCovers(wanted, value);
    default:
      // An operator this evaluator does not know is treated as not holding: the check then reports the request as
      // denied rather than guessing.
      return false;
  }
}
