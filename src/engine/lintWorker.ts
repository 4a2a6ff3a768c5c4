// A worker thread of the lint pool (lintPool.ts): it lints the batches of independent YAML and JSON files it is sent
// and answers each with the files' reports, made by the same functions as in the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { rules as registry } from '../../rules/index.js';
import { ReadScope } from '../parse/readScope.js';
import { AttachmentReader } from '../permissions/scripts/readAttachment.js';
import type { AttachmentResult } from '../permissions/scripts/readAttachment.js';
import { stageTotals } from '../util/stageTimes.js';
import { lintLoadedFile } from './lintLoadedFile.js';
import type { FileLintRun, FileReport } from './lintLoadedFile.js';
import type { FromLintWorker, PoolRunSettings, ToLintWorker } from './lintPool.js';
import { loadFileAt } from './loadRunbooks.js';
import type { LoadContext } from './loadRunbooks.js';
import { RoleResolver } from './resolveRole.js';
import { severitiesOf } from './severitiesOf.js';

/**
 * Attachments are read by the main thread, which holds the run's one attachment reader (each file read once, the
 * bytes summed against one budget per run): a runbook that names one is left to it.
 */
class AttachmentsLeftToMainThread extends AttachmentReader {
  requested = false;

  override read(): Promise<AttachmentResult> {
    this.requested = true;
    return Promise.resolve({ kind: 'absent' });
  }
}

const port = parentPort;
if (!port) throw new Error('lintWorker.js runs as a worker thread of the lint pool.');
const settings = workerData as PoolRunSettings;
const byId = new Map(registry.map((rule) => [rule.meta.id, rule]));
const rules = settings.ruleIds.map((id) => {
  const rule = byId.get(id);
  if (!rule) throw new Error(`The rule ${id} is not in the registry, so workers cannot run it.`);
  return rule;
});
const { config } = settings;
const scope = ReadScope.forRun({
  cwd: settings.cwd,
  paths: settings.paths,
  ...(config.path ? { configPath: config.path } : {}),
});
const run: FileLintRun = {
  rules,
  severityOf: severitiesOf(config),
  roles: settings.needsRole ? await RoleResolver.create(config, settings.role, scope) : undefined,
  exclude: config.excludeFollowOns,
  strict: settings.strict,
};
const attachments = new AttachmentsLeftToMainThread({}, scope);
const context: LoadContext = { cwd: settings.cwd, readByTemplates: new Set(), scope, attachments };

let queue = Promise.resolve();
port.on('message', (message: ToLintWorker) => {
  queue = queue.then(async () => {
    if (message.kind === 'end') {
      const times = stageTotals();
      if (Object.keys(times).length > 0) port.postMessage({ kind: 'stages', times } satisfies FromLintWorker);
      port.close();
      return;
    }
    const reports: (FileReport | null)[] = [];
    for (const file of message.files) {
      attachments.requested = false;
      const loaded = await loadFileAt(file, config.maxFileSize, context);
      reports.push(attachments.requested ? null : await lintLoadedFile({ ...loaded, order: file.order }, run));
    }
    port.postMessage({ kind: 'reports', reports } satisfies FromLintWorker);
  });
});
