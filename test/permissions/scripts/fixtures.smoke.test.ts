import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { analyzePython, loadPythonParser } from '../../../src/permissions/scripts/analyzePython.js';
import { testCatalog } from './testCatalog.js';

beforeAll(loadPythonParser);

const root = join(import.meta.dirname, '../../../../shared/fixtures');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
}

/** Every aws:executeScript step with an inline Script, wherever it sits in the document. */
function scriptSteps(
  value: unknown,
  found: { script: string; handler?: string; runtime: string }[] = [],
): typeof found {
  if (Array.isArray(value)) for (const item of value) scriptSteps(item, found);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const inputs = record.inputs as Record<string, unknown> | undefined;
    if (record.action === 'aws:executeScript' && inputs && typeof inputs.Script === 'string') {
      found.push({
        script: inputs.Script,
        runtime: String(inputs.Runtime ?? ''),
        ...(typeof inputs.Handler === 'string' ? { handler: inputs.Handler } : {}),
      });
    }
    for (const child of Object.values(record)) scriptSteps(child, found);
  }
  return found;
}

describe.skipIf(!existsSync(root))('script analysis over real runbooks', () => {
  it('analyses every inline Python script without throwing', () => {
    const catalog = testCatalog();
    const stats = {
      files: 0,
      steps: 0,
      python: 0,
      placeholders: 0,
      calls: 0,
      unknown: 0,
      unresolved: 0,
      dynamic: 0,
      parseErrors: 0,
      handlerMissing: 0,
      unreachable: 0,
    };
    for (const file of files(root)) {
      let docs: unknown[];
      try {
        docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS({ maxAliasCount: -1 }) as unknown);
      } catch {
        continue;
      }
      stats.files++;
      for (const step of docs.flatMap((d) => scriptSteps(d))) {
        stats.steps++;
        if (!step.runtime.startsWith('python')) continue;
        stats.python++;
        // Some published runbooks carry build-time placeholders instead of the script (e.g. '%%SCRIPT=name%%', '${Var}').
        if (step.script.trimStart().startsWith('%%SCRIPT=')) stats.placeholders++;
        const result = analyzePython(step.script, { catalog, ...(step.handler ? { handler: step.handler } : {}) });
        stats.calls += result.calls.length;
        stats.unknown += result.calls.filter((c) => c.confidence === 'unknown').length;
        stats.unresolved += result.calls.filter((c) => c.kind === 'unresolved').length;
        stats.dynamic += result.calls.filter((c) => c.kind === 'dynamic-client').length;
        stats.unreachable += result.calls.filter((c) => !c.reachableFromHandler).length;
        stats.parseErrors += result.parseErrors.length > 0 ? 1 : 0;
        stats.handlerMissing += result.handlerFound === false ? 1 : 0;
      }
    }
    console.log('fixture script analysis:', JSON.stringify(stats));
    expect(stats.steps).toBeGreaterThan(0);
  });
});
