import type { RunbookAnalysis } from '../analysis/runbookAnalysis.js';
import { stepRange } from '../analysis/ruleKit.js';
import type { Rule, RuleContext, StepContext } from '../analysis/ruleKit.js';
import { stepLabel } from '../model/stepLabel.js';
import type { Step } from '../model/runbook.js';
import type { Finding, Severity } from './finding.js';
import { isSuppressed, parseSuppressions } from './suppressions.js';

/** A rule's severity in this run, or undefined when it is off. */
export type SeverityOf = (ruleId: string, fallback: Severity) => Severity | undefined;

export interface LintRunbookOptions {
  /** --strict: role rules also judge AWS managed policies. */
  strict?: boolean;
}

export interface RunbookLint {
  /** The findings its inline suppressions leave, in rule order. */
  findings: Finding[];
  /** Rules skipped because no role is known for the runbook. */
  skippedForRole: string[];
}

/**
 * Runs every enabled rule over one analysed runbook and applies the runbook's inline suppressions. Pure: the same
 * analysis and rules give the same findings, whichever command or library function asks.
 */
export function lintRunbook(
  analysis: RunbookAnalysis,
  rules: readonly Rule[],
  severityOf: SeverityOf,
  options: LintRunbookOptions = {},
): RunbookLint {
  const { runbook } = analysis;
  const found: Finding[] = [];
  const skippedForRole: string[] = [];
  let steps: StepContext[] | undefined;
  for (const rule of rules) {
    const severity = severityOf(rule.meta.id, rule.meta.defaultSeverity);
    if (!severity) continue;
    const role = analysis.role;
    if (rule.meta.requiresRole === true && !role) {
      skippedForRole.push(rule.meta.id);
      continue;
    }
    const context: RuleContext = {
      runbook,
      get steps() {
        steps ??= stepContexts(analysis);
        return steps;
      },
      get graph() {
        return analysis.graph;
      },
      get permissions() {
        return analysis.permissions;
      },
      ...(role ? { role } : {}),
      strict: options.strict === true,
      report(input) {
        const step = input.step === undefined ? undefined : 'step' in input.step ? input.step.step : input.step;
        found.push({
          ruleId: rule.meta.id,
          severity: input.severity !== undefined && severity === rule.meta.defaultSeverity ? input.severity : severity,
          message: input.message,
          range: input.range ?? (step ? stepRange(step) : runbook.range),
          ...(step === undefined ? {} : { step: stepLabel(step) }),
          ...(input.key === undefined ? {} : { key: input.key }),
          ...(input.fix === undefined ? {} : { fix: input.fix }),
        });
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      // A defect in one rule must not hide the other rules' findings or the other files' results.
      found.push({
        ruleId: rule.meta.id,
        severity: 'error',
        message: `Internal error in rule ${rule.meta.id}: ${error instanceof Error ? error.message : String(error)}. The other checks ran; please report this with the runbook.`,
        range: runbook.range,
        internal: true,
      });
    }
  }
  // JSON has no comments: a directive-like text there is inside a string value and suppresses nothing.
  const suppressions = runbook.format === 'yaml' ? parseSuppressions(runbook.source, runbook.root) : undefined;
  const findings = suppressions ? found.filter((finding) => !isSuppressed(finding, suppressions)) : found;
  return { findings, skippedForRole };
}

function stepContexts(analysis: RunbookAnalysis): StepContext[] {
  const byStep = analysis.permissions;
  return analysis.runbook.steps.map((step: Step, index) => ({
    step,
    label: stepLabel(step),
    range: stepRange(step),
    needs: byStep[index]?.needs ?? [],
    get scripts() {
      return analysis.scriptsOf(step);
    },
  }));
}
