import { describe, expect, it } from 'vitest';
import { buildRunbook } from '../../src/model/buildRunbook.js';
import type { Runbook } from '../../src/model/runbook.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import { cfnHandlerTable } from '../../src/permissions/cfnHandlerTable.js';
import { describeNeed } from '../../src/permissions/describeNeed.js';
import type { StepPermissions } from '../../src/permissions/permissionNeed.js';
import { templateResourceTypes } from '../../src/permissions/stackTemplate.js';
import { runbookPermissions } from '../../src/permissions/stepPermissions.js';

const ROLE = 'arn:aws:iam::123456789012:role/CfnDeployer';

function runbookOf(steps: string): Runbook {
  const yaml = `schemaVersion: '0.3'\nassumeRole: '{{ AutomationAssumeRole }}'\nparameters:\n  AutomationAssumeRole: {type: String}\nmainSteps:\n${steps}`;
  const parsed = parseDocument('test.yaml', yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return buildRunbook(parsed.document)!;
}

/** A template as a TemplateBody block, indented for a step input. */
function body(...types: string[]): string {
  const resources = types.map((type, index) => `          R${index}:\n            Type: ${type}\n`).join('');
  return `      TemplateBody: |\n        Parameters:\n          Key:\n            Type: AWS::EC2::KeyPair::KeyName\n        Resources:\n${resources}`;
}

function createStack(name: string, inputs: string): string {
  return `  - name: ${name}\n    action: aws:createStack\n    inputs:\n      StackName: web\n${inputs}`;
}

function api(name: string, operation: string, inputs: string): string {
  return `  - name: ${name}\n    action: aws:executeAwsApi\n    inputs:\n      Service: cloudformation\n      Api: ${operation}\n      StackName: web\n${inputs}`;
}

function handlerActions(step: StepPermissions | undefined): string[] {
  return (step?.needs ?? []).filter((need) => need.origin.kind === 'stack-resource').map((need) => need.action);
}

/** The table's list, deduplicated in the order stackHandlerNeeds walks it (types sorted, handlers in order). */
function tableActions(types: string[], handlers: ('create' | 'update' | 'delete')[]): string[] {
  const seen = new Set<string>();
  for (const type of [...types].sort())
    for (const handler of handlers)
      for (const action of cfnHandlerTable().types[type]?.[handler] ?? []) seen.add(action);
  return [...seen];
}

describe('CloudFormation handler permissions of stack steps without a RoleARN', () => {
  it('createStack: each resource type’s create permissions, likely, on `*`, and the step is complete', () => {
    const [step] = runbookPermissions(runbookOf(createStack('Stack', body('AWS::SQS::Queue', 'AWS::IAM::Role'))));
    expect(step?.incomplete).toBeUndefined();
    const actions = handlerActions(step);
    expect(actions).toContain('sqs:CreateQueue');
    expect(actions).toContain('iam:CreateRole');
    expect(actions).not.toContain('sqs:DeleteQueue');
    expect(actions).toEqual(tableActions(['AWS::SQS::Queue', 'AWS::IAM::Role'], ['create']));
    const create = step!.needs.find((need) => need.action === 'sqs:CreateQueue')!;
    expect(create).toMatchObject({
      origin: {
        kind: 'stack-resource',
        actionType: 'aws:createStack',
        resourceType: 'AWS::SQS::Queue',
        handler: 'create',
      },
      confidence: 'likely',
      resources: ['*'],
      resourceConfidence: 'unknown',
      resourceNote: { kind: 'stack-resource' },
    });
    expect(describeNeed(create)).toMatch(/^CloudFormation create handler of AWS::SQS::Queue \(no RoleARN\); /);
  });

  it('clean twin: with a RoleARN, no handler needs, only iam:PassRole for that role', () => {
    const [step] = runbookPermissions(
      runbookOf(createStack('Stack', `      RoleARN: ${ROLE}\n${body('AWS::SQS::Queue', 'AWS::IAM::Role')}`)),
    );
    expect(step?.incomplete).toBeUndefined();
    expect(handlerActions(step)).toEqual([]);
    expect(step?.needs.find((need) => need.action === 'iam:PassRole')?.resources).toEqual([ROLE]);
  });

  it('executeAwsApi UpdateStack: create, update and delete permissions; with a RoleARN none', () => {
    const [step] = runbookPermissions(runbookOf(api('Update', 'UpdateStack', body('AWS::SQS::Queue'))));
    expect(step?.incomplete).toBeUndefined();
    expect(handlerActions(step)).toEqual(tableActions(['AWS::SQS::Queue'], ['create', 'update', 'delete']));
    expect(handlerActions(step)).toEqual(
      expect.arrayContaining(['sqs:CreateQueue', 'sqs:SetQueueAttributes', 'sqs:DeleteQueue']),
    );
    const [withRole] = runbookPermissions(
      runbookOf(api('Update', 'UpdateStack', `      RoleARN: ${ROLE}\n${body('AWS::SQS::Queue')}`)),
    );
    expect(handlerActions(withRole)).toEqual([]);
    expect(withRole?.needs.map((need) => need.action)).toContain('iam:PassRole');
  });

  it('UpdateStack with UsePreviousTemplate: the template is unknown, so the step stays incomplete', () => {
    const [step] = runbookPermissions(runbookOf(api('Update', 'UpdateStack', '      UsePreviousTemplate: true\n')));
    expect(handlerActions(step)).toEqual([]);
    expect(step?.incomplete).toMatch(
      /^CloudFormation updates the stack's resources .* the template is not in the runbook/,
    );
  });

  it('a resource type the table lacks keeps the step incomplete, naming only that type', () => {
    const [step] = runbookPermissions(runbookOf(createStack('Stack', body('AWS::SQS::Queue', 'AWS::IAM::Policy'))));
    expect(step?.incomplete).toBe(
      "CloudFormation creates AWS::IAM::Policy with this runbook's role (no RoleARN), and the permissions of that resource type are not known; pass a RoleARN, or add them",
    );
    expect(handlerActions(step)).toContain('sqs:CreateQueue');
    // A custom resource has no handler in the registry: CloudFormation sends it to its ServiceToken.
    const [custom] = runbookPermissions(
      runbookOf(createStack('Stack', body('Custom::Thing', 'AWS::Lambda::Function'))),
    );
    expect(custom?.incomplete).toMatch(/^CloudFormation creates Custom::Thing with this runbook's role/);
  });

  it('a TemplateBody given at run time is not a template: the step stays incomplete', () => {
    const [step] = runbookPermissions(
      runbookOf(createStack('Stack', "      TemplateBody: '{{ AutomationAssumeRole }}'\n")),
    );
    expect(handlerActions(step)).toEqual([]);
    expect(step?.incomplete).toMatch(
      /^CloudFormation creates the stack's resources .* the template is not in the runbook/,
    );
  });

  it('deleteStack: the template of the step that created the same stack gives the delete permissions', () => {
    const deletion = '  - name: Delete\n    action: aws:deleteStack\n    inputs:\n      StackName: web\n';
    const [, step] = runbookPermissions(runbookOf(createStack('Create', body('AWS::SQS::Queue')) + deletion));
    expect(step?.incomplete).toBeUndefined();
    expect(handlerActions(step)).toEqual(tableActions(['AWS::SQS::Queue'], ['delete']));
    // Created with a service role: CloudFormation deletes with the role associated with the stack.
    const [, withRole] = runbookPermissions(
      runbookOf(createStack('Create', `      RoleARN: ${ROLE}\n${body('AWS::SQS::Queue')}`) + deletion),
    );
    expect(withRole?.incomplete).toBeUndefined();
    expect(handlerActions(withRole)).toEqual([]);
    // A stack this runbook did not create: its template is unknown.
    const [alone] = runbookPermissions(runbookOf(deletion));
    expect(alone?.incomplete).toMatch(/^CloudFormation deletes the stack's resources/);
    expect(handlerActions(alone)).toEqual([]);
  });

  it('reads resource types from JSON and YAML templates, not parameter types, with Automation variables in the text', () => {
    expect(
      templateResourceTypes('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}, "T": {"Type": "AWS::SNS::Topic"}}}'),
    ).toEqual(['AWS::SNS::Topic', 'AWS::SQS::Queue']);
    expect(
      templateResourceTypes(
        'Parameters:\n  Vpc: {Type: "AWS::EC2::VPC::Id"}\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: {{ Name }}\n      Tags: [!Ref Vpc]\n',
      ),
    ).toEqual(['AWS::S3::Bucket']);
    expect(templateResourceTypes('{{ Template }}')).toBeUndefined();
    expect(templateResourceTypes('Resources: {}\n')).toEqual([]);
    // Text that is not YAML: the Type lines, without parameter types.
    expect(
      templateResourceTypes('Resources:\n  A:\n    Type: AWS::SQS::Queue\n  - Type: AWS::EC2::Subnet::Id\n\t:'),
    ).toEqual(['AWS::SQS::Queue']);
  });
});
