export type ScriptCallKind =
  'client' | 'paginator' | 'waiter' | 'resource' | 'cmdlet' | 'dynamic-client' | 'unresolved';

export type ScriptConfidence = 'certain' | 'likely' | 'unknown';

/** One AWS API call found in a script. Positions are 1-based and relative to the script text. */
export interface ScriptCall {
  /** boto3 client name ('ec2', 's3', 'logs'), or null when the service is computed at run time. */
  service: string | null;
  /** API operation name ('DescribeInstances'), or null when it cannot be resolved. */
  operation: string | null;
  /** What the script calls: a boto3 method ('describe_instances', 'get_paginator'), a resource action or a cmdlet name. */
  method: string;
  kind: ScriptCallKind;
  confidence: ScriptConfidence;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Source text that identifies the call, e.g. 'ec2.describe_instances', "get_paginator('list_objects_v2')", 'Get-EC2Instance'. */
  text: string;
  /** False when the call is only reached from code that the handler (and module-level code) never reaches. */
  reachableFromHandler: boolean;
  /**
   * The keyword arguments of a client call (`Role`), with the literal string keys of a dict argument
   * (`Parameters.AutomationAssumeRole`); `Parameters.*` when that dict is not a literal, `**` for `**kwargs`.
   */
  arguments?: string[];
}

export interface ScriptParseError {
  line: number;
  column: number;
  message: string;
}

export interface ScriptAnalysis {
  language: 'python' | 'powershell';
  /** True when any boto3/botocore client, resource or session, or any AWS cmdlet is used, even if unresolved. */
  usesAws: boolean;
  calls: ScriptCall[];
  /** Functions defined in the script (methods as 'Class.method', nested functions as 'outer.inner'). */
  functions: string[];
  /** Whether a top-level function named like the handler exists; null when no handler was given. */
  handlerFound: boolean | null;
  parseErrors: ScriptParseError[];
  /** Why the analysis may have missed calls although the script parsed: it stopped before following every value. */
  incomplete?: string;
}
