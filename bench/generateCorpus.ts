import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A seeded, deterministic generator of synthetic Automation runbooks for the benchmark: executeAwsApi over many
 * services, executeScript in Python and PowerShell, runCommand, branch, waits and asserts, onFailure chains, JSON
 * runbooks, and CloudFormation templates that embed a runbook in an AWS::SSM::Document. A few files carry the
 * mistakes the rules look for (a mistyped reference, an unknown Api), so that the formatters have findings to print.
 * The same seed and size always give byte-identical files.
 */

/** Bump when the generated content changes, so that cached corpora are regenerated. */
export const GENERATOR_VERSION = 1;

/** mulberry32: a small, fast 32-bit PRNG; good enough to vary synthetic files, and stable across platforms. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (probability) => next() < probability,
  };
}

export interface Random {
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** boto3 service, Api and the inputs each call takes ({{ Param }} names are declared as parameters). */
const API_CALLS: { service: string; api: string; inputs: Record<string, string>; output?: [string, string, string] }[] =
  [
    {
      service: 'ec2',
      api: 'DescribeInstances',
      inputs: { InstanceIds: "['{{ InstanceId }}']" },
      output: ['State', '$.Reservations[0].Instances[0].State.Name', 'String'],
    },
    { service: 'ec2', api: 'StopInstances', inputs: { InstanceIds: "['{{ InstanceId }}']" } },
    { service: 'ec2', api: 'StartInstances', inputs: { InstanceIds: "['{{ InstanceId }}']" } },
    {
      service: 'ec2',
      api: 'CreateSnapshot',
      inputs: { VolumeId: "'{{ VolumeId }}'", Description: "'bench snapshot'" },
      output: ['SnapshotId', '$.SnapshotId', 'String'],
    },
    {
      service: 'ec2',
      api: 'CreateTags',
      inputs: { Resources: "['{{ InstanceId }}']", Tags: '[{Key: Owner, Value: bench}]' },
    },
    {
      service: 's3',
      api: 'ListObjectsV2',
      inputs: { Bucket: "'{{ BucketName }}'" },
      output: ['KeyCount', '$.KeyCount', 'Integer'],
    },
    {
      service: 's3',
      api: 'PutBucketVersioning',
      inputs: { Bucket: "'{{ BucketName }}'", VersioningConfiguration: '{Status: Enabled}' },
    },
    {
      service: 's3',
      api: 'GetBucketPolicy',
      inputs: { Bucket: "'{{ BucketName }}'" },
      output: ['Policy', '$.Policy', 'String'],
    },
    {
      service: 'lambda',
      api: 'Invoke',
      inputs: { FunctionName: "'{{ FunctionName }}'", Payload: "'{}'" },
      output: ['StatusCode', '$.StatusCode', 'Integer'],
    },
    { service: 'lambda', api: 'GetFunctionConfiguration', inputs: { FunctionName: "'{{ FunctionName }}'" } },
    {
      service: 'iam',
      api: 'GetRole',
      inputs: { RoleName: "'{{ RoleName }}'" },
      output: ['RoleArn', '$.Role.Arn', 'String'],
    },
    { service: 'iam', api: 'ListAttachedRolePolicies', inputs: { RoleName: "'{{ RoleName }}'" } },
    {
      service: 'ssm',
      api: 'GetParameter',
      inputs: { Name: "'{{ ParameterName }}'", WithDecryption: 'true' },
      output: ['Value', '$.Parameter.Value', 'String'],
    },
    {
      service: 'ssm',
      api: 'PutParameter',
      inputs: { Name: "'{{ ParameterName }}'", Value: "'x'", Type: 'String', Overwrite: 'true' },
    },
    {
      service: 'rds',
      api: 'DescribeDBInstances',
      inputs: { DBInstanceIdentifier: "'{{ DbInstance }}'" },
      output: ['Status', '$.DBInstances[0].DBInstanceStatus', 'String'],
    },
    {
      service: 'rds',
      api: 'CreateDBSnapshot',
      inputs: { DBInstanceIdentifier: "'{{ DbInstance }}'", DBSnapshotIdentifier: "'{{ DbInstance }}-bench'" },
    },
    {
      service: 'dynamodb',
      api: 'DescribeTable',
      inputs: { TableName: "'{{ TableName }}'" },
      output: ['TableStatus', '$.Table.TableStatus', 'String'],
    },
    {
      service: 'dynamodb',
      api: 'UpdateContinuousBackups',
      inputs: {
        TableName: "'{{ TableName }}'",
        PointInTimeRecoverySpecification: '{PointInTimeRecoveryEnabled: true}',
      },
    },
    { service: 'sns', api: 'Publish', inputs: { TopicArn: "'{{ TopicArn }}'", Message: "'bench'" } },
    { service: 'sqs', api: 'GetQueueAttributes', inputs: { QueueUrl: "'{{ QueueUrl }}'", AttributeNames: '[All]' } },
    {
      service: 'kms',
      api: 'DescribeKey',
      inputs: { KeyId: "'{{ KeyId }}'" },
      output: ['KeyState', '$.KeyMetadata.KeyState', 'String'],
    },
    { service: 'kms', api: 'EnableKeyRotation', inputs: { KeyId: "'{{ KeyId }}'" } },
    { service: 'logs', api: 'PutRetentionPolicy', inputs: { logGroupName: "'{{ LogGroup }}'", retentionInDays: '90' } },
    {
      service: 'cloudformation',
      api: 'DescribeStacks',
      inputs: { StackName: "'{{ StackName }}'" },
      output: ['StackStatus', '$.Stacks[0].StackStatus', 'String'],
    },
    { service: 'cloudtrail', api: 'StartLogging', inputs: { Name: "'{{ TrailName }}'" } },
    {
      service: 'autoscaling',
      api: 'DescribeAutoScalingGroups',
      inputs: { AutoScalingGroupNames: "['{{ GroupName }}']" },
    },
    { service: 'elbv2', api: 'DescribeLoadBalancers', inputs: { Names: "['{{ LoadBalancer }}']" } },
    { service: 'stepfunctions', api: 'StartExecution', inputs: { stateMachineArn: "'{{ StateMachineArn }}'" } },
    {
      service: 'ecs',
      api: 'UpdateService',
      inputs: { cluster: "'{{ Cluster }}'", service: "'{{ ServiceName }}'", desiredCount: '0' },
    },
    { service: 'secretsmanager', api: 'RotateSecret', inputs: { SecretId: "'{{ SecretId }}'" } },
    { service: 'config', api: 'StartConfigRulesEvaluation', inputs: { ConfigRuleNames: "['{{ RuleName }}']" } },
    { service: 'guardduty', api: 'ListDetectors', inputs: {} },
  ];

