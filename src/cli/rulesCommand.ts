import type { Command } from 'commander';
import { Option } from 'commander';
import { rules } from '../../rules/index.js';
import { ruleDocsUrl } from '../engine/rule.js';
import type { CliIo } from './cliIo.js';
import { rulePage } from './rulePage.js';

export function registerRules(program: Command, io: CliIo): void {
  program
    .command('rules')
    .description(
      "List every rule with its id, default severity and description; with a rule id, print the rule's page.",
    )
    .argument('[rule-id]', 'a rule to print the page of (what it checks, why, bad and good examples, AWS docs)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((id: string | undefined, flags: { format: 'table' | 'json' }) => {
      if (id !== undefined) {
        io.stdout(rulePage(id));
        return;
      }
      if (flags.format === 'json') {
        const list = rules.map((rule) => ({
          id: rule.meta.id,
          severity: rule.meta.defaultSeverity,
          description: rule.meta.shortDescription,
          tags: rule.meta.tags,
          docs: ruleDocsUrl(rule.meta.id),
        }));
        io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      const idWidth = Math.max(...rules.map((rule) => rule.meta.id.length), 'RULE'.length);
      const lines = [`${'RULE'.padEnd(idWidth)}  SEVERITY  DESCRIPTION`];
      for (const rule of rules) {
        lines.push(
          `${rule.meta.id.padEnd(idWidth)}  ${rule.meta.defaultSeverity.padEnd(8)}  ${rule.meta.shortDescription}`,
        );
      }
      io.stdout(`${lines.join('\n')}\n`);
    });
}
