// The outputs the docs show are the tool's: where a page shows a one-line ```sh command `npx runbook-iam …` and,
// right after it (at most one paragraph between), the fenced block of what it prints (```json, ```yaml or ```hcl),
// the command is run in-process on the bundled examples and its stdout must be that block, byte for byte.
// UPDATE_GOLDEN=1 rewrites the blocks (then review the diff); otherwise a page that no longer matches the tool fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PAGES = ['docs/policies.md'];

/** `npx runbook-iam ARGS [> file]` in a ```sh block, then the output block; groups: command line, language, output. */
const SHOWN =
  /^```sh\nnpx runbook-iam ([^\n]*?)(?: > \S+)?\n```\n\n(?:(?:(?!```)[^\n]+\n)+\n)?```(json|yaml|hcl)\n([\s\S]*?)^```$/gm;

describe.each(PAGES)('%s shows what the commands print', (page) => {
  const path = join(ROOT, page);
  const text = readFileSync(path, 'utf8');
  const examples = [...text.matchAll(SHOWN)];

  it('shows at least one command with its output', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((match) => [match[1]!, match] as const))('npx runbook-iam %s', async (command, match) => {
    const io = fakeIo({ cwd: ROOT });
    expect(await main(['node', 'runbook-iam', ...command.split(' ')], io), io.err()).toBe(0);
    if (process.env.UPDATE_GOLDEN === '1') {
      const current = readFileSync(path, 'utf8');
      writeFileSync(path, current.replace(`${match[0]}`, match[0].replace(match[3]!, io.out().trimEnd() + '\n')));
    }
    expect(io.out().trimEnd() + '\n').toBe(match[3]);
  });
});
