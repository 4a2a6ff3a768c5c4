import type { Rule } from '../src/engine/rule.js';
import { dynamicApi } from './dynamic-api.js';
import { invalidRunbook } from './invalid-runbook.js';
import { parseError } from './parse-error.js';
import { undefinedReference } from './undefined-reference.js';
import { unknownApi } from './unknown-api.js';
import { unknownStepTarget } from './unknown-step-target.js';
import { unreachableStep } from './unreachable-step.js';

/** Every rule, sorted by id (a meta test keeps it so). */
export const rules: readonly Rule[] = [
  dynamicApi,
  invalidRunbook,
  parseError,
  undefinedReference,
  unknownApi,
  unknownStepTarget,
  unreachableStep,
];
