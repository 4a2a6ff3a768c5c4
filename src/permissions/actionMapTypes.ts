// Types of the action map (action-map/*.json, described by action-map/schema.json) as the loader returns them.

/** One IAM action an operation needs; conditional ones apply only when `whenInput` is present in the call. */
export interface OperationAction {
  action: string;
  /** Input member (dotted for nested ones, e.g. `Targets.RoleArn`) whose presence adds this action. */
  whenInput?: string;
  /** For iam:PassRole: the service principal the role is passed to (the iam:PassedToService value). */
  passedToService?: string;
}

/** An input member that names a resource of one of the operation's IAM actions. */
export interface ResourceInput {
  /** `prefix:resource-type`, e.g. `ec2:instance`; look its ARN template up with iamResourceType(). */
  resourceType: string;
  /** `id`: the value fills `${variable}` of the ARN template; `arn`: the value is the ARN; `url`: an SQS queue URL. */
  form: 'id' | 'arn' | 'url';
  variable?: string;
}

export interface OperationInfo {
  client: string;
  /** PascalCase operation name, as `Api:` takes it. */
  name: string;
  /** Empty for `unresolved` operations and for operations that need no permission (sts GetCallerIdentity). */
  actions: OperationAction[];
  /** `exact`: prefix:Name exists in IAM; `override`: from action-map/overrides.json; `unresolved`: not known. */
  source: 'exact' | 'override' | 'unresolved';
  /** Heuristic (ARN-template variable ~ input member name); absent when nothing matched. */
  resourceInputs?: Record<string, ResourceInput>;
}

export interface ServiceInfo {
  /** boto3 client name, what `Service:` takes. */
  client: string;
  /** IAM service prefix, or null when the service has no IAM actions. */
  iamPrefix: string | null;
  serviceId: string;
  /** aws-sdk v2 (JavaScript) class name. */
  jsName: string;
  apiVersion: string;
  endpointPrefix: string;
  signingName?: string;
  /** `serviceId`: hyphenated serviceId; `exception`: a legacy boto3 name (action-map/boto3-client-names.json). */
  nameSource: 'serviceId' | 'exception';
  operationCount: number;
}

export interface IamResourceTypeRef {
  name: string;
  required: boolean;
  /** ARN formats of the resource type (`arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`). */
  arnTemplates: string[];
  /** Condition keys that apply to the resource type. */
  conditionKeys: string[];
}

export interface IamActionInfo {
  /** `prefix:Name` in IAM's spelling. */
  action: string;
  /** As the Service Authorization Reference gives it: Read, List, Write, Tagging, Permissions management (some list two). */
  accessLevel: string;
  /** Empty: the action supports only `Resource: "*"`. */
  resourceTypes: IamResourceTypeRef[];
  /** Request-level condition keys of the action. */
  conditionKeys: string[];
}

export interface AutomationCondition {
  /** Step input, dotted for nested keys (`RuntimeParameters.AutomationAssumeRole`). */
  input: string;
  /** Matches when the input equals one of these; absent: matches when the input is present. */
  equals?: (string | boolean)[];
}

export interface AutomationPermission {
  action: string;
  when?: AutomationCondition;
  unless?: AutomationCondition;
  passedToService?: string;
  note?: string;
}

/** Value types of step inputs and outputs as the Automation actions reference names them; `Any` is not checked. */
export type AutomationValueType = 'String' | 'Integer' | 'Boolean' | 'StringList' | 'StringMap' | 'MapList' | 'Any';

/** One input of an `aws:` action type, from its Automation actions reference page. */
export interface AutomationInput {
  type: AutomationValueType;
  required?: boolean;
  /** The only values the input takes (aws:changeInstanceState DesiredState: running, stopped, terminated). */
  allowedValues?: string[];
  note?: string;
}

export interface AutomationActionInfo {
  /** `aws:changeInstanceState` etc. */
  type: string;
  doc: string;
  summary: string;
  /** The rest comes from the Service/Api operation table (`operation`) or from script analysis (`script`). */
  delegatesTo?: 'operation' | 'script';
  actions: AutomationPermission[];
  /** The action's own inputs (for the Service/Api actions, besides the operation's members). */
  inputs: Record<string, AutomationInput>;
  /** At least one input of each group must be given. */
  requireOneOf?: string[][];
  /** `client.Operation` whose input members the action accepts too. */
  acceptsMembersOf?: string;
  /** The Service/Api operation's members are inputs of the step. */
  operationMembers?: boolean;
}

/**
 * A shape of an API's input or output (aws-sdk model, boto3 member names): a primitive (`string` with its enum values
 * when the model has them, `integer`,
 * `number`, `boolean`, `timestamp`, `blob`, `any`), a structure with members, a list, or a map with string keys.
 */
export type ApiShape =
  | { kind: 'string'; enum?: string[] }
  | { kind: 'integer' | 'number' | 'boolean' | 'timestamp' | 'blob' | 'any' }
  | { kind: 'structure'; members: Record<string, ApiShape>; required: string[] }
  | { kind: 'list'; member: ApiShape }
  | { kind: 'map'; value: ApiShape };

export interface ActionMapProvenance {
  sources: { name: string; version: string }[];
  /** The iam-data release date the data was generated from (YYYY-MM-DD). */
  generated: string;
}
