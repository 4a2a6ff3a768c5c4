import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { childOf, stringOf } from '../../src/parse/documentNode.js';
import { extractRunbooks } from '../../src/parse/extract/extractRunbooks.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import type { ParsedDocument } from '../../src/parse/parseDocument.js';

function parsed(file: string, text: string): ParsedDocument {
  const result = parseDocument(file, text);
  if (!result.ok) throw new Error(result.error.message);
  return result.document;
}

const steps = (indent: string): string =>
  ['mainSteps:', '  - name: wait', '    action: aws:sleep', '    inputs:', '      Duration: PT1S']
    .map((line) => indent + line)
    .join('\n');

describe('extractRunbooks: CloudFormation', () => {
  it('finds the inline Automation document of the example, at template lines, with its role from !GetAtt', () => {
    const template = parsed(
      'examples/cfn/restart-instance.yaml',
      readFileSync('examples/cfn/restart-instance.yaml', 'utf8'),
    );
    const extraction = extractRunbooks(template);
    expect(extraction.template).toBe('cloudformation');
    const [runbook] = extraction.runbooks;
    expect(runbook?.name).toBe('RestartInstanceRunbook');
    expect(runbook?.file).toBe('examples/cfn/restart-instance.yaml');
    expect(runbook?.root.range.startLine).toBe(11);
    const firstStep = childOf(runbook?.root, 'mainSteps');
    expect(firstStep?.kind === 'seq' && firstStep.items[0]?.range.startLine).toBe(18);
    expect(runbook?.linkedRole).toMatchObject({
      source: 'CloudFormation resource RestartInstanceRole',
      via: 'assumeRole: !GetAtt RestartInstanceRole.Arn',
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess'],
      trustPolicy: { Version: '2012-10-17' },
    });
    expect(runbook?.linkedRole?.inlinePolicies.map((policy) => policy.name)).toEqual(['restart-instance']);
  });

  it('maps a YAML block-scalar string (!Sub |) line by line and links the role through an association and an AWS::IAM::Policy', () => {
    const text = [
      'Resources:', // 1
      '  Doc:', // 2
      '    Type: AWS::SSM::Document', // 3
      '    Properties:', // 4
      '      DocumentType: Automation', // 5
      '      Content: !Sub |', // 6
      "        schemaVersion: '0.3'", // 7
      "        assumeRole: '{{ AutomationAssumeRole }}'", // 8
      '        parameters:', // 9
      '          AutomationAssumeRole: { type: String }', // 10
      steps('        '), // 11-15
      '  Runner:',
      '    Type: AWS::SSM::Association',
      '    Properties:',
      '      Name: !Ref Doc',
      '      Parameters:',
      '        AutomationAssumeRole: [!GetAtt Role.Arn]',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: {}',
      '  Extra:',
      '    Type: AWS::IAM::Policy',
      '    Properties:',
      '      PolicyName: extra',
      '      Roles: [!Ref Role]',
      '      PolicyDocument:',
      '        Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: !Sub "arn:${AWS::Partition}:s3:::b/*" }]',
      '  Command:',
      '    Type: AWS::SSM::Document',
      '    Properties:',
      '      Content: { schemaVersion: "2.2", mainSteps: [] }',
    ].join('\n');
    const extraction = extractRunbooks(parsed('t.yaml', text));
    expect(extraction.runbooks).toHaveLength(1);
    const [runbook] = extraction.runbooks;
    expect(runbook?.positions).toBe('exact');
    const mainSteps = childOf(runbook?.root, 'mainSteps');
    const step = mainSteps?.kind === 'seq' ? mainSteps.items[0] : undefined;
    expect(step?.range).toMatchObject({ file: 't.yaml', startLine: 12, startColumn: 13 });
    expect(stringOf(childOf(step, 'action'))).toBe('aws:sleep');
    expect(runbook?.linkedRole?.via).toBe(
      'AutomationAssumeRole given by AWS::SSM::Association Runner: !GetAtt Role.Arn',
    );
    expect(runbook?.linkedRole?.inlinePolicies).toMatchObject([
      {
        name: 'extra',
        origin: 'AWS::IAM::Policy Extra',
        document: { Statement: [{ Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b/*' } }] },
      },
    ]);
  });

  it('reads a JSON template whose Content is a JSON string, locating everything at the string', () => {
    const content = JSON.stringify({
      schemaVersion: '0.3',
      assumeRole: '{{ R }}',
      parameters: { R: { type: 'String', default: '' } },
      mainSteps: [],
    });
    const text = JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          Doc: { Type: 'AWS::SSM::Document', Properties: { DocumentType: 'Automation', Content: content } },
        },
      },
      null,
      2,
    );
    const extraction = extractRunbooks(parsed('t.json', text));
    const [runbook] = extraction.runbooks;
    expect(runbook?.positions).toBe('collapsed');
    expect(runbook?.root.range.startLine).toBe(8);
    expect(runbook?.linkedRole).toBeUndefined();
  });

  it('reports unparsable string content at the template line, and computed content as not analysable', () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Broken:',
      '    Type: AWS::SSM::Document',
      '    Properties:',
      '      DocumentType: Automation',
      '      Content: |',
      "        schemaVersion: '0.3'",
      '        mainSteps: [',
      '  Joined:',
      '    Type: AWS::SSM::Document',
      '    Properties:',
      '      DocumentType: Automation',
      '      Content: !Join ["", [a, b]]',
    ].join('\n');
    const extraction = extractRunbooks(parsed('t.yaml', text));
    expect(extraction.runbooks).toEqual([]);
    expect(extraction.problems[0]?.message).toMatch(/^Content of AWS::SSM::Document Broken: Invalid YAML/);
    expect(extraction.problems[0]?.range?.startLine).toBeGreaterThanOrEqual(8);
    expect(extraction.unanalysable).toMatchObject([
      { name: 'Joined', reason: expect.stringContaining('computed with !Join') },
    ]);
  });

  it('does not link a role when two different roles are offered', () => {
    const text = [
      'Resources:',
      '  Doc:',
      '    Type: AWS::SSM::Document',
      '    Properties:',
      '      DocumentType: Automation',
      '      Content:',
      "        schemaVersion: '0.3'",
      "        assumeRole: '{{ R }}'",
      '        parameters: { R: { type: String, default: !GetAtt A.Arn } }',
      steps('        '),
      '  Assoc:',
      '    Type: AWS::SSM::Association',
      '    Properties: { Name: !Ref Doc, Parameters: { R: [!GetAtt B.Arn] } }',
      '  A: { Type: AWS::IAM::Role, Properties: {} }',
      '  B: { Type: AWS::IAM::Role, Properties: {} }',
    ].join('\n');
    expect(extractRunbooks(parsed('t.yaml', text)).runbooks[0]?.linkedRole).toBeUndefined();
  });

  it('leaves documents that are not templates alone', () => {
    expect(extractRunbooks(parsed('c.yaml', 'name: ci\non: push\n')).template).toBeUndefined();
  });
});
