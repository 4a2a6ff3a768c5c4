import { RunbookAnalysis } from '../analysis/runbookAnalysis.js';
import type { Config } from './config.js';
import type { LoadedRunbook } from './loadRunbooks.js';
import type { RoleResolver } from './resolveRole.js';

/**
 * The analysis of one loaded runbook, with the role it runs as evaluated when `roles` is given (--role, the config's
 * `roles:`, or a role the same template links to it). lint, the library and the fuzz pipeline all analyse so.
 */
export async function analyseLoaded(
  loaded: LoadedRunbook,
  roles: RoleResolver | undefined,
  exclude: Config['excludeFollowOns'] = [],
): Promise<{ analysis: RunbookAnalysis; roleError?: { file: string; error: string } }> {
  const analysis = new RunbookAnalysis(loaded.runbook, { exclude });
  if (!roles) return { analysis };
  const role = roles.roleFor(loaded.runbook.path, loaded.linkedRole);
  if ('error' in role) return { analysis, roleError: role };
  const info = role.info;
  if (info) await analysis.evaluateRole((permissions) => roles.evaluate(info, loaded.runbook, permissions));
  return { analysis };
}
