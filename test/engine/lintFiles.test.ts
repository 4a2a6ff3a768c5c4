import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunbookAnalysis } from '../../src/analysis/runbookAnalysis.js';
import { lintRunbook } from '../../src/engine/lintRunbook.js';
import type { Rule } from '../../src/engine/rule.js';
import { BAD_RUNBOOK, GOOD_RUNBOOK, brief, lint } from '../helpers/lint.js';
import { lines, runbookOf } from '../helpers/parsed.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

const COMMAND_DOCUMENT =
  "a Command document (schemaVersion '2.2'); only Automation runbooks (schemaVersion '0.3' with mainSteps) are analysed";

describe('lintFiles', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('runbook-iam-lint-');
    dir.write('project/a-good.yaml', GOOD_RUNBOOK);
    dir.write('project/b-bad.yaml', BAD_RUNBOOK);
    dir.write('project/c-broken.yaml', lines("schemaVersion: '0.3'", 'mainSteps:', '  - name: [unclosed'));
    dir.write(
      'project/d-command.yaml',
      lines("schemaVersion: '2.2'", 'mainSteps:', '  - action: aws:runShellScript', '    name: x'),
    );
    dir.write('project/e-notes.yaml', lines('key: [not closed', 'other: 1'));
    dir.write('project/package.json', '{"name": "x", "version": "1.0.0"}');
    dir.write(
      'project/sub/f-bad.json',
      JSON.stringify({
        schemaVersion: '0.3',
        mainSteps: [{ name: 'A', action: 'aws:sleep', inputs: { Duration: '{{ Missing }}' } }],
      }),
    );
    dir.write('project/g-empty.yaml', '');
  });
  afterAll(() => dir.remove());

  it('gives every file in a directory a status: analysed, skipped silently, or error', async () => {
    const run = await lint([dir.file('project')], dir.path);
    expect(run.files).toEqual([
      { path: dir.file('project/a-good.yaml'), status: 'analyzed' },
      { path: dir.file('project/b-bad.yaml'), status: 'analyzed' },
      { path: dir.file('project/c-broken.yaml'), status: 'error', reason: expect.stringMatching(/^Invalid YAML: /) },
      // Another kind of Systems Manager document is named even when found in a directory.
      { path: dir.file('project/d-command.yaml'), status: 'skipped', reason: COMMAND_DOCUMENT },
      { path: dir.file('project/e-notes.yaml'), status: 'skipped', reason: 'not an Automation runbook' },
      { path: dir.file('project/g-empty.yaml'), status: 'skipped', reason: 'not an Automation runbook' },
      { path: dir.file('project/package.json'), status: 'skipped' },
      { path: dir.file('project/sub/f-bad.json'), status: 'analyzed' },
    ]);
    expect(run.hadInputErrors).toBe(true);
  });

  it('reports findings sorted by file, line and column, with a parse-error for the broken runbook', async () => {
    const run = await lint([dir.file('project')], dir.path);
    expect(
      run.findings.map((finding) => [finding.range.file.slice(dir.path.length + 1), ...brief([finding])[0]!]),
    ).toEqual([
      ['project/b-bad.yaml', 'undefined-reference', 'error', 11, 22],
      ['project/b-bad.yaml', 'undefined-reference', 'error', 11, 42],
      ['project/b-bad.yaml', 'unreachable-step', 'warning', 12, 11],
      ['project/c-broken.yaml', 'parse-error', 'error', 4, 1],
      ['project/sub/f-bad.json', 'undefined-reference', 'error', 1, 92],
    ]);
    const typo = run.findings[0];
    expect(typo?.message).toBe('{{ InstanceID }} names no parameter. Did you mean "InstanceId"?');
    expect(typo?.step).toBe('First');
  });

  it('reports non-runbooks named explicitly, with the reason, files sorted by path', async () => {
    const run = await lint(
      [dir.file('project/package.json'), dir.file('project/d-command.yaml'), dir.file('project/e-notes.yaml')],
      dir.path,
    );
    const reason = "not an Automation runbook (it needs schemaVersion '0.3' and mainSteps)";
    expect(run.files).toEqual([
      { path: dir.file('project/d-command.yaml'), status: 'skipped', reason: COMMAND_DOCUMENT },
      { path: dir.file('project/e-notes.yaml'), status: 'error', reason: expect.stringMatching(/^Invalid YAML: /) },
      { path: dir.file('project/package.json'), status: 'skipped', reason },
    ]);
    expect(run.findings.map((finding) => finding.ruleId)).toEqual(['parse-error']);
    expect(run.hadInputErrors).toBe(true);
  });

  it('lists a file named explicitly but covered by an ignore glob as skipped, without reading it', async () => {
    const path = dir.file('project/c-broken.yaml');
    const run = await lint([path], dir.path, { ignore: ['project/c-*.yaml'] });
    expect(run.files).toEqual([
      { path, status: 'skipped', reason: 'matched by an ignore pattern of the configuration' },
    ]);
    // c-broken.yaml does not parse: had it been read, there would be a parse-error.
    expect(run.findings).toEqual([]);
  });

  it('reports an empty file named explicitly as an error with a message', async () => {
    const path = dir.file('project/g-empty.yaml');
    const run = await lint([path], dir.path);
    expect(run.files).toEqual([
      { path, status: 'error', reason: `${path} is empty: an Automation runbook needs schemaVersion and mainSteps.` },
    ]);
    expect(run.findings).toEqual([
      {
        ruleId: 'parse-error',
        severity: 'error',
        message: `${path} is empty: an Automation runbook needs schemaVersion and mainSteps.`,
        range: { file: path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
      },
    ]);
  });

  it('applies severity overrides and turns rules off', async () => {
    const run = await lint([dir.file('project/b-bad.yaml')], dir.path, {
      rules: { 'undefined-reference': 'note', 'unreachable-step': 'off' },
    });
    expect(brief(run.findings)).toEqual([
      ['undefined-reference', 'note', 11, 22],
      ['undefined-reference', 'note', 11, 42],
    ]);
    expect(run.hadInputErrors).toBe(false);
  });

  it('keeps the file error but drops the finding when parse-error is off', async () => {
    const run = await lint([dir.file('project/c-broken.yaml')], dir.path, { rules: { 'parse-error': 'off' } });
    expect(run.findings).toEqual([]);
    expect(run.files[0]?.status).toBe('error');
    expect(run.hadInputErrors).toBe(true);
  });

  it('honours maxFileSize and ignore from the config', async () => {
    const big = await lint([dir.file('project/b-bad.yaml')], dir.path, { maxFileSize: 100 });
    expect(big.files[0]).toMatchObject({ status: 'error', reason: expect.stringMatching(/over the 100 bytes limit/) });
    const ignored = await lint([dir.file('project')], dir.path, {
      ignore: ['project/b-*.yaml', 'project/c-*', 'project/sub'],
    });
    expect(ignored.findings).toEqual([]);
    expect(ignored.files.map((file) => file.path.slice(dir.path.length + 1))).not.toContain('project/b-bad.yaml');
    expect(ignored.hadInputErrors).toBe(false);
  });

  it('reports a path that does not exist and still lints the others', async () => {
    const missing = dir.file('nope.yaml');
    const run = await lint([missing, dir.file('project/a-good.yaml')], dir.path);
    expect(run.files).toEqual([
      { path: missing, status: 'error', reason: `Cannot read ${missing}: no such file or directory.` },
      { path: dir.file('project/a-good.yaml'), status: 'analyzed' },
    ]);
    expect(brief(run.findings)).toEqual([['parse-error', 'error', 1, 1]]);
  });
});

