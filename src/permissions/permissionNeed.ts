import type { SourceRange } from '../parse/sourceRange.js';

/**
 * `certain`: known from the runbook's text; `likely`: inferred (a boto3 resource method, a parameter default that
 * the caller may override, an allowedPattern); `conditional`: needed only under a condition the runbook cannot show
 * (the need's `condition` says which); `unknown`: computed at run time (a `{{ reference }}` Service/Api, a dynamic
 * boto3 client, a resource name from a parameter without default or from a step output).
 */
export type Confidence = 'certain' | 'likely' | 'conditional' | 'unknown';

/** The families of actions a step needs beyond the call it makes; each can be left out by name (config, `--exclude`). */
export type FollowOnKind = 'kms' | 'cloudwatch-output' | 'dependent';
export const FOLLOW_ON_KINDS: readonly FollowOnKind[] = ['kms', 'cloudwatch-output', 'dependent'];

/** What must hold in the account for a `conditional` need to be needed. */
export type NeedCondition =
  /** The resource the call touches is encrypted with a customer managed KMS key (AWS managed keys need no grant). */
  | { kind: 'customer-managed-key'; service: string; text: string }
  /** Automation sends aws:executeScript output to CloudWatch Logs (an account-level setting). */
  | { kind: 'cloudwatch-output'; text: string }
  /** Something else about the account that the runbook cannot show (a service-linked role not created yet). */
  | { kind: 'account-state'; text: string };

/** Where a need comes from, as data; text is made from it only when a command or formatter prints it. */
export type NeedOrigin =
  /** Automation's own call for a step type (aws:changeInstanceState → ec2:StopInstances), triggered by `when` if set. */
  | { kind: 'automation'; actionType: string; when?: string; unsettled?: UnsettledValue }
  /** The Service/Api operation of aws:executeAwsApi, assert or wait steps; `whenInput` when an input triggers it. */
  | { kind: 'api'; actionType: string; service: string; operation: string; whenInput?: string }
  /** A Service/Api pair (or its service) that is a `{{ reference }}`: chosen at run time. */
  | { kind: 'dynamic-api'; actionType: string; service: string; operation: string }
  /** An AWS call in an aws:executeScript script. */
  | {
      kind: 'script';
      language: 'python' | 'powershell';
      /** `script` for the inline script, else the attachment file (`handler.py`, `bundle.zip: main.py`). */
      file: string;
      line: number;
      /** The call as written (`ec2.describe_instances`, `Get-EC2Instance`). */
      call: string;
      reachable: boolean;
      /** The call's argument that brings this action (`Role`, `Parameters.AutomationAssumeRole`, `TagSpecifications`). */
      whenInput?: string;
      /** Set when the call could not be resolved to an operation. */
      unresolved?: 'dynamic-client' | 'unknown-operation';
    }
  /** A `{{ssm:/name}}` reference, which Automation reads from Parameter Store. */
  | { kind: 'reference'; expression: string }
  /**
   * An action needed because of another one (`of`: an IAM action or an Automation action type), from
   * action-map/follow-ons.json: `source` is the AWS page that says so.
   */
  | { kind: 'follow-on'; of: string; followOn: FollowOnKind; source: string }
  /** A need of the child runbook an aws:executeAutomation step runs with this runbook's role. */
  | { kind: 'nested'; document: string; childStep: string; of: NeedOrigin }
  /** A need of an AWS-owned runbook from action-map/aws-documents.json, as analysed at `repository`@`commit`. */
  | { kind: 'catalog'; repository: string; commit: string }
  /**
   * A permission of a CloudFormation resource type's handler (action-map/cfn-handlers.json), needed because the stack
   * step gives no RoleARN, so CloudFormation calls the handler with the runbook's credentials.
   */
  | { kind: 'stack-resource'; actionType: string; resourceType: string; handler: 'create' | 'update' | 'delete' };

/**
 * An input that decides which call Automation makes (aws:changeInstanceState DesiredState) but whose value the
 * runbook does not settle: a value the input does not take, or a `{{ reference }}` (with its allowedValues, if any).
 */
export type UnsettledValue =
  | { kind: 'invalid'; input: string; value: string; allowedValues: string[] }
  | { kind: 'reference'; input: string; expression: string; allowedValues?: string[] };

/** What a value of an input is known to be before the run, when it is not a plain literal. */
export type ValueNote =
  | { kind: 'parameter-default'; parameter: string; whole: boolean }
  | { kind: 'allowed-pattern'; parameter: string }
  | { kind: 'parameter-run-time'; parameter: string }
  | { kind: 'run-time'; expression: string }
  | { kind: 'structured' };

/** Why a need's resources are what they are, when that needs saying. */
export type ResourceNote =
  /** The resources come from these inputs, whose values are only partly known. */
  | { kind: 'inputs'; inputs: { input: string; values: ValueNote[] }[] }
  /** The action has resource types, but no step input names the resource. */
  | { kind: 'not-named' }
  /** A script call: the resource is chosen in the script. */
  | { kind: 'chosen-in-script' }
  /** iam:PassRole: the role is only known at run time. */
  | { kind: 'role-run-time' }
  /** iam:PassRole through an instance profile, which carries the role. */
  | { kind: 'instance-profile' }
  /** The resource is chosen by an account setting (the CloudWatch log group of Automation's output logging). */
  | { kind: 'account-setting' }
  /** The resource is one CloudFormation makes from the stack's template: the step does not name it. */
  | { kind: 'stack-resource' };

/** One IAM action one step needs, on which resources, and why. */
export interface PermissionNeed {
  /** `ec2:DescribeInstances`; `ec2:*` or `*` when the operation is only known at run time. */
  action: string;
  /** ARNs with `${Partition}`, `${Region}`, `${Account}` placeholders, or `*`. */
  resources: string[];
  /** IAM condition block that narrows the need safely (iam:PassedToService for iam:PassRole). */
  conditions?: Record<string, Record<string, string[]>>;
  step: string;
  /** Where the need comes from (see describeNeed in src/formatters/needText.ts for the words). */
  origin: NeedOrigin;
  /** Why the resources are what they are, when that is not plain from the origin. */
  resourceNote?: ResourceNote;
  /** How sure the action is needed. */
  confidence: Confidence;
  /** For `conditional` needs: what must hold for the action to be needed. */
  condition?: NeedCondition;
  /** How sure the resources are (see Confidence); `*` from a run-time value is `unknown`. */
  resourceConfidence: Confidence;
  /** Where the need comes from: the Api input, the step head, or the script line. */
  range: SourceRange;
}

export interface StepPermissions {
  step: string;
  action: string;
  needs: PermissionNeed[];
  /** Why some of the step's code could not be read (placeholder, absent attachment...): its needs are incomplete. */
  incomplete?: string;
}
