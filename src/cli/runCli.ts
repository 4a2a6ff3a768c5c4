import { main } from './main.js';
import { TOOL_NAME } from './toolInfo.js';

/**
 * Runs the CLI as the process: its exit code is main's. The process never ends with exit code 0 unless main finished:
 * if the event loop empties while main is still waiting (a dependency that never answers) or an error escapes every
 * handler, the run says so and exits 2, since its report is missing or incomplete.
 */
export function runCli(argv: string[], run: (argv: string[]) => Promise<number> = main): void {
  let finished = false;
  const internalError = (text: string): void => {
    process.stderr.write(`${TOOL_NAME}: internal error: ${text}\n`);
  };
  process.on('exit', () => {
    if (finished) return;
    internalError('the run stopped before its report was complete; exit code 2.');
    process.exitCode = 2;
  });
  process.on('uncaughtException', (error) => {
    finished = true;
    internalError(`${error instanceof Error ? error.message : String(error)}; the report is incomplete, exit code 2.`);
    process.exit(2);
  });
  run(argv).then(
    (code) => {
      finished = true;
      process.exitCode = code;
    },
    (error: unknown) => {
      // An internal error is exit code 2 with one readable line, never a stack trace.
      finished = true;
      internalError(error instanceof Error ? error.message : String(error));
      process.exitCode = 2;
    },
  );
}
