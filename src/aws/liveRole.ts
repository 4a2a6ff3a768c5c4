// Which role --aws reads: --role-arn, else the role the runbooks' assumeRole default names (one role for all of them).
import { defaultConfig } from '../engine/config.js';
import { loadInRunOrder } from '../engine/loadRunbooks.js';
import type { Runbook } from '../model/runbook.js';
import { assumeRoleArnOf } from '../policy/generate/generatePolicy.js';
import type { RoleInfo } from '../policy/roleInfo.js';
import type { AwsClientOptions } from './awsClientOptions.js';
import { AwsError } from './awsError.js';

/** The role ARN to read for these runbooks; an AwsError (one line) when there is none or there are several. */
export function roleArnToRead(runbooks: readonly Runbook[], roleArn: string | undefined): string {
  if (roleArn) return roleArn;
  const named = new Map<string, string[]>();
  for (const runbook of runbooks) {
    const arn = assumeRoleArnOf(runbook);
    if (arn) named.set(arn, [...(named.get(arn) ?? []), runbook.path]);
  }
  if (named.size === 1) return [...named.keys()][0] as string;
  if (named.size === 0) {
    throw new AwsError(
      '--aws reads the assume role from the account, but no runbook gives its ARN (assumeRole or the default of its parameter); name it with --role-arn arn:aws:iam::123456789012:role/Name.',
    );
  }
  throw new AwsError(
    `--aws reads one role, but the runbooks name ${named.size} (${[...named].map(([arn, paths]) => `${arn} in ${paths.join(', ')}`).join('; ')}); lint them separately, or name one with --role-arn.`,
  );
}

/** The role for `lint --aws`: --role-arn, else the one role the linted runbooks name (read with lint's loader). */
export async function liveRoleForPaths(
  paths: string[],
  cwd: string,
  roleArn: string | undefined,
  options: AwsClientOptions = {},
): Promise<RoleInfo> {
  const runbooks: Runbook[] = [];
  if (!roleArn) {
    for (const loaded of await loadInRunOrder({ paths, cwd, config: defaultConfig(cwd) })) {
      for (const entry of loaded.runbooks) runbooks.push(entry.runbook);
    }
  }
  const arn = roleArnToRead(runbooks, roleArn);
  const { fetchRole } = await import('./fetchRole.js');
  return fetchRole(arn, options);
}
