import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { JsonOutput } from '../../src/formatters/json.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { GOOD_RUNBOOK } from '../helpers/lint.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

/**
 * Role files and template roles with values of the wrong type: each is a one-line usage error naming the file and the
 * element (a --role file), or a note that the policy was not counted (a role in a template) — never an internal error
 * or lost findings.
 */
const role = (document: unknown): string =>
  JSON.stringify({ RoleName: 'R', RolePolicyList: [{ PolicyName: 'p', PolicyDocument: document }] });
const statement = (fields: Record<string, unknown>): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*', ...fields }],
});

const CASES: [string, string, string][] = [
  ['Action: 123', role(statement({ Action: 123 })), 'Statement[0].Action must be a string or a list of strings'],
  ['Statement: [null]', role({ Version: '2012-10-17', Statement: [null] }), 'Statement[0] must be an object'],
  ['a malformed URL-encoded document', role('%7B%22Statement%ZZ'), 'is URL-encoded, but not validly'],
  ['Resource: [1, 2]', role(statement({ Resource: [1, 2] })), 'Statement[0].Resource must be a string or a list'],
  ['Effect: "allow!"', role(statement({ Effect: 'allow!' })), 'Statement[0].Effect must be "Allow" or "Deny"'],
  [
    'Condition value an object',
    role(statement({ Condition: { StringLike: { 'aws:x': { a: 1 } } } })),
    'must be a string, number or boolean',
  ],
  ['Action and NotAction', role(statement({ NotAction: 's3:*' })), 'exactly one of Action and NotAction'],
  [
    'Principal: 5 in the trust policy',
    JSON.stringify({ RoleName: 'R', AssumeRolePolicyDocument: statement({ Principal: 5 }) }),
    'Principal must be',
  ],
];

describe('role files of the wrong shape', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir();
    dir.write('good.yaml', GOOD_RUNBOOK);
  });
  afterAll(() => dir.remove());

  it.each(CASES)('--role with %s: exit 2, one line naming the file and the element', async (_, text, expected) => {
    dir.write('role.json', text);
    const io = fakeIo({ cwd: dir.path });
    expect(await main(['node', 'runbook-iam', 'lint', 'good.yaml', '--role', 'role.json'], io)).toBe(2);
    expect(io.err()).toContain('runbook-iam: role.json: ');
    expect(io.err()).toContain(expected);
    expect(io.err()).not.toMatch(/internal error/i);
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    expect(io.out()).toBe('');
  });

  it('a template role whose policy has Action: 123: the runbook is still linted, with a note, not an internal error', async () => {
    dir.write(
      'template.yaml',
      [
        'Resources:',
        '  Role:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ssm.amazonaws.com}, Action: sts:AssumeRole}]}',
        '      Policies:',
        '        - PolicyName: bad',
        '          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: 123, Resource: "*"}, null]}',
        '  Doc:',
        '    Type: AWS::SSM::Document',
        '    Properties:',
        '      DocumentType: Automation',
        '      Content:',
        "        schemaVersion: '0.3'",
        '        assumeRole: !GetAtt Role.Arn',
        '        mainSteps:',
        '          - name: Stop',
        '            action: aws:executeAwsApi',
        '            inputs: {Service: ec2, Api: StopInstances, InstanceIds: [i-1]}',
      ].join('\n'),
    );
    const io = fakeIo({ cwd: dir.path });
    await main(['node', 'runbook-iam', 'lint', 'template.yaml', '--format', 'json'], io);
    const output = JSON.parse(io.out()) as JsonOutput;
    expect(output.files).toEqual([expect.objectContaining({ status: 'analyzed' })]);
    expect(JSON.stringify(output)).not.toMatch(/[Ii]nternal error/);
    expect(JSON.stringify(output)).toMatch(
      /is not a valid policy document \(PolicyDocument\.Statement\[0\]\.Action must be/,
    );
  });
});