describe('lintRunbook', () => {
  const runbook = runbookOf(
    lines("schemaVersion: '0.3'", 'mainSteps:', '  - {name: A, action: aws:sleep, inputs: {Duration: PT1S}}'),
  );
  const meta = (id: string): Rule['meta'] => ({
    id,
    shortDescription: '',
    fullDescription: '',
    defaultSeverity: 'warning',
    tags: [],
    awsDocs: [],
  });

  it('turns a crashing rule into an internal finding and runs the other rules', () => {
    const broken: Rule = {
      meta: meta('broken'),
      check() {
        throw new TypeError('boom');
      },
    };
    const working: Rule = {
      meta: meta('working'),
      check({ report, runbook: model }) {
        report({ message: 'seen', range: model.range, step: model.steps[0] });
      },
    };
    const { findings } = lintRunbook(new RunbookAnalysis(runbook), [broken, working], (_id, fallback) => fallback);
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.internal ?? false])).toEqual([
      ['broken', 'error', true],
      ['working', 'warning', false],
    ]);
    expect(findings[0]?.message).toBe(
      'Internal error in rule broken: boom. The other checks ran; please report this with the runbook.',
    );
    expect(findings[1]?.step).toBe('A');
  });

  it('builds the control-flow graph once, lazily, and not at all when no rule reads it', () => {
    const seen: unknown[] = [];
    const reader: Rule = { meta: meta('reader'), check: ({ graph }) => void seen.push(graph) };
    lintRunbook(new RunbookAnalysis(runbook), [reader, reader], (_id, fallback) => fallback);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
  });
});
