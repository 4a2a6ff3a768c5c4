import type { Runbook, Step } from '../model/runbook.js';
import type { ScalarNode } from '../parse/documentNode.js';
import { lookupOperation, serviceForClient } from './actionMap.js';
import { inputsAt, scalarInput } from './inputsAt.js';
import type { PermissionNeed } from './permissionNeed.js';
import { actionMapCatalog, cmdletTable } from './scripts/actionMapCatalog.js';
import { analyzePowerShell } from './scripts/analyzePowerShell.js';
import { analyzePython } from './scripts/analyzePython.js';
import type { ScriptAnalysis, ScriptCall } from './scripts/scriptAnalysis.js';
import { scriptLineRange } from './scriptLineRange.js';
import type { NeedFor } from './stepPermissions.js';

/** The inline script of an aws:executeScript step, analysed once per step node. */
const analyses = new WeakMap<object, ScriptAnalysis | undefined>();

export function inlineScriptAnalysis(step: Step): ScriptAnalysis | undefined {
  if (analyses.has(step.node)) return analyses.get(step.node);
  const [script] = inputsAt(step.inputs, 'Script');
  const runtime = scalarInput(step.inputs, 'Runtime') ?? '';
  const handler = scalarInput(step.inputs, 'Handler');
  let analysis: ScriptAnalysis | undefined;
  if (script?.kind === 'scalar' && typeof script.value === 'string') {
    if (/^python/i.test(runtime)) analysis = analyzePython(script.value, { catalog: actionMapCatalog, ...(handler ? { handler } : {}) });
    else if (/^powershell/i.test(runtime)) analysis = analyzePowerShell(script.value, { catalog: actionMapCatalog, cmdlets: cmdletTable() });
  }
  analyses.set(step.node, analysis);
  return analysis;
}

/** IAM needs of the AWS calls in an aws:executeScript step's inline script, located at their script lines. */
export function scriptPermissions(runbook: Runbook, step: Step, name: string, needFor: NeedFor): PermissionNeed[] {
  const analysis = inlineScriptAnalysis(step);
  const script = inputsAt(step.inputs, 'Script')[0] as ScalarNode | undefined;
  if (!analysis || !script) return [];
  const needs: PermissionNeed[] = [];
  for (const call of analysis.calls) {
    const range = scriptLineRange(runbook.source, script, call);
    const where = `script line ${call.line}${call.reachableFromHandler ? '' : ', not reachable from the handler'}`;
    const label = analysis.language === 'python' ? 'boto3 call' : 'AWS Tools cmdlet';
    const operation = call.service !== null && call.operation !== null ? lookupOperation(call.service, call.operation) : undefined;
    if (operation) {
      for (const entry of operation.actions) {
        // The script's arguments are not known here: conditional actions (a role passed, a KMS key) are left out.
        if (entry.whenInput !== undefined) continue;
        const need = needFor(runbook, step, name, entry.action, undefined, `${label} ${call.text} (${where})`, call.confidence, range);
        needs.push({ ...need, reason: need.reason.replace('; resource not named by a step input', '; resource chosen in the script') });
      }
      continue;
    }
    needs.push(unresolvedCall(call, name, label, where, range));
  }
  return needs;
}

function unresolvedCall(call: ScriptCall, name: string, label: string, where: string, range: PermissionNeed['range']): PermissionNeed {
  const prefix = call.service === null ? undefined : serviceForClient(call.service)?.iamPrefix;
  return {
    action: prefix ? `${prefix}:*` : '*',
    resources: ['*'],
    step: name,
    reason:
      call.kind === 'dynamic-client'
        ? `${call.text} (${where}) creates a client for a service chosen at run time`
        : `${label} ${call.text} (${where}) could not be resolved to an operation`,
    confidence: 'unknown',
    resourceConfidence: 'unknown',
    range,
  };
}
