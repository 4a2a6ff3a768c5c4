import { basename, extname, relative, resolve } from 'node:path';
import type { Config } from '../engine/config.js';
import type { Runbook } from '../model/runbook.js';
import { loadRoleFile } from '../policy/loadRoleFile.js';

/** The runbooks one assume role runs: one least-privilege identity policy is generated for them together. */
export interface PolicyRoleGroup {
  /** The role file of the `roles:` glob that matched, relative to the configuration; absent without `roles:`. */
  roleFile?: string;
  /** Base of the policy names: the role's name (from its file, or the file's name); absent without `roles:`. */
  name?: string;
  /** The role's ARN when its file gives one. */
  roleArn?: string;
  runbooks: Runbook[];
}

/**
 * Groups runbooks by the role `roles:` maps them to (runbook globs relative to the configuration file, first match
 * wins, as `lint` reads them). Without `roles:` every runbook is in one group. Runbooks no glob matches form a group
 * of their own, named as without `roles:`. Groups are ordered by role file, so the output is the same on every run.
 */
export async function policyRoleGroups(
  runbooks: readonly Runbook[],
  config: Config,
  cwd: string,
): Promise<PolicyRoleGroup[]> {
  const globs = Object.entries(config.roles);
  if (globs.length === 0) return [{ runbooks: [...runbooks] }];
  const picomatch = (await import('picomatch')).default;
  const matchers = globs.map(([glob, file]) => ({ file, matches: picomatch(glob, { dot: true }) }));
  const byFile = new Map<string, Runbook[]>();
  const unmatched: Runbook[] = [];
  for (const runbook of runbooks) {
    const path = relative(config.baseDir, resolve(cwd, runbook.path)).split('\\').join('/');
    const match = matchers.find((matcher) => matcher.matches(path));
    if (match) byFile.set(match.file, [...(byFile.get(match.file) ?? []), runbook]);
    else unmatched.push(runbook);
  }
  const groups: PolicyRoleGroup[] = [...byFile.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, members]) => ({
      roleFile: file,
      ...roleNaming(resolve(config.baseDir, file), file),
      runbooks: members,
    }));
  if (unmatched.length > 0) groups.push({ runbooks: unmatched });
  return groups;
}

/**
 * The role's name and ARN from its file when it can be read (the JSON of `aws iam get-role`); a role file that does
 * not exist yet names the role after the file (`roles/patching-role.json` → `PatchingRole`).
 */
function roleNaming(path: string, file: string): { name: string; roleArn?: string } {
  try {
    const role = loadRoleFile(path, file);
    if (role.name) return { name: role.name.slice(0, 50), ...(role.arn ? { roleArn: role.arn } : {}) };
  } catch {
    // Not readable as a role: named after the file below.
  }
  const pascal = basename(file, extname(file))
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
  return { name: (pascal || 'RunbookAutomation').slice(0, 50) };
}
