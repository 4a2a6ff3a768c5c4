import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyBaseline,
  BaselineError,
  createBaseline,
  fingerprintOf,
  readBaseline,
  relativePath,
} from '../../src/engine/baseline.js';
import type { Finding } from '../../src/engine/finding.js';
import { BAD_RUNBOOK, brief, lint } from '../helpers/lint.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  ruleId: 'undefined-reference',
  severity: 'error',
  message: '{{ Nope }} names no parameter.',
  range: { file: '/repo/runbooks/a.yaml', startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 },
  step: 'First',
  ...overrides,
});

describe('fingerprintOf', () => {
  it('ignores the position and the severity, and uses the path relative to cwd', () => {
    const base = fingerprintOf(finding(), '/repo');
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    expect(
      fingerprintOf(
        finding({
          severity: 'warning',
          range: { file: 'runbooks/a.yaml', startLine: 90, startColumn: 1, endLine: 90, endColumn: 2 },
        }),
        '/repo',
      ),
    ).toBe(base);
  });

  it('changes with the rule, file, step or key, not with the message or the spelling of the path', () => {
    const base = fingerprintOf(finding(), '/repo');
    expect(fingerprintOf(finding({ ruleId: 'other' }), '/repo')).not.toBe(base);
    expect(fingerprintOf(finding({ range: { ...finding().range, file: '/repo/runbooks/b.yaml' } }), '/repo')).not.toBe(
      base,
    );
    expect(fingerprintOf(finding({ step: 'Second' }), '/repo')).not.toBe(base);
    expect(fingerprintOf(finding({ key: 'Nope' }), '/repo')).not.toBe(base);
    expect(fingerprintOf(finding({ message: 'reworded, quoting ./roles/a.json' }), '/repo')).toBe(base);
    for (const file of ['./runbooks/a.yaml', 'runbooks/./a.yaml', 'runbooks/../runbooks/a.yaml'])
      expect(fingerprintOf(finding({ range: { ...finding().range, file } }), '/repo'), file).toBe(base);
  });

  it('is the same for the same repository checked out elsewhere', () => {
    expect(fingerprintOf(finding(), '/repo')).toBe(
      fingerprintOf(finding({ range: { ...finding().range, file: '/elsewhere/runbooks/a.yaml' } }), '/elsewhere'),
    );
    expect(relativePath('/repo/runbooks/a.yaml', '/repo')).toBe('runbooks/a.yaml');
  });
});

describe('applyBaseline', () => {
  it('lets one baseline entry absorb one finding, so a new duplicate still shows', () => {
    const baseline = createBaseline([finding()], '/repo');
    expect(baseline.findings).toHaveLength(1);
    const twice = [finding(), finding({ range: { ...finding().range, startLine: 30, endLine: 30 } })];
    const remaining = applyBaseline(twice, baseline, '/repo');
    expect(remaining).toHaveLength(1);
    expect(applyBaseline(twice, createBaseline(twice, '/repo'), '/repo')).toEqual([]);
  });

  it('writes a sorted, versioned baseline with repository-relative paths', () => {
    const baseline = createBaseline(
      [finding({ range: { ...finding().range, file: '/repo/z.yaml' } }), finding()],
      '/repo',
    );
    expect(baseline.version).toBe(2);
    expect(baseline.tool).toBe('runbook-iam');
    expect(baseline.findings.map((entry) => [entry.file, entry.ruleId])).toEqual([
      ['runbooks/a.yaml', 'undefined-reference'],
      ['z.yaml', 'undefined-reference'],
    ]);
  });
});

describe('baseline with lintFiles', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('runbook-iam-baseline-');
  });
  afterAll(() => dir.remove());

  it('keeps hiding known findings after lines are inserted above them', async () => {
    const path = dir.write('runbooks/moved.yaml', BAD_RUNBOOK);
    const before = await lint([path], dir.path);
    expect(before.findings).toHaveLength(3);
    const baseline = createBaseline(before.findings, dir.path);

    const moved = BAD_RUNBOOK.replace(
      'parameters:',
      '# A comment\n# and another\ndescription: moved down\nparameters:',
    );
    dir.write('runbooks/moved.yaml', moved);
    const unfiltered = await lint([path], dir.path);
    expect(brief(unfiltered.findings).map(([, , line]) => line)).toEqual([14, 14, 15]);
    expect((await lint([path], dir.path, {}, baseline)).findings).toEqual([]);
  });

  it('shows a new finding with the same message as a known one', async () => {
    const path = dir.write('runbooks/dup.yaml', BAD_RUNBOOK);
    const baseline = createBaseline((await lint([path], dir.path)).findings, dir.path);
    dir.write('runbooks/dup.yaml', BAD_RUNBOOK.replace("'{{ Nope }}']", "'{{ Nope }}', '{{ Nope }}']"));
    const run = await lint([path], dir.path, {}, baseline);
    expect(brief(run.findings)).toEqual([['undefined-reference', 'error', 11, 56]]);
    expect(run.findings[0]?.message).toBe('{{ Nope }} names no parameter.');
  });
});

describe('readBaseline', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('runbook-iam-read-baseline-');
  });
  afterAll(() => dir.remove());

  it('reads what createBaseline wrote', () => {
    const baseline = createBaseline([finding()], '/repo');
    expect(readBaseline(dir.write('ok.json', JSON.stringify(baseline)))).toEqual(baseline);
  });

  it('rejects a file that is not JSON, naming it', () => {
    const path = dir.write('bad.json', '{"version": 1,');
    expect(() => readBaseline(path)).toThrow(BaselineError);
    expect(() => readBaseline(path)).toThrow(
      new RegExp(`^Cannot read baseline ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
    );
  });

  it('rejects a missing file', () => {
    expect(() => readBaseline(dir.file('missing.json'))).toThrow(
      /^Cannot read baseline .*missing\.json: .*no such file/,
    );
  });

  it('rejects JSON of another shape, and entries without a fingerprint', () => {
    const message = (path: string) =>
      `${path} is not a runbook-iam baseline (expected {"version": 2, "findings": [...]}); write one with --write-baseline.`;
    for (const [name, text] of [
      ['other.json', '{"version": 3, "findings": []}'],
      ['array.json', '[]'],
      ['null.json', 'null'],
      ['entries.json', '{"version": 2, "findings": [null]}'],
      ['fingerprint.json', '{"version": 2, "findings": [{"ruleId": "x", "file": "a.yaml"}]}'],
    ] as const) {
      const path = dir.write(name, text);
      expect(() => readBaseline(path), name).toThrow(new BaselineError(message(path)));
    }
  });

  it('asks for a new baseline when given one of the older format (fingerprints made from messages)', () => {
    const path = dir.write('v1.json', '{"version": 1, "tool": "runbook-iam", "findings": []}');
    expect(() => readBaseline(path)).toThrow(
      new BaselineError(
        `${path} is a baseline of an older runbook-iam (version 1, fingerprints from messages); write it again with --write-baseline.`,
      ),
    );
  });
});
