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
import type { ArnValues } from '../policy/generate/policyModel.js';
import { SAMPLE_ACCOUNT, SAMPLE_PARTITION, SAMPLE_REGION } from '../policy/evaluateRole.js';
import type { CliIo } from './cliIo.js';
import { loadCommandRunbooks, shownPath } from './loadCommandRunbooks.js';
import { FOLLOW_ON_KINDS } from '../permissions/permissionNeed.js';
import { followOnExclusions } from './followOnExclusions.js';
import { loadChildRunbooks } from './loadChildRunbooks.js';
import { TOOL_NAME, toolVersion } from './toolInfo.js';
import { UsageError } from './usageError.js';

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
    .argument('<paths...>', 'runbooks, templates with runbooks inside, or directories; several give one merged policy')
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
    .addOption(
      new Option(
        '--exclude <kinds...>',
        'leave out follow-on kinds (default: the config file\'s "permissions: exclude:")',
      ).choices([...FOLLOW_ON_KINDS]),
    )
    .option('--config <file>', 'configuration file (default: the nearest .runbook-iam.yaml)')
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
  const runbooks = (await loadCommandRunbooks(io.cwd, paths)).map((loaded) => loaded.runbook);
  if (flags.documentName !== undefined && runbooks.length !== 1) {
    throw new UsageError(
      `--document-name names one document, but ${paths.join(', ')} hold ${runbooks.length} runbooks; generate them one at a time, or leave it out to use the file names.`,
    );
  }
  const exclude = followOnExclusions(io.cwd, flags.exclude, flags.config);

  let generated: GeneratedPolicies;
  try {
    generated = generatePolicy(runbooks, {
      kind: flags.kind,
      values,
      allowDynamic: flags.allowDynamic === true,
      exclude,
      documents: await loadChildRunbooks(io.cwd, runbooks),
      ...(flags.name !== undefined ? { name: flags.name } : {}),
      ...(flags.roleArn !== undefined ? { roleArn: flags.roleArn } : {}),
      ...(flags.roleName !== undefined ? { roleName: flags.roleName } : {}),
      ...(flags.documentName !== undefined ? { documentNames: [flags.documentName] } : {}),
    });
  } catch (error) {
    if (error instanceof GeneratePolicyError) throw new UsageError(error.message);
    throw error;
  }
  let rendered;
  try {
    rendered = renderPolicies(generated, flags.format, {
      header: [
        `Generated by ${TOOL_NAME} ${toolVersion()} from ${paths.join(', ')} (policy --kind ${flags.kind} --format ${flags.format}).`,
      ],
    });
  } catch (error) {
    if (error instanceof RenderPolicyError) throw new UsageError(error.message);
    throw error;
  }

  // The policies are proven before they are printed: a policy that fails its own simulation is a bug, never output.
  const report = await verifyPolicies(generated);
  if (report.failures.length > 0) {
    for (const failure of report.failures) io.stderr(`${TOOL_NAME}: simulation: ${failure}\n`);
    throw new Error(
      `the generated policy failed ${report.failures.length} of its simulation checks (listed above); please report this with the runbook.`,
    );
  }
  io.stdout(rendered.text);

  for (const warning of [...generated.warnings, ...rendered.warnings]) io.stderr(`${TOOL_NAME}: warning: ${warning}\n`);
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
  if (parts.length > 0) io.stderr(`${TOOL_NAME}: simulation: ${parts.join('; ')}.\n`);
  for (const step of generated.incomplete)
    io.stderr(
      `${TOOL_NAME}: not covered: ${shownPath(io.cwd, step.runbook)} step ${step.step}: ${step.why}; the policy misses its actions.\n`,
    );
  const incomplete = generated.incomplete.length > 0 && flags.allowIncomplete !== true;
  if (incomplete)
    io.stderr(
      `${TOOL_NAME}: ${generated.incomplete.length} step${generated.incomplete.length === 1 ? '' : 's'} could not be covered; exit code 1 (pass --allow-incomplete to accept the policy as it is).\n`,
    );

  if (!flags.aws) return incomplete ? 1 : 0;
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
      `${TOOL_NAME}: Access Analyzer: ${finding.policy}: ${finding.findingType} ${finding.issueCode}: ${finding.detail}${finding.learnMoreLink ? ` (${finding.learnMoreLink})` : ''}\n`,
    );
  }
  return findings.some(isBlockingFinding) || incomplete ? 1 : 0;
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
