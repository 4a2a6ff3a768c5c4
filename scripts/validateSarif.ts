// Validates SARIF files with Microsoft's official SARIF multitool, including GitHub code scanning's ingestion rules
// (`--rule-kind "Sarif;Gh"`). Prints every error or warning and exits 1 when there is one.
// Usage: tsx scripts/validateSarif.ts FILE.sarif [...]
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
/** The native executable: node_modules/.bin/sarif-multitool runs it through a shell that splits "Sarif;Gh". */
export const multitoolPath = require('@microsoft/sarif-multitool') as string;

interface ValidationLog {
  runs: { results?: { ruleId: string; level?: string; message: { text?: string; arguments?: string[] } }[] }[];
}

/** The validator's errors and warnings for one SARIF file (results without a level are warnings). */
export async function validateSarif(file: string): Promise<string[]> {
  const directory = await mkdtemp(path.join(tmpdir(), 'runbook-iam-sarif-'));
  try {
    const output = path.join(directory, 'validation.sarif');
    await promisify(execFile)(
      multitoolPath,
      ['validate', file, '--output', output, '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning'],
      {
        timeout: 120_000,
      },
    );
    const log = JSON.parse(await readFile(output, 'utf8')) as ValidationLog;
    return (log.runs[0]?.results ?? [])
      .filter((result) => result.level !== 'note' && result.level !== 'none')
      .map(
        (result) =>
          `${result.level ?? 'warning'} ${result.ruleId}: ${result.message.text ?? result.message.arguments?.join(' | ')}`,
      );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    const found = await validateSarif(file);
    problems += found.length;
    console.log(`${file}: ${found.length === 0 ? 'valid (0 errors, 0 warnings)' : `${found.length} problem(s)`}`);
    for (const problem of found) console.log(`  ${problem}`);
  }
  process.exitCode = problems === 0 ? 0 : 1;
}
