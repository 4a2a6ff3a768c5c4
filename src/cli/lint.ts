import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { rules } from '../../rules/index.js';
import { BaselineError, createBaseline, readBaseline } from '../engine/baseline.js';
import { ConfigError, defaultConfig, findConfigFile, loadConfig } from '../engine/config.js';
import type { Config } from '../engine/config.js';
import { SEVERITY_RANK } from '../engine/finding.js';
import type { FileResult, Severity } from '../engine/finding.js';
import { lintFiles } from '../engine/lintFiles.js';
import { formatReport, formatterNames } from '../formatters/index.js';
import { timeStage } from '../util/stageTimes.js';
import type { FormatterName } from '../formatters/index.js';
import { plural } from '../formatters/plural.js';
import { terminalText } from '../formatters/terminalText.js';
import { checkOutputTarget, OutputTargetError, writeFileAtomic } from '../formatters/writeOutput.js';
import type { CliIo } from './cliIo.js';
import { inputPath } from './loadCommandRunbooks.js';
import { TOOL_NAME, toolVersion } from './toolInfo.js';
import { UsageError } from './usageError.js';
import { gitRoot, ReadScope } from '../parse/readScope.js';
import { progressIndicator } from './progressIndicator.js';
import { loadRoleFile, RoleFileError } from '../policy/loadRoleFile.js';

/** The most threads `lint` starts when --jobs is not given. */
const DEFAULT_MAX_JOBS = 4;

interface LintFlags {
  format: FormatterName;
  output?: string;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  failOn: Severity | 'none';
  maxFileSize?: string;
  role?: string;
  strict?: boolean;
  aws?: boolean;
  roleArn?: string;
  passOnNoRunbooks?: boolean;
  alsoOutput: string[];
  jobs?: string;
}

export function registerLint(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('lint')
    .description('Check Automation runbooks (files or directories; default: the current directory).')
    .argument('[paths...]', 'files or directories to lint', ['.'])
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['stylish', 'json', 'sarif', 'github'])
        .default('stylish'),
    )
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option(
      '--also-output <format=file>',
      'also write the report of the same run in another format to a file (repeatable), e.g. sarif=out.sarif',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('-c, --config <file>', 'configuration file (default: the nearest .runbook-iam.yaml)')
    .option('--baseline <file>', 'hide findings recorded in this baseline file')
    .option('--write-baseline <file>', 'record every current finding in a baseline file')
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1')
        .choices(['error', 'warning', 'note', 'none'])
        .default('error'),
    )
    .option('--max-file-size <bytes>', 'largest file to read, in bytes (default 10485760)')
    .option(
      '--role <file>',
      'the role the runbooks run as: `aws iam get-role` JSON with its policies (see docs/roles.md)',
    )
    .option('--strict', 'role checks also judge AWS managed policies (excess permissions, wildcards)')
    .option(
      '--aws',
      "read the role from the account (the runbooks' assumeRole default, or --role-arn) with AWS credentials",
    )
    .option('--role-arn <arn>', 'with --aws: the role to read')
    .option(
      '--pass-on-no-runbooks',
      'exit 0 instead of 2 when no Automation runbook is found (for hooks that pass every changed file)',
    )
    .option('-j, --jobs <n>', 'threads that lint a large run (default: the available cores; 1 lints in one thread)')
    .action(async (paths: string[], flags: LintFlags) => {
      setExitCode(await runLint(paths, flags, io));
    });
}

