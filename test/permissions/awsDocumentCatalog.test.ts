// The catalog of AWS-owned runbooks (action-map/aws-documents.json): how it is built (regenerated here from a snapshot
// written by the test), and how a runbook that runs an AWS-owned document with its own role gets the child's needs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsDocumentCatalogText } from '../../scripts/awsDocumentCatalogText.js';
import { buildRunbook } from '../../src/model/buildRunbook.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import { iamActionExists } from '../../src/permissions/actionMap.js';
import { loadPythonParser } from '../../src/permissions/scripts/analyzePython.js';
import { runbookPermissions } from '../../src/permissions/stepPermissions.js';
import type { FollowOnKind } from '../../src/permissions/permissionNeed.js';
import { tempDir } from '../helpers/tempDir.js';

const ROOT = join(import.meta.dirname, '..', '..');
const snapshot = tempDir('runbook-iam-aws-documents-');
afterAll(() => snapshot.remove());
beforeAll(async () => {
  await loadPythonParser();
});

const SOURCE = { repository: 'github.com/example/documents', commit: 'a'.repeat(40) };

function permissionsOf(steps: string, exclude: FollowOnKind[] = []) {
  const yaml = `schemaVersion: '0.3'\nassumeRole: '{{ AutomationAssumeRole }}'\nparameters:\n  AutomationAssumeRole: {type: String}\nmainSteps:\n${steps}`;
  const parsed = parseDocument('parent.yaml', yaml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return runbookPermissions(buildRunbook(parsed.document)!, { exclude });
}

const runs = (document: string, role = '') =>
  `  - name: Child\n    action: aws:executeAutomation\n    inputs:\n      DocumentName: ${document}\n${role ? `      RuntimeParameters:\n        AutomationAssumeRole: '${role}'\n` : ''}`;

describe('building the catalog', () => {
  it('analyses each Automation document of a snapshot, children resolved among them, and keeps conditions', async () => {
    writeFileSync(
      join(snapshot.path, 'AWS-Child.json'),
      JSON.stringify({
        schemaVersion: '0.3',
        mainSteps: [
          {
            name: 'detach',
            action: 'aws:executeAwsApi',
            inputs: { Service: 'ec2', Api: 'DetachVolume', VolumeId: 'v' },
          },
          {
            name: 'list',
            action: 'aws:executeScript',
            inputs: {
              Runtime: 'python3.11',
              Handler: 'handler',
              Script: "import boto3\ndef handler(event, context):\n    return boto3.client('s3').list_buckets()\n",
            },
          },
        ],
      }),
    );
    writeFileSync(
      join(snapshot.path, 'AWS-Parent.yaml'),
      "schemaVersion: '0.3'\nmainSteps:\n  - name: run\n    action: aws:executeAutomation\n    inputs:\n      DocumentName: AWS-Child\n",
    );
    writeFileSync(
      join(snapshot.path, 'AWS-Command.json'),
      JSON.stringify({ schemaVersion: '2.2', mainSteps: [{ action: 'aws:runShellScript', name: 'x', inputs: {} }] }),
    );
    const { text } = await awsDocumentCatalogText(snapshot.path, SOURCE);
    const stored = JSON.parse(text) as {
      source: unknown;
      conditions: { followOn?: string }[];
      documents: Record<string, { needs: [string, string, string, number?][] }>;
    };
    expect(stored.source).toEqual(SOURCE);
    expect(Object.keys(stored.documents)).toEqual(['AWS-Child', 'AWS-Parent']);
    const child = stored.documents['AWS-Child']!.needs;
    expect(child).toContainEqual(['detach', 'ec2:DetachVolume', 'certain']);
    expect(child).toContainEqual(['list', 's3:ListAllMyBuckets', 'certain']);
    const logs = child.find((need) => need[1] === 'logs:PutLogEvents')!;
    expect(logs[2]).toBe('conditional');
    expect(stored.conditions[logs[3]!]?.followOn).toBe('cloudwatch-output');
    // The parent runs its child with its own role: the child's needs are the parent's.
    expect(stored.documents['AWS-Parent']!.needs).toContainEqual(['run', 'ec2:DetachVolume', 'certain']);
  });
});

describe('a runbook that runs an AWS-owned document', () => {
  it('with its own role gets the catalogued needs, marked as the child step and the catalog', () => {
    const [step] = permissionsOf(runs('AWS-StopEC2Instance'));
    expect(step!.incomplete).toBeUndefined();
    const stop = step!.needs.find((need) => need.action === 'ec2:StopInstances')!;
    expect(stop.origin).toMatchObject({
      kind: 'nested',
      document: 'AWS-StopEC2Instance',
      of: { kind: 'catalog', repository: 'github.com/ceshihao/ssm-public-documents' },
    });
  });

  it('clean twin: a child given a role of its own adds only the iam:PassRole', () => {
    const [step] = permissionsOf(runs('AWS-StopEC2Instance', 'arn:aws:iam::123456789012:role/Child'));
    expect([...new Set(step!.needs.map((need) => need.action))].sort()).toEqual([
      'iam:PassRole',
      'ssm:GetAutomationExecution',
      'ssm:StartAutomationExecution',
    ]);
  });

  it('leaves out the follow-on kinds excluded, as for its own steps', () => {
    const name = 'AWS-ArchiveEBSVolumeSnapshots';
    const all = permissionsOf(runs(name))[0]!.needs.map((need) => need.action);
    const without = permissionsOf(runs(name), ['cloudwatch-output'])[0]!.needs.map((need) => need.action);
    expect(all).toContain('logs:PutLogEvents');
    expect(without).not.toContain('logs:PutLogEvents');
  });

  it('an unknown document stays incomplete', () => {
    const [step] = permissionsOf(runs('AWS-NoSuchDocument'));
    expect(step!.incomplete).toMatch(/AWS-NoSuchDocument is not among the files analysed/);
  });
});

describe('action-map/aws-documents.json', () => {
  const stored = JSON.parse(readFileSync(join(ROOT, 'action-map', 'aws-documents.json'), 'utf8')) as {
    source: { repository: string; commit: string };
    conditions: unknown[];
    documents: Record<string, { needs: [string, string, string, number?][] }>;
  };

  it('names its snapshot and holds only IAM actions (or the `*` of calls chosen at run time)', () => {
    expect(stored.source.repository).toMatch(/^github\.com\/[^/]+\/[^/]+$/);
    expect(stored.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(stored.documents).length).toBeGreaterThan(100);
    for (const [name, entry] of Object.entries(stored.documents))
      for (const [, action, , index] of entry.needs) {
        expect(action === '*' || iamActionExists(action), `${name}: ${action}`).toBe(true);
        if (index !== undefined) expect(stored.conditions[index], `${name}: ${action}`).toBeDefined();
      }
  });
});
