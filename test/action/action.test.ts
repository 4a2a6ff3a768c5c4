import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error -- plain ESM build script without type declarations
import { bundleAction } from '../../scripts/bundleAction.mjs';

const root = resolve(import.meta.dirname, '../..');

interface ActionStep {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface ActionFile {
  inputs: Record<string, { description?: string; default?: string }>;
  outputs: Record<string, { description?: string; value?: string }>;
  runs: { using: string; steps: ActionStep[] };
}
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionFile;

describe('action.yml', () => {
  it('is a composite action whose third-party actions are pinned by full commit SHA', () => {
    expect(action.runs.using).toBe('composite');
    const uses = action.runs.steps.flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses.map((use) => use.split('@')[0])).toEqual(['actions/setup-node', 'github/codeql-action/upload-sarif']);
    for (const use of uses) expect(use).toMatch(/@[0-9a-f]{40}$/);
  });

  it('never expands ${{ }} inside run: (script injection); inputs reach the script through env:', () => {
    for (const step of action.runs.steps) if (step.run !== undefined) expect(step.run).not.toContain('${{');
  });

  it('uses every input, and documents every input and output in action.yml and in the README', () => {
    const text = readFileSync(join(root, 'action.yml'), 'utf8');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(Object.keys(action.inputs).sort()).toEqual(
      [
        'baseline',
        'category',
        'config',
        'fail-on',
        'format',
        'min-severity',
        'paths',
        'role',
        'sarif-file',
        'upload-sarif',
      ].sort(),
    );
    for (const [name, input] of Object.entries(action.inputs)) {
      // Used in an expression: `${{ inputs.name }}` in env:/with:, or `inputs.name == 'true'` in an if:.
      expect(text, `input ${name} is never used`).toMatch(
        new RegExp(`inputs\\.${name.replace(/-/g, '\\-')}(?![\\w-])`),
      );
      expect(input.description, `input ${name} has no description`).toBeTruthy();
      expect(readme, `README does not document input ${name}`).toContain(`\`${name}\``);
    }
    expect(Object.keys(action.outputs).sort()).toEqual(['findings', 'sarif-file']);
    for (const name of Object.keys(action.outputs))
      expect(readme, `README does not document output ${name}`).toContain(`\`${name}\``);
    const envNames = Object.keys(action.runs.steps.find((step) => step.run?.includes('run.sh'))?.env ?? {});
    const script = readFileSync(join(root, 'action/run.sh'), 'utf8');
    for (const name of envNames) expect(script, `run.sh ignores ${name}`).toContain(name);
  });
});

describe("action/run.sh (the action's shell step, run locally with the GitHub environment variables)", () => {
  const workspace = mkdtempSync(join(tmpdir(), 'runbook-iam-action-'));
  mkdirSync(join(workspace, 'runbooks'));
  writeFileSync(
    join(workspace, 'runbooks', 'good.yaml'),
    "schemaVersion: '0.3'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n",
  );
  writeFileSync(
    join(workspace, 'runbooks', 'bad.yaml'),
    "schemaVersion: '0.3'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n    nextStep: nowhere\n",
  );

  const runAction = (inputs: Record<string, string>) => {
    const output = join(workspace, `output-${Math.random().toString(36).slice(2)}`);
    writeFileSync(output, '');
    const result = spawnSync('bash', [join(root, 'action/run.sh')], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: output,
        GITHUB_ACTION_PATH: root,
        RUNNER_TEMP: tmpdir(),
        ...inputs,
      },
    });
    const outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
  };

  it('writes SARIF, prints annotations, sets the outputs and fails on errors', () => {
    const result = runAction({ INPUT_PATHS: 'runbooks', INPUT_FORMAT: 'stylish' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.outputs).toEqual({ 'sarif-file': 'runbook-iam.sarif', findings: '1', 'exit-code': '1' });
    expect(result.stdout).toContain('::error file=runbooks/bad.yaml,line=6');
    const sarif = JSON.parse(readFileSync(join(workspace, 'runbook-iam.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.runs[0]?.results.map((result) => result.ruleId)).toEqual(['unknown-step-target']);
  });

  it('honours fail-on none, min-severity, sarif-file and defers the exit code for the action', () => {
    const lenient = runAction({
      INPUT_PATHS: 'runbooks/good.yaml\nrunbooks/bad.yaml',
      INPUT_FAIL_ON: 'none',
      INPUT_SARIF_FILE: 'reports/out.sarif',
      INPUT_FORMAT: 'github',
    });
    expect(lenient.status).toBe(0);
    expect(lenient.outputs).toMatchObject({ 'sarif-file': 'reports/out.sarif', findings: '1', 'exit-code': '0' });
    const deferred = runAction({ INPUT_PATHS: 'runbooks', RUNBOOK_IAM_DEFER_EXIT: 'true' });
    expect(deferred.status).toBe(0);
    expect(deferred.outputs['exit-code']).toBe('1');
  });

  it('rejects a bad input with a message saying what to use', () => {
    const result = runAction({ INPUT_FAIL_ON: 'sometimes' });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('Input fail-on is "sometimes"; use error, warning, note or none.');
  });

  it('takes input values as data: shell syntax in paths is a file name, never run', () => {
    const marker = join(workspace, 'pwned');
    const result = runAction({ INPUT_PATHS: `runbooks $(touch ${marker}) \`touch ${marker}\`` });
    expect(result.status).toBe(2);
    expect(() => readFileSync(marker)).toThrow();
  });
});

describe('action/dist bundle', () => {
  it('is up to date with src/ (rebuilt into a temporary directory and compared byte for byte)', async () => {
    const fresh = (await bundleAction(mkdtempSync(join(tmpdir(), 'runbook-iam-bundle-')))) as string;
    for (const name of [
      'runbook-iam.mjs',
      'hclParserWorker.mjs',
      'main.wasm.gz',
      'iam-data/data/serviceNames.json',
      'iam-data/data/actions/ec2.json',
    ]) {
      const committed = readFileSync(join(root, 'action/dist', name));
      expect(
        committed.equals(readFileSync(join(fresh, name))),
        `action/dist/${name} is stale: run npm run bundle:action`,
      ).toBe(true);
    }
  });

  it('runs without node_modules and finds the package data beside it (version, action map, Terraform parser)', () => {
    const version = execFileSync(process.execPath, [join(root, 'action/dist/runbook-iam.mjs'), '--version'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_PATH: '' },
    });
    expect(version).toContain(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    );
    const result = spawnSync(
      process.execPath,
      [join(root, 'action/dist/runbook-iam.mjs'), 'lint', join(root, 'examples/terraform'), '--format', 'json'],
      { encoding: 'utf8', cwd: tmpdir() },
    );
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { files: { status: string }[] };
    expect(report.files.map((file) => file.status)).toEqual(['analyzed', 'analyzed']);
  });
});
