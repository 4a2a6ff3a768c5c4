import type { CliIo } from '../../src/cli/cliIo.js';

export interface FakeIo extends CliIo {
  out(): string;
  err(): string;
}

/** A CliIo that records what the CLI prints, for running commands in-process. */
export function fakeIo(options: Partial<CliIo> = {}): FakeIo {
  let stdout = '';
  let stderr = '';
  return {
    cwd: process.cwd(),
    stdoutIsTty: false,
    stderrIsTty: false,
    noColor: true,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    ...options,
    out: () => stdout,
    err: () => stderr,
  };
}