/** Parameter name → its type and description. */
const PARAMETERS: Record<string, string> = {
  InstanceId: 'String',
  VolumeId: 'String',
  BucketName: 'String',
  FunctionName: 'String',
  RoleName: 'String',
  ParameterName: 'String',
  DbInstance: 'String',
  TableName: 'String',
  TopicArn: 'String',
  QueueUrl: 'String',
  KeyId: 'String',
  LogGroup: 'String',
  StackName: 'String',
  TrailName: 'String',
  GroupName: 'String',
  LoadBalancer: 'String',
  StateMachineArn: 'String',
  Cluster: 'String',
  ServiceName: 'String',
  SecretId: 'String',
  RuleName: 'String',
};

const PYTHON_CALLS = [
  [
    "ec2 = boto3.client('ec2')",
    "ec2.describe_instances(InstanceIds=[events['InstanceId']])",
    "ec2.create_tags(Resources=[events['InstanceId']], Tags=[{'Key': 'Checked', 'Value': 'yes'}])",
  ],
  [
    "s3 = boto3.client('s3')",
    "s3.put_public_access_block(Bucket=events['BucketName'], PublicAccessBlockConfiguration={'BlockPublicAcls': True})",
    "s3.get_bucket_encryption(Bucket=events['BucketName'])",
  ],
  [
    "iam = boto3.client('iam')",
    "iam.get_role(RoleName=events['RoleName'])",
    "iam.list_role_policies(RoleName=events['RoleName'])",
  ],
  [
    "ssm = boto3.client('ssm')",
    "ssm.get_parameter(Name=events['ParameterName'])",
    'ssm.describe_instance_information()',
  ],
  [
    "rds = boto3.client('rds')",
    "rds.describe_db_instances(DBInstanceIdentifier=events['DbInstance'])",
    "rds.modify_db_instance(DBInstanceIdentifier=events['DbInstance'], BackupRetentionPeriod=7)",
  ],
  [
    "logs = boto3.client('logs')",
    "logs.describe_log_groups(logGroupNamePrefix=events['LogGroup'])",
    "logs.put_retention_policy(logGroupName=events['LogGroup'], retentionInDays=90)",
  ],
  [
    "kms = boto3.client('kms')",
    "kms.describe_key(KeyId=events['KeyId'])",
    "kms.enable_key_rotation(KeyId=events['KeyId'])",
  ],
  [
    "dynamodb = boto3.resource('dynamodb')",
    "dynamodb.Table(events['TableName']).load()",
    "dynamodb.Table(events['TableName']).scan(Limit=1)",
  ],
] as const;

