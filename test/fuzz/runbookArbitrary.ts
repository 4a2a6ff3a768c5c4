import fc from 'fast-check';
import { stringify } from 'yaml';

/**
 * fast-check arbitraries for runbook-shaped documents: mostly plausible Automation runbooks (every step type, scripts
 * in Python and PowerShell, branches, onFailure chains, {{ }} references, CloudFormation wrappers), some of them
 * broken in the ways real files are (wrong types, missing keys, mistyped names, truncated or garbled text), and some
 * arbitrary text. Each case is a file name and its text.
 */

const STEP_NAMES = [
  'Start',
  'Describe',
  'Stop',
  'Branch',
  'Rollback',
  'Notify',
  'constructor',
  '__proto__',
  'toString',
  'a.b',
  'Ünïcode',
  '',
  // Control characters: a line break, terminal escapes (colour, OSC 8 hyperlink), a workflow command, NUL, DEL.
  'a\nb',
  'line\r\n::error file=x.yaml,line=1::forged',
  '\u001b[31mred\u001b[0m',
  '\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007',
  'bell\u0007\u0008\u007f',
  'nul\u0000',
  '\u009bC1',
];

/** File names as a repository can hold them: anything but `/` and NUL, control characters included. */
const FILE_STEMS = [
  'case',
  'with space',
  'line\nbreak',
  '::error file=forged.yaml,line=1::x',
  '\u001b[2J\u001b[H',
  '\u001b]8;;https://example.com\u0007x\u001b]8;;\u0007',
  'tab\there\r',
  '--output=package.json',
  '%0A',
];
const PARAM_NAMES = ['AutomationAssumeRole', 'InstanceId', 'BucketName', 'Mode', 'hasOwnProperty', '__proto__', 'X'];
const ACTIONS = [
  'aws:executeAwsApi',
  'aws:executeScript',
  'aws:runCommand',
  'aws:branch',
  'aws:sleep',
  'aws:pause',
  'aws:approve',
  'aws:waitForAwsResourceProperty',
  'aws:assertAwsResourceProperty',
  'aws:executeAutomation',
  'aws:createStack',
  'aws:deleteStack',
  'aws:invokeLambdaFunction',
  'aws:changeInstanceState',
  'aws:createImage',
  'aws:runInstances',
  'aws:createTags',
  'aws:copyImage',
  'aws:deleteImage',
  'aws:loop',
  'aws:executeStateMachine',
  'aws:invokeWebhook',
  'aws:runCommandX',
  'executeAwsApi',
];
const SERVICES = [
  'ec2',
  's3',
  'iam',
  'lambda',
  'ssm',
  'logs',
  'stepfunctions',
  'elbv2',
  'kms',
  'sts',
  'rds',
  'EC2',
  'nope',
  '{{ Service }}',
  '',
];
const APIS = [
  'DescribeInstances',
  'ListObjectsV2',
  'HeadObject',
  'Invoke',
  'ReEncrypt',
  'PassRole',
  'CreateRole',
  'PutRolePolicy',
  'RunInstances',
  'describe_instances',
  'Nope',
  '{{ Api }}',
  '',
];

/** Strings that exercise {{ }} references: known, unknown, dotted, global variables, SSM parameters, malformed. */
const referenceText = fc.oneof(
  fc.constantFrom(
    '{{ InstanceId }}',
    '{{InstanceId}}',
    '{{ Describe.Output }}',
    '{{ Nope.Nothing }}',
    '{{ global:REGION }}',
    '{{ automation:EXECUTION_ID }}',
    '{{ ssm:/app/setting }}',
    '{{ }}',
    '{{',
    '}}',
    '{{ {{ X }} }}',
    '{{ __proto__ }}',
    'arn:aws:iam::{{ global:ACCOUNT_ID }}:role/{{ RoleName }}',
    '',
  ),
  fc.string({ maxLength: 20 }),
  fc
    .tuple(fc.constantFrom(...PARAM_NAMES, ...STEP_NAMES), fc.string({ maxLength: 6 }))
    .map(([name, tail]) => `{{ ${name}${tail} }}`),
);

