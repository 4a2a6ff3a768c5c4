import type { SourceRange } from '../parse/sourceRange.js';

/**
 * `certain`: known from the runbook's text; `likely`: inferred (a boto3 resource method, a parameter default that
 * the caller may override, an allowedPattern); `unknown`: computed at run time (a `{{ reference }}` Service/Api, a
 * dynamic boto3 client, a resource name from a parameter without default or from a step output).
 */
export type Confidence = 'certain' | 'likely' | 'unknown';

/** One IAM action one step needs, on which resources, and why. */
export interface PermissionNeed {
  /** `ec2:DescribeInstances`; `ec2:*` or `*` when the operation is only known at run time. */
  action: string;
  /** ARNs with `${Partition}`, `${Region}`, `${Account}` placeholders, or `*`. */
  resources: string[];
  /** IAM condition block that narrows the need safely (iam:PassedToService for iam:PassRole). */
  conditions?: Record<string, Record<string, string[]>>;
  step: string;
  /** Why: "aws:executeAwsApi ec2.DescribeInstances", "iam:PassRole for IamInstanceProfile", "boto3 call ec2.describe_instances (script line 12)". */
  reason: string;
  /** How sure the action is needed. */
  confidence: Confidence;
  /** How sure the resources are (see Confidence); `*` from a run-time value is `unknown`. */
  resourceConfidence: Confidence;
  /** Where the need comes from: the Api input, the step head, or the script line. */
  range: SourceRange;
}

export interface StepPermissions {
  step: string;
  action: string;
  needs: PermissionNeed[];
}