const POWERSHELL_CALLS = [
  ['Get-EC2Instance -InstanceId $InputPayload.InstanceId', 'Stop-EC2Instance -InstanceId $InputPayload.InstanceId'],
  [
    'Get-S3Bucket -BucketName $InputPayload.BucketName',
    'Write-S3BucketVersioning -BucketName $InputPayload.BucketName -VersioningConfig_Status Enabled',
  ],
  ['Get-IAMRole -RoleName $InputPayload.RoleName', 'Get-IAMAttachedRolePolicyList -RoleName $InputPayload.RoleName'],
  ['Get-SSMParameter -Name $InputPayload.ParameterName', 'Get-SSMInstanceInformation'],
  ['Get-KMSKey -KeyId $InputPayload.KeyId', 'Enable-KMSKeyRotation -KeyId $InputPayload.KeyId'],
] as const;

interface StepText {
  name: string;
  /** YAML lines of the step, each without the leading "  - " / "    " indentation of a list item. */
  lines: string[];
  /** Names of the {{ Param }} parameters the step uses. */
  params: string[];
}

function apiStep(random: Random, name: string, broken: boolean): StepText {
  const call = random.pick(API_CALLS);
  const api = broken && random.chance(0.5) ? `${call.api}Typo` : call.api;
  const lines = [`name: ${name}`, 'action: aws:executeAwsApi'];
  if (random.chance(0.3)) lines.push(`timeoutSeconds: ${random.int(30, 600)}`);
  lines.push('inputs:', `  Service: ${call.service}`, `  Api: ${api}`);
  const params: string[] = [];
  for (const [key, value] of Object.entries(call.inputs)) {
    const mistyped = broken && value.includes('{{') && random.chance(0.5);
    lines.push(`  ${key}: ${mistyped ? value.replace(/\{\{ (\w+) \}\}/, '{{ $1x }}') : value}`);
    for (const match of value.matchAll(/\{\{ (\w+) \}\}/g)) params.push(match[1] as string);
  }
  if (call.output && random.chance(0.7)) {
    const [outName, selector, type] = call.output;
    lines.push('outputs:', `  - Name: ${outName}`, `    Selector: '${selector}'`, `    Type: ${type}`);
  }
  return { name, lines, params };
}

