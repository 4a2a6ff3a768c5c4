/** The CLI's contact with the outside, injectable so that tests can run commands in-process. */
export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  noColor: boolean;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    // https://no-color.org: any non-empty NO_COLOR disables colour.
    noColor: (process.env.NO_COLOR ?? '') !== '',
  };
}
