import type { Rule } from '../src/engine/rule.js';
import { stepLabel } from '../src/model/stepLabel.js';

export const unreachableStep: Rule = {
  meta: {
    id: 'unreachable-step',
    shortDescription: 'A step that no path from the first step reaches: it never runs.',
    fullDescription:
      'Automation starts at the first step and follows step order, nextStep, isEnd, aws:branch choices and onFailure/onCancel targets. A step that none of these lead to never runs — often a cleanup step whose onFailure link was forgotten, or a step placed after one with isEnd: true.',
    defaultSeverity: 'warning',
    tags: ['correctness', 'reliability'],
    awsDocs: ['https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html'],
  },
  check({ runbook, graph, report }) {
    const reachable = graph.reachable();
    const unreachableLoops = new Set<string>();
    for (const step of runbook.steps) {
      if (reachable.has(step.index)) continue;
      if (step.loopParent !== undefined && unreachableLoops.has(step.loopParent)) continue;
      if (step.action === 'aws:loop') unreachableLoops.add(stepLabel(step));
      const label = stepLabel(step);
      report({
        message: `Step ${label} never runs: no step leads to it (step order, nextStep, isEnd, branch choices, onFailure and onCancel). Link it from a step, or remove it.`,
        range: step.nameRange ?? step.headRange,
        ...(step.name === undefined ? {} : { step: step.name }),
      });
    }
  },
};
