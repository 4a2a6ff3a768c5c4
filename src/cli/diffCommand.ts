import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { AwsClientOptions } from '../aws/awsClientOptions.js';
import { AwsError } from '../aws/awsError.js';
import type { PermissionNeed } from '../permissions/permissionNeed.js';
import { RunbookAnalysis } from '../analysis/runbookAnalysis.js';
import { evaluateRole } from '../policy/evaluateRole.js';
import type { RoleEvaluation } from '../policy/evaluateRole.js';
import { compareText, globCovers, narrowestCover } from '../policy/generate/identityStatements.js';
import { loadRoleFile, RoleFileError } from '../policy/loadRoleFile.js';
import { actionPatternMatches, allowStatements, statementGrants, statementLabel } from '../policy/policyActions.js';
import { listOf } from '../policy/roleInfo.js';
import type { RoleInfo } from '../policy/roleInfo.js';
import type { CliIo } from './cliIo.js';
import { loadCommandRunbooks } from './loadCommandRunbooks.js';
import { excludeOption, followOnExclusions } from './followOnExclusions.js';
import { loadChildRunbooks } from './loadChildRunbooks.js';
import { conditionText } from './conditionText.js';
import { renderTable } from './renderTable.js';
import { TOOL_NAME } from './toolInfo.js';
import { UsageError } from './usageError.js';
import { terminalText } from '../formatters/terminalText.js';

interface DiffFlags {
  role?: string;
  aws?: boolean;
  roleArn?: string;
  strict?: boolean;
  format: 'table' | 'json';
  exclude?: string[];
  config?: string;
}

export type DiffStatus = 'granted' | 'missing' | 'not checked' | 'excess';

export interface DiffRow {
  action: string;
  /** The resources the runbook needs it on (empty for an excess grant). */
  needed: string[];
  /** The condition the needs carry (`iam:PassedToService=ec2.amazonaws.com`); absent without one. */
  condition?: string;
  /** Where the role grants it: `statement X of policy Y`. */
  granted: string[];
  status: DiffStatus;
  /** Missing resources, why it is excess, or why it was not checked. */
  detail: string;
}

export function registerDiff(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  awsOptions: AwsClientOptions = {},
): void {
  program
    .command('diff')
    .description(
      'Compare what a runbook needs with what its role grants: needed, granted, missing and excess permissions.',
    )
    .argument('<paths...>', 'runbooks, templates with runbooks inside, or directories (needs merged over them)')
    .option('--role <file>', 'the role: `aws iam get-role` JSON with its policies (see docs/roles.md)')
    .option('--aws', "read the role from the account instead (the runbook's assumeRole default, or --role-arn)")
    .option('--role-arn <arn>', 'with --aws: the role to read')
    .option('--strict', 'also count what AWS managed policies grant beyond the needs as excess')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(excludeOption())
    .option('--config <file>', 'configuration file (default: the nearest .runbook-iam.yaml)')
    .action(async (paths: string[], flags: DiffFlags) => {
      setExitCode(await runDiff(paths, flags, io, awsOptions));
    });
}

async function runDiff(paths: string[], flags: DiffFlags, io: CliIo, awsOptions: AwsClientOptions): Promise<number> {
  if (!flags.role && !flags.aws)
    throw new UsageError(
      'diff needs the role to compare with: --role FILE (the JSON of `aws iam get-role` with its policies), or --aws to read it from the account.',
    );
  if (flags.role && flags.aws) throw new UsageError('Give the role either as --role FILE or with --aws, not both.');
  if (flags.roleArn && !flags.aws)
    throw new UsageError('--role-arn names the role to read with --aws; add --aws, or give the role as --role FILE.');
  const runbooks = (await loadCommandRunbooks(io.cwd, paths)).map((loaded) => loaded.runbook);
  let role: RoleInfo;
  try {
    if (flags.role) role = loadRoleFile(resolve(io.cwd, flags.role), flags.role);
    else {
      const { roleArnToRead } = await import('../aws/liveRole.js');
      const { fetchRole } = await import('../aws/fetchRole.js');
      role = await fetchRole(roleArnToRead(runbooks, flags.roleArn), awsOptions);
    }
  } catch (error) {
    if (error instanceof RoleFileError || error instanceof AwsError) throw new UsageError(error.message);
    throw error;
  }
  const exclude = followOnExclusions(io.cwd, flags.exclude, flags.config);
  const documents = await loadChildRunbooks(io.cwd, runbooks);
  const permissions = runbooks.flatMap((runbook) => new RunbookAnalysis(runbook, { exclude, documents }).permissions);
  const needs = permissions.flatMap((step) => step.needs);
  const evaluation = await evaluateRole(role, permissions);
  const rows = diffRows(needs, evaluation, flags.strict === true);
  for (const problem of role.problems) io.stderr(`${TOOL_NAME}: warning: ${terminalText(problem)}\n`);
  const count = (status: DiffStatus): number => rows.filter((row) => row.status === status).length;
  if (flags.format === 'json') {
    io.stdout(
      `${JSON.stringify({ version: 1, runbook: paths.join(', '), role: role.arn ?? role.name ?? role.source, rows, summary: { needed: rows.length - count('excess'), granted: count('granted'), missing: count('missing'), notChecked: count('not checked'), excess: count('excess') } }, null, 2)}\n`,
    );
  } else {
    const table = renderTable(
      ['ACTION', 'NEEDED ON', 'GRANTED BY', 'STATUS'],
      rows.map((row) => [
        row.action,
        `${row.needed.join(', ') || '-'}${row.condition ? ` if ${row.condition}` : ''}`,
        row.granted.join('; ') || '-',
        row.detail ? `${row.status}: ${row.detail}` : row.status,
      ]),
    );
    const needed = rows.length - count('excess');
    io.stdout(
      `${table}\n${needed} action${needed === 1 ? '' : 's'} needed: ${count('granted')} granted, ${count('missing')} missing${count('not checked') ? `, ${count('not checked')} not checked` : ''}; ${count('excess')} excess grant${count('excess') === 1 ? '' : 's'}${flags.strict ? '' : ' (AWS managed policies not counted; --strict counts them)'}.\n`,
    );
  }
  return count('missing') > 0 ? 1 : 0;
}

