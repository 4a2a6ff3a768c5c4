import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { documentNameOf } from '../policy/generate/generatePolicy.js';
import type { Runbook } from '../model/runbook.js';
import { scalarInput } from '../model/inputsAt.js';
import { loadCommandRunbooks } from './loadCommandRunbooks.js';

/**
 * The runbooks an aws:executeAutomation step may start, by document name: the runbooks named on the command line, and
 * a `<DocumentName>.yaml|yml|json` beside the runbook that starts it (followed to the children of children).
 */
export async function loadChildRunbooks(cwd: string, runbooks: readonly Runbook[]): Promise<Map<string, Runbook>> {
  const documents = new Map<string, Runbook>(runbooks.map((runbook) => [documentNameOf(runbook.path), runbook]));
  const queue = [...runbooks];
  while (queue.length > 0) {
    const parent = queue.shift() as Runbook;
    for (const step of parent.steps) {
      if (step.action !== 'aws:executeAutomation') continue;
      const name = scalarInput(step.inputs, 'DocumentName')?.replace(/:\$?[A-Za-z0-9]+$/, '');
      if (name === undefined || name.includes('{{') || documents.has(name) || !/^[\w.-]+$/.test(name)) continue;
      const file = ['.yaml', '.yml', '.json']
        .map((extension) => join(dirname(parent.path), `${name}${extension}`))
        .find((candidate) => existsSync(resolve(cwd, candidate)));
      if (!file) continue;
      let child: Runbook | undefined;
      try {
        [child] = (await loadCommandRunbooks(cwd, [file])).map((loaded) => loaded.runbook);
      } catch {
        // Not a runbook (or unreadable): the step stays marked incomplete, as for a document that is not there.
        continue;
      }
      if (!child) continue;
      documents.set(name, child);
      queue.push(child);
    }
  }
  return documents;
}
