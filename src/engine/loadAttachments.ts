import { dirname } from 'node:path';
import type { Runbook } from '../model/runbook.js';
import { inputsAt, scalarInput } from '../permissions/inputsAt.js';
import { loadPythonParser } from '../permissions/scripts/analyzePython.js';
import { readAttachment } from '../permissions/scripts/readAttachment.js';

/**
 * Loads the Python parser when a step needs it, and reads the script attachments that aws:executeScript steps name (`Attachment:` → a file next to the runbook: .py,
 * .ps1, or .zip read in memory within size and entry limits) into `runbook.attachments`, so that the pure stages
 * after it can analyse them. Nothing is executed.
 */
export async function loadAttachments(runbook: Runbook, directory = dirname(runbook.path)): Promise<void> {
  const names = new Set<string>();
  for (const step of runbook.steps) {
    if (step.action === 'aws:executeScript' && /^python/i.test(scalarInput(step.inputs, 'Runtime') ?? ''))
      await loadPythonParser();
    if (step.action !== 'aws:executeScript' || inputsAt(step.inputs, 'Script').length > 0) continue;
    const name = scalarInput(step.inputs, 'Attachment');
    if (name !== undefined && !name.includes('{{')) names.add(name);
  }
  if (names.size === 0) return;
  for (const name of names) runbook.attachments.set(name, await readAttachment(directory, name));
}
