import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig, loadConfig } from '../../src/engine/config.js';
import type { Config } from '../../src/engine/config.js';
import type { Finding } from '../../src/engine/finding.js';
import { lintFiles } from '../../src/engine/lintFiles.js';
import type { LintRun } from '../../src/engine/lintFiles.js';
import type { JsonOutput } from '../../src/formatters/json.js';
import { loadRoleFile, RoleFileError } from '../../src/policy/loadRoleFile.js';
import type { PolicyDocument, RoleInfo } from '../../src/policy/roleInfo.js';
import { statementsOf } from '../../src/policy/roleInfo.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

const { main } = await import('../../src/cli/main.js');

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const STACK_LINE = /^\s+at /m;

/** The bundled snapshot, read here independently of src/policy/managedPolicies.ts. */
const SNAPSHOT = JSON.parse(readFileSync(join(ROOT, 'action-map', 'managed-policies.json'), 'utf8')) as {
  policies: { name: string; arn: string; document: PolicyDocument }[];
};
function snapshotDocument(arn: string): PolicyDocument {
  const found = SNAPSHOT.policies.find((policy) => policy.arn === arn);
  if (!found) throw new Error(`${arn} is not in the snapshot`);
  return found.document;
}

const AUTOMATION_ROLE_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonSSMAutomationRole';
const EC2_FULL_ACCESS_ARN = 'arn:aws:iam::aws:policy/AmazonEC2FullAccess';
const CUSTOMER_ARN = 'arn:aws:iam::111122223333:policy/Extra';

const TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ssm.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    },
  ],
};

const allow = (...actions: string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

const STOP_DOC = allow('ec2:StopInstances');
const DESCRIBE_DOC = allow('ec2:DescribeInstances');

/** A role file in the `aws iam get-role` shape, with inline policies. */
function roleFile(name: string, inline: Record<string, PolicyDocument>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      Role: { RoleName: name, Arn: `arn:aws:iam::111122223333:role/${name}`, AssumeRolePolicyDocument: TRUST },
      RolePolicyList: Object.entries(inline).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
      ...extra,
    },
    null,
    2,
  );
}

/** A runbook with one step that needs ec2:StopInstances (and nothing else). */
const STOP_RUNBOOK = [
  "schemaVersion: '0.3'",
  "assumeRole: '{{ AutomationAssumeRole }}'",
  'parameters:',
  '  AutomationAssumeRole:',
  '    type: String',
  "    allowedPattern: '^arn:aws:iam::\\d{12}:role/[\\w+=,.@-]+$'",
  '  InstanceId:',
  '    type: String',
  'mainSteps:',
  '  - name: StopInstance',
  '    action: aws:executeAwsApi',
  '    inputs:',
  '      Service: ec2',
  '      Api: StopInstances',
  "      InstanceIds: ['{{ InstanceId }}']",
  '',
].join('\n');

const ROLE_RULE_IDS = rules
  .filter((rule) => rule.meta.requiresRole === true)
  .map((rule) => rule.meta.id)
  .sort();

function run(
  dir: TempDir,
  paths: string[],
  config: Config = defaultConfig(dir.path),
  extra: { role?: RoleInfo; strict?: boolean } = {},
): Promise<LintRun> {
  return lintFiles({ paths, cwd: dir.path, config, rules, ...extra });
}

const byRule = (findings: Finding[], ruleId: string, file?: string): Finding[] =>
  findings.filter((finding) => finding.ruleId === ruleId && (file === undefined || finding.range.file === file));

/** Writes a file and expects loadRoleFile to reject it with a RoleFileError; returns the message. */
function roleFileError(dir: TempDir, name: string, content: string): string {
  const path = dir.write(name, content);
  let caught: unknown;
  try {
    loadRoleFile(path, name);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RoleFileError);
  return (caught as RoleFileError).message;
}

let dir: TempDir;
beforeAll(() => {
  dir = tempDir('runbook-iam-roles-');
});
afterAll(() => dir.remove());

