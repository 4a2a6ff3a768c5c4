import { dirname, resolve } from 'node:path';
import { loadAttachments } from '../engine/loadAttachments.js';
import { buildRunbook } from '../model/buildRunbook.js';
import type { Runbook } from '../model/runbook.js';
import { parseDocument } from '../parse/parseDocument.js';
import { readSourceFile } from '../parse/readSourceFile.js';
import { UsageError } from './usageError.js';

/** Reads one runbook named on the command line; anything else is a one-line error with exit code 2. */
export async function loadRunbook(cwd: string, path: string): Promise<Runbook> {
  const read = await readSourceFile(resolve(cwd, path));
  if (!read.ok) throw new UsageError(read.message.replace(resolve(cwd, path), path));
  const parsed = parseDocument(path, read.text);
  if (!parsed.ok) {
    const where = parsed.error.range ? `:${parsed.error.range.startLine}:${parsed.error.range.startColumn}` : '';
    throw new UsageError(`${path}${where}: ${parsed.error.message}`);
  }
  const runbook = buildRunbook(parsed.document);
  if (!runbook)
    throw new UsageError(`${path} is not an Automation runbook (it needs schemaVersion '0.3' and mainSteps).`);
  await loadAttachments(runbook, dirname(resolve(cwd, path)));
  return runbook;
}
