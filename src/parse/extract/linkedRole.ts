import type { SourceRange } from '../sourceRange.js';

/** An identity policy document known from the template, with where it came from. */
export interface KnownPolicy {
  /** PolicyName, or the logical id / resource name of the policy resource. */
  name: string;
  /**
   * The policy document as plain data. CloudFormation intrinsics stay as CloudFormation JSON writes them
   * (`{ "Fn::Sub": "arn:..." }`, `{ "Ref": "Bucket" }`, `{ "Fn::GetAtt": ["Role", "Arn"] }`), whichever form the
   * template used; Terraform interpolations stay as `${...}` strings.
   */
  document: unknown;
  /** e.g. `inline policy of AutomationRole`, `AWS::IAM::ManagedPolicy LogsPolicy`, `aws_iam_role_policy.logs`. */
  origin: string;
  range?: SourceRange;
}

/**
 * The role an embedded runbook runs as, found statically in the same template (its assumeRole, or the
 * AutomationAssumeRole given to it by a parameter default, an association, a Config remediation or a FIS action).
 * The security rules compare a runbook's needs with this instead of a `--role` file.
 */
export interface RoleDescription {
  /** Human-readable: `CloudFormation resource AutomationRole`, `Terraform aws_iam_role.automation`. */
  source: string;
  /** How the link was made, e.g. `assumeRole default: !GetAtt AutomationRole.Arn`. */
  via: string;
  /** RoleName / name, when written literally. */
  roleName?: string;
  trustPolicy?: unknown;
  /** Inline policies and customer managed policies from the same template attached to the role (all identity policies). */
  inlinePolicies: KnownPolicy[];
  /** ARNs of managed policies whose documents are not in the template (AWS managed or from elsewhere), as written. */
  managedPolicyArns: string[];
  /** The role's definition in the template. */
  range?: SourceRange;
}
