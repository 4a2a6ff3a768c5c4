import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { valueOf } from '../../../src/parse/documentNode.js';
import { parseDocument } from '../../../src/parse/parseDocument.js';
import { generatePolicy } from '../../../src/policy/generate/generatePolicy.js';
import type { GeneratePolicyOptions } from '../../../src/policy/generate/generatePolicy.js';
import { policyDocument } from '../../../src/policy/generate/policyDocument.js';
import { renderPolicies, RenderPolicyError } from '../../../src/policy/generate/renderPolicy.js';
import { EXAMPLES, runbookFrom } from './helpers.js';

const SAMPLE = { Partition: 'aws', Region: 'us-east-1', Account: '123456789012' };
const fillSample = (text: string): string =>
  text
    .replaceAll('${Partition}', SAMPLE.Partition)
    .replaceAll('${Region}', SAMPLE.Region)
    .replaceAll('${Account}', SAMPLE.Account);
const generate = (paths: string[], options: GeneratePolicyOptions = {}) =>
  generatePolicy(
    paths.map((path) => runbookFrom(path)),
    options,
  );

/** CloudFormation's intrinsics, as the project's parser reads them, resolved with sample pseudo parameters. */
function resolveCfn(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveCfn);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [tag, argument] = entries[0] as [string, unknown];
    if (tag === '!Sub')
      return String(argument).replace(/\$\{AWS::(Partition|Region|AccountId)\}/g, (_, name: string) =>
        name === 'AccountId' ? SAMPLE.Account : SAMPLE[name as 'Partition' | 'Region'],
      );
    if (tag === '!Ref') return argument === 'AWS::AccountId' ? SAMPLE.Account : `ref:${String(argument)}`;
    if (tag === '!GetAtt') return `getatt:${String(argument)}`;
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, resolveCfn(inner)]));
}

describe("CloudFormation output, parsed with the project's own parser", () => {
  it.each(EXAMPLES)(
    '%s --kind all: a Role with the trust policy, ManagedPolicies equal to the JSON documents',
    (path) => {
      const generated = generate([path], { kind: 'all' });
      const { text } = renderPolicies(generated, 'cloudformation', { header: ['test'] });
      const parsed = parseDocument('policy.yaml', text);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const template = resolveCfn(valueOf(parsed.document.root)) as {
        Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
        Outputs: Record<string, unknown>;
      };
      const { AutomationRole: role, AutomationPolicy: identity, StartAutomationPolicy: start } = template.Resources;
      expect(role?.Type).toBe('AWS::IAM::Role');
      expect(role?.Properties.AssumeRolePolicyDocument).toEqual(
        policyDocument(generated.trust ?? { kind: 'trust', statements: [] }, fillSample),
      );
      expect(identity?.Type).toBe('AWS::IAM::ManagedPolicy');
      expect(identity?.Properties.Roles).toEqual(['ref:AutomationRole']);
      expect(identity?.Properties.PolicyDocument).toEqual(
        JSON.parse(
          JSON.stringify(policyDocument(generated.identity[0] ?? { kind: 'identity', statements: [] }, fillSample)),
        ),
      );
      const startDocument = policyDocument(generated.passrole ?? { kind: 'passrole', statements: [] }, (value) =>
        value === generated.roleArn ? 'getatt:AutomationRole.Arn' : fillSample(value),
      );
      expect(start?.Properties.PolicyDocument).toEqual(JSON.parse(JSON.stringify(startDocument)));
      expect(Object.keys(template.Outputs)).toEqual(['AutomationRoleArn', 'StartAutomationPolicyArn']);
    },
  );

  it('comments each "*" statement with why, and fills --account/--region/--partition literally', () => {
    const { text } = renderPolicies(
      generate(['examples/restart-instance.yaml'], {
        values: { account: '111122223333', region: 'eu-west-1', partition: 'aws' },
      }),
      'cloudformation',
    );
    expect(text).toContain(
      '          # Resource "*":\n          #   ec2:DescribeInstances: IAM has no resource type for this action, so only "*" works.',
    );
    expect(text).toContain("Resource: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-*'");
    expect(text).not.toContain('!Sub');
  });
});

