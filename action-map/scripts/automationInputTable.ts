// The inputs each `aws:` action type takes: name, type, whether it is required and its valid values, as the
// Automation actions reference documents them (one page per action, linked as `doc` in automationActionTable.ts).
// Reviewed by hand against those pages. `acceptsMembersOf` names the API operation an action forwards its inputs
// to, whose members it also takes (aws:runCommand passes SendCommand's MaxConcurrency, MaxErrors,
// DocumentVersion, … although its page lists only the common ones).

import type { AutomationInput } from '../../src/permissions/actionMapTypes.js';

export interface AutomationInputEntry {
  inputs: Record<string, AutomationInput>;
  /** At least one input of each group must be given (aws:sleep: Duration or Timestamp). */
  requireOneOf?: string[][];
  /** `client.Operation` whose input members the action also accepts. */
  acceptsMembersOf?: string;
  /** The API operation's members are inputs too (aws:executeAwsApi and the property assert/wait actions). */
  operationMembers?: true;
}

const required = true;

const operationEntry = (extra: Record<string, AutomationInput>): AutomationInputEntry => ({
  inputs: {
    Service: { type: 'String', required, note: 'boto3 client name (ec2, s3, logs, stepfunctions, …)' },
    Api: { type: 'String', required, note: 'PascalCase operation name (DescribeInstances)' },
    ...extra,
  },
  operationMembers: true,
});

const propertyCheck = {
  PropertySelector: { type: 'String', required, note: 'JSONPath into the API response ($.Reservations[0]…)' },
  DesiredValues: { type: 'StringList', required },
} satisfies Record<string, AutomationInput>;

