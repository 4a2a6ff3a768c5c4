// Which role --aws reads: --role-arn, else the role the runbooks' assumeRole default names (one role for all of them).
import { resolve } from 'node:path';
import { discoverFiles } from '../engine/discoverFiles.js';
import { buildRunbook } from '../model/buildRunbook.js';
import type { Runbook } from '../model/runbook.js';
import { parseDocument } from '../parse/parseDocument.js';
import { readSourceFile } from '../parse/readSourceFile.js';
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

/** The role for `lint --aws`: --role-arn, else the one role the linted runbooks name. */
export async function liveRoleForPaths(
  paths: string[],
  cwd: string,
  roleArn: string | undefined,
  options: AwsClientOptions = {},
): Promise<RoleInfo> {
  const runbooks: Runbook[] = [];
  if (!roleArn) {
    const { files } = await discoverFiles(
      paths.map((path) => resolve(cwd, path)),
      [],
      cwd,
    );
    for (const file of files) {
      const read = await readSourceFile(file.path);
      if (!read.ok) continue;
      const parsed = parseDocument(file.path, read.text);
      const runbook = parsed.ok ? buildRunbook(parsed.document) : undefined;
      if (runbook) runbooks.push(runbook);
    }
  }
  const arn = roleArnToRead(runbooks, roleArn);
  const { fetchRole } = await import('./fetchRole.js');
  return fetchRole(arn, options);
}
