import { createRule, scalarInput, stepLabel } from '../src/analysis/ruleKit.js';
import type { Step } from '../src/analysis/ruleKit.js';

const TWELVE_HOURS = 12 * 3600;

/** Seconds of an ISO 8601 duration as aws:sleep takes it (PT10M, PT1H30M, P1DT2H); undefined when it is not one. */
export function isoDurationSeconds(text: string): number | undefined {
  const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    text.trim(),
  );
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86400 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
}

/** How long one step may take: its timeoutSeconds, an aws:sleep's Duration, or "unbounded" for a wait with no timeout. */
function stepTime(step: Step): { seconds: number; why: string } | undefined {
  if (step.timeoutSeconds !== undefined && step.timeoutSeconds > 0)
    return { seconds: step.timeoutSeconds, why: `timeoutSeconds ${step.timeoutSeconds}` };
  if (step.action === 'aws:sleep') {
    const duration = scalarInput(step.inputs, 'Duration');
    const seconds = duration === undefined ? undefined : isoDurationSeconds(duration);
    if (seconds !== undefined) return { seconds, why: `sleeps ${duration}` };
    if (scalarInput(step.inputs, 'Timestamp') !== undefined)
      return { seconds: Number.POSITIVE_INFINITY, why: 'sleeps until a Timestamp' };
  }
  // An approval or a pause with no timeoutSeconds waits until someone acts (aws:approve, aws:pause references).
  if (step.action === 'aws:approve')
    return { seconds: Number.POSITIVE_INFINITY, why: 'waits for approvers with no timeoutSeconds' };
  if (step.action === 'aws:pause')
    return { seconds: Number.POSITIVE_INFINITY, why: 'pauses until resumed, with no timeoutSeconds' };
  return undefined;
}

export const longRunWithoutServiceRole = createRule({
  meta: {
    id: 'long-run-without-service-role',
    shortDescription:
      "The runbook may run longer than 12 hours but has no assumeRole: the caller's session expires midway.",
    fullDescription:
      "Without an assume role, Automation runs in a temporary session of the user who started it, and that session expires after 12 hours; AWS requires a service role for automations expected to run longer. The possible run time is the sum of the steps' timeoutSeconds, aws:sleep durations, and aws:approve / aws:pause waits (unbounded when they have no timeoutSeconds).",
    defaultSeverity: 'warning',
    tags: ['reliability', 'correctness'],
    awsDocs: ['https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-working-executing.html'],
  },
  check({ runbook, report }) {
    if (runbook.assumeRole && runbook.assumeRole.value.trim() !== '') return;
    let total = 0;
    const reasons: string[] = [];
    for (const step of runbook.steps) {
      const time = stepTime(step);
      if (!time) continue;
      total += time.seconds;
      if (!Number.isFinite(time.seconds) || time.seconds >= 3600) reasons.push(`${stepLabel(step)} ${time.why}`);
    }
    if (total <= TWELVE_HOURS) return;
    const length = Number.isFinite(total) ? `up to ${Math.round((total / 3600) * 10) / 10} hours` : 'without limit';
    report({
      message: `The runbook may run ${length} (${reasons[0] ?? 'its steps'}) but has no assumeRole.`,
      range: runbook.schemaVersion?.range ?? runbook.range,
    });
  },
});
