import type { CliIo } from './cliIo.js';

/** More files than this get a progress line; fewer finish too quickly for one to help. */
export const PROGRESS_MIN_FILES = 200;

export interface ProgressIndicator {
  /** Called by the engine before each file (`done` files finished out of `total`). */
  update(done: number, total: number): void;
  /** Erases the progress line, so that the report (or the next prompt) starts on a clean line. */
  finish(): void;
}

export interface ProgressOptions {
  /** The environment, to recognise CI (CI=true, as GitHub Actions, GitLab and most others set it) and TERM=dumb. */
  env?: Record<string, string | undefined>;
  /** Least time between two redraws, in milliseconds. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * A one-line "linting 1234/10000 files" indicator on stderr, redrawn in place with a carriage return. It shows only
 * when stderr is a terminal, outside CI, for more than PROGRESS_MIN_FILES files: on a pipe, in a log file or in CI it
 * would only add noise, so nothing is written there.
 */
export function progressIndicator(
  io: Pick<CliIo, 'stderr' | 'stderrIsTty'>,
  options: ProgressOptions = {},
): ProgressIndicator {
  const env = options.env ?? process.env;
  const ci = (env.CI ?? '') !== '' && env.CI !== 'false' && env.CI !== '0';
  const enabled = io.stderrIsTty && !ci && env.TERM !== 'dumb';
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let shown = false;
  let last = Number.NEGATIVE_INFINITY;
  return {
    update(done, total) {
      if (!enabled || total <= PROGRESS_MIN_FILES) return;
      const time = now();
      if (time - last < intervalMs && done < total) return;
      last = time;
      shown = true;
      io.stderr(`\r\u001b[Klinting: ${done}/${total} files (${Math.floor((done / total) * 100)}%)`);
    },
    finish() {
      if (shown) io.stderr('\r\u001b[K');
      shown = false;
    },
  };
}