function pythonStep(random: Random, name: string): StepText {
  const groups = [random.pick(PYTHON_CALLS), random.pick(PYTHON_CALLS)];
  const params = new Set<string>();
  const body: string[] = ['import boto3', '', 'def script_handler(events, context):'];
  for (const [setup, ...calls] of groups) {
    body.push(`    ${setup}`);
    for (const call of calls) {
      body.push(`    response = ${call}`);
      for (const match of call.matchAll(/events\['(\w+)'\]/g)) params.add(match[1] as string);
    }
  }
  if (random.chance(0.5)) {
    body.push(
      "    paginator = boto3.client('ec2').get_paginator('describe_volumes')",
      '    for page in paginator.paginate():',
      "        print(len(page['Volumes']))",
    );
  }
  body.push("    return {'status': 'done'}");
  const lines = [
    `name: ${name}`,
    'action: aws:executeScript',
    'inputs:',
    `  Runtime: ${random.pick(['python3.8', 'python3.9', 'python3.10', 'python3.11'])}`,
    '  Handler: script_handler',
    '  InputPayload:',
    ...[...params].map((param) => `    ${param}: '{{ ${param} }}'`),
    '  Script: |-',
    ...body.map((line) => (line === '' ? '' : `    ${line}`)),
    'outputs:',
    '  - Name: status',
    '    Selector: $.Payload.status',
    '    Type: String',
  ];
  return { name, lines, params: [...params] };
}

function powershellStep(random: Random, name: string): StepText {
  const calls = random.pick(POWERSHELL_CALLS);
  const params = new Set<string>();
  for (const call of calls) for (const match of call.matchAll(/\$InputPayload\.(\w+)/g)) params.add(match[1] as string);
  const lines = [
    `name: ${name}`,
    'action: aws:executeScript',
    'inputs:',
    '  Runtime: PowerShell 7.4',
    '  InputPayload:',
    ...[...params].map((param) => `    ${param}: '{{ ${param} }}'`),
    '  Script: |-',
    '    $InputPayload = $env:InputPayload | ConvertFrom-Json',
    ...calls.map((call) => `    ${call}`),
    "    Write-Output 'done'",
  ];
  return { name, lines, params: [...params] };
}

function runCommandStep(random: Random, name: string): StepText {
  const lines = [
    `name: ${name}`,
    'action: aws:runCommand',
    `timeoutSeconds: ${random.int(60, 3600)}`,
    'inputs:',
    `  DocumentName: ${random.pick(['AWS-RunShellScript', 'AWS-RunPowerShellScript', 'AWS-ConfigureAWSPackage'])}`,
    "  InstanceIds: ['{{ InstanceId }}']",
    '  Parameters:',
    '    commands:',
    `      - echo step ${name}`,
    '      - uptime',
  ];
  return { name, lines, params: ['InstanceId'] };
}

function waitStep(random: Random, name: string): StepText {
  const assert = random.chance(0.5);
  const lines = [
    `name: ${name}`,
    `action: ${assert ? 'aws:assertAwsResourceProperty' : 'aws:waitForAwsResourceProperty'}`,
    'inputs:',
    '  Service: ec2',
    '  Api: DescribeInstances',
    "  InstanceIds: ['{{ InstanceId }}']",
    '  PropertySelector: $.Reservations[0].Instances[0].State.Name',
    `  DesiredValues: [${assert ? 'running' : 'stopped'}]`,
  ];
  return { name, lines, params: ['InstanceId'] };
}

function sleepStep(name: string): StepText {
  return { name, lines: [`name: ${name}`, 'action: aws:sleep', 'inputs:', '  Duration: PT5S'], params: [] };
}

function branchStep(name: string, targets: [string, string]): StepText {
  return {
    name,
    lines: [
      `name: ${name}`,
      'action: aws:branch',
      'inputs:',
      '  Choices:',
      `    - NextStep: ${targets[0]}`,
      "      Variable: '{{ Mode }}'",
      '      StringEquals: fast',
      `  Default: ${targets[1]}`,
    ],
    params: ['Mode'],
  };
}

