import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, findConfigFile, loadConfig } from '../../src/engine/config.js';
import { DEFAULT_MAX_FILE_SIZE } from '../../src/parse/readSourceFile.js';
import { rules } from '../../rules/index.js';
import { lines } from '../helpers/parsed.js';
import { tempDir } from '../helpers/tempDir.js';
import type { TempDir } from '../helpers/tempDir.js';

const KNOWN = new Set(rules.map((rule) => rule.meta.id));

describe('loadConfig', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('runbook-iam-config-');
  });
  afterAll(() => dir.remove());

  /** Writes a config file and returns what loading it throws (or fails the test if it loads). */
  const failure = (name: string, text: string): string => {
    const path = dir.write(name, text);
    try {
      loadConfig(path, KNOWN);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    return expect.fail(`${name} loaded without error`);
  };

  it('loads rules, ignore, maxFileSize and roles, resolving against the file directory', () => {
    const path = dir.write(
      'project/.runbook-iam.yaml',
      lines(
        'rules:',
        '  undefined-reference: warning',
        '  unreachable-step: off',
        'ignore:',
        "  - 'fixtures/**'",
        'maxFileSize: 2048',
        'roles:',
        "  'runbooks/*.yaml': roles/admin.json",
        'permissions:',
        '  exclude: [cloudwatch-output]',
      ),
    );
    expect(loadConfig(path, KNOWN)).toEqual({
      baseDir: dir.file('project'),
      path,
      rules: { 'undefined-reference': 'warning', 'unreachable-step': 'off' },
      ignore: ['fixtures/**'],
      maxFileSize: 2048,
      roles: { 'runbooks/*.yaml': 'roles/admin.json' },
      excludeFollowOns: ['cloudwatch-output'],
    });
  });

  it('refuses an unknown follow-on kind in permissions.exclude', () => {
    const path = dir.write('kinds/.runbook-iam.yaml', lines('permissions:', '  exclude: [logging]'));
    expect(() => loadConfig(path, KNOWN)).toThrow(
      /invalid configuration: \/permissions\/exclude\/0 must be equal to one of the allowed values/,
    );
  });

  it('gives an empty or comment-only file the defaults', () => {
    const empty = dir.write('empty/.runbook-iam.yaml', '');
    expect(loadConfig(empty, KNOWN)).toEqual({ ...defaultConfig(dir.file('empty')), path: empty });
    expect(loadConfig(empty, KNOWN).maxFileSize).toBe(DEFAULT_MAX_FILE_SIZE);
    const comments = dir.write(
      'comments/.runbook-iam.yaml',
      lines('# rules:', '#   undefined-reference: off', '', '  # maxFileSize: 1'),
    );
    expect(loadConfig(comments, KNOWN)).toEqual({ ...defaultConfig(dir.file('comments')), path: comments });
  });

  it('rejects an unknown rule id, naming it and how to list the ids', () => {
    const path = dir.file('unknown.yaml');
    expect(failure('unknown.yaml', lines('rules:', '  undefined-refernce: off'))).toBe(
      `${path}: unknown rule "undefined-refernce" in rules; run \`runbook-iam rules\` to list rule ids.`,
    );
  });

  it('rejects values of the wrong type, naming the setting', () => {
    expect(failure('size.yaml', 'maxFileSize: big\n')).toMatch(
      /size\.yaml: invalid configuration: \/maxFileSize must be integer\.$/,
    );
    expect(failure('zero.yaml', 'maxFileSize: 0\n')).toMatch(/\/maxFileSize must be >= 1/);
    expect(failure('rules.yaml', 'rules: [undefined-reference]\n')).toMatch(/\/rules must be object/);
    expect(failure('severity.yaml', lines('rules:', '  undefined-reference: fatal'))).toMatch(
      /\/rules\/undefined-reference must be equal to one of the allowed values/,
    );
    expect(failure('ignore.yaml', 'ignore: fixtures\n')).toMatch(/\/ignore must be array/);
    expect(failure('extra.yaml', 'rulez: {}\n')).toMatch(/\(root\) must NOT have additional properties/);
    expect(failure('list.yaml', '- a\n')).toMatch(/\(root\) must be object/);
  });

  it('reports invalid YAML with the file, line and column', () => {
    const path = dir.file('broken.yaml');
    expect(failure('broken.yaml', lines('rules:', '\tundefined-reference: off'))).toBe(
      `${path}:2:1: Invalid YAML: Tabs are not allowed as indentation.`,
    );
    const duplicate = dir.file('duplicate.yaml');
    expect(failure('duplicate.yaml', lines('maxFileSize: 1', 'maxFileSize: 2'))).toBe(
      `${duplicate}:2:1: Duplicate key "maxFileSize" at line 2, column 1; it is first defined at line 1, column 1. Remove one of them.`,
    );
  });

  it('reports a missing file', () => {
    const path = dir.file('nope.yaml');
    expect(() => loadConfig(path, KNOWN)).toThrow(
      new ConfigError(`Cannot read config file ${path}: no such file or directory.`),
    );
  });

  it('does not let a __proto__ key in rules reach Object.prototype', () => {
    expect(failure('proto.yaml', lines('rules:', '  __proto__: off'))).toMatch(/unknown rule "__proto__"/);
    expect(({} as Record<string, unknown>)['undefined-reference']).toBeUndefined();
  });
});

describe('findConfigFile', () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir('runbook-iam-find-config-');
    dir.write('repo/.runbook-iam.yml', 'rules: {}\n');
    mkdirSync(dir.file('repo/a/b'), { recursive: true });
    mkdirSync(dir.file('repo/inner/.git'), { recursive: true });
    mkdirSync(dir.file('repo/inner/src'), { recursive: true });
    dir.write('repo/both/.runbook-iam.yaml', '');
    dir.write('repo/both/.runbook-iam.yml', '');
  });
  afterAll(() => dir.remove());

  it('finds the nearest config file upwards', () => {
    expect(findConfigFile(dir.file('repo/a/b'))).toBe(dir.file('repo/.runbook-iam.yml'));
    expect(findConfigFile(dir.file('repo'))).toBe(dir.file('repo/.runbook-iam.yml'));
  });

  it('stops at a repository root', () => {
    expect(findConfigFile(dir.file('repo/inner/src'))).toBeUndefined();
  });

  it('prefers .runbook-iam.yaml over .runbook-iam.yml', () => {
    expect(findConfigFile(dir.file('repo/both'))).toBe(dir.file('repo/both/.runbook-iam.yaml'));
  });
});
