import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { AwsClientOptions } from '../aws/awsClientOptions.js';
import { AwsError } from '../aws/awsError.js';
import { generatePolicy, GeneratePolicyError } from '../policy/generate/generatePolicy.js';
import type { GeneratedPolicies, PolicyKindOption } from '../policy/generate/generatePolicy.js';
import { MANAGED_POLICY_LIMIT, TRUST_POLICY_LIMIT, policyDocument } from '../policy/generate/policyDocument.js';
import { policiesToPrint, renderPolicies, RenderPolicyError } from '../policy/generate/renderPolicy.js';
import type { PolicyFormat } from '../policy/generate/renderPolicy.js';
import { verifyPolicies } from '../policy/generate/verifyPolicy.js';
import { renderedPolicyMismatches } from '../policy/generate/verifyRendered.js';
import type { ArnValues } from '../policy/generate/policyModel.js';
import { SAMPLE_ACCOUNT, SAMPLE_PARTITION, SAMPLE_REGION } from '../policy/evaluateRole.js';
import type { CliIo } from './cliIo.js';
import { loadCommandRunbooks, shownPath } from './loadCommandRunbooks.js';
import { excludeOption, followOnExclusions } from './followOnExclusions.js';
import { loadChildRunbooks } from './loadChildRunbooks.js';
import { policyRoleGroups } from './policyRoleGroups.js';
import type { PolicyRoleGroup } from './policyRoleGroups.js';
import { rules } from '../../rules/index.js';
import { ConfigError, defaultConfig, findConfigFile, loadConfig } from '../engine/config.js';
import type { Config } from '../engine/config.js';
import type { FollowOnKind } from '../permissions/permissionNeed.js';
import { writeFileAtomic } from '../formatters/writeOutput.js';
import { TOOL_NAME, toolVersion } from './toolInfo.js';
import { UsageError } from './usageError.js';
import { terminalText } from '../formatters/terminalText.js';

interface PolicyFlags {
  kind: PolicyKindOption;
  format: PolicyFormat;
  account?: string;
  region?: string;
  partition?: string;
  name?: string;
  roleArn?: string;
  roleName?: string;
  documentName?: string;
  allowDynamic?: boolean;
  allowIncomplete?: boolean;
  exclude?: string[];
  config?: string;
  aws?: boolean;
  outputDir?: string;
}

export function registerPolicy(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  awsOptions: AwsClientOptions = {},
): void {
  program
    .command('policy')
    .description(
      "Generate the IAM policies runbooks need: the assume role's identity and trust policies, and the policy to start them.",
    )
    .argument(
      '<paths...>',
      'runbooks, templates with runbooks inside, or directories; one merged policy, or one per role with roles: in the config',
    )
    .addOption(
      new Option('-k, --kind <kind>', 'which policy')
        .choices(['identity', 'trust', 'passrole', 'all'])
        .default('identity'),
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['json', 'cloudformation', 'terraform'])
        .default('json'),
    )
    .option('--account <id>', 'AWS account id for the ARNs (default: a placeholder, or "*" in JSON)')
    .option('--region <region>', 'AWS Region for the ARNs (default: a placeholder, or "*" in JSON)')
    .option(
      '--partition <partition>',
      'AWS partition for the ARNs: aws, aws-cn, aws-us-gov (default: a placeholder, or "*" in JSON)',
    )
    .option(
      '--name <base>',
      "base of the names: <base>Role, <base>Policy, <base>StartPolicy (default: the runbook's file name)",
    )
    .option('--role-arn <arn>', "the assume role (default: the runbook's assumeRole default, else <base>Role)")
    .option('--role-name <name>', "the assume role's name when no ARN is known")
    .option(
      '--document-name <name>',
      "the Automation document's name, for --kind passrole (default: the file name); one runbook only",
    )
    .option('--allow-dynamic', 'grant service:* for AWS calls chosen at run time instead of leaving them out')
    .option('--allow-incomplete', 'exit 0 even when some step could not be read, so the policy may miss its actions')
    .addOption(excludeOption())
    .option(
      '-c, --config <file>',
      'configuration file: roles: map runbooks to roles, permissions: exclude: (default: the nearest .runbook-iam.yaml)',
    )
    .option('-o, --output-dir <dir>', 'write one file per role (<name>.json, .yaml or .tf) instead of printing')
    .option('--aws', 'also validate the policies with IAM Access Analyzer ValidatePolicy (needs AWS credentials)')
    .action(async (paths: string[], flags: PolicyFlags) => {
      setExitCode(await runPolicy(paths, flags, io, awsOptions));
    });
}