export const automationInputTable: Record<string, AutomationInputEntry> = {
  'aws:approve': {
    inputs: {
      NotificationArn: { type: 'String' },
      Message: { type: 'String' },
      MinRequiredApprovals: { type: 'Integer' },
      Approvers: { type: 'StringList', required },
    },
  },
  'aws:assertAwsResourceProperty': operationEntry(propertyCheck),
  'aws:branch': {
    inputs: {
      Choices: { type: 'MapList', required },
      Default: { type: 'String' },
    },
  },
  'aws:changeInstanceState': {
    inputs: {
      InstanceIds: { type: 'StringList', required },
      CheckStateOnly: { type: 'Boolean' },
      DesiredState: { type: 'String', required, allowedValues: ['running', 'stopped', 'terminated'] },
      Force: { type: 'Boolean' },
      AdditionalInfo: { type: 'String' },
      FailOnUnexpectedStopped: { type: 'Boolean' },
    },
  },
  'aws:copyImage': {
    inputs: {
      SourceRegion: { type: 'String', required },
      SourceImageId: { type: 'String', required },
      ImageName: { type: 'String', required },
      ImageDescription: { type: 'String' },
      Encrypted: { type: 'Boolean' },
      KmsKeyId: { type: 'String' },
      ClientToken: { type: 'String' },
    },
    acceptsMembersOf: 'ec2.CopyImage',
  },
  'aws:createImage': {
    inputs: {
      InstanceId: { type: 'String', required },
      ImageName: { type: 'String', required },
      ImageDescription: { type: 'String' },
      NoReboot: { type: 'Boolean' },
      // The page gives "Map"; CreateImage takes a list of block device mappings.
      BlockDeviceMappings: { type: 'Any' },
    },
    acceptsMembersOf: 'ec2.CreateImage',
  },
  'aws:createStack': {
    inputs: {
      Capabilities: {
        type: 'StringList',
        allowedValues: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
      },
      ClientRequestToken: { type: 'String' },
      DisableRollback: { type: 'Boolean' },
      NotificationARNs: { type: 'StringList' },
      OnFailure: { type: 'String', allowedValues: ['DO_NOTHING', 'ROLLBACK', 'DELETE'] },
      Parameters: { type: 'MapList' },
      ResourceTypes: { type: 'StringList' },
      RoleARN: { type: 'String' },
      StackName: { type: 'String', required },
      StackPolicyBody: { type: 'String' },
      StackPolicyURL: { type: 'String' },
      Tags: { type: 'MapList' },
      TemplateBody: { type: 'String' },
      TemplateURL: { type: 'String' },
      TimeoutInMinutes: { type: 'Integer' },
    },
    requireOneOf: [['TemplateBody', 'TemplateURL']],
    acceptsMembersOf: 'cloudformation.CreateStack',
  },
  'aws:createTags': {
    inputs: {
      ResourceIds: { type: 'StringList', required },
      Tags: { type: 'MapList', required },
      ResourceType: { type: 'String', allowedValues: ['EC2', 'ManagedInstance', 'MaintenanceWindow', 'Parameter'] },
    },
  },
  'aws:deleteImage': {
    inputs: { ImageId: { type: 'String', required } },
  },
  'aws:deleteStack': {
    inputs: {
      ClientRequestToken: { type: 'String' },
      RetainResources: { type: 'StringList' },
      RoleARN: { type: 'String' },
      StackName: { type: 'String', required },
    },
    acceptsMembersOf: 'cloudformation.DeleteStack',
  },
  'aws:executeAutomation': {
    inputs: {
      DocumentName: { type: 'String', required },
      DocumentVersion: { type: 'String' },
      MaxConcurrency: { type: 'String' },
      MaxErrors: { type: 'String' },
      RuntimeParameters: { type: 'StringMap' },
      Tags: { type: 'MapList' },
      TargetLocations: { type: 'MapList' },
      TargetLocationsURL: { type: 'String' },
      TargetMaps: { type: 'MapList' },
      TargetParameterName: { type: 'String' },
      Targets: { type: 'MapList' },
    },
    acceptsMembersOf: 'ssm.StartAutomationExecution',
  },
  'aws:executeAwsApi': operationEntry({}),
  'aws:executeScript': {
    inputs: {
      // Supported runtimes change over time (python3.x, PowerShell 7.x); the page lists the current ones.
      Runtime: { type: 'String', required },
      Handler: { type: 'String', note: 'required for Python, not used by PowerShell' },
      InputPayload: { type: 'StringMap' },
      Script: { type: 'String' },
      Attachment: { type: 'String' },
    },
    requireOneOf: [['Script', 'Attachment']],
  },
  'aws:executeStateMachine': {
    inputs: {
      stateMachineArn: { type: 'String', required },
      name: { type: 'String' },
      input: { type: 'String' },
    },
  },
  'aws:invokeLambdaFunction': {
    inputs: {
      FunctionName: { type: 'String', required },
      Qualifier: { type: 'String' },
      InvocationType: { type: 'String', allowedValues: ['Event', 'RequestResponse', 'DryRun'] },
      LogType: { type: 'String', allowedValues: ['None', 'Tail'] },
      ClientContext: { type: 'String' },
      InputPayload: { type: 'StringMap' },
      // Documented as a JSON String; Automation also takes the JSON written as a YAML/JSON object.
      Payload: { type: 'Any' },
    },
  },
  'aws:invokeWebhook': {
    inputs: {
      IntegrationName: { type: 'String', required },
      Body: { type: 'String' },
    },
  },
  'aws:loop': {
    inputs: {
      Iterators: { type: 'StringList' },
      IteratorDataType: { type: 'String', allowedValues: ['Boolean', 'Integer', 'String', 'StringMap'] },
      LoopCondition: { type: 'StringMap' },
      MaxIterations: { type: 'Integer' },
      Steps: { type: 'MapList', required },
    },
    requireOneOf: [['Iterators', 'LoopCondition']],
  },
  'aws:pause': { inputs: {} },
  'aws:runCommand': {
    inputs: {
      DocumentName: { type: 'String', required },
      InstanceIds: { type: 'StringList' },
      Targets: { type: 'MapList' },
      Parameters: { type: 'StringMap' },
      CloudWatchOutputConfig: { type: 'StringMap' },
      Comment: { type: 'String' },
      DocumentHash: { type: 'String' },
      DocumentHashType: { type: 'String', allowedValues: ['Sha256', 'Sha1'] },
      NotificationConfig: { type: 'StringMap' },
      OutputS3BucketName: { type: 'String' },
      OutputS3KeyPrefix: { type: 'String' },
      ServiceRoleArn: { type: 'String' },
      TimeoutSeconds: { type: 'Integer' },
    },
    acceptsMembersOf: 'ssm.SendCommand',
  },
  'aws:runInstances': {
    inputs: {
      AdditionalInfo: { type: 'String' },
      BlockDeviceMappings: { type: 'MapList' },
      ClientToken: { type: 'String' },
      DisableApiTermination: { type: 'Boolean' },
      EbsOptimized: { type: 'Boolean' },
      IamInstanceProfileArn: { type: 'String' },
      IamInstanceProfileName: { type: 'String' },
      ImageId: { type: 'String', required },
      InstanceInitiatedShutdownBehavior: { type: 'String' },
      InstanceType: { type: 'String' },
      KernelId: { type: 'String' },
      KeyName: { type: 'String' },
      MaxInstanceCount: { type: 'String' },
      MetadataOptions: { type: 'StringMap' },
      MinInstanceCount: { type: 'String' },
      Monitoring: { type: 'Boolean' },
      NetworkInterfaces: { type: 'MapList' },
      Placement: { type: 'StringMap' },
      PrivateIpAddress: { type: 'String' },
      RamdiskId: { type: 'String' },
      SecurityGroupIds: { type: 'StringList' },
      SecurityGroups: { type: 'StringList' },
      SubnetId: { type: 'String' },
      TagSpecifications: { type: 'MapList' },
      UserData: { type: 'String' },
    },
    acceptsMembersOf: 'ec2.RunInstances',
  },
  'aws:sleep': {
    inputs: {
      Duration: { type: 'String', note: 'ISO 8601 duration, e.g. PT10M' },
      Timestamp: { type: 'String', note: 'ISO 8601 time, e.g. 2026-01-01T00:00:00Z' },
    },
    requireOneOf: [['Duration', 'Timestamp']],
  },
  'aws:updateVariable': {
    inputs: {
      Name: { type: 'String', required, note: 'variable:NAME' },
      Value: { type: 'Any', required },
    },
  },
  'aws:waitForAwsResourceProperty': operationEntry(propertyCheck),
};