const PYTHON_LINES = [
  'import boto3',
  'import os',
  'from boto3 import client',
  'def script_handler(events, context):',
  '    ec2 = boto3.client("ec2")',
  "    s3 = boto3.resource('s3')",
  "    s3.Bucket(events['BucketName']).objects.all()",
  '    ec2.describe_instances(InstanceIds=[events["InstanceId"]])',
  "    boto3.client(events['Service']).get_paginator('list_objects_v2').paginate()",
  "    iam = boto3.client('iam'); iam.pass_role()",
  "    os.system('touch /tmp/runbook-iam-fuzz-pwned')",
  "    exec(events['code'])",
  '    return {"ok": True}',
  '    return',
  'class A:',
  '  def f(self): return boto3.client("kms").decrypt(CiphertextBlob=b"")',
  '(((',
  '\tmixed\ttabs',
  'lambda: (yield)',
  '"""unterminated',
];
const POWERSHELL_LINES = [
  '$InputPayload = $env:InputPayload | ConvertFrom-Json',
  'Get-EC2Instance -InstanceId $InputPayload.InstanceId',
  'Stop-EC2Instance -InstanceId i-123 -Force',
  'Write-S3Object -BucketName b -Key k -Content x',
  'Invoke-Expression $InputPayload.Code',
  '& "Get-IAMRole" -RoleName r',
  'Start-Process notepad',
  '@{ a = 1 }',
  '$(',
  '"unterminated',
  'Import-Module AWSPowerShell.NetCore',
];

const script = (lines: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...lines) },
        { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('\n'));

/** A YAML/JSON scalar value of any type, for places where a string is expected. */
const anyScalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true }),
);

const inputs = fc.record(
  {
    Service: fc.oneof(fc.constantFrom(...SERVICES), anyScalar),
    Api: fc.oneof(fc.constantFrom(...APIS), anyScalar),
    InstanceIds: fc.array(referenceText, { maxLength: 3 }),
    RoleArn: referenceText,
    IamInstanceProfileArn: referenceText,
    Runtime: fc.constantFrom('python3.11', 'python3.8', 'PowerShell 7.4', 'PowerShell Core 6.0', 'nodejs', ''),
    Handler: fc.constantFrom('script_handler', 'main.script_handler', 'nope', '', '.'),
    Script: fc.oneof(script(PYTHON_LINES), script(POWERSHELL_LINES)),
    Attachment: fc.constantFrom('script.zip', '../../etc/passwd', 'x.py'),
    InputPayload: fc.dictionary(fc.constantFrom(...PARAM_NAMES), referenceText, { maxKeys: 3 }),
    DocumentName: fc.constantFrom(
      'AWS-RunShellScript',
      'AWS-RunPowerShellScript',
      '{{ Doc }}',
      'arn:aws:ssm:us-east-1:123456789012:document/X',
    ),
    Parameters: fc.dictionary(
      fc.string({ maxLength: 8 }),
      fc.oneof(referenceText, fc.array(referenceText, { maxLength: 2 })),
      { maxKeys: 3 },
    ),
    Choices: fc.array(
      fc.record(
        {
          NextStep: fc.constantFrom(...STEP_NAMES),
          Variable: referenceText,
          StringEquals: fc.string({ maxLength: 5 }),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    Default: fc.constantFrom(...STEP_NAMES),
    Duration: fc.constantFrom('PT5S', 'P1D', 'nope'),
    FunctionName: referenceText,
    PropertySelector: fc.constantFrom('$.Reservations[0].Instances[0].State.Name', '$', ''),
    DesiredValues: fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

const step = fc.record(
  {
    name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...STEP_NAMES) }, { weight: 1, arbitrary: anyScalar }),
    action: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ACTIONS) }, { weight: 1, arbitrary: anyScalar }),
    inputs: fc.oneof({ weight: 8, arbitrary: inputs }, { weight: 1, arbitrary: anyScalar }),
    onFailure: fc.oneof(fc.constantFrom('Abort', 'Continue', 'step:Rollback', 'step:Nope', 'step:', ''), anyScalar),
    onCancel: fc.constantFrom('Abort', 'step:Rollback'),
    nextStep: fc.constantFrom(...STEP_NAMES),
    isEnd: fc.oneof(fc.boolean(), anyScalar),
    isCritical: fc.boolean(),
    timeoutSeconds: fc.oneof(fc.integer({ min: -1, max: 1_000_000 }), anyScalar),
    maxAttempts: fc.integer({ min: 0, max: 10 }),
    outputs: fc.array(
      fc.record(
        {
          Name: fc.constantFrom('Output', 'Id', ''),
          Selector: fc.constantFrom('$.Payload', '$.X', ''),
          Type: fc.constantFrom('String', 'StringList', 'Integer', 'Nope'),
        },
        { requiredKeys: [] },
      ),
      {
        maxLength: 2,
      },
    ),
  },
  { requiredKeys: ['name', 'action'] },
);