/** An Automation runbook body (schemaVersion onwards) as YAML lines. */
function runbookLines(random: Random, broken: boolean): string[] {
  const count = random.int(3, 12);
  const names = Array.from(
    { length: count },
    (_, i) => `Step${i + 1}${random.pick(['Describe', 'Remediate', 'Verify', 'Notify', 'Backup', 'Tag'])}`,
  );
  const steps: StepText[] = [];
  for (let i = 0; i < count; i++) {
    const name = names[i] as string;
    const roll = random.next();
    if (i === 0 && count > 4 && random.chance(0.25))
      steps.push(branchStep(name, [names[1] as string, names[2] as string]));
    else if (roll < 0.45) steps.push(apiStep(random, name, broken));
    else if (roll < 0.62) steps.push(pythonStep(random, name));
    else if (roll < 0.7) steps.push(powershellStep(random, name));
    else if (roll < 0.82) steps.push(runCommandStep(random, name));
    else if (roll < 0.94) steps.push(waitStep(random, name));
    else steps.push(sleepStep(name));
  }
  // onFailure chains: a step that fails jumps to a later step (or aborts); the last step ends the run.
  const rollback = random.chance(0.4) && count > 3 ? names[count - 1] : undefined;
  for (let i = 0; i < count; i++) {
    const step = steps[i] as StepText;
    if (rollback && i < count - 1 && random.chance(0.5))
      step.lines.splice(2, 0, `onFailure: step:${rollback}`, `isCritical: ${random.chance(0.5)}`);
    else if (random.chance(0.2)) step.lines.splice(2, 0, `onFailure: ${random.pick(['Abort', 'Continue'])}`);
    if (i === count - 2 && rollback) step.lines.splice(2, 0, 'isEnd: true');
    if (i === count - 1) step.lines.splice(2, 0, 'isEnd: true');
  }
  const params = new Set<string>(steps.flatMap((step) => step.params));
  const lines = [
    `description: '${random.pick(['Remediates', 'Checks', 'Backs up', 'Restarts', 'Tags'])} resources (synthetic benchmark runbook)'`,
    "schemaVersion: '0.3'",
    "assumeRole: '{{ AutomationAssumeRole }}'",
    'parameters:',
    '  AutomationAssumeRole:',
    '    type: String',
    "    description: '(Optional) The ARN of the role that allows Automation to perform the actions on your behalf.'",
    "    default: ''",
  ];
  for (const param of [...params].sort()) {
    if (param === 'Mode')
      lines.push('  Mode:', '    type: String', '    allowedValues: [fast, safe]', '    default: safe');
    else
      lines.push(
        `  ${param}:`,
        `    type: ${PARAMETERS[param] ?? 'String'}`,
        `    description: The ${param} to work on.`,
      );
  }
  lines.push('mainSteps:');
  for (const step of steps) {
    const [first, ...rest] = step.lines;
    lines.push(`  - ${first}`, ...rest.map((line) => (line === '' ? '' : `    ${line}`)));
  }
  if (random.chance(0.3)) lines.push('outputs:', `  - ${names[0]}.${'State'}`);
  return lines;
}

