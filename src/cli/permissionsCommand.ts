import { describeCondition, describeNeed } from '../permissions/describeNeed.js';
import type { Command } from 'commander';
import { Option } from 'commander';
import { RunbookAnalysis } from '../analysis/runbookAnalysis.js';
import type { PermissionNeed, StepPermissions } from '../permissions/permissionNeed.js';
import type { CliIo } from './cliIo.js';
import { excludeOption, followOnExclusions } from './followOnExclusions.js';
import { loadChildRunbooks } from './loadChildRunbooks.js';
import { loadCommandRunbooks, runbookLabel } from './loadCommandRunbooks.js';
import { resourcesWithCondition } from './conditionText.js';
import { renderTable } from './renderTable.js';
import { terminalText } from '../formatters/terminalText.js';

export function registerPermissions(program: Command, io: CliIo): void {
  program
    .command('permissions')
    .description('Print the IAM actions each step of a runbook needs, on which resources and why; then their union.')
    .argument('<paths...>', 'runbook files, templates with runbooks inside, or directories (as lint takes them)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(excludeOption())
    .option('--config <file>', 'configuration file (default: the nearest .runbook-iam.yaml)')
    .action(async (paths: string[], flags: { format: 'table' | 'json'; exclude?: string[]; config?: string }) => {
      const exclude = followOnExclusions(io.cwd, flags.exclude, flags.config);
      const loaded = await loadCommandRunbooks(io.cwd, paths);
      const documents = await loadChildRunbooks(
        io.cwd,
        loaded.map((entry) => entry.runbook),
      );
      const runbooks = loaded.map((entry) => ({
        label: runbookLabel(entry, io.cwd),
        steps: new RunbookAnalysis(entry.runbook, { exclude, documents }).permissions,
      }));
      io.stdout(flags.format === 'json' ? permissionsJson(runbooks) : permissionsTables(runbooks));
    });
}

export function unionOfActions(steps: StepPermissions[]): string[] {
  return [...new Set(steps.flatMap((step) => step.needs.map((need) => need.action)))].sort();
}

interface RunbookPermissions {
  label: string;
  steps: StepPermissions[];
}

/**
 * `version: 1` JSON: for one runbook `{version, runbook, steps, actions}`; for several (a directory, a template with
 * several documents) `{version, runbooks: [{runbook, steps, actions}], actions}` with the union of every action.
 */
function permissionsJson(runbooks: RunbookPermissions[]): string {
  const documents = runbooks.map(({ label, steps }) => runbookJson(label, steps));
  const document =
    documents.length === 1
      ? { version: 1, ...documents[0] }
      : { version: 1, runbooks: documents, actions: unionOfActions(runbooks.flatMap((runbook) => runbook.steps)) };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function runbookJson(label: string, steps: StepPermissions[]): Record<string, unknown> {
  return {
    runbook: label,
    steps: steps.map((step) => ({
      name: step.step,
      action: step.action,
      ...(step.incomplete ? { incomplete: step.incomplete } : {}),
      needs: step.needs.map((need) => ({
        action: need.action,
        resources: need.resources,
        ...(need.conditions ? { conditions: need.conditions } : {}),
        reason: describeNeed(need),
        confidence: need.confidence,
        ...(need.condition ? { condition: need.condition } : {}),
        resourceConfidence: need.resourceConfidence,
        origin: need.origin,
        line: need.range.startLine,
      })),
    })),
    actions: unionOfActions(steps),
    incomplete: steps.filter((step) => step.incomplete !== undefined).map((step) => step.step),
  };
}

function permissionsTables(runbooks: RunbookPermissions[]): string {
  if (runbooks.length === 1) return permissionsTable((runbooks[0] as RunbookPermissions).steps);
  return runbooks.map(({ label, steps }) => `${label}:\n${permissionsTable(steps)}`).join('\n');
}

function why(need: PermissionNeed): string {
  const condition = describeCondition(need);
  return condition === '' ? describeNeed(need) : `${describeNeed(need)}; ${condition}`;
}

function permissionsTable(steps: StepPermissions[]): string {
  const rows = steps.flatMap((step) => [
    ...(step.incomplete ? [[step.step, step.action, '(incomplete)', '', '', step.incomplete]] : []),
    ...(step.needs.length === 0 && !step.incomplete
      ? [[step.step, step.action, '(none)', '', '', '']]
      : step.needs.map((need) => [
          step.step,
          step.action,
          need.action,
          resourcesWithCondition(need.resources, need.conditions),
          `${need.confidence}/${need.resourceConfidence}`,
          why(need),
        ])),
  ]);
  const union = unionOfActions(steps);
  const incomplete = steps.filter((step) => step.incomplete !== undefined);
  const warning =
    incomplete.length === 0
      ? ''
      : `\nIncomplete: ${incomplete.length} step${incomplete.length === 1 ? "'s" : "'"} needs could not all be found, so the list above misses some actions:\n${incomplete.map((step) => `  ${terminalText(step.step)}: ${terminalText(step.incomplete ?? '')}`).join('\n')}\n`;
  return `${renderTable(['STEP', 'TYPE', 'IAM ACTION', 'RESOURCES', 'CONFIDENCE', 'WHY'], rows)}\nAll actions (${union.length}):\n${union.map((action) => `  ${terminalText(action)}`).join('\n')}\n${warning}`;
}