const parameters = fc.dictionary(
  fc.constantFrom(...PARAM_NAMES),
  fc.oneof(
    fc.record(
      {
        type: fc.constantFrom(
          'String',
          'StringList',
          'Integer',
          'Boolean',
          'MapList',
          'StringMap',
          'AWS::EC2::Instance::Id',
          'Nope',
        ),
        default: anyScalar,
        description: fc.string({ maxLength: 10 }),
      },
      { requiredKeys: [] },
    ),
    anyScalar,
  ),
  { maxKeys: 5 },
);

/** A runbook as a plain value: usually well formed, sometimes with top-level keys of the wrong type or missing. */
export const runbookValue: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    schemaVersion: fc.oneof({ weight: 8, arbitrary: fc.constant('0.3') }, { weight: 1, arbitrary: anyScalar }),
    description: fc.string({ maxLength: 20 }),
    assumeRole: referenceText,
    parameters: fc.oneof({ weight: 6, arbitrary: parameters }, { weight: 1, arbitrary: anyScalar }),
    mainSteps: fc.oneof(
      { weight: 10, arbitrary: fc.array(step, { maxLength: 8 }) },
      { weight: 1, arbitrary: anyScalar },
    ),
    outputs: fc.array(fc.constantFrom('Describe.Output', 'Nope.X', 'x'), { maxLength: 2 }),
    files: fc.dictionary(
      fc.constantFrom('script.zip', 'x.py'),
      fc.record({
        checksums: fc.record({ sha256: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 8 }) }),
      }),
      { maxKeys: 1 },
    ),
  },
  { requiredKeys: ['mainSteps'] },
);

/** A CloudFormation template with the runbook as an AWS::SSM::Document's Content (a value or a JSON string). */
const template = fc
  .tuple(runbookValue, fc.boolean(), fc.constantFrom('Automation', 'Command', undefined))
  .map(([content, asString, type]) => ({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
        },
      },
      Doc: {
        Type: 'AWS::SSM::Document',
        Properties: { ...(type ? { DocumentType: type } : {}), Content: asString ? JSON.stringify(content) : content },
      },
    },
  }));

export interface FuzzCase {
  name: string;
  text: string;
}

/** Text damage: truncation, a junk insertion, or a deleted span; what editors and bad merges do to files. */
function damage(text: string, kind: number, at: number, junk: string): string {
  const position = text.length === 0 ? 0 : at % text.length;
  if (kind === 0) return text.slice(0, position);
  if (kind === 1) return `${text.slice(0, position)}${junk}${text.slice(position)}`;
  return `${text.slice(0, position)}${text.slice(position + junk.length + 1)}`;
}

const JUNK = fc.oneof(
  fc.constantFrom(
    '{',
    '[',
    ':',
    '- ',
    '\t',
    '"',
    "'",
    '&a',
    '*a',
    '!Ref',
    '---',
    '\n  ',
    '#',
    '{{',
    '\u00a0',
    '\ufeff',
    '%YAML 1.1\n',
  ),
  fc.string({ maxLength: 8 }),
);

/** A file: a runbook or template as YAML or JSON, intact or damaged, or arbitrary text. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(
        fc.oneof({ weight: 4, arbitrary: runbookValue }, { weight: 1, arbitrary: template }),
        fc.boolean(),
        fc.nat(3),
        fc.nat(),
        JUNK,
        fc.constantFrom(...FILE_STEMS),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.string({ maxLength: 200 }).map((text) => ({ text })),
        fc.boolean(),
        fc.constant(3),
        fc.constant(0),
        fc.constant(''),
        fc.constantFrom(...FILE_STEMS),
      ),
    },
  )
  .map(([value, asJson, kind, at, junk, stem]) => {
    const name = `${stem}.${asJson ? 'json' : 'yaml'}`;
    if ('text' in value && typeof value.text === 'string' && Object.keys(value).length === 1)
      return { name, text: value.text };
    const text = asJson ? JSON.stringify(value, null, 2) : stringify(value);
    return { name, text: kind === 3 ? text : damage(text, kind, at, junk) };
  });