/** One row per needed action (merged over steps), then one per grant of the role beyond the needs. */
export function diffRows(needs: readonly PermissionNeed[], evaluation: RoleEvaluation, strict: boolean): DiffRow[] {
  const rows: DiffRow[] = [];
  const byAction = new Map<string, PermissionNeed[]>();
  for (const need of needs) byAction.set(need.action, [...(byAction.get(need.action) ?? []), need]);
  const everyStatement = allowStatements(evaluation.role, true);
  for (const [action, actionNeeds] of [...byAction].sort(([a], [b]) => compareText(a, b))) {
    const needed = narrowestCover(actionNeeds.flatMap((need) => (need.resources.length > 0 ? need.resources : ['*'])));
    const decisions = actionNeeds.map((need) => evaluation.decision(need));
    const conditions = [...new Set(actionNeeds.map((need) => conditionText(need.conditions)).filter(Boolean))].sort(
      compareText,
    );
    const condition = conditions.length > 0 ? { condition: conditions.join('; ') } : {};
    const granted = everyStatement.filter(({ statement }) => statementGrants(statement, action)).map(statementLabel);
    const skipped =
      decisions.find((decision) => decision?.skipped)?.skipped ??
      (decisions.some((decision) => decision === undefined) ? 'not evaluated' : undefined);
    const denied = [...new Set(decisions.flatMap((decision) => decision?.deniedResources ?? []))].sort(compareText);
    if (skipped) rows.push({ action, needed, ...condition, granted, status: 'not checked', detail: skipped });
    else if (denied.length > 0)
      rows.push({
        action,
        needed,
        ...condition,
        granted,
        status: 'missing',
        detail: `not allowed on ${denied.join(', ')}`,
      });
    else rows.push({ action, needed, ...condition, granted, status: 'granted', detail: '' });
  }

  // Excess: what the role's Allow statements grant beyond the needs (AWS managed policies only with --strict).
  const neededActions = [...byAction.keys()].filter((action) => !action.includes('*'));
  for (const located of allowStatements(evaluation.role, strict)) {
    const { statement } = located;
    const label = statementLabel(located);
    const resources = listOf(statement.Resource);
    const on =
      resources.length > 0
        ? resources.join(', ')
        : statement.NotResource !== undefined
          ? `all but ${listOf(statement.NotResource).join(', ')}`
          : '*';
    if (statement.NotAction !== undefined) {
      rows.push({
        action: `NotAction ${listOf(statement.NotAction).join(', ')}`,
        needed: [],
        granted: [`${label} on ${on}`],
        status: 'excess',
        detail: 'grants every action except these',
      });
      continue;
    }
    for (const pattern of listOf(statement.Action)) {
      const covered = neededActions.filter((action) => actionPatternMatches(pattern, action));
      if (covered.length === 0) {
        rows.push({
          action: pattern,
          needed: [],
          granted: [`${label} on ${on}`],
          status: 'excess',
          detail: 'no step needs it',
        });
        continue;
      }
      if (pattern.includes('*') || pattern.includes('?')) {
        rows.push({
          action: pattern,
          needed: [],
          granted: [`${label} on ${on}`],
          status: 'excess',
          detail: `wider than the needed ${covered.join(', ')}`,
        });
        continue;
      }
      // The action is needed: excess when the statement grants it on resources beyond every need's.
      const neededOn = narrowestCover(
        (byAction.get(covered[0] as string) ?? []).flatMap((need) =>
          need.resources.length > 0 ? need.resources : ['*'],
        ),
      );
      const sample = (arn: string): string =>
        arn.replaceAll('${Partition}', 'aws').replaceAll('${Region}', '*').replaceAll('${Account}', evaluation.account);
      const wider = resources.filter(
        (resource) =>
          !neededOn.some((need) => globCovers(sample(need), resource)) &&
          resource !== '' &&
          neededOn.every((need) => need !== '*'),
      );
      const broader = wider.filter(
        (resource) =>
          neededOn.some((need) => globCovers(resource, sample(need))) &&
          !neededOn.some((need) => sample(need) === resource),
      );
      if (broader.length > 0)
        rows.push({
          action: pattern,
          needed: [],
          granted: [`${label} on ${broader.join(', ')}`],
          status: 'excess',
          detail: `the runbook needs it only on ${neededOn.join(', ')}`,
        });
    }
  }
  return rows;
}
