import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

/**
 * Text from runbooks, archives, role files and configs reaches the terminal (and CI logs, where a line starting with
 * `::error` becomes an annotation) only as one line per item with control characters made visible.
 */
const FORGED = '\n::error file=x.yaml,line=1::forged\u001b[2J\u001b]8;;https://evil.example\u0007';
/** No raw control character but the line feed, and no line that starts a workflow command. */
function expectClean(text: string): void {
  // eslint-disable-next-line no-control-regex -- the check is that none of these reaches the output.
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  expect(text).not.toMatch(/^::error/m);
}

describe('terminal output of permissions, diff and errors', () => {
  let dir: TempDir;
  const python = new TextEncoder().encode("import boto3\ndef handler(e, c):\n    boto3.client('s3').list_buckets()\n");
  beforeAll(() => {
    dir = tempDir();
    dir.write('scripts.zip', zipSync({ [`entry${FORGED}.py`]: python }));
    dir.write(
      'runbook.json',
      JSON.stringify({
        schemaVersion: '0.3',
        files: { 'scripts.zip': { checksums: { sha256: 'x' } } },
        mainSteps: [
          {
            name: `Step${FORGED}`,
            action: 'aws:executeScript',
            inputs: { Runtime: 'python3.11', Handler: `entry${FORGED}.handler`, Attachment: 'scripts.zip' },
          },
        ],
      }),
    );
    dir.write(
      'role.json',
      JSON.stringify({
        RoleName: 'R',
        RolePolicyList: [
          {
            PolicyName: `p${FORGED}`,
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Sid: `S${FORGED}`, Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }],
            },
          },
        ],
      }),
    );
  });
  afterAll(() => dir.remove());

  it('permissions: step and zip entry names are one escaped line each', async () => {
    const io = fakeIo({ cwd: dir.path });
    expect(await main(['node', 'runbook-iam', 'permissions', 'runbook.json'], io)).toBe(0);
    expectClean(io.out());
    expect(io.out()).toContain('Step ::error file=x.yaml,line=1::forged\\u{1b}[2J');
    expect(io.out()).toContain('scripts.zip: entry ::error file=x.yaml,line=1::forged\\u{1b}[2J');
  });

  it('diff: policy names and Sids from the role file are escaped', async () => {
    const io = fakeIo({ cwd: dir.path });
    expect(await main(['node', 'runbook-iam', 'diff', 'runbook.json', '--role', 'role.json'], io)).toBe(0);
    expectClean(io.out());
    expect(io.out()).toContain('Statement S ::error file=x.yaml,line=1::forged\\u{1b}[2J');
  });

  it('a config key with a line break reaches stderr as one line', async () => {
    const escapedForYaml = FORGED.replaceAll('\u001b', '\\e').replaceAll('\u0007', '\\a').replaceAll('\n', '\\n');
    dir.write('config/.runbook-iam.yaml', `rules:\n  "rule${escapedForYaml}": error\n`);
    dir.write(
      'config/good.yaml',
      "schemaVersion: '0.3'\nmainSteps:\n  - name: S\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n",
    );
    const io = fakeIo({ cwd: dir.file('config') });
    expect(await main(['node', 'runbook-iam', 'lint', '.'], io)).toBe(2);
    expectClean(io.err());
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    expect(io.err()).toContain('::forged\\u{1b}[2J');
  });
});
