import { describeNeed } from '../permissions/describeNeed.js';
import type { Command } from 'commander';
import { Option } from 'commander';
import { runbookPermissions } from '../permissions/stepPermissions.js';
import type { StepPermissions } from '../permissions/permissionNeed.js';
import type { CliIo } from './cliIo.js';
import { loadRunbook } from './loadRunbook.js';
import { renderTable } from './renderTable.js';

export function registerPermissions(program: Command, io: CliIo): void {
  program
    .command('permissions')
    .description('Print the IAM actions each step of a runbook needs, on which resources and why; then their union.')
    .argument('<runbook>', 'runbook file (YAML or JSON)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (path: string, flags: { format: 'table' | 'json' }) => {
      const runbook = await loadRunbook(io.cwd, path);
      const steps = runbookPermissions(runbook);
      io.stdout(flags.format === 'json' ? permissionsJson(path, steps) : permissionsTable(steps));
    });
}

export function unionOfActions(steps: StepPermissions[]): string[] {
  return [...new Set(steps.flatMap((step) => step.needs.map((need) => need.action)))].sort();
}

function permissionsJson(path: string, steps: StepPermissions[]): string {
  const document = {
    version: 1,
    runbook: path,
    steps: steps.map((step) => ({
      name: step.step,
      action: step.action,
      needs: step.needs.map((need) => ({
        action: need.action,
        resources: need.resources,
        ...(need.conditions ? { conditions: need.conditions } : {}),
        reason: describeNeed(need),
        confidence: need.confidence,
        resourceConfidence: need.resourceConfidence,
        line: need.range.startLine,
      })),
    })),
    actions: unionOfActions(steps),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function permissionsTable(steps: StepPermissions[]): string {
  const rows = steps.flatMap((step) =>
    step.needs.length === 0
      ? [[step.step, step.action, '(none)', '', '', '']]
      : step.needs.map((need) => [
          step.step,
          step.action,
          need.action,
          need.resources.join(', '),
          `${need.confidence}/${need.resourceConfidence}`,
          describeNeed(need),
        ]),
  );
  const union = unionOfActions(steps);
  return `${renderTable(['STEP', 'TYPE', 'IAM ACTION', 'RESOURCES', 'CONFIDENCE', 'WHY'], rows)}\nAll actions (${union.length}):\n${union.map((action) => `  ${action}`).join('\n')}\n`;
}