/** The same runbook as JSON: YAML lines are turned into a value by a tiny converter-free route (re-generated as data). */
function runbookJson(random: Random, broken: boolean): string {
  const steps = Array.from({ length: random.int(2, 8) }, (_, i) => {
    const call = random.pick(API_CALLS);
    const inputs: Record<string, unknown> = {
      Service: call.service,
      Api: broken && i === 0 ? `${call.api}Typo` : call.api,
    };
    for (const [key, value] of Object.entries(call.inputs))
      inputs[key] = value.replace(/^'(.*)'$/, '$1').replace(/^\['(.*)'\]$/, '$1');
    return { name: `Call${i + 1}`, action: 'aws:executeAwsApi', onFailure: 'Abort', inputs };
  });
  const params: Record<string, unknown> = { AutomationAssumeRole: { type: 'String', default: '' } };
  for (const step of steps)
    for (const value of Object.values(step.inputs))
      for (const match of String(value).matchAll(/\{\{ (\w+) \}\}/g)) params[match[1] as string] = { type: 'String' };
  return `${JSON.stringify({ schemaVersion: '0.3', description: 'Synthetic benchmark runbook (JSON)', assumeRole: '{{ AutomationAssumeRole }}', parameters: params, mainSteps: steps }, null, 2)}\n`;
}

function cloudFormationTemplate(random: Random, broken: boolean): string {
  const body = runbookLines(random, broken);
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Description: Synthetic benchmark template with an embedded Automation runbook',
    'Resources:',
    '  AutomationRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: {Service: ssm.amazonaws.com}',
    "            Action: 'sts:AssumeRole'",
    '  Runbook:',
    '    Type: AWS::SSM::Document',
    '    Properties:',
    '      DocumentType: Automation',
    '      DocumentFormat: YAML',
    '      Content:',
    ...body.map((line) => (line === '' ? '' : `        ${line}`)),
    'Outputs:',
    '  RunbookName:',
    '    Value: !Ref Runbook',
    '',
  ].join('\n');
}

export interface CorpusFile {
  path: string;
  text: string;
}

/** The files of a corpus, in order: `count` files spread over directories of at most 100. */
export function* corpusFiles(seed: number, count: number): Generator<CorpusFile> {
  const random = createRandom(seed);
  for (let i = 0; i < count; i++) {
    const dir = `d${String(Math.floor(i / 100)).padStart(3, '0')}`;
    const broken = random.chance(0.1);
    const roll = random.next();
    const id = String(i).padStart(5, '0');
    if (roll < 0.1) yield { path: `${dir}/template-${id}.yaml`, text: cloudFormationTemplate(random, broken) };
    else if (roll < 0.25) yield { path: `${dir}/runbook-${id}.json`, text: runbookJson(random, broken) };
    else yield { path: `${dir}/runbook-${id}.yaml`, text: `${runbookLines(random, broken).join('\n')}\n` };
  }
}

/** Writes (once) and returns the directory of the corpus for `seed` and `count`, under `root`. */
export function ensureCorpus(
  root: string,
  seed: number,
  count: number,
): { dir: string; bytes: number; generated: boolean } {
  const dir = join(root, `seed${seed}-n${count}`);
  const manifest = join(dir, '.corpus-manifest');
  if (existsSync(manifest)) {
    const known = JSON.parse(readFileSync(manifest, 'utf8')) as { version: number; bytes: number };
    if (known.version === GENERATOR_VERSION) return { dir, bytes: known.bytes, generated: false };
  }
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  const made = new Set<string>();
  for (const file of corpusFiles(seed, count)) {
    const target = join(dir, file.path);
    const parent = target.slice(0, target.lastIndexOf('/'));
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(target, file.text);
    bytes += Buffer.byteLength(file.text);
  }
  writeFileSync(manifest, JSON.stringify({ version: GENERATOR_VERSION, seed, count, bytes }));
  return { dir, bytes, generated: true };
}

// `tsx bench/generateCorpus.ts [count] [seed]` writes one corpus and prints its directory.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const count = Number(process.argv[2] ?? 100);
  const seed = Number(process.argv[3] ?? 20250101);
  const result = ensureCorpus(join(import.meta.dirname, 'corpus'), seed, count);
  process.stdout.write(
    `${result.dir} (${count} files, ${(result.bytes / 1024 / 1024).toFixed(1)} MB${result.generated ? '' : ', cached'})\n`,
  );
}
