// The generated policies before rendering: ARNs and condition values keep the `${Partition}`, `${Region}` and
// `${Account}` placeholders of the needs, so that each format can fill them its own way (values, `*`, `!Sub`,
// Terraform data sources).

export type Placeholder = 'Partition' | 'Region' | 'Account';
export const PLACEHOLDERS: readonly Placeholder[] = ['Partition', 'Region', 'Account'];

/** The values --partition, --region and --account give; a missing one stays a placeholder until rendering. */
export interface ArnValues {
  partition?: string;
  region?: string;
  account?: string;
}

export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface GeneratedStatement {
  Sid: string;
  actions: string[];
  resources: string[];
  conditions?: ConditionBlock;
  /** Why the statement has `Resource: "*"`, one line per action: written as comments in CloudFormation/Terraform. */
  comments: string[];
}

export interface GeneratedPolicy {
  /** Policy name (IAM: at most 128 characters of [\w+=,.@-]); also the JSON key when several policies are printed. */
  name: string;
  kind: 'identity' | 'trust' | 'passrole';
  statements: GeneratedStatement[];
  /** Characters of the policy as IAM counts them (JSON without whitespace), with the longest values for placeholders. */
  size: number;
}

export type PolicyKind = GeneratedPolicy['kind'];

/** The role the runbooks run as: its name, and its ARN when the runbook or --role-arn gives it. */
export interface AssumeRoleTarget {
  name: string;
  /** A literal ARN (from the runbook's assumeRole default or --role-arn); otherwise built from the name. */
  arn?: string;
}

/** Replaces the placeholders that have a value; the others stay. */
export function fillKnown(text: string, values: ArnValues): string {
  let filled = text;
  if (values.partition) filled = filled.replaceAll('${Partition}', values.partition);
  if (values.region) filled = filled.replaceAll('${Region}', values.region);
  if (values.account) filled = filled.replaceAll('${Account}', values.account);
  return filled;
}

export function placeholdersIn(text: string): Placeholder[] {
  return PLACEHOLDERS.filter((name) => text.includes(`\${${name}}`));
}