async function runPolicy(
  paths: string[],
  flags: PolicyFlags,
  io: CliIo,
  awsOptions: AwsClientOptions,
): Promise<number> {
  const values = arnValues(flags);
  if (flags.documentName !== undefined && paths.length !== 1)
    throw new UsageError(
      `--document-name names one document, but ${paths.length} runbooks were given; generate them one at a time, or leave it out to use the file names.`,
    );
  const config = policyConfig(io.cwd, flags.config);
  const runbooks = (await loadCommandRunbooks(io.cwd, paths, config)).map((loaded) => loaded.runbook);
  if (flags.documentName !== undefined && runbooks.length !== 1) {
    throw new UsageError(
      `--document-name names one document, but ${paths.join(', ')} hold ${runbooks.length} runbooks; generate them one at a time, or leave it out to use the file names.`,
    );
  }
  const exclude = followOnExclusions(io.cwd, flags.exclude, flags.config);
  const groups = await policyRoleGroups(runbooks, config, io.cwd);
  if (groups.length > 1 && (flags.name !== undefined || flags.roleArn !== undefined || flags.roleName !== undefined))
    throw new UsageError(
      `roles: in ${config.path ?? 'the configuration'} maps these runbooks to ${groups.length} roles, each named after its role file; --name, --role-arn and --role-name name one role, so leave them out.`,
    );
  if (groups.length > 1 && flags.outputDir === undefined && flags.format !== 'json')
    throw new UsageError(
      `roles: maps these runbooks to ${groups.length} roles, which give ${groups.length} ${flags.format === 'terraform' ? 'Terraform configurations' : 'CloudFormation templates'}: add --output-dir DIR to write one file per role.`,
    );

  const outputs: { name: string; text: string }[] = [];
  let exitCode = 0;
  for (const group of groups) {
    const label = groups.length > 1 ? `${group.name ?? 'runbooks without a role'}: ` : '';
    if (group.roleFile === undefined && groups.length > 1)
      io.stderr(
        `${TOOL_NAME}: warning: no roles: glob matches ${group.runbooks.map((runbook) => shownPath(io.cwd, runbook.path)).join(', ')}; their policy is generated as one role of its own.\n`,
      );
    const result = await groupPolicy(group, paths, flags, values, exclude, io, label);
    outputs.push({ name: result.generated.name, text: result.text });
    exitCode = Math.max(exitCode, result.exitCode);
    if (flags.aws)
      exitCode = Math.max(exitCode, await validateWithAccessAnalyzer(result.generated, values, awsOptions, io));
  }

  if (flags.outputDir !== undefined) {
    const directory = resolve(io.cwd, flags.outputDir);
    await mkdir(directory, { recursive: true });
    for (const output of outputs) {
      const file = join(directory, `${output.name}${FILE_EXTENSIONS[flags.format]}`);
      await writeFileAtomic(file, output.text);
      const shown = relative(io.cwd, file);
      io.stderr(`${TOOL_NAME}: wrote ${shown.startsWith('..') ? file : shown}\n`);
    }
  } else if (outputs.length === 1) {
    io.stdout(outputs[0]?.text ?? '');
  } else {
    // Several roles in JSON: one object keyed by the base name of each role's policies.
    const merged = Object.fromEntries(outputs.map((output) => [output.name, JSON.parse(output.text) as unknown]));
    io.stdout(`${JSON.stringify(merged, null, 2)}\n`);
  }
  return exitCode;
}