async function runLint(paths: string[], flags: LintFlags, io: CliIo): Promise<number> {
  const alsoOutputs = flags.alsoOutput.map(parseAlsoOutput);
  const knownIds = new Set(rules.map((rule) => rule.meta.id));
  let config: Config;
  try {
    const configPath = flags.config ?? findConfigFile(io.cwd);
    // A configuration found (not named) is the repository's: a link from it to a file elsewhere is not followed.
    const found = flags.config === undefined && configPath !== undefined;
    const directory = dirname(resolve(io.cwd, configPath ?? '.'));
    if (found && !ReadScope.of(gitRoot(directory) ?? directory).contains(resolve(io.cwd, configPath)))
      throw new UsageError(`${configPath} is a symbolic link to a file outside the repository, so it was not read.`);
    config = configPath ? loadConfig(resolve(io.cwd, configPath), knownIds) : defaultConfig(io.cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (flags.maxFileSize !== undefined) {
    const size = Number(flags.maxFileSize);
    if (!Number.isInteger(size) || size <= 0)
      throw new UsageError(`--max-file-size must be a positive number of bytes, not "${flags.maxFileSize}".`);
    config.maxFileSize = size;
  }
  // Each worker holds its own heap (up to ~100 MB on a large run): the default stops at DEFAULT_MAX_JOBS however many
  // cores there are, so that a run's memory stays bounded; --jobs N asks for more.
  const jobs = flags.jobs === undefined ? Math.min(availableParallelism(), DEFAULT_MAX_JOBS) : Number(flags.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs must be a whole number of threads, 1 or more, not "${flags.jobs}".`);
  let baseline;
  try {
    baseline = flags.baseline ? readBaseline(resolve(io.cwd, flags.baseline)) : undefined;
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }

  let role;
  try {
    if (flags.aws && flags.role) throw new UsageError('Give the role either as --role FILE or with --aws, not both.');
    if (flags.roleArn && !flags.aws)
      throw new UsageError('--role-arn names the role to read with --aws; add --aws, or give the role as --role FILE.');
    // --aws: the SDK is loaded only here, so offline runs never pay for it.
    role = flags.aws
      ? await (
          await import('../aws/liveRole.js')
        ).liveRoleForPaths(
          paths.map((path) => inputPath(io.cwd, path)),
          io.cwd,
          flags.roleArn,
        )
      : flags.role
        ? loadRoleFile(resolve(io.cwd, flags.role), flags.role)
        : undefined;
  } catch (error) {
    if (error instanceof RoleFileError || (error instanceof Error && error.name === 'AwsError'))
      throw new UsageError(error.message);
    throw error;
  }

  // Before any work: a report that cannot be written is a usage error now, not after minutes of linting.
  const writeTo = async (option: string, file: string, text?: string): Promise<void> => {
    try {
      const target = resolve(io.cwd, file);
      if (text === undefined) checkOutputTarget(target, `${option} ${file}`);
      else await writeFileAtomic(target, text, `${option} ${file}`);
    } catch (error) {
      if (error instanceof OutputTargetError) throw new UsageError(error.message);
      throw error;
    }
  };
  if (flags.output) await writeTo('--output', flags.output);
  if (flags.writeBaseline) await writeTo('--write-baseline', flags.writeBaseline);

  const progress = progressIndicator(io);
  const run = await lintFiles({
    paths: paths.map((path) => inputPath(io.cwd, path)),
    cwd: io.cwd,
    config,
    rules,
    ...(baseline ? { baseline } : {}),
    ...(role ? { role } : {}),
    strict: flags.strict === true,
    onProgress: progress.update,
    jobs,
  }).finally(() => progress.finish());

  if (flags.writeBaseline) {
    await writeTo(
      '--write-baseline',
      flags.writeBaseline,
      `${JSON.stringify(createBaseline(run.findings, io.cwd), null, 2)}\n`,
    );
  }
  const noRunbooks = !run.files.some((file) => file.status !== 'skipped') && flags.passOnNoRunbooks !== true;
  const context = {
    toolName: TOOL_NAME,
    toolVersion: toolVersion(),
    rules: rules.map((rule) => rule.meta),
    cwd: io.cwd,
    color: false,
  };
  // Every format is a pure function of the one report: one analysis, as many files as asked for.
  for (const { format, file } of alsoOutputs)
    await writeFileAtomic(
      resolve(io.cwd, file),
      timeStage('format', () => formatReport(format, run, context)),
    );
  const text = timeStage('format', () =>
    formatReport(flags.format, run, {
      ...context,
      color: flags.output === undefined && flags.format === 'stylish' && io.stdoutIsTty && !io.noColor,
    }),
  );
  if (flags.output) await writeTo('--output', flags.output, text);
  else if (!(noRunbooks && flags.format === 'stylish')) io.stdout(text);

  if (run.hadInputErrors) return 2;
  if (noRunbooks) {
    // A mistyped path in CI must not pass as "no problems".
    io.stderr(`${TOOL_NAME}: ${noRunbooksMessage(paths, run.files)}\n`);
    return 2;
  }
  if (flags.failOn === 'none') return 0;
  const threshold = SEVERITY_RANK[flags.failOn];
  return run.findings.some((finding) => SEVERITY_RANK[finding.severity] >= threshold) ? 1 : 0;
}

/** `No Automation runbooks found in a, b (3 files skipped: 2 not an Automation runbook, 1 matched by an ignore …).` */
function noRunbooksMessage(paths: readonly string[], files: readonly FileResult[]): string {
  const reasons = new Map<string, number>();
  for (const file of files) {
    // Files found in a directory are skipped without a reason: they are not runbooks or templates holding one.
    const reason = (file.reason ?? 'not an Automation runbook').replace(/ \(.*\)$/s, '');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const why = [...reasons].map(([reason, count]) => `${count} ${reason}`).join(', ');
  const skipped =
    files.length === 0 ? 'no YAML, JSON or Terraform file there' : `${plural(files.length, 'file')} skipped: ${why}`;
  return `No Automation runbooks found in ${paths.map(terminalText).join(', ')} (${skipped}).`;
}

/** `sarif=out.sarif` → the format and the file; anything else is a usage error. */
function parseAlsoOutput(value: string): { format: FormatterName; file: string } {
  const separator = value.indexOf('=');
  const format = value.slice(0, separator);
  const file = value.slice(separator + 1);
  if (separator < 0 || !formatterNames.includes(format as FormatterName) || file === '')
    throw new UsageError(
      `--also-output takes <format>=<file> with a format among ${formatterNames.join(', ')}, not "${terminalText(value)}".`,
    );
  return { format: format as FormatterName, file };
}
