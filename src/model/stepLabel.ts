import type { Step } from './runbook.js';

/** How messages name a step: its name, or `#n` (1-based position) for a step without one. */
export function stepLabel(step: Pick<Step, 'name' | 'index'>): string {
  return step.name ?? `#${step.index + 1}`;
}