const FILE_EXTENSIONS: Record<PolicyFormat, string> = { json: '.json', cloudformation: '.yaml', terraform: '.tf' };

function policyConfig(cwd: string, configFlag: string | undefined): Config {
  try {
    const configPath = configFlag ?? findConfigFile(cwd);
    return configPath
      ? loadConfig(resolve(cwd, configPath), new Set(rules.map((rule) => rule.meta.id)))
      : defaultConfig(cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * One role's policies: generated, rendered, and proven by simulation before anything is printed. `exitCode` is 1 when
 * some step could not be covered (unless --allow-incomplete).
 */
async function groupPolicy(
  group: PolicyRoleGroup,
  paths: string[],
  flags: PolicyFlags,
  values: ArnValues,
  exclude: FollowOnKind[],
  io: CliIo,
  label: string,
): Promise<{ generated: GeneratedPolicies; text: string; exitCode: number }> {
  const name = group.name ?? flags.name;
  const roleArn = group.roleArn ?? flags.roleArn;
  let generated: GeneratedPolicies;
  try {
    generated = generatePolicy(group.runbooks, {
      kind: flags.kind,
      values,
      allowDynamic: flags.allowDynamic === true,
      exclude,
      documents: await loadChildRunbooks(io.cwd, group.runbooks),
      ...(name !== undefined ? { name } : {}),
      ...(roleArn !== undefined ? { roleArn } : {}),
      ...(flags.roleName !== undefined ? { roleName: flags.roleName } : {}),
      ...(flags.documentName !== undefined ? { documentNames: [flags.documentName] } : {}),
    });
  } catch (error) {
    if (error instanceof GeneratePolicyError) throw new UsageError(`${label}${error.message}`);
    throw error;
  }
  let rendered;
  try {
    rendered = renderPolicies(generated, flags.format, {
      header: [
        `Generated by ${TOOL_NAME} ${toolVersion()} from ${group.roleFile === undefined ? paths.join(', ') : `the runbooks roles: maps to ${group.roleFile}`} (policy --kind ${flags.kind} --format ${flags.format}).`,
      ],
    });
  } catch (error) {
    if (error instanceof RenderPolicyError) throw new UsageError(error.message);
    throw error;
  }

  // The text is read back before it is printed: a value that escaped its string or comment would change the policy.
  const mismatches = await renderedPolicyMismatches(generated, flags.format, rendered.text);
  if (mismatches.length > 0)
    throw new UsageError(
      `the ${flags.format} text does not read back as the generated policy (${mismatches.slice(0, 3).join('; ')}); a runbook value cannot be written safely in this format, so nothing is printed.`,
    );
  // The policies are proven before they are printed: a policy that fails its own simulation is a bug, never output.
  const report = await verifyPolicies(generated);
  if (report.failures.length > 0) {
    for (const failure of report.failures) io.stderr(`${TOOL_NAME}: simulation: ${terminalText(failure)}\n`);
    throw new Error(
      `the generated policy failed ${report.failures.length} of its simulation checks (listed above); please report this with the runbook.`,
    );
  }
  for (const warning of [...generated.warnings, ...rendered.warnings])
    io.stderr(`${TOOL_NAME}: warning: ${label}${terminalText(warning)}\n`);
  for (const policy of policiesToPrint(generated)) {
    const limit = policy.kind === 'trust' ? TRUST_POLICY_LIMIT : MANAGED_POLICY_LIMIT;
    io.stderr(
      `${TOOL_NAME}: ${policy.name}: ${policy.statements.length} statement${policy.statements.length === 1 ? '' : 's'}, ${policy.size.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} characters.\n`,
    );
  }
  const parts = [];
  if (report.needsChecked > 0) parts.push(`${report.needsAllowed} of ${report.needsChecked} needs allowed`);
  if (report.outsideChecked > 0)
    parts.push(`${report.outsideDenied} of ${report.outsideChecked} requests outside the needs denied`);
  if (report.otherChecked > 0)
    parts.push(`${report.otherPassed} of ${report.otherChecked} trust and start-policy checks passed`);
  if (report.matchedLocally.length > 0)
    parts.push(
      `${report.matchedLocally.length} checked by matching the statements, as the simulator cannot place their ARN in a resource type`,
    );
  if (parts.length > 0) io.stderr(`${TOOL_NAME}: simulation: ${label}${parts.join('; ')}.\n`);
  for (const step of generated.incomplete)
    io.stderr(
      `${TOOL_NAME}: not covered: ${shownPath(io.cwd, step.runbook)} step ${step.step}: ${step.why}; the policy misses its actions.\n`,
    );
  const incomplete = generated.incomplete.length > 0 && flags.allowIncomplete !== true;
  if (incomplete)
    io.stderr(
      `${TOOL_NAME}: ${label}${generated.incomplete.length} step${generated.incomplete.length === 1 ? '' : 's'} could not be covered; exit code 1 (pass --allow-incomplete to accept the policy as it is).\n`,
    );
  return { generated, text: rendered.text, exitCode: incomplete ? 1 : 0 };
}

/** --aws: IAM Access Analyzer ValidatePolicy on each policy; 1 when it reports an error or security warning. */
async function validateWithAccessAnalyzer(
  generated: GeneratedPolicies,
  values: ArnValues,
  awsOptions: AwsClientOptions,
  io: CliIo,
): Promise<number> {
  const { validatePolicies, isBlockingFinding } = await import('../aws/validatePolicy.js');
  const sample = {
    partition: values.partition ?? SAMPLE_PARTITION,
    region: values.region ?? SAMPLE_REGION,
    account: values.account ?? SAMPLE_ACCOUNT,
  };
  const fill = (text: string): string =>
    text
      .replaceAll('${Partition}', sample.partition)
      .replaceAll('${Region}', sample.region)
      .replaceAll('${Account}', sample.account);
  const toValidate = policiesToPrint(generated).map((policy) => ({
    name: policy.name,
    document: policyDocument(policy, fill),
    kind: policy.kind === 'trust' ? ('trust' as const) : ('identity' as const),
  }));
  let findings;
  try {
    findings = await validatePolicies(toValidate, {
      ...awsOptions,
      ...(values.region ? { region: values.region } : {}),
    });
  } catch (error) {
    if (error instanceof AwsError) throw new UsageError(error.message);
    throw error;
  }
  if (findings.length === 0)
    io.stderr(
      `${TOOL_NAME}: Access Analyzer ValidatePolicy: no findings for ${toValidate.map((policy) => policy.name).join(', ')}.\n`,
    );
  for (const finding of findings) {
    io.stderr(
      `${TOOL_NAME}: Access Analyzer: ${terminalText(`${finding.policy}: ${finding.findingType} ${finding.issueCode}: ${finding.detail}${finding.learnMoreLink ? ` (${finding.learnMoreLink})` : ''}`)}\n`,
    );
  }
  return findings.some(isBlockingFinding) ? 1 : 0;
}

function arnValues(flags: PolicyFlags): ArnValues {
  if (flags.account !== undefined && !/^\d{12}$/.test(flags.account))
    throw new UsageError(`--account must be a 12-digit AWS account id, not "${flags.account}".`);
  if (flags.region !== undefined && !/^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/.test(flags.region))
    throw new UsageError(`--region must be a Region code such as us-east-1, not "${flags.region}".`);
  if (flags.partition !== undefined && !/^aws(-[a-z]+)*$/.test(flags.partition))
    throw new UsageError(
      `--partition must be aws, aws-cn, aws-us-gov or another partition name starting with aws, not "${flags.partition}".`,
    );
  return {
    ...(flags.partition ? { partition: flags.partition } : {}),
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.account ? { account: flags.account } : {}),
  };
}
