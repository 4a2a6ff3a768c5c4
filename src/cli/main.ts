import { Command, CommanderError } from 'commander';
import { processIo } from './cliIo.js';
import type { CliIo } from './cliIo.js';
import { registerDiff } from './diffCommand.js';
import { registerExplain } from './explainCommand.js';
import { registerLint } from './lint.js';
import { registerPermissions } from './permissionsCommand.js';
import { registerPolicy } from './policyCommand.js';
import { registerRules } from './rulesCommand.js';
import { actionMapProvenance } from '../permissions/actionMap.js';
import { TOOL_NAME, toolVersion } from './toolInfo.js';
import { UsageError } from './usageError.js';
import { terminalText } from '../formatters/terminalText.js';

/** Runs the CLI with `argv` (as process.argv: node, script, args...) and resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command(TOOL_NAME)
    .description('Static IAM analysis for AWS Systems Manager Automation runbooks.')
    .version(versionText(), '-V, --version', 'print the version and the provenance of the IAM data')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    })
    .showHelpAfterError('(run runbook-iam --help for usage)');
  registerLint(program, io, (code) => (exitCode = code));
  registerPermissions(program, io);
  registerPolicy(program, io, (code) => (exitCode = code));
  registerDiff(program, io, (code) => (exitCode = code));
  registerExplain(program, io);
  registerRules(program, io);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      io.stderr(`${TOOL_NAME}: ${terminalText(error.message)}\n`);
      return 2;
    }
    io.stderr(
      `${TOOL_NAME}: internal error: ${terminalText(error instanceof Error ? error.message : String(error))}\n`,
    );
    return 2;
  }
}

/** The version and where the IAM data comes from (the provenance of the action map). */
function versionText(): string {
  const { sources, generated } = actionMapProvenance();
  return `${toolVersion()}\naction map generated ${generated} from ${sources.map((source) => `${source.name}@${source.version}`).join(', ')}`;
}
