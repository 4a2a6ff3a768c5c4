import { createRule } from '../src/analysis/ruleKit.js';

export const unreachableStep = createRule({
  meta: {
    id: 'unreachable-step',
    shortDescription: 'A step that no path from the first step reaches: it never runs.',
    fullDescription:
      'Automation starts at the first step and follows step order, nextStep, isEnd, aws:branch choices and onFailure/onCancel targets. A step that none of these lead to never runs — often a cleanup step whose onFailure link was forgotten, or a step placed after one with isEnd: true.',
    defaultSeverity: 'warning',
    tags: ['correctness', 'reliability'],
    awsDocs: ['https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html'],
  },
  check({ steps, graph, report }) {
    const reachable = graph.reachable();
    const unreachableLoops = new Set<string>();
    for (const step of steps) {
      if (reachable.has(step.step.index)) continue;
      if (step.step.loopParent !== undefined && unreachableLoops.has(step.step.loopParent)) continue;
      if (step.step.action === 'aws:loop') unreachableLoops.add(step.label);
      report({ step, message: `Step ${step.label} never runs: no step leads to it.` });
    }
  },
});
