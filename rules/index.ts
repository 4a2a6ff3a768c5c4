import type { Rule } from '../src/engine/rule.js';
import { invalidRunbook } from './invalid-runbook.js';
import { parseError } from './parse-error.js';
import { undefinedReference } from './undefined-reference.js';
import { unknownStepTarget } from './unknown-step-target.js';
import { unreachableStep } from './unreachable-step.js';

/** Every rule, sorted by id (a meta test keeps it so). */
export const rules: readonly Rule[] = [invalidRunbook, parseError, undefinedReference, unknownStepTarget, unreachableStep];
