import {
  AUTOMATION_ACTION_OUTPUTS,
  AUTOMATION_VARIABLES,
  createRule,
  didYouMean,
  GLOBAL_VARIABLES,
} from '../src/analysis/ruleKit.js';
import type { Reference, Step } from '../src/analysis/ruleKit.js';

export const undefinedReference = createRule({
  meta: {
    id: 'undefined-reference',
    shortDescription: 'A {{ reference }} names no parameter, step output, variable or system variable.',
    fullDescription:
      'Automation replaces {{ Name }} with a parameter value, {{ Step.Output }} with a step output, {{ variable:Name }} with a runbook variable, and {{ global:* }} / {{ automation:EXECUTION_ID }} with system variables. A reference to anything else is left unresolved: Systems Manager rejects the document or the step receives the literal text and fails at run time.',
    defaultSeverity: 'error',
    tags: ['correctness'],
    awsDocs: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-variables.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html',
    ],
  },
  check({ runbook, report }) {
    const parameters = new Set(runbook.parameters.map((parameter) => parameter.name));
    const variables = new Set(runbook.variables.map((variable) => variable.value));
    const steps = new Map<string, Step>();
    for (const step of runbook.steps) if (step.name !== undefined && !steps.has(step.name)) steps.set(step.name, step);
    for (const reference of runbook.references) {
      const problem = problemWith(reference, parameters, variables, steps);
      if (!problem) continue;
      const step = reference.inStep === undefined ? undefined : steps.get(reference.inStep);
      report({ message: problem, range: reference.range, key: reference.expression, ...(step ? { step } : {}) });
    }
  },
});

function problemWith(
  reference: Reference,
  parameters: Set<string>,
  variables: Set<string>,
  steps: Map<string, Step>,
): string | undefined {
  const shown = `{{ ${reference.expression} }}`;
  switch (reference.kind) {
    case 'parameter':
      if (parameters.has(reference.name)) return undefined;
      return `${shown} names no parameter.${didYouMean(reference.name, parameters)}`;
    case 'global':
      if (GLOBAL_VARIABLES.includes(reference.name)) return undefined;
      return `${shown} is not an Automation system variable.${didYouMean(reference.name, GLOBAL_VARIABLES)}`;
    case 'automation':
      if (AUTOMATION_VARIABLES.includes(reference.name)) return undefined;
      return `${shown} is not an Automation variable; the only one is automation:EXECUTION_ID.`;
    case 'variable':
      if (variables.has(reference.name)) return undefined;
      return `${shown} names no runbook variable.${didYouMean(reference.name, variables)}`;
    case 'ssmParameter':
      return undefined;
    case 'stepOutput': {
      const step = steps.get(reference.name);
      if (!step) {
        if (parameters.has(reference.name)) return undefined;
        return `${shown} names step "${reference.name}", which does not exist.${didYouMean(reference.name, steps.keys())}`;
      }
      const output = reference.output as string;
      const declared = step.outputs.flatMap((item) => (item.name === undefined ? [] : [item.name]));
      const builtIn = step.action === undefined ? 'any' : (AUTOMATION_ACTION_OUTPUTS[step.action] ?? 'any');
      if (builtIn === 'any' || declared.includes(output) || builtIn.includes(output)) return undefined;
      // Outputs of aws:executeAutomation and others can be addressed below their top-level name (Output.x).
      const head = output.split('.')[0] as string;
      if (declared.includes(head) || builtIn.includes(head)) return undefined;
      const known = [...declared, ...builtIn];
      const list = known.length === 0 ? 'it declares no outputs' : `its outputs are ${known.join(', ')}`;
      return `${shown}: step ${step.name} has no output "${output}" (${list}).${didYouMean(output, known)}`;
    }
  }
  return undefined;
}
