import type { PolicyDocument, PolicyStatement } from '../roleInfo.js';
import { fillKnown } from './policyModel.js';
import type { ArnValues, GeneratedPolicy, GeneratedStatement } from './policyModel.js';

/** IAM quota: a customer managed policy has at most 6,144 characters, whitespace not counted (IAM User Guide, "IAM and AWS STS quotas"). */
export const MANAGED_POLICY_LIMIT = 6144;
/** IAM quota: a role trust policy has at most 2,048 characters by default (can be raised to 4,096). */
export const TRUST_POLICY_LIMIT = 2048;
/** IAM quota: managed policies attached to a role, by default (can be raised to 20). */
export const ATTACHED_POLICIES_LIMIT = 10;

/** The longest values the placeholders take in any partition (aws-us-gov, ap-southeast-7), for size checks. */
const LONGEST: Required<ArnValues> = { partition: 'aws-us-gov', region: 'ap-southeast-7', account: '123456789012' };

/** A statement as IAM JSON; `fill` maps each string (ARN or condition value) to its rendered form. */
export function statementJson(
  statement: GeneratedStatement,
  effectPrincipal: Partial<PolicyStatement> = {},
  fill: (text: string) => string = (text) => text,
): PolicyStatement {
  const one = (list: string[]): string | string[] => (list.length === 1 ? (list[0] as string) : list);
  const json: PolicyStatement = { Sid: statement.Sid, Effect: 'Allow', ...effectPrincipal };
  json.Action = one(statement.actions);
  if (statement.resources.length > 0) json.Resource = one(statement.resources.map(fill));
  if (statement.conditions) {
    const condition: NonNullable<PolicyStatement['Condition']> = {};
    for (const [operator, keys] of Object.entries(statement.conditions)) {
      condition[operator] = Object.fromEntries(
        Object.entries(keys).map(([key, values]) => [key, one(values.map(fill))]),
      );
    }
    json.Condition = condition;
  }
  return json;
}

export const SSM_PRINCIPAL = { Principal: { Service: 'ssm.amazonaws.com' } };

/** The IAM policy document of a generated policy, with placeholders filled by `fill` (default: left as they are). */
export function policyDocument(
  policy: Pick<GeneratedPolicy, 'kind' | 'statements'>,
  fill: (text: string) => string = (text) => text,
): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: policy.statements.map((statement) =>
      statementJson(statement, policy.kind === 'trust' ? SSM_PRINCIPAL : {}, fill),
    ),
  };
}

/** Characters IAM counts for the policy once deployed: minified JSON with the longest placeholder values. */
export function policySize(policy: Pick<GeneratedPolicy, 'kind' | 'statements'>, values: ArnValues = {}): number {
  const longest = { ...LONGEST, ...Object.fromEntries(Object.entries(values).filter(([, value]) => value)) };
  return JSON.stringify(policyDocument(policy, (text) => fillKnown(text, longest))).length;
}

/**
 * Packs statements into as few policies as fit under `limit`, in order; a statement too large alone is cut into
 * statements with fewer actions (then fewer resources), each keeping its Sid with a number.
 */
export function splitStatements(
  kind: GeneratedPolicy['kind'],
  statements: GeneratedStatement[],
  limit: number,
  values: ArnValues = {},
): GeneratedStatement[][] {
  const fits = (list: GeneratedStatement[]): boolean => policySize({ kind, statements: list }, values) <= limit;
  const pieces = statements.flatMap((statement) => cutToFit(statement, (piece) => fits([piece])));
  const policies: GeneratedStatement[][] = [];
  for (const piece of pieces) {
    const last = policies.at(-1);
    if (last && fits([...last, piece])) last.push(piece);
    else policies.push([piece]);
  }
  return policies;
}

function cutToFit(
  statement: GeneratedStatement,
  fits: (statement: GeneratedStatement) => boolean,
): GeneratedStatement[] {
  if (fits(statement)) return [statement];
  const halves = (list: string[]): [string[], string[]] => [
    list.slice(0, Math.ceil(list.length / 2)),
    list.slice(Math.ceil(list.length / 2)),
  ];
  let parts: GeneratedStatement[];
  if (statement.actions.length > 1) {
    const [first, second] = halves(statement.actions);
    parts = [first, second].map((actions) => ({
      ...statement,
      actions,
      comments: statement.comments.filter((line) => actions.some((action) => line.startsWith(`${action}:`))),
    }));
  } else if (statement.resources.length > 1) {
    const [first, second] = halves(statement.resources);
    parts = [first, second].map((resources) => ({ ...statement, resources }));
  } else {
    return [statement]; // One action on one resource cannot be cut; the size check reports it.
  }
  return parts
    .flatMap((part) => cutToFit(part, fits))
    .map((part, index) => ({ ...part, Sid: `${statement.Sid.replace(/Part\d+$/, '')}Part${index + 1}` }));
}
