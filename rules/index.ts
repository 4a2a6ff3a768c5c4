import type { Rule } from '../src/analysis/ruleKit.js';
import { assumeRoleNotParameterized } from './assume-role-not-parameterized.js';
import { duplicateKey } from './duplicate-key.js';
import { dynamicApi } from './dynamic-api.js';
import { excessPermission } from './excess-permission.js';
import { executeScriptWithoutAssumeRole } from './execute-script-without-assume-role.js';
import { invalidOutputSelector } from './invalid-output-selector.js';
import { invalidRunbook } from './invalid-runbook.js';
import { invalidStepInput } from './invalid-step-input.js';
import { lambdaOutsideAutomationRole } from './lambda-outside-automation-role.js';
import { longRunWithoutServiceRole } from './long-run-without-service-role.js';
import { missingPermission } from './missing-permission.js';
import { parseError } from './parse-error.js';
import { passroleNotGranted } from './passrole-not-granted.js';
import { passroleWildcard } from './passrole-wildcard.js';
import { privilegeEscalationStep } from './privilege-escalation-step.js';
import { scriptAnalysisIncomplete } from './script-analysis-incomplete.js';
import { scriptLimits } from './script-limits.js';
import { snsTopicOutsideAutomationRole } from './sns-topic-outside-automation-role.js';
import { temporaryPrivilegeNotRevoked } from './temporary-privilege-not-revoked.js';
import { trustPolicyBroadPrincipal } from './trust-policy-broad-principal.js';
import { trustPolicyConfusedDeputy } from './trust-policy-confused-deputy.js';
import { trustPolicyMissingSsm } from './trust-policy-missing-ssm.js';
import { undefinedReference } from './undefined-reference.js';
import { unknownApi } from './unknown-api.js';
import { unknownStepTarget } from './unknown-step-target.js';
import { unreachableStep } from './unreachable-step.js';
import { wildcardAction } from './wildcard-action.js';
import { yamlCompatibility } from './yaml-compatibility.js';

/** Every rule, sorted by id (a meta test keeps it so). */
export const rules: readonly Rule[] = [
  assumeRoleNotParameterized,
  duplicateKey,
  dynamicApi,
  excessPermission,
  executeScriptWithoutAssumeRole,
  invalidOutputSelector,
  invalidRunbook,
  invalidStepInput,
  lambdaOutsideAutomationRole,
  longRunWithoutServiceRole,
  missingPermission,
  parseError,
  passroleNotGranted,
  passroleWildcard,
  privilegeEscalationStep,
  scriptAnalysisIncomplete,
  scriptLimits,
  snsTopicOutsideAutomationRole,
  temporaryPrivilegeNotRevoked,
  trustPolicyBroadPrincipal,
  trustPolicyConfusedDeputy,
  trustPolicyMissingSsm,
  undefinedReference,
  unknownApi,
  unknownStepTarget,
  unreachableStep,
  wildcardAction,
  yamlCompatibility,
];
