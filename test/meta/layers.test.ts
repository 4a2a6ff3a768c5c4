import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** The ids of the rules ESLint (with the project's eslint.config.js) reports for `text` as if it were `path`. */
async function lintAs(path: string, text: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('layers (the direction of flow) are enforced by npm run lint', () => {
  it('fails an import from parse/ up into engine/', async () => {
    const messages = await lintAs(
      'src/parse/wrongWay.ts',
      "import { defaultConfig } from '../engine/config.js';\nexport const x = defaultConfig;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*parse\/ is below/);
  });

  it('fails an import from a nested permissions/ folder up into policy/, and from policy/ into the rules', async () => {
    const nested = await lintAs(
      'src/permissions/scripts/wrongWay.ts',
      "import { listOf } from '../../policy/roleInfo.js';\nexport const x = listOf;\n",
    );
    expect(nested.join('\n')).toMatch(/permissions\/ is below/);
    const rules = await lintAs(
      'src/policy/wrongWay.ts',
      "import { rules } from '../../rules/index.js';\nexport const x = rules;\n",
    );
    expect(rules.join('\n')).toMatch(/policy\/ is below/);
  });

  it('fails a rule that imports anything of the project but the rule kit', async () => {
    const messages = await lintAs(
      'rules/wrong-way.ts',
      "import { stepLabel } from '../src/model/stepLabel.js';\nexport const x = stepLabel;\n",
    );
    expect(messages.join('\n')).toMatch(/A rule imports only from the rule kit/);
  });

  it('accepts imports down the layers and a rule importing the kit', async () => {
    expect(
      await lintAs(
        'src/engine/rightWay.ts',
        "import { parseDocument } from '../parse/parseDocument.js';\nexport const x = parseDocument;\n",
      ),
    ).toEqual([]);
    expect(
      await lintAs(
        'rules/right-way.ts',
        "import { createRule } from '../src/analysis/ruleKit.js';\nexport const x = createRule;\n",
      ),
    ).toEqual([]);
  });
});
