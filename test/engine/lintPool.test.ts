import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as LintPoolModule from '../../src/engine/lintPool.js';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';

// Counts the reports that came back from worker threads, so that a run that never used its workers cannot pass.
const pool = vi.hoisted(() => ({ started: 0, reports: 0 }));
vi.mock('../../src/engine/lintPool.js', async (importOriginal) => {
  const actual = await importOriginal<typeof LintPoolModule>();
  class CountingPool extends actual.LintPool {
    constructor(...args: ConstructorParameters<typeof actual.LintPool>) {
      super(...args);
      pool.started++;
    }
    override async reportFor(order: number) {
      const report = await super.reportFor(order);
      if (report) pool.reports++;
      return report;
    }
  }
  return { ...actual, LintPool: CountingPool };
});

const directory = tempDir('runbook-iam-pool-');
afterAll(() => directory.remove());

const SERVICES = [
  ['ec2', 'DescribeInstances', 'Reservations'],
  ['s3', 'ListBuckets', 'Buckets'],
  ['sqs', 'ListQueues', 'QueueUrls'],
  ['lambda', 'ListFunctions', 'Functions'],
];

/** A runbook with API calls, a reference, and now and then a mistake or an inline suppression. */
function runbook(index: number): string {
  const [service, api, output] = SERVICES[index % SERVICES.length] as string[];
  const lines = [
    "schemaVersion: '0.3'",
    `description: Generated runbook ${index}.`,
    ...(index % 3 === 0 ? [] : ["assumeRole: '{{ AutomationAssumeRole }}'"]),
    'parameters:',
    '  AutomationAssumeRole: { type: String, default: "" }',
    '  Target: { type: String }',
    'mainSteps:',
    `  - name: call${index}`,
    '    action: aws:executeAwsApi',
    '    inputs:',
    `      Service: ${service}`,
    `      Api: ${index % 7 === 0 ? `${api}Typo` : api}`,
    `    outputs: [{ Name: out, Selector: '$.${output}', Type: StringList }]`,
    ...(index % 5 === 0 ? ['  # runbook-iam-disable-next-line unreachable-step -- kept for manual runs'] : []),
    '  - name: orphan',
    '    action: aws:sleep',
    `    inputs: { Duration: PT1S, Note: '{{ ${index % 4 === 0 ? 'Missing' : 'Target'} }}' }`,
    '    isEnd: true',
  ];
  return `${lines.join('\n')}\n`;
}

function jsonRunbook(index: number): string {
  return `${JSON.stringify(
    {
      schemaVersion: '0.3',
      assumeRole: '{{ AutomationAssumeRole }}',
      parameters: { AutomationAssumeRole: { type: 'String' } },
      mainSteps: [
        { name: `tag${index}`, action: 'aws:createTags', inputs: { ResourceIds: ['i-1'], Tags: [] }, isEnd: true },
        { name: 'never', action: 'aws:sleep', inputs: { Duration: 'PT1S' } },
      ],
    },
    null,
    2,
  )}\n`;
}

/** A CloudFormation template whose runbook runs as a role defined beside it, with an AWS managed policy unknown here. */
function template(index: number): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Runbook:
    Type: AWS::SSM::Document
    Properties:
      DocumentType: Automation
      Content:
        schemaVersion: '0.3'
        assumeRole: !GetAtt Role.Arn
        parameters:
          InstanceId: { type: String }
        mainSteps:
          - name: stop
            action: aws:changeInstanceState
            inputs: { InstanceIds: ['{{ InstanceId }}'], DesiredState: stopped }
            isEnd: true
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, Principal: { Service: ssm.amazonaws.com }, Action: sts:AssumeRole }
      Policies:
        - PolicyName: stop
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - { Effect: Allow, Action: ['ec2:StopInstances'], Resource: '*' }
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/NoSuchPolicyForPoolTest${index % 2}
`;
}

const SCRIPT_RUNBOOK = `schemaVersion: '0.3'
mainSteps:
  - name: script
    action: aws:executeScript
    inputs:
      Runtime: python3.11
      Handler: handler
      Attachment: script.py
    isEnd: true
