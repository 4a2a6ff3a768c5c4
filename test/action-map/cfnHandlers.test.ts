import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { iamActionExists } from '../../src/permissions/actionMap.js';
import { cfnHandlerTable } from '../../src/permissions/cfnHandlerTable.js';

const ROOT = join(import.meta.dirname, '..', '..');
const readJson = (name: string): unknown => JSON.parse(readFileSync(join(ROOT, 'action-map', name), 'utf8'));

describe('action-map/cfn-handlers.json', () => {
  const table = cfnHandlerTable();

  it('matches its JSON schema', () => {
    const validate = new Ajv2020({ allErrors: true }).compile(readJson('cfn-handlers.schema.json') as object);
    expect(validate(readJson('cfn-handlers.json')), JSON.stringify(validate.errors)).toBe(true);
  });

  it('every handler permission is a real IAM action', () => {
    const unknown = Object.entries(table.types).flatMap(([type, entry]) =>
      [...entry.create, ...(entry.update ?? []), ...(entry.delete ?? [])]
        .filter((action) => !iamActionExists(action))
        .map((action) => `${type}: ${action}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every entry names a known source and the 40-hex commit it was read at', () => {
    for (const [type, entry] of Object.entries(table.types)) {
      expect(entry.commit, type).toMatch(/^[0-9a-f]{40}$/);
      expect(Object.keys(table.sources), type).toContain(entry.source);
    }
  });

  it('covers the resource types runbooks most often create with a stack', () => {
    for (const type of [
      'AWS::IAM::Role',
      'AWS::Lambda::Function',
      'AWS::EC2::Instance',
      'AWS::SQS::Queue',
      'AWS::S3::Bucket',
    ])
      expect(table.types[type]?.create.length, type).toBeGreaterThan(0);
    expect(table.types['AWS::IAM::Role']?.create).toContain('iam:CreateRole');
    // Types without handlers in the registry schemas stay out, so that their steps stay incomplete.
    expect(table.types['AWS::CloudFormation::CustomResource']).toBeUndefined();
  });
});