describe('Terraform output, parsed with a real HCL parser (@cdktf/hcl2json)', () => {
  /** The jsonencode argument read by the HCL parser as a static value: data sources replaced by sample strings. */
  async function jsonencodeValue(expression: string): Promise<unknown> {
    const inner = expression.replace(/^\$\{jsonencode\(/, '').replace(/\)\}$/, '');
    const staticText = inner
      .replaceAll('${data.aws_partition.current.partition}', SAMPLE.Partition)
      .replaceAll('${data.aws_region.current.name}', SAMPLE.Region)
      .replaceAll('${data.aws_caller_identity.current.account_id}', SAMPLE.Account)
      .replace(/= aws_iam_role\.automation\.arn$/m, '= "role-arn"');
    const parsed = (await parseHcl('policy.tf', `locals {\n  policy = ${staticText}\n}\n`)) as {
      locals: [{ policy: unknown }];
    };
    return parsed.locals[0].policy;
  }

  it.each(EXAMPLES)(
    '%s --kind all: role, policy, attachment, start policy; documents equal the JSON ones',
    async (path) => {
      const generated = generate([path], { kind: 'all' });
      const { text } = renderPolicies(generated, 'terraform');
      const hcl = (await parseHcl('main.tf', text)) as {
        data: Record<string, unknown>;
        resource: Record<string, Record<string, [Record<string, string>]>>;
        output: Record<string, unknown>;
      };
      expect(Object.keys(hcl.data).sort()).toEqual(['aws_caller_identity', 'aws_partition', 'aws_region']);
      const {
        aws_iam_role: roles,
        aws_iam_policy: policies,
        aws_iam_role_policy_attachment: attachments,
      } = hcl.resource;
      expect(roles?.automation?.[0].name).toBe(generated.role.name);
      expect(await jsonencodeValue(roles?.automation?.[0].assume_role_policy ?? '')).toEqual(
        policyDocument(generated.trust ?? { kind: 'trust', statements: [] }, fillSample),
      );
      expect(await jsonencodeValue(policies?.automation?.[0].policy ?? '')).toEqual(
        JSON.parse(
          JSON.stringify(policyDocument(generated.identity[0] ?? { kind: 'identity', statements: [] }, fillSample)),
        ),
      );
      const start = policyDocument(generated.passrole ?? { kind: 'passrole', statements: [] }, (value) =>
        value === generated.roleArn ? 'role-arn' : fillSample(value),
      );
      expect(await jsonencodeValue(policies?.start_automation?.[0].policy ?? '')).toEqual(
        JSON.parse(JSON.stringify(start)),
      );
      expect(attachments?.automation?.[0]).toEqual({
        role: '${aws_iam_role.automation.name}',
        policy_arn: '${aws_iam_policy.automation.arn}',
      });
      expect(Object.keys(hcl.output).sort()).toEqual(['automation_role_arn', 'start_automation_policy_arn']);
    },
  );

  it('emits only the data sources it uses, and escapes literal ${ in strings', async () => {
    const generated = generate(['examples/restart-instance.yaml'], {
      kind: 'passrole',
      values: { partition: 'aws', region: 'eu-west-1' },
      roleArn: 'arn:aws:iam::111122223333:role/Runner',
    });
    const { text } = renderPolicies(generated, 'terraform');
    expect(text).toContain('data "aws_caller_identity" "current" {}');
    expect(text).not.toContain('aws_partition');
    expect(text).toContain('"arn:aws:iam::111122223333:role/Runner"');
    await expect(parseHcl('main.tf', text)).resolves.toBeTruthy();
  });
});

describe('JSON output', () => {
  it('fills missing placeholders with "*" and warns; fills given values', () => {
    const open = renderPolicies(generate(['examples/restart-instance.yaml']), 'json');
    expect(JSON.parse(open.text).Statement[0].Resource).toBe('arn:*:ec2:*:*:instance/i-*');
    expect(open.warnings[0]).toMatch(
      /^The ARNs have "\*" for the account, partition, region, .* give --account 123456789012 --partition aws --region us-east-1 to narrow them\.$/,
    );
    const filled = renderPolicies(
      generate(['examples/restart-instance.yaml'], {
        values: { account: '111122223333', region: 'eu-west-1', partition: 'aws' },
      }),
      'json',
    );
    expect(JSON.parse(filled.text).Statement[0].Resource).toBe('arn:aws:ec2:eu-west-1:111122223333:instance/i-*');
    expect(filled.warnings).toEqual([]);
  });

  it('several policies are one object keyed by name; the trust policy needs --account', () => {
    expect(() => renderPolicies(generate(['examples/restart-instance.yaml'], { kind: 'all' }), 'json')).toThrow(
      RenderPolicyError,
    );
    const all = renderPolicies(
      generate(['examples/restart-instance.yaml'], { kind: 'all', values: { account: '111122223333' } }),
      'json',
    );
    expect(Object.keys(JSON.parse(all.text))).toEqual([
      'RestartInstancePolicy',
      'RestartInstanceTrustPolicy',
      'RestartInstanceStartPolicy',
    ]);
    expect(JSON.parse(all.text).RestartInstanceTrustPolicy.Statement[0].Condition).toEqual({
      ArnLike: { 'aws:SourceArn': 'arn:*:ssm:*:111122223333:automation-execution/*' },
      StringEquals: { 'aws:SourceAccount': '111122223333' },
    });
  });
});