`;

beforeAll(() => {
  for (let i = 0; i < 40; i++) directory.write(`runbooks/rb-${String(i).padStart(2, '0')}.yaml`, runbook(i));
  for (let i = 0; i < 8; i++) directory.write(`json/rb-${i}.json`, jsonRunbook(i));
  for (let i = 0; i < 6; i++) directory.write(`cfn/stack-${i}.yaml`, template(i));
  directory.write('scripts/runbook.yaml', SCRIPT_RUNBOOK);
  directory.write(
    'scripts/script.py',
    "import boto3\n\ndef handler(events, context):\n    boto3.client('s3').list_buckets()\n",
  );
  directory.write('broken/bad.yaml', "schemaVersion: '0.3'\nmainSteps:\n  - name: [unclosed\n");
  directory.write('other/workflow.yml', 'name: ci\non: push\n');
  directory.write(
    'tf/main.tf',
    'resource "aws_ssm_document" "d" {\n  document_type = "Automation"\n  content = file("${path.module}/read-by-tf.yaml")\n}\n',
  );
  directory.write('tf/read-by-tf.yaml', runbook(1));
  directory.write(
    '.runbook-iam.yaml',
    'rules:\n  unreachable-step: note\nroles:\n  "json/rb-1.json": roles/absent.json\n  "json/rb-2.json": roles/absent.json\n',
  );
});

async function lint(jobs: number, ...args: string[]) {
  const io = fakeIo({ cwd: directory.path });
  const code = await main(['node', 'runbook-iam', 'lint', '.', '--jobs', String(jobs), ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('lint --jobs 2 (a pool of worker threads) against --jobs 1', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    // Far fewer files than the pool waits for: this makes it start anyway.
    process.env.RUNBOOK_IAM_POOL_MIN_FILES = '1';
  });
  afterAll(() => {
    process.env = saved;
  });

  it.each(['json', 'sarif', 'stylish', 'github'])('gives the same %s report, byte for byte', async (format) => {
    const before = { ...pool };
    const single = await lint(1, '--format', format);
    expect(pool.started).toBe(before.started);
    const pooled = await lint(2, '--format', format);
    expect(pool.started).toBe(before.started + 1);
    // Every file but the Terraform file, the file it reads and the runbook with an attachment went to a worker.
    expect(pool.reports - before.reports).toBe(57);
    expect(pooled).toEqual(single);
    // The bad file makes the run exit 2, with its findings and those of every other file.
    expect(single.code).toBe(2);
    if (format === 'json') {
      const report = JSON.parse(single.stdout) as { results: { ruleId: string }[]; runNotes: string[] };
      expect(report.results.filter((result) => result.ruleId === 'parse-error').length).toBeGreaterThan(1);
      expect(report.runNotes.join('\n')).toContain('NoSuchPolicyForPoolTest0');
      expect(report.runNotes.join('\n')).toContain('NoSuchPolicyForPoolTest1');
    }
  });

  it('gives the same report with a baseline, and the same baseline file', async () => {
    const written1 = directory.file('baseline-1.json');
    const written2 = directory.file('baseline-2.json');
    await lint(1, '--write-baseline', written1);
    await lint(2, '--write-baseline', written2);
    expect(readFileSync(written2, 'utf8')).toBe(readFileSync(written1, 'utf8'));
    directory.write('runbooks/rb-00.yaml', `${runbook(0)}# edited after the baseline\n`);
    const single = await lint(1, '--format', 'json', '--baseline', written1);
    const pooled = await lint(2, '--format', 'json', '--baseline', written1);
    expect(pooled).toEqual(single);
  });

  it('lints in the main thread the files of a worker that ran out of memory', async () => {
    const before = { ...pool };
    const single = await lint(1, '--format', 'json');
    process.env.RUNBOOK_IAM_POOL_HEAP_MB = '1';
    try {
      const pooled = await lint(2, '--format', 'json');
      expect(pool.started).toBe(before.started + 1);
      expect(pool.reports).toBe(before.reports);
      expect(pooled).toEqual(single);
    } finally {
      delete process.env.RUNBOOK_IAM_POOL_HEAP_MB;
    }
  });
});

describe('lint --jobs 2 with a file too large for a worker', () => {
  const large = tempDir('runbook-iam-pool-large-');
  const saved = { ...process.env };
  beforeAll(() => {
    for (let i = 0; i < 40; i++) large.write(`rb-${String(i).padStart(2, '0')}.yaml`, runbook(i));
    // 20,000 steps: linting it needs more heap than a worker is given here.
    const steps = Array.from(
      { length: 20_000 },
      (_, i) => `  - name: s${i}\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n`,
    );
    large.write('rb-20-large.yaml', `schemaVersion: '0.3'\nmainSteps:\n${steps.join('')}`);
    process.env.RUNBOOK_IAM_POOL_MIN_FILES = '1';
    process.env.RUNBOOK_IAM_POOL_HEAP_MB = '16';
  });
  afterAll(() => {
    process.env = saved;
    large.remove();
  });

  it('lints the batch of the worker that ran out of memory in the main thread, and the other batches in workers', async () => {
    const run = async (jobs: number) => {
      const io = fakeIo({ cwd: large.path });
      const code = await main(['node', 'runbook-iam', 'lint', '.', '--format', 'json', '--jobs', String(jobs)], io);
      return { code, stdout: io.out(), stderr: io.err() };
    };
    const single = await run(1);
    const before = pool.reports;
    const pooled = await run(2);
    const fromWorkers = pool.reports - before;
    expect(fromWorkers).toBeGreaterThan(0);
    // The large file's batch of 16 came back from no worker.
    expect(fromWorkers).toBeLessThanOrEqual(41 - 16);
    expect(pooled).toEqual(single);
  });
});

describe('lint --jobs', () => {
  it('refuses a number of threads that is not a whole number of at least 1', async () => {
    const result = await lint(0);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--jobs must be a whole number of threads, 1 or more, not "0".');
  });

  it('starts no worker below the pool threshold', async () => {
    const before = pool.started;
    await lint(2, '--format', 'json');
    expect(pool.started).toBe(before);
  });
});
