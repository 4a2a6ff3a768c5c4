/** An IAM policy document as JSON writes it (Version, Statement as one object or a list). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny' | string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean | number>>;
}

/** One identity policy of a role. `managed` is true only for AWS managed policies (arn:aws:iam::aws:policy/...). */
export interface RolePolicy {
  name: string;
  document: PolicyDocument;
  managed: boolean;
  arn?: string;
}

/** The role a runbook runs as, from any source (--role file, config `roles:`, a role in the same template). */
export interface RoleInfo {
  /** Where the role came from, for messages: `examples/roles/automation-role.json`, `CloudFormation resource AutomationRole`. */
  source: string;
  name?: string;
  arn?: string;
  trustPolicy?: PolicyDocument;
  policies: RolePolicy[];
  /** Problems met while reading the role (an AWS managed policy not in the snapshot...), reported once per run. */
  problems: string[];
  /** Part of the role's permissions could not be read (a policy not in the snapshot, a document built at deploy time): rules that report what the role does NOT allow stay silent. */
  incomplete?: boolean;
}

export function statementsOf(document: PolicyDocument | undefined): PolicyStatement[] {
  if (!document) return [];
  const statements = document.Statement;
  if (Array.isArray(statements))
    return statements.filter((statement) => typeof statement === 'object' && statement !== null);
  return typeof statements === 'object' && statements !== null ? [statements] : [];
}

export function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [value];
}

/** The 12-digit account of an ARN, if it has one. */
export function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}
