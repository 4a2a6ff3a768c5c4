import { describe, expect, it } from 'vitest';
import { generatePolicy, GeneratePolicyError } from '../../../src/policy/generate/generatePolicy.js';
import { MANAGED_POLICY_LIMIT, policyDocument } from '../../../src/policy/generate/policyDocument.js';
import { verifyPolicies } from '../../../src/policy/generate/verifyPolicy.js';
import { EXAMPLES, runbookFrom } from './helpers.js';

const runbook = (path: string) => runbookFrom(path);

describe('generatePolicy: identity statements', () => {
  it('groups actions by resources, keeps PassRole with iam:PassedToService, and puts "*" last with reasons', () => {
    const generated = generatePolicy([runbook('examples/temporary-instance-profile.yaml')]);
    const [policy] = generated.identity;
    expect(generated.identity).toHaveLength(1);
    expect(policy?.statements.map((statement) => [statement.Sid, statement.actions, statement.resources])).toEqual([
      [
        'Ec2Instance',
        ['ec2:AssociateIamInstanceProfile', 'ec2:DisassociateIamInstanceProfile'],
        ['arn:${Partition}:ec2:${Region}:${Account}:instance/*'],
      ],
      [
        'IamInstanceProfile',
        [
          'iam:AddRoleToInstanceProfile',
          'iam:CreateInstanceProfile',
          'iam:DeleteInstanceProfile',
          'iam:RemoveRoleFromInstanceProfile',
        ],
        ['arn:${Partition}:iam::${Account}:instance-profile/TempProfile-*'],
      ],
      ['IamRole', ['iam:CreateRole', 'iam:DeleteRole'], ['arn:${Partition}:iam::${Account}:role/TempRole-*']],
      [
        'SsmInstanceDocument',
        ['ssm:SendCommand'],
        [
          'arn:${Partition}:ec2:${Region}:${Account}:instance/*',
          'arn:${Partition}:ssm:${Region}::document/AWS-RunShellScript',
        ],
      ],
      ['IamPassRoleToEc2', ['iam:PassRole'], ['*']],
      [
        'SsmNoResourceType',
        ['ssm:DescribeInstanceInformation', 'ssm:ListCommandInvocations', 'ssm:ListCommands'],
        ['*'],
      ],
    ]);
    const passRole = policy?.statements.find((statement) => statement.Sid === 'IamPassRoleToEc2');
    expect(passRole?.conditions).toEqual({ StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] } });
    expect(passRole?.comments).toEqual([
      'iam:PassRole: the resource is only known at run time (step AssociateProfile).',
    ]);
    expect(policy?.statements.at(-1)?.comments[0]).toBe(
      'ssm:DescribeInstanceInformation: IAM has no resource type for this action, so only "*" works.',
    );
    expect(generated.warnings).toEqual([]);
  });

  it('an action whose resource is narrowed on one step and "*" on another is granted on "*" once', () => {
    const generated = generatePolicy([runbook('examples/restart-instance.yaml')]);
    const statements = generated.identity[0]?.statements ?? [];
    expect(statements.filter((statement) => statement.actions.includes('ec2:DescribeInstances'))).toHaveLength(1);
    expect(statements.find((statement) => statement.Sid === 'Ec2Instance')?.resources).toEqual([
      'arn:${Partition}:ec2:${Region}:${Account}:instance/i-*',
    ]);
  });

  it('is deterministic, and merging runbooks does not depend on their order', () => {
    const paths = [...EXAMPLES];
    const forward = generatePolicy(paths.map(runbook), { kind: 'all' });
    const again = generatePolicy(paths.map(runbook), { kind: 'all' });
    const backward = generatePolicy([...paths].reverse().map(runbook), { kind: 'all' });
    expect(JSON.stringify(again.identity)).toBe(JSON.stringify(forward.identity));
    expect(JSON.stringify(backward.identity)).toBe(JSON.stringify(forward.identity));
    expect(JSON.stringify(backward.passrole)).toBe(JSON.stringify(forward.passrole));
    expect(forward.name).toBe('RunbookAutomation');
  });

  it('leaves out calls chosen at run time with a warning; --allow-dynamic grants service:* but never "*"', () => {
    const text = `schemaVersion: '0.3'
parameters:
  Api: { type: String }
mainSteps:
  - name: Dynamic
    action: aws:executeAwsApi
    inputs: { Service: ec2, Api: '{{ Api }}' }
  - name: Describe
    action: aws:executeAwsApi
    inputs: { Service: ec2, Api: DescribeInstances }
`;
    const dynamic = runbookFrom('dynamic.yaml', text);
    const strict = generatePolicy([dynamic]);
    expect(strict.identity[0]?.statements.flatMap((statement) => statement.actions)).toEqual(['ec2:DescribeInstances']);
    expect(strict.leftOut.map(({ need }) => need.action)).toEqual(['ec2:*']);
    expect(strict.warnings[0]).toMatch(
      /^Not granted: step Dynamic calls a ec2 API chosen at run time .* pass --allow-dynamic to grant ec2:\*\.$/,
    );
    const allowed = generatePolicy([dynamic], { allowDynamic: true });
    expect(allowed.identity[0]?.statements.flatMap((statement) => statement.actions)).toEqual([
      'ec2:DescribeInstances',
      'ec2:*',
    ]);
    expect(allowed.leftOut).toEqual([]);
  });

  it("splits a policy over IAM's 6,144 characters into several, each under the limit, and says so", async () => {
    const steps = Array.from(
      { length: 120 },
      (_, index) => `  - name: Tag${index}
    action: aws:executeAwsApi
    inputs: { Service: sns, Api: Publish, TopicArn: 'arn:aws:sns:us-east-1:123456789012:a-rather-long-topic-name-for-notifications-${index}', Message: hi }`,
    ).join('\n');
    const big = runbookFrom('big.yaml', `schemaVersion: '0.3'\nmainSteps:\n${steps}\n`);
    const generated = generatePolicy([big], { exclude: ['kms'] });
    expect(generated.identity.length).toBeGreaterThan(1);
    for (const policy of generated.identity) {
      expect(policy.size).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
      expect(JSON.stringify(policyDocument(policy)).length).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    }
    expect(generated.identity.map((policy) => policy.name)).toEqual(
      generated.identity.map((_, index) => `BigPolicy${index + 1}`),
    );
    expect(generated.warnings.join('\n')).toContain(`so it is split into ${generated.identity.length} policies`);
    const report = await verifyPolicies(generated);
    expect(report.failures).toEqual([]);
    expect(report.needsAllowed).toBe(120);
  });

  it('uses the assume role the runbook names, or --role-arn; different roles are an error', () => {
    const named = (arn: string) =>
      runbookFrom(
        'r.yaml',
        `schemaVersion: '0.3'\nassumeRole: '{{ Role }}'\nparameters:\n  Role: { type: String, default: '${arn}' }\nmainSteps:\n  - name: S\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n`,
      );
    const one = generatePolicy([named('arn:aws:iam::123456789012:role/ops/Runner')], { kind: 'passrole' });
    expect(one.role).toEqual({ name: 'Runner', arn: 'arn:aws:iam::123456789012:role/ops/Runner' });
    expect(
      one.passrole?.statements.map((statement) => [statement.Sid, statement.actions, statement.resources]),
    ).toEqual([
      [
        'StartAutomation',
        ['ssm:StartAutomationExecution'],
        [
          'arn:${Partition}:ssm:${Region}:${Account}:document/r',
          'arn:${Partition}:ssm:${Region}:${Account}:automation-execution/*',
        ],
      ],
      [
        'FollowAutomation',
        ['ssm:GetAutomationExecution'],
        ['arn:${Partition}:ssm:${Region}:${Account}:automation-execution/*'],
      ],
      ['PassAutomationRoleToSsm', ['iam:PassRole'], ['arn:aws:iam::123456789012:role/ops/Runner']],
    ]);
    expect(
      generatePolicy([runbook('examples/restart-instance.yaml')], { roleArn: 'arn:aws:iam::111122223333:role/X' })
        .roleArn,
    ).toBe('arn:aws:iam::111122223333:role/X');
    expect(() =>
      generatePolicy([named('arn:aws:iam::123456789012:role/A'), named('arn:aws:iam::123456789012:role/B')]),
    ).toThrow(GeneratePolicyError);
  });
});