describe('loadRoleFile: the documented shapes', () => {
  it('reads the `aws iam get-role` output with a "Role" wrapper: name, ARN, trust policy and inline policies', () => {
    const path = dir.write('shapes/wrapped.json', roleFile('WrappedRole', { Stop: STOP_DOC }));
    const role = loadRoleFile(path, 'shapes/wrapped.json');
    expect(role.source).toBe('shapes/wrapped.json');
    expect(role.name).toBe('WrappedRole');
    expect(role.arn).toBe('arn:aws:iam::111122223333:role/WrappedRole');
    expect(role.trustPolicy).toEqual(TRUST);
    expect(role.policies).toEqual([{ name: 'Stop', document: STOP_DOC, managed: false }]);
    expect(role.problems).toEqual([]);
    expect(role.incomplete).toBeUndefined();
  });

  it('reads a top-level role object (a RoleDetailList entry) with no "Role" wrapper', () => {
    const path = dir.write(
      'shapes/top-level.json',
      JSON.stringify({
        RoleName: 'TopLevelRole',
        Arn: 'arn:aws:iam::444455556666:role/TopLevelRole',
        AssumeRolePolicyDocument: TRUST,
        RolePolicyList: [{ PolicyName: 'Describe', PolicyDocument: DESCRIBE_DOC }],
      }),
    );
    const role = loadRoleFile(path, 'top-level.json');
    expect(role.name).toBe('TopLevelRole');
    expect(role.arn).toBe('arn:aws:iam::444455556666:role/TopLevelRole');
    expect(role.trustPolicy).toEqual(TRUST);
    expect(role.policies).toEqual([{ name: 'Describe', document: DESCRIBE_DOC, managed: false }]);
  });

  it('reads inline policies from RolePolicyList and Policies, as an object, a JSON string and URL-encoded JSON', () => {
    const asString = allow('s3:GetObject');
    const urlEncoded = allow('sns:Publish', 'sqs:SendMessage');
    const path = dir.write(
      'shapes/inline.json',
      JSON.stringify({
        Role: { RoleName: 'InlineRole' },
        RolePolicyList: [
          { PolicyName: 'AsObject', PolicyDocument: STOP_DOC },
          { PolicyName: 'AsString', PolicyDocument: JSON.stringify(asString) },
        ],
        Policies: [{ PolicyName: 'UrlEncoded', PolicyDocument: encodeURIComponent(JSON.stringify(urlEncoded)) }],
      }),
    );
    const role = loadRoleFile(path);
    expect(encodeURIComponent(JSON.stringify(urlEncoded)).startsWith('%7B')).toBe(true);
    expect(role.policies).toEqual([
      { name: 'AsObject', document: STOP_DOC, managed: false },
      { name: 'AsString', document: asString, managed: false },
      { name: 'UrlEncoded', document: urlEncoded, managed: false },
    ]);
    expect(role.incomplete).toBeUndefined();
  });

  it('reads a RoleDetailList entry fixture whose RolePolicyList document is URL-encoded, as the IAM API returns it', () => {
    const role = loadRoleFile(join(FIXTURES, 'detail-entry.json'), 'fixtures/detail-entry.json');
    expect(role.name).toBe('DetailEntryRole');
    expect(role.policies.map((policy) => policy.name)).toEqual(['FromApi']);
    expect(statementsOf(role.policies[0]?.document)).toEqual([
      { Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: 'arn:aws:ssm:*:111122223333:parameter/app/*' },
    ]);
  });

  it('resolves an AWS managed policy ARN (AmazonSSMAutomationRole) from the bundled snapshot', () => {
    const path = dir.write(
      'shapes/managed.json',
      roleFile(
        'ManagedRole',
        {},
        { AttachedManagedPolicies: [{ PolicyName: 'AmazonSSMAutomationRole', PolicyArn: AUTOMATION_ROLE_ARN }] },
      ),
    );
    const role = loadRoleFile(path);
    expect(role.policies).toHaveLength(1);
    const [policy] = role.policies;
    expect(policy?.name).toBe('AmazonSSMAutomationRole');
    expect(policy?.arn).toBe(AUTOMATION_ROLE_ARN);
    expect(policy?.managed).toBe(true);
    expect(policy?.document).toEqual(snapshotDocument(AUTOMATION_ROLE_ARN));
    const actions = statementsOf(policy?.document).flatMap((statement) =>
      Array.isArray(statement.Action) ? statement.Action : [statement.Action],
    );
    expect(actions).toContain('ec2:StopInstances');
    expect(actions).toContain('lambda:InvokeFunction');
    expect(statementsOf(policy?.document).length).toBeGreaterThan(3);
    expect(role.problems).toEqual([]);
    expect(role.incomplete).toBeUndefined();
  });

  it('reads ManagedPolicyArns (a list of ARNs) the same way', () => {
    const path = dir.write(
      'shapes/managed-arns.json',
      JSON.stringify({ RoleName: 'ArnsRole', ManagedPolicyArns: [AUTOMATION_ROLE_ARN] }),
    );
    const role = loadRoleFile(path);
    expect(role.policies.map((policy) => [policy.arn, policy.managed])).toEqual([[AUTOMATION_ROLE_ARN, true]]);
    expect(role.policies[0]?.document).toEqual(snapshotDocument(AUTOMATION_ROLE_ARN));
  });

  it('reads a customer managed policy from the Document (or PolicyVersion.Document) its entry carries', () => {
    const versioned = allow('logs:PutLogEvents');
    const path = dir.write(
      'shapes/customer.json',
      roleFile(
        'CustomerRole',
        {},
        {
          AttachedManagedPolicies: [
            { PolicyArn: CUSTOMER_ARN, Document: DESCRIBE_DOC },
            {
              PolicyArn: 'arn:aws:iam::111122223333:policy/path/Versioned',
              PolicyVersion: { VersionId: 'v3', Document: encodeURIComponent(JSON.stringify(versioned)) },
            },
          ],
        },
      ),
    );
    const role = loadRoleFile(path);
    expect(role.policies).toEqual([
      { name: 'Extra', arn: CUSTOMER_ARN, document: DESCRIBE_DOC, managed: false },
      {
        name: 'Versioned',
        arn: 'arn:aws:iam::111122223333:policy/path/Versioned',
        document: versioned,
        managed: false,
      },
    ]);
    expect(role.problems).toEqual([]);
    expect(role.incomplete).toBeUndefined();
  });

  it('names a customer managed policy without a document in a problem and marks the role incomplete', () => {
    const path = dir.write(
      'shapes/no-document.json',
      roleFile('PartialRole', { Stop: STOP_DOC }, { AttachedManagedPolicies: [{ PolicyArn: CUSTOMER_ARN }] }),
    );
    const role = loadRoleFile(path, 'shapes/no-document.json');
    expect(role.policies.map((policy) => policy.name)).toEqual(['Stop']);
    expect(role.incomplete).toBe(true);
    expect(role.problems).toEqual([
      `shapes/no-document.json: the customer managed policy ${CUSTOMER_ARN} has no document in the role file, so its permissions were not counted; add it (AttachedManagedPolicies entry with "Document", from \`aws iam get-policy-version\`).`,
    ]);
  });

  it('names an AWS managed policy that is not in the snapshot in a problem', () => {
    const arn = 'arn:aws:iam::aws:policy/NoSuchPolicyInTheSnapshot';
    const path = dir.write('shapes/unknown-managed.json', roleFile('UnknownManaged', {}, { ManagedPolicyArns: [arn] }));
    const role = loadRoleFile(path, 'unknown-managed.json');
    expect(role.policies).toEqual([]);
    expect(role.incomplete).toBe(true);
    expect(role.problems).toHaveLength(1);
    expect(role.problems[0]).toContain(
      `unknown-managed.json: the AWS managed policy ${arn} is not in runbook-iam's managed-policy snapshot`,
    );
  });

  it('rejects invalid JSON with a RoleFileError naming the file, on one line', () => {
    const message = roleFileError(dir, 'bad/invalid.json', '{\n  "Role": x\n}\n');
    expect(message).toMatch(
      /^Role file bad\/invalid\.json is not valid JSON \(.+\); give the output of `aws iam get-role`\.$/,
    );
    expect(message).not.toContain('\n');
  });

  it('rejects a file that is not a role object (a list) with a RoleFileError naming the file', () => {
    expect(roleFileError(dir, 'bad/list.json', '[{"RoleName": "x"}]')).toBe(
      'Role file bad/list.json must hold a JSON object: the output of `aws iam get-role`.',
    );
  });

  it('rejects a bare policy document given as the role file, instead of reading it as a role with no policies', () => {
    const message = roleFileError(dir, 'bad/policy-document.json', JSON.stringify(STOP_DOC));
    expect(message).toMatch(
      /^Role file bad\/policy-document\.json is not a role: it has none of Role, RoleName, .*; give the output of `aws iam get-role` with the role's policies\.$/,
    );
  });

  it('rejects a policy entry whose document has no Statement, naming the file and the entry', () => {
    const content = JSON.stringify({
      Role: { RoleName: 'R' },
      RolePolicyList: [{ PolicyName: 'P', PolicyDocument: { Version: '2012-10-17' } }],
    });
    expect(roleFileError(dir, 'bad/no-statement.json', content)).toBe(
      'bad/no-statement.json: RolePolicyList[0].PolicyDocument must be a policy document with a Statement.',
    );
  });

  it('rejects a file that does not exist', () => {
    let caught: unknown;
    try {
      loadRoleFile(dir.file('bad/missing.json'), 'bad/missing.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RoleFileError);
    expect((caught as Error).message).toBe('Cannot read role file bad/missing.json: no such file or directory.');
  });
});

describe('lintFiles: which role a runbook is judged against', () => {
  let project: TempDir;
  let runbookA: string;
  let runbookB: string;
  beforeAll(() => {
    project = tempDir('runbook-iam-roles-precedence-');
    runbookA = project.write('runbooks/a/stop.yaml', STOP_RUNBOOK);
    runbookB = project.write('runbooks/b/stop.yaml', STOP_RUNBOOK);
    // roleA allows what the runbooks need; roleB does not.
    project.write('roles/roleA.json', roleFile('RoleA', { Stop: STOP_DOC }));
    project.write('roles/roleB.json', roleFile('RoleB', { Describe: DESCRIBE_DOC }));
  });
  afterAll(() => project.remove());

  const config = (yaml: string): Config =>
    loadConfig(project.write('.runbook-iam.yaml', yaml), new Set(rules.map((rule) => rule.meta.id)));

  it('uses the first roles: glob that matches, relative to the config file', async () => {
    const result = await run(
      project,
      [project.file('runbooks')],
      config("roles:\n  'runbooks/a/**': roles/roleA.json\n  '**/*.yaml': roles/roleB.json\n"),
    );
    expect(result.hadInputErrors).toBe(false);
    expect(byRule(result.findings, 'missing-permission', runbookA)).toEqual([]);
    const missing = byRule(result.findings, 'missing-permission', runbookB);
    expect(missing.map((finding) => [finding.step, finding.range.startLine])).toEqual([['StopInstance', 10]]);
    expect(missing[0]?.message).toBe(
      'Step StopInstance needs ec2:StopInstances on arn:aws:ec2:us-east-1:111122223333:instance/*, which role RoleB (roles/roleB.json) does not allow.',
    );
    // Both runbooks had a role: no "no role information" note.
    expect(result.runNotes.filter((note) => note.startsWith('No role information'))).toEqual([]);
  });

  it('first match wins: with the catch-all glob first, runbooks/a/ gets roleB too', async () => {
    const result = await run(
      project,
      [project.file('runbooks')],
      config("roles:\n  '**/*.yaml': roles/roleB.json\n  'runbooks/a/**': roles/roleA.json\n"),
    );
    expect(byRule(result.findings, 'missing-permission').map((finding) => finding.range.file)).toEqual([
      runbookA,
      runbookB,
    ]);
  });

  it('--role (LintOptions.role) wins over roles:', async () => {
    const cliRole = loadRoleFile(project.file('roles/roleB.json'), 'cli-roleB.json');
    const result = await run(
      project,
      [project.file('runbooks')],
      config("roles:\n  'runbooks/a/**': roles/roleA.json\n  '**/*.yaml': roles/roleA.json\n"),
      { role: cliRole },
    );
    const missing = byRule(result.findings, 'missing-permission');
    expect(missing.map((finding) => finding.range.file)).toEqual([runbookA, runbookB]);
    for (const finding of missing) expect(finding.message).toContain('role RoleB (cli-roleB.json)');

    // Control: the same config without --role judges both runbooks against roleA.
    const withoutCliRole = await run(
      project,
      [project.file('runbooks')],
      config("roles:\n  'runbooks/a/**': roles/roleA.json\n  '**/*.yaml': roles/roleA.json\n"),
    );
    expect(byRule(withoutCliRole.findings, 'missing-permission')).toEqual([]);
  });

  it('a runbook no roles: glob matches has no role', async () => {
    const result = await run(
      project,
      [project.file('runbooks')],
      config("roles:\n  'runbooks/a/**': roles/roleB.json\n"),
    );
    expect(byRule(result.findings, 'missing-permission').map((finding) => finding.range.file)).toEqual([runbookA]);
    expect(result.runNotes.filter((note) => note.startsWith('No role information for 1 runbook,'))).toHaveLength(1);
  });

  it('a role file under roles: that does not exist is an input error (parse-error finding naming it, exit 2) reported once', async () => {
    const configured = config("roles:\n  '**/*.yaml': roles/missing.json\n");
    const result = await run(project, [project.file('runbooks')], configured);
    expect(result.hadInputErrors).toBe(true);
    const missingFile = project.file('roles/missing.json');
    const expectedMessage = `Cannot read role file roles/missing.json: no such file or directory (named under roles: in ${project.file('.runbook-iam.yaml')}).`;
    expect(
      byRule(result.findings, 'parse-error').map((finding) => [finding.range.file, finding.message, finding.severity]),
    ).toEqual([[missingFile, expectedMessage, 'error']]);
    expect(result.files.filter((file) => file.status === 'error')).toEqual([
      { path: missingFile, status: 'error', reason: expectedMessage },
    ]);
    // The runbooks themselves were analysed, without a role: no role rule reported anything.
    expect(result.files.filter((file) => file.status === 'analyzed').map((file) => file.path)).toEqual([
      runbookA,
      runbookB,
    ]);
    expect(result.findings.filter((finding) => ROLE_RULE_IDS.includes(finding.ruleId))).toEqual([]);
    // Both runbooks were linted without a role, and the note says so.
    const notes = result.runNotes.filter((note) => note.startsWith('No role information'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^No role information for 2 runbooks, /);
  });

  it('a role file under roles: that cannot be read is exit code 2 through the CLI', async () => {
    project.write('.runbook-iam.yaml', "roles:\n  '**/*.yaml': roles/missing.json\n");
    const io = fakeIo({ cwd: project.path });
    const code = await main(['node', 'runbook-iam', 'lint', 'runbooks', '--format', 'json'], io);
    expect(code).toBe(2);
    const output = JSON.parse(io.out()) as JsonOutput;
    expect(output.results.filter((result) => result.ruleId === 'parse-error').map((result) => result.message)).toEqual([
      `Cannot read role file roles/missing.json: no such file or directory (named under roles: in ${project.file('.runbook-iam.yaml')}).`,
    ]);
    expect(io.err()).toBe('');
  });

  it('the problems of a role (a customer managed policy without a document) are a run note, and missing-permission stays silent', async () => {
    project.write(
      'roles/partial.json',
      roleFile('PartialRole', { Describe: DESCRIBE_DOC }, { AttachedManagedPolicies: [{ PolicyArn: CUSTOMER_ARN }] }),
    );
    const result = await run(project, [runbookA], config("roles:\n  '**/*.yaml': roles/partial.json\n"));
    expect(byRule(result.findings, 'missing-permission')).toEqual([]);
    expect(result.runNotes.filter((note) => note.includes(CUSTOMER_ARN))).toEqual([
      `roles/partial.json: the customer managed policy ${CUSTOMER_ARN} has no document in the role file, so its permissions were not counted; add it (AttachedManagedPolicies entry with "Document", from \`aws iam get-policy-version\`).`,
    ]);
  });
});

describe('lintFiles without any role', () => {
  it('says once which checks were skipped for how many runbooks, and the role rules report nothing', async () => {
    const project = tempDir('runbook-iam-roles-none-');
    try {
      const first = project.write('one.yaml', STOP_RUNBOOK);
      const second = project.write('nested/two.yaml', STOP_RUNBOOK);
      const result = await run(project, [first, second]);
      expect(result.files.map((file) => [file.path, file.status])).toEqual([
        [second, 'analyzed'],
        [first, 'analyzed'],
      ]);
      expect(ROLE_RULE_IDS).toEqual(
        expect.arrayContaining(['excess-permission', 'missing-permission', 'passrole-wildcard', 'wildcard-action']),
      );
      expect(result.findings.filter((finding) => ROLE_RULE_IDS.includes(finding.ruleId))).toEqual([]);
      const notes = result.runNotes.filter((note) => note.startsWith('No role information'));
      expect(notes).toEqual([
        `No role information for 2 runbooks, so these checks were skipped: ${ROLE_RULE_IDS.join(', ')}. Give the role with --role FILE (the JSON of \`aws iam get-role\` with its policies), or map runbooks to role files under roles: in .runbook-iam.yaml.`,
      ]);

      // With a role the note goes away and the role rules run (roleB lacks ec2:StopInstances).
      const withRole = await run(project, [first, second], defaultConfig(project.path), {
        role: loadRoleFile(project.write('role.json', roleFile('RoleB', { Describe: DESCRIBE_DOC })), 'role.json'),
      });
      expect(withRole.runNotes.filter((note) => note.startsWith('No role information'))).toEqual([]);
      expect(byRule(withRole.findings, 'missing-permission')).toHaveLength(2);
    } finally {
      project.remove();
    }
  });
});

describe('strict: AWS managed policies are judged only with --strict', () => {
  let project: TempDir;
  let runbook: string;
  beforeAll(() => {
    project = tempDir('runbook-iam-roles-strict-');
    runbook = project.write('stop.yaml', STOP_RUNBOOK);
  });
  afterAll(() => project.remove());

  const managedRole = (): RoleInfo =>
    loadRoleFile(
      project.write(
        'managed.json',
        roleFile('Ec2FullRole', {}, { AttachedManagedPolicies: [{ PolicyArn: EC2_FULL_ACCESS_ARN }] }),
      ),
      'managed.json',
    );

  it('AmazonEC2FullAccess gives no wildcard-action or excess-permission finding by default', async () => {
    const result = await run(project, [runbook], defaultConfig(project.path), { role: managedRole() });
    expect(byRule(result.findings, 'wildcard-action')).toEqual([]);
    expect(byRule(result.findings, 'excess-permission')).toEqual([]);
    // The role does grant what the runbook needs (so it really was the role judged).
    expect(byRule(result.findings, 'missing-permission')).toEqual([]);
  });

  it('with strict: true it does', async () => {
    const result = await run(project, [runbook], defaultConfig(project.path), { role: managedRole(), strict: true });
    const wildcards = byRule(result.findings, 'wildcard-action').map((finding) => finding.message);
    expect(wildcards).toHaveLength(4);
    for (const [index, action] of ['ec2:*', 'elasticloadbalancing:*', 'cloudwatch:*', 'autoscaling:*'].entries()) {
      expect(wildcards[index]).toContain(
        `Statement ${index + 1} of AWS managed policy AmazonEC2FullAccess of role Ec2FullRole (managed.json) allows "${action}"`,
      );
    }
    const excess = byRule(result.findings, 'excess-permission');
    expect(excess).toHaveLength(1);
    expect(excess[0]?.message).toContain('allows an action no step needs: iam:CreateServiceLinkedRole.');
  });

  it('the same document as a customer managed policy is judged without strict (control)', async () => {
    const role = loadRoleFile(
      project.write(
        'customer.json',
        roleFile(
          'CustomerCopy',
          {},
          {
            AttachedManagedPolicies: [
              {
                PolicyArn: 'arn:aws:iam::111122223333:policy/Ec2Copy',
                Document: snapshotDocument(EC2_FULL_ACCESS_ARN),
              },
            ],
          },
        ),
      ),
      'customer.json',
    );
    const result = await run(project, [runbook], defaultConfig(project.path), { role });
    expect(byRule(result.findings, 'wildcard-action')).toHaveLength(4);
    expect(byRule(result.findings, 'excess-permission')).toHaveLength(1);
  });
});

describe('CLI: lint --role', () => {
  let project: TempDir;
  beforeAll(() => {
    project = tempDir('runbook-iam-roles-cli-');
    project.write('stop.yaml', STOP_RUNBOOK);
    project.write('roleB.json', roleFile('RoleB', { Describe: DESCRIBE_DOC }));
  });
  afterAll(() => project.remove());

  const lint = async (...args: string[]) => {
    const io = fakeIo({ cwd: project.path });
    const code = await main(['node', 'runbook-iam', 'lint', 'stop.yaml', ...args, '--format', 'json'], io);
    return { code, out: io.out(), err: io.err() };
  };

  it('judges the runbook against the --role file', async () => {
    const { code, out, err } = await lint('--role', 'roleB.json');
    expect(err).toBe('');
    expect(code).toBe(1);
    const output = JSON.parse(out) as JsonOutput;
    expect(
      output.results
        .filter((result) => result.ruleId === 'missing-permission')
        .map((result) => [result.step, result.message]),
    ).toEqual([
      [
        'StopInstance',
        'Step StopInstance needs ec2:StopInstances on arn:aws:ec2:us-east-1:111122223333:instance/*, which role RoleB (roleB.json) does not allow.',
      ],
    ]);
    expect(output.runNotes.filter((note) => note.startsWith('No role information'))).toEqual([]);
  });

  const badRoles: [string, string, RegExp][] = [
    [
      'invalid JSON',
      '{\n  "Role": x\n}\n',
      /^runbook-iam: Role file bad\.json is not valid JSON \(.+\); give the output of `aws iam get-role`\.\n$/,
    ],
    [
      'not an object',
      '"AutomationRole"',
      /^runbook-iam: Role file bad\.json must hold a JSON object: the output of `aws iam get-role`\.\n$/,
    ],
    [
      'a document without Statement',
      JSON.stringify({ Role: { RoleName: 'R' }, RolePolicyList: [{ PolicyName: 'P', PolicyDocument: '%7B%7D' }] }),
      /^runbook-iam: bad\.json: RolePolicyList\[0\]\.PolicyDocument must be a policy document with a Statement\.\n$/,
    ],
  ];
  for (const [what, content, expected] of badRoles) {
    it(`a --role file with ${what} is a usage error: exit 2, one line on stderr, no stack trace, no report`, async () => {
      project.write('bad.json', content);
      const { code, out, err } = await lint('--role', 'bad.json');
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(expected);
      expect(err.trimEnd().split('\n')).toHaveLength(1);
      expect(err).not.toMatch(STACK_LINE);
    });
  }

  it('a --role file that does not exist is a usage error', async () => {
    const { code, out, err } = await lint('--role', 'nope.json');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('runbook-iam: Cannot read role file nope.json: no such file or directory.\n');
  });
});
