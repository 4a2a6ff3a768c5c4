import { describe, expect, it } from 'vitest';
import { generatePolicy } from '../../../src/policy/generate/generatePolicy.js';
import { arnWitness, outsideArn, sampleArns } from '../../../src/policy/generate/sampleResource.js';
import { verifyPolicies } from '../../../src/policy/generate/verifyPolicy.js';
import { runbookFrom } from './helpers.js';

const VALUES = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

const runbook = (steps: string, parameters = '') =>
  runbookFrom(
    'self-check.yaml',
    `schemaVersion: '0.3'\nassumeRole: '{{ AutomationAssumeRole }}'\nparameters:\n  AutomationAssumeRole: { type: String }\n${parameters}mainSteps:\n${steps}`,
  );

async function verified(steps: string, parameters = '') {
  const generated = generatePolicy([runbook(steps, parameters)], { kind: 'all', values: { account: VALUES.account } });
  const report = await verifyPolicies(generated);
  return { generated, report };
}

describe('sample ARNs follow the ARN format of the resource type', () => {
  it('fills every variable of the format, constrained by the pattern', () => {
    const stack = 'arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}';
    const filled = stack.replace('${Partition}', 'aws').replace('${Region}', 'us-east-1').replace('${Account}', '1');
    expect(arnWitness('arn:aws:cloudformation:us-east-1:1:stack/Web-*/*', filled)).toBe(
      'arn:aws:cloudformation:us-east-1:1:stack/Web-sample/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
    );
    expect(arnWitness('arn:aws:cloudformation:us-east-1:1:stack/*', filled)).toMatch(/stack\/sample\/[0-9a-f-]{36}$/);
    expect(arnWitness('arn:aws:cloudformation:us-east-1:2:stack/*', filled)).toBeUndefined();
    expect(outsideArn(stack, VALUES)).toBe(
      'arn:aws:cloudformation:us-east-1:123456789012:stack/runbook-iam-outside/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
    );
  });

  it('gives one sample per resource type the pattern can name, none when it fits no format', () => {
    expect(sampleArns('ec2:StopInstances', 'arn:aws:ec2:us-east-1:123456789012:instance/i-*', VALUES)).toEqual([
      {
        resource: 'arn:aws:ec2:us-east-1:123456789012:instance/i-sample',
        arnFormat: 'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}',
      },
    ]);
    // A bucket name is a whole ARN part: it never spans a "/".
    expect(sampleArns('s3:GetObject', 'arn:aws:s3:::reports/*', VALUES).map((sample) => sample.resource)).toEqual([
      'arn:aws:s3:::reports/sample',
    ]);
    expect(sampleArns('ssm:SendCommand', 'arn:aws:ssm:us-east-1::document/AWS-RunShellScript', VALUES)).toEqual([]);
    // A Region or account the pattern names is kept; a wildcard one gets the sample value.
    expect(
      sampleArns('ec2:StopInstances', 'arn:aws:ec2:eu-west-1:*:instance/*', VALUES).map((sample) => sample.resource),
    ).toEqual(['arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0']);
  });
});

describe('the self-check fails only on a real defect of the policy', () => {
  it('a stack created and deleted by name is simulated on ARNs with a stack id', async () => {
    const { report } = await verified(
      `  - name: Create\n    action: aws:createStack\n    inputs: { StackName: 'web-{{ automation:EXECUTION_ID }}', TemplateBody: '{}' }\n  - name: Delete\n    action: aws:deleteStack\n    inputs: { StackName: 'web-{{ automation:EXECUTION_ID }}' }\n`,
    );
    expect(report.failures).toEqual([]);
    expect(report.needsAllowed).toBe(report.needsChecked);
    expect(report.outsideDenied).toBe(report.outsideChecked);
    expect(report.outsideChecked).toBeGreaterThan(0);
  });

  it('Auto Scaling groups, EKS node groups and ECS tasks are simulated on ARNs of their own shape', async () => {
    const { report } = await verified(
      [
        '  - name: Suspend\n    action: aws:executeAwsApi\n    inputs: { Service: autoscaling, Api: SuspendProcesses, AutoScalingGroupName: web-asg }\n',
        '  - name: Nodes\n    action: aws:executeAwsApi\n    inputs: { Service: eks, Api: DescribeNodegroup, clusterName: prod, nodegroupName: workers }\n',
        '  - name: Stop\n    action: aws:executeAwsApi\n    inputs: { Service: ecs, Api: StopTask, cluster: prod, task: 0123456789abcdef0123456789abcdef }\n',
      ].join(''),
    );
    expect(report.failures).toEqual([]);
    expect(report.needsAllowed).toBe(report.needsChecked);
    expect(report.outsideDenied).toBe(report.outsideChecked);
    expect(report.outsideChecked).toBeGreaterThan(0);
  });

  it('KMS key actions are allowed under the default key policy, and still denied on another key', async () => {
    const { report } = await verified(
      `  - name: Rotate\n    action: aws:executeAwsApi\n    inputs: { Service: kms, Api: EnableKeyRotation, KeyId: '{{ KeyId }}' }\n`,
      `  KeyId: { type: String, default: 1234abcd-12ab-34cd-56ef-1234567890ab }\n`,
    );
    expect(report.failures).toEqual([]);
    expect(report.needsAllowed).toBe(1);
    expect(report.outsideDenied).toBe(report.outsideChecked);
    expect(report.outsideChecked).toBeGreaterThan(0);
  });

  it('an ARN the simulator cannot place is checked against the statements, and a missing grant still fails', async () => {
    const { generated, report } = await verified(
      `  - name: Run\n    action: aws:runCommand\n    inputs: { DocumentName: AWS-RunShellScript, InstanceIds: ['i-0123456789abcdef0'], Parameters: { commands: [date] } }\n`,
    );
    expect(report.failures).toEqual([]);
    expect(report.matchedLocally.join('\n')).toContain('document/AWS-RunShellScript');
    const policy = generated.identity[0];
    if (!policy) throw new Error('no identity policy');
    const withoutDocument = {
      ...generated,
      identity: [
        {
          ...policy,
          statements: policy.statements.map((statement) => ({
            ...statement,
            resources: statement.resources.filter((resource) => !resource.includes('document/')),
          })),
        },
      ],
    };
    expect((await verifyPolicies(withoutDocument)).failures.join('\n')).toMatch(
      /ssm:SendCommand on arn:aws:ssm:us-east-1::document\/AWS-RunShellScript is denied, but should be allowed/,
    );
  });
});

describe('start policy size', () => {
  it('warns when the start policy for many documents is over the managed-policy limit', () => {
    const runbooks = Array.from({ length: 120 }, (_, index) =>
      runbookFrom(
        `runbooks/team-maintenance-runbook-number-${index}.yaml`,
        "schemaVersion: '0.3'\nmainSteps:\n  - name: Wait\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n",
      ),
    );
    const generated = generatePolicy(runbooks, { kind: 'passrole', values: VALUES });
    expect(generated.passrole?.size).toBeGreaterThan(6144);
    expect(generated.warnings.join('\n')).toMatch(/The start policy is [\d,]+ characters, more than IAM's 6,144/);
  });
});