describe('verifyPolicies: iam-simulate proves every example', () => {
  it.each(EXAMPLES)(
    '%s: every need allowed, every request outside the needs denied, trust and start policy exact',
    async (path) => {
      const generated = generatePolicy([runbook(path)], { kind: 'all' });
      const report = await verifyPolicies(generated);
      expect(report.failures).toEqual([]);
      expect(report.needsAllowed).toBe(report.needsChecked);
      expect(report.needsChecked).toBeGreaterThan(0);
      expect(report.outsideDenied).toBe(report.outsideChecked);
      expect(report.outsideChecked).toBeGreaterThan(0);
      expect(report.otherPassed).toBe(report.otherChecked);
      expect(report.otherChecked).toBe(9);
    },
  );

  it('with --account/--region/--partition the checks use those values', async () => {
    const generated = generatePolicy([runbook('examples/restart-instance.yaml')], {
      kind: 'all',
      values: { partition: 'aws-us-gov', region: 'us-gov-west-1', account: '111122223333' },
    });
    const report = await verifyPolicies(generated);
    expect(report.failures).toEqual([]);
  });

  it('catches a policy that does not allow a need, or allows too much', async () => {
    const generated = generatePolicy([runbook('examples/restart-instance.yaml')]);
    const policy = generated.identity[0];
    if (!policy) throw new Error('no policy');
    const missing = {
      ...generated,
      identity: [{ ...policy, statements: policy.statements.filter((statement) => statement.Sid !== 'Ec2Instance') }],
    };
    expect((await verifyPolicies(missing)).failures.join('\n')).toMatch(
      /ec2:StopInstances on arn:aws:ec2:us-east-1:123456789012:instance\/i-sample is denied, but should be allowed/,
    );
    const broad = {
      ...generated,
      identity: [
        {
          ...policy,
          statements: policy.statements.map((statement) =>
            statement.Sid === 'Ec2Instance'
              ? { ...statement, resources: ['arn:${Partition}:ec2:${Region}:*:instance/i-*'] }
              : statement,
          ),
        },
      ],
    };
    expect((await verifyPolicies(broad)).failures.join('\n')).toMatch(
      /instance\/i-sample is allowed, but should be denied/,
    );
  });
});
