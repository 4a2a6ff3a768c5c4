/**
 * Every Automation action type and the outputs Automation itself gives a step of that type (Systems Manager
 * Automation actions reference, https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html).
 * `undefined` means the action's outputs are only those the step declares in `outputs`; `'any'` means the
 * output names come from the called service and cannot be listed.
 */
export const AUTOMATION_ACTION_OUTPUTS: Record<string, readonly string[] | 'any'> = {
  'aws:approve': ['ApprovalStatus', 'ApproverDecisions', 'Approvers'],
  'aws:assertAwsResourceProperty': [],
  'aws:branch': [],
  'aws:changeInstanceState': [],
  'aws:copyImage': ['ImageId', 'ImageState'],
  'aws:createImage': ['ImageId', 'ImageState'],
  'aws:createStack': ['StackId', 'StackStatus', 'StackStatusReason'],
  'aws:createTags': [],
  'aws:deleteImage': [],
  'aws:deleteStack': [],
  'aws:executeAutomation': ['Output', 'ExecutionId', 'Status'],
  'aws:executeAwsApi': [],
  'aws:executeScript': ['OutputPayload'],
  'aws:executeStateMachine': 'any',
  'aws:invokeLambdaFunction': ['StatusCode', 'FunctionError', 'LogResult', 'Payload'],
  'aws:invokeWebhook': ['Response', 'ResponseCode'],
  'aws:loop': ['CurrentIteration', 'CurrentIteratorValue'],
  'aws:pause': [],
  'aws:runCommand': ['CommandId', 'Status', 'ResponseCode', 'Output'],
  'aws:runInstances': ['InstanceIds'],
  'aws:sleep': [],
  'aws:updateVariable': [],
  'aws:waitForAwsResourceProperty': [],
};

export const AUTOMATION_ACTION_TYPES: readonly string[] = Object.keys(AUTOMATION_ACTION_OUTPUTS).sort();

export function isAutomationActionType(action: string): boolean {
  return Object.hasOwn(AUTOMATION_ACTION_OUTPUTS, action);
}

/** System variables (Automation system variables page): `global:*` and `automation:*`. */
export const GLOBAL_VARIABLES: readonly string[] = ['ACCOUNT_ID', 'AWS_PARTITION', 'DATE', 'DATE_TIME', 'REGION'];
export const AUTOMATION_VARIABLES: readonly string[] = ['EXECUTION_ID'];
