import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRunbook } from '../../../src/model/buildRunbook.js';
import type { Runbook } from '../../../src/model/runbook.js';
import { parseDocument } from '../../../src/parse/parseDocument.js';
import { loadPythonParser } from '../../../src/permissions/scripts/analyzePython.js';

// Python scripts are analysed synchronously, so the parser is loaded first, as the engine does.
await loadPythonParser();

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const EXAMPLES = [
  'examples/ami-with-approval.json',
  'examples/report-untagged-volumes.yaml',
  'examples/restart-instance.yaml',
  'examples/temporary-instance-profile.yaml',
];

export function runbookFrom(path: string, text: string = readFileSync(join(ROOT, path), 'utf8')): Runbook {
  const parsed = parseDocument(path, text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const runbook = buildRunbook(parsed.document);
  if (!runbook) throw new Error(`${path} is not a runbook`);
  return runbook;
}
